package io.github.resilientmail;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when the envelope sender (MAIL FROM) was refused.
 *
 * <p>Category {@link io.github.resilientmail.reply.Category#SENDER_REJECTED}. See {@link
 * SmtpFailure} for the reply, the attempts and the outcome of each recipient.
 */
public final class SenderRejectedException extends SenderFailureException {

    private static final long serialVersionUID = 1L;

    SenderRejectedException(FailureDetails details, @Nullable Exception cause) {
        super(details, cause);
    }
}
