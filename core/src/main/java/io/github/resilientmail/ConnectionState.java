package io.github.resilientmail;

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

    @Override
    public String toString() {
        return "ConnectionState[" + (user == null ? "" : user + "@") + host + ":" + port + "]";
    }
}
