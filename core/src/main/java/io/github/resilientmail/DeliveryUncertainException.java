package io.github.resilientmail;

import org.jspecify.annotations.Nullable;

/**
 * The connection was lost after the message was sent in full but before the server replied to its
 * end (the ambiguity of RFC 1047): the server may or may not have accepted it.
 *
 * <p>Thrown only with the at-most-once {@link DeliveryGuarantee}; with the default at-least-once
 * guarantee the message is sent again, as mail servers do, and may then arrive twice. The
 * recipients concerned are {@link RecipientOutcome.Status#PENDING} in {@link #recipients()}.
 */
public final class DeliveryUncertainException extends SmtpSendException {

    private static final long serialVersionUID = 1L;

    DeliveryUncertainException(FailureDetails details, @Nullable Exception cause) {
        super(details, cause);
    }
}
