package io.github.resilientmail;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when the message was judged to be spam. Change the content; sending it again as is will
 * fail.
 *
 * <p>Category {@link io.github.resilientmail.reply.Category#SPAM_DETECTED}. See {@link SmtpFailure}
 * for the reply, the attempts and the outcome of each recipient.
 */
public final class SpamRejectedException extends MessageFailureException {

    private static final long serialVersionUID = 1L;

    SpamRejectedException(FailureDetails details, @Nullable Exception cause) {
        super(details, cause);
    }
}
