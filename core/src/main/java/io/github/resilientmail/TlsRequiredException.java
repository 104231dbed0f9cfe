package io.github.resilientmail;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when the server requires TLS, or a stronger TLS, than the connection used. Enable STARTTLS
 * or SSL.
 *
 * <p>Category {@link io.github.resilientmail.reply.Category#TLS_REQUIRED}. See {@link SmtpFailure}
 * for the reply, the attempts and the outcome of each recipient.
 */
public final class TlsRequiredException extends SenderFailureException {

    private static final long serialVersionUID = 1L;

    TlsRequiredException(FailureDetails details, @Nullable Exception cause) {
        super(details, cause);
    }
}
