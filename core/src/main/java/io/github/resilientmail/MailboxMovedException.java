package io.github.resilientmail;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when the recipient has moved (551, X.1.6). Ask for the new address.
 *
 * <p>Category {@link io.github.resilientmail.reply.Category#MAILBOX_MOVED}. See {@link SmtpFailure}
 * for the reply, the attempts and the outcome of each recipient.
 */
public final class MailboxMovedException extends RecipientFailureException {

    private static final long serialVersionUID = 1L;

    MailboxMovedException(FailureDetails details, @Nullable Exception cause) {
        super(details, cause);
    }
}
