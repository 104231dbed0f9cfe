package io.github.resilientmail.spring;

import jakarta.mail.MessagingException;
import jakarta.mail.NoSuchProviderException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import java.util.Properties;
import org.jspecify.annotations.Nullable;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * Boot's {@link JavaMailSenderImpl}, configured exactly as Boot configured it from {@code
 * spring.mail.*}, that sends through a resilient transport.
 *
 * <p>Everything but the transport is Spring's: the session and its properties (including {@code
 * spring.mail.properties.*} and the socket factory of an SSL bundle), the host, port and
 * credentials it connects with, the MIME handling and the translation of failures ({@code
 * MailSendException} with the typed exceptions in {@code getFailedMessages()}, {@code
 * MailAuthenticationException} for rejected credentials). {@link #testConnection()}, which Boot
 * calls at startup when {@code spring.mail.test-connection} is set and from its {@code mail} health
 * indicator, opens a plain connection as before: a probe is neither retried nor counted by the
 * relay's circuit breaker.
 */
final class ResilientJavaMailSender extends JavaMailSenderImpl {

    private final TransportFactory transports;
    private final ThreadLocal<Boolean> probing = new ThreadLocal<>();

    private ResilientJavaMailSender(TransportFactory transports) {
        this.transports = transports;
    }

    /**
     * A copy of Boot's mail sender that sends through the resilient transport; the default timeouts
     * are added to its properties where they set none.
     */
    static ResilientJavaMailSender replacing(JavaMailSenderImpl boot, TransportFactory transports) {
        ResilientJavaMailSender sender = new ResilientJavaMailSender(transports);
        Properties properties = boot.getJavaMailProperties();
        String wrapped = TransportFactory.wrappedProtocol(protocolOf(boot, properties));
        if (wrapped != null) {
            transports.applyDefaultTimeouts(properties, wrapped);
        }
        sender.setJavaMailProperties(properties);
        // Boot's own session: built from these properties, or given (spring.mail.jndi-name).
        sender.setSession(boot.getSession());
        sender.setProtocol(boot.getProtocol());
        sender.setHost(boot.getHost());
        sender.setPort(boot.getPort());
        sender.setUsername(boot.getUsername());
        sender.setPassword(boot.getPassword());
        sender.setDefaultEncoding(boot.getDefaultEncoding());
        sender.setDefaultFileTypeMap(boot.getDefaultFileTypeMap());
        return sender;
    }

    /** The protocol the sender uses, as {@link JavaMailSenderImpl#getTransport} chooses it. */
    private static String protocolOf(JavaMailSenderImpl sender, Properties properties) {
        String protocol = sender.getProtocol();
        if (protocol == null) {
            protocol = properties.getProperty("mail.transport.protocol");
        }
        return protocol == null ? DEFAULT_PROTOCOL : protocol;
    }

    @Override
    public void testConnection() throws MessagingException {
        probing.set(Boolean.TRUE);
        try {
            super.testConnection();
        } finally {
            probing.remove();
        }
    }

    @Override
    protected Transport getTransport(Session session) throws NoSuchProviderException {
        @Nullable String protocol = getProtocol();
        if (protocol == null) {
            protocol = session.getProperty("mail.transport.protocol");
        }
        String wrapped =
                TransportFactory.wrappedProtocol(protocol == null ? DEFAULT_PROTOCOL : protocol);
        if (wrapped == null || Boolean.TRUE.equals(probing.get())) {
            return super.getTransport(session);
        }
        return transports.create(session, wrapped);
    }
}
