package io.github.resilientmail;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when the recipient's mailbox exists but is disabled or inactive. Stop sending to it.
 *
 * <p>Category {@link io.github.resilientmail.reply.Category#MAILBOX_DISABLED}. See {@link
 * SmtpFailure} for the reply, the attempts and the outcome of each recipient.
 */
public final class MailboxDisabledException extends RecipientFailureException {

    private static final long serialVersionUID = 1L;

    MailboxDisabledException(FailureDetails details, @Nullable Exception cause) {
        super(details, cause);
    }
}
