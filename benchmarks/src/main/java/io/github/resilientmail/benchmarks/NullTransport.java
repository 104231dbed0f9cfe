package io.github.resilientmail.benchmarks;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.Provider;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.URLName;
import org.jspecify.annotations.Nullable;

/**
 * A transport that connects to nothing and sends nothing, so that what remains of a send is the
 * cost of whoever calls it: the decorator's own work per message, without the noise of I/O.
 * Registered as protocol {@value #PROTOCOL} by {@link Registration}.
 */
public final class NullTransport extends Transport {

    /** The protocol of this transport. */
    public static final String PROTOCOL = "bench-null";

    /** The protocol of {@code ResilientTransport} wrapping this transport, for configuration. */
    public static final String RESILIENT_PROTOCOL = "resilient-bench-null";

    /**
     * Called by Jakarta Mail.
     *
     * @param session the session
     * @param url the URL, or null
     */
    public NullTransport(Session session, @Nullable URLName url) {
        super(session, url);
    }

    @Override
    protected boolean protocolConnect(
            @Nullable String host, int port, @Nullable String user, @Nullable String password) {
        return true;
    }

    /**
     * Fires nothing: the resilient transport listens to the connection events of a wrapped
     * transport other than Angus's SMTP transport, and Jakarta Mail would start a thread per
     * transport to deliver them, a cost that the SMTP path, measured here, does not have.
     */
    @Override
    protected void notifyConnectionListeners(int type) {
        // No events.
    }

    /** Sends nothing. */
    @Override
    public void sendMessage(Message message, Address[] addresses) {
        // Nothing: the point.
    }

    /** Registers {@link NullTransport} with Jakarta Mail (through {@code META-INF/services}). */
    public static final class Registration extends Provider {
        /** Creates the registration; called by the service loader. */
        public Registration() {
            super(
                    Type.TRANSPORT,
                    PROTOCOL,
                    NullTransport.class.getName(),
                    "resilient-mail benchmarks",
                    null);
        }
    }

    /**
     * Registers {@code ResilientTransport} under {@value #RESILIENT_PROTOCOL}, so that {@code
     * Transport.send} can wrap {@link NullTransport} by configuration ({@code
     * mail.resilient-bench-null.protocol=bench-null}).
     */
    public static final class ResilientRegistration extends Provider {
        /** Creates the registration; called by the service loader. */
        public ResilientRegistration() {
            super(
                    Type.TRANSPORT,
                    RESILIENT_PROTOCOL,
                    "io.github.resilientmail.ResilientTransport",
                    "resilient-mail benchmarks",
                    null);
        }
    }
}
