package io.github.resilientmail.internal;

import io.github.resilientmail.ResilientTransport;
import jakarta.mail.Provider;

/**
 * Registers {@link ResilientTransport} with Jakarta Mail under the protocol {@code resilient-smtps}
 * (through {@code META-INF/services/jakarta.mail.Provider}). Not for direct use.
 */
public final class ResilientSmtpsProvider extends Provider {

    /** Called by the service loader. */
    public ResilientSmtpsProvider() {
        super(
                Type.TRANSPORT,
                ResilientTransport.PROTOCOL_SSL,
                ResilientTransport.class.getName(),
                "io.github.resilientmail",
                null);
    }
}
