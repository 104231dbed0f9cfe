package io.github.resilientmail;

import org.jspecify.annotations.Nullable;

/**
 * Failures that belong to a recipient's address or mailbox: the recipient must act, or the address
 * must change.
 *
 * <p>Thrown as such when several recipients failed for different reasons of this group; each
 * recipient's reason is in {@link #recipients()}.
 */
public sealed class RecipientFailureException extends SmtpSendException
        permits UnknownRecipientException,
                MailboxFullException,
                MailboxDisabledException,
                MailboxMovedException,
                UnknownDomainException,
                InvalidAddressException,
                RelayDeniedException,
                TooManyRecipientsException {

    private static final long serialVersionUID = 1L;

    RecipientFailureException(FailureDetails details, @Nullable Exception cause) {
        super(details, cause);
    }
}
