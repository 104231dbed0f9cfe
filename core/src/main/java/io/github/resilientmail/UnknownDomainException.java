package io.github.resilientmail;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when the recipient's domain does not exist or accepts no mail. Check the address for
 * typos.
 *
 * <p>Category {@link io.github.resilientmail.reply.Category#HOST_UNKNOWN}. See {@link SmtpFailure}
 * for the reply, the attempts and the outcome of each recipient.
 */
public final class UnknownDomainException extends RecipientFailureException {

    private static final long serialVersionUID = 1L;

    UnknownDomainException(FailureDetails details, @Nullable Exception cause) {
        super(details, cause);
    }
}
