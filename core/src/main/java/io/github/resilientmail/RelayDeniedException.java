package io.github.resilientmail;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when the server does not relay to this recipient's domain: authenticate, or send through
 * the right relay.
 *
 * <p>Category {@link io.github.resilientmail.reply.Category#NO_RELAYING}. See {@link SmtpFailure}
 * for the reply, the attempts and the outcome of each recipient.
 */
public final class RelayDeniedException extends RecipientFailureException {

    private static final long serialVersionUID = 1L;

    RelayDeniedException(FailureDetails details, @Nullable Exception cause) {
        super(details, cause);
    }
}
