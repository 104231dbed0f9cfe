package io.github.resilientmail;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when the sending IP or host is blocklisted, has a bad reputation or no reverse DNS. Fix
 * the sending infrastructure or relay.
 *
 * <p>Category {@link io.github.resilientmail.reply.Category#BLOCKED}. See {@link SmtpFailure} for
 * the reply, the attempts and the outcome of each recipient.
 */
public final class SenderBlockedException extends SenderFailureException {

    private static final long serialVersionUID = 1L;

    SenderBlockedException(FailureDetails details, @Nullable Exception cause) {
        super(details, cause);
    }
}
