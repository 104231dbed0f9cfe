package io.github.resilientmail.internal;

import io.github.resilientmail.ResilientTransport;
import jakarta.mail.Provider;

/**
 * Registers {@link ResilientTransport} with Jakarta Mail under the protocol {@code resilient-smtp}
 * (through {@code META-INF/services/jakarta.mail.Provider}). Not for direct use.
 */
public final class ResilientSmtpProvider extends Provider {

    /** Called by the service loader. */
    public ResilientSmtpProvider() {
        super(
                Type.TRANSPORT,
                ResilientTransport.PROTOCOL,
                ResilientTransport.class.getName(),
                "io.github.resilientmail",
                null);
    }
}
