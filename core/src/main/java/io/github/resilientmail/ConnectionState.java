package io.github.resilientmail;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import org.jspecify.annotations.Nullable;

/**
 * What one transport remembers of its connection between calls: how to reconnect, and whether the
 * wrapped connection is known to be healthy. Confined to the transport's thread, like the
 * transport.
 */
final class ConnectionState {
    @Nullable String host;
    int port = -1;
    @Nullable String user;
    // Kept only to reconnect after a failure; cleared on close, never printed.
    @Nullable String password;
    boolean userGiven;
    @Nullable CredentialsRejectedException rejected;
    volatile boolean closing;
    boolean healthy;
    long lastUsedNanos;

    /** The relay of the connection, its breaker and retry: looked up at connect, not per send. */
    @Nullable String relay;

    @Nullable CircuitBreaker breaker;
    @Nullable Retry retry;

    /** Whether any {@code TransportListener} was added, so that events are worth building. */
    volatile boolean transportListeners;

    @Override
    public String toString() {
        return "ConnectionState[" + (user == null ? "" : user + "@") + host + ":" + port + "]";
    }
}
