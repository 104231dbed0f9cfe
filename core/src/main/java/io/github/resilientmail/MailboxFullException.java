package io.github.resilientmail;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when the recipient's mailbox is full (X.2.2). Transient: the recipient may free space, so
 * reschedule after {@link #retryAfter()} or hours, not seconds.
 *
 * <p>Category {@link io.github.resilientmail.reply.Category#MAILBOX_FULL}. See {@link SmtpFailure}
 * for the reply, the attempts and the outcome of each recipient.
 */
public final class MailboxFullException extends RecipientFailureException {

    private static final long serialVersionUID = 1L;

    MailboxFullException(FailureDetails details, @Nullable Exception cause) {
        super(details, cause);
    }
}
