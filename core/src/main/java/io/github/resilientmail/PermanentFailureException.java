package io.github.resilientmail;

import org.jspecify.annotations.Nullable;

/**
 * A permanent failure of no more specific kind: the server refused without saying why, or said that
 * a service, system or network failure is permanent.
 *
 * <p>Sending the same message again will fail the same way; read {@link #reply()} for the server's
 * words.
 */
public final class PermanentFailureException extends SmtpSendException {

    private static final long serialVersionUID = 1L;

    PermanentFailureException(FailureDetails details, @Nullable Exception cause) {
        super(details, cause);
    }
}
