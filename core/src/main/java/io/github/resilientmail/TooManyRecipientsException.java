package io.github.resilientmail;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when the transaction has more recipients than the server accepts. Send to the pending
 * recipients in a separate message.
 *
 * <p>Category {@link io.github.resilientmail.reply.Category#TOO_MANY_RECIPIENTS}. See {@link
 * SmtpFailure} for the reply, the attempts and the outcome of each recipient.
 */
public final class TooManyRecipientsException extends RecipientFailureException {

    private static final long serialVersionUID = 1L;

    TooManyRecipientsException(FailureDetails details, @Nullable Exception cause) {
        super(details, cause);
    }
}
