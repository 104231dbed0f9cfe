package io.github.resilientmail;

import io.github.resilientmail.reply.Classification;
import jakarta.mail.Address;
import jakarta.mail.SendFailedException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A send that failed, with its classification, attempts and the outcome of each recipient.
 *
 * <p>Subclasses group failures by who must act: {@link RecipientFailureException} (an address or
 * mailbox), {@link MessageFailureException} (the message), {@link SenderFailureException} (the
 * sender or its infrastructure), {@link TemporaryFailureException} (time: the retries ran out) and
 * {@link PermanentFailureException} (nothing more specific is known). When several recipients
 * failed differently, the exception thrown is the most specific type they share, and {@link
 * #recipients()} lists each. The valid-sent, valid-unsent and invalid address arrays of {@link
 * SendFailedException} are filled from the same outcomes, and the Angus Mail exception that caused
 * the failure stays chained as {@link #getNextException()}. With {@code hide-recipients}, the chain
 * is a copy whose messages mask the addresses and name the original types, since a logged stack
 * trace prints every link.
 */
public sealed class SmtpSendException extends SendFailedException implements SmtpFailure
        permits RecipientFailureException,
                MessageFailureException,
                SenderFailureException,
                TemporaryFailureException,
                PermanentFailureException,
                CircuitOpenException,
                DeliveryUncertainException {

    private static final long serialVersionUID = 1L;

    private final transient FailureDetails details;

    SmtpSendException(FailureDetails details, @Nullable Exception cause) {
        super(
                Failures.message(details),
                details.hideRecipients() && cause != null ? MaskedException.of(cause) : cause,
                Failures.addresses(details, RecipientOutcome.Status.ACCEPTED),
                Failures.addresses(details, RecipientOutcome.Status.PENDING),
                Failures.addresses(details, RecipientOutcome.Status.FAILED));
        this.details = details;
    }

    @Override
    public Classification classification() {
        return details.classification();
    }

    @Override
    public int attempts() {
        return details.attempts();
    }

    @Override
    public List<RecipientOutcome> recipients() {
        return details.recipients();
    }

    /**
     * The recipients that the server accepted; the message must not be sent to them again.
     *
     * @return the accepted recipients, possibly empty
     */
    public Address[] acceptedRecipients() {
        return Failures.addresses(details, RecipientOutcome.Status.ACCEPTED);
    }
}
