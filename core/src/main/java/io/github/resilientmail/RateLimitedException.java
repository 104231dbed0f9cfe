package io.github.resilientmail;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a rate or quota was exceeded. Often transient: reschedule after {@link #retryAfter()}
 * or when the quota resets.
 *
 * <p>Category {@link io.github.resilientmail.reply.Category#RATE_LIMITED}. See {@link SmtpFailure}
 * for the reply, the attempts and the outcome of each recipient.
 */
public final class RateLimitedException extends SenderFailureException {

    private static final long serialVersionUID = 1L;

    RateLimitedException(FailureDetails details, @Nullable Exception cause) {
        super(details, cause);
    }
}
