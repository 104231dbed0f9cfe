package io.github.resilientmail;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when the message's format or headers were refused (RFC 5322 compliance, 8-bit data, line
 * length); also thrown before sending, with nothing sent, for a header whose line break is not a
 * fold (header injection).
 *
 * <p>Category {@link io.github.resilientmail.reply.Category#CONTENT_ERROR}. See {@link SmtpFailure}
 * for the reply, the attempts and the outcome of each recipient.
 */
public final class ContentRejectedException extends MessageFailureException {

    private static final long serialVersionUID = 1L;

    ContentRejectedException(FailureDetails details, @Nullable Exception cause) {
        super(details, cause);
    }
}
