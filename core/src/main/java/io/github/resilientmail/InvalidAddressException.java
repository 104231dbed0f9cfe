package io.github.resilientmail;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when an address, sender or recipient, is malformed; also thrown before sending for null,
 * empty or unsafe addresses.
 *
 * <p>Category {@link io.github.resilientmail.reply.Category#BAD_ADDRESS}. See {@link SmtpFailure}
 * for the reply, the attempts and the outcome of each recipient.
 */
public final class InvalidAddressException extends RecipientFailureException {

    private static final long serialVersionUID = 1L;

    InvalidAddressException(FailureDetails details, @Nullable Exception cause) {
        super(details, cause);
    }
}
