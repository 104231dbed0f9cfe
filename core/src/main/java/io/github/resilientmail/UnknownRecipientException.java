package io.github.resilientmail;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when the recipient's mailbox does not exist (5.1.1). Remove the address; do not retry.
 *
 * <p>Category {@link io.github.resilientmail.reply.Category#USER_UNKNOWN}. See {@link SmtpFailure}
 * for the reply, the attempts and the outcome of each recipient.
 */
public final class UnknownRecipientException extends RecipientFailureException {

    private static final long serialVersionUID = 1L;

    UnknownRecipientException(FailureDetails details, @Nullable Exception cause) {
        super(details, cause);
    }
}
