package io.github.resilientmail;

import org.jspecify.annotations.Nullable;

/**
 * The relay's circuit breaker is open: recent sends through this relay failed so often that this
 * one was refused at once, without opening a connection.
 *
 * <p>Transient; {@link #retryAfter()} tells how long the circuit stays open at most. Nothing was
 * sent.
 */
public final class CircuitOpenException extends SmtpSendException {

    private static final long serialVersionUID = 1L;

    CircuitOpenException(FailureDetails details, @Nullable Exception cause) {
        super(details, cause);
    }
}
