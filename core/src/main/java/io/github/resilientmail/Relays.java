package io.github.resilientmail;

import jakarta.mail.Message;
import jakarta.mail.Session;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.jspecify.annotations.Nullable;

/** Names relays and reads the wrapped transport's settings the way Angus Mail does. */
final class Relays {

    private Relays() {}

    /**
     * The name of a relay's circuit breaker: {@code user@host:port}, or {@code host:port} without a
     * user. Never contains a password.
     */
    static String name(
            Session session,
            String protocol,
            @Nullable String host,
            int port,
            @Nullable String user) {
        String resolvedHost = host;
        if (resolvedHost == null) {
            resolvedHost = session.getProperty("mail." + protocol + ".host");
        }
        if (resolvedHost == null) {
            resolvedHost = session.getProperty("mail.host");
        }
        if (resolvedHost == null) {
            resolvedHost = "localhost";
        }
        int resolvedPort = port;
        if (resolvedPort <= 0) {
            String configured = session.getProperty("mail." + protocol + ".port");
            try {
                resolvedPort = configured == null ? -1 : Integer.parseInt(configured.strip());
            } catch (NumberFormatException e) {
                resolvedPort = -1;
            }
        }
        if (resolvedPort <= 0) {
            resolvedPort = protocol.equals("smtps") ? 465 : 25;
        }
        String resolvedUser = user;
        if (resolvedUser == null) {
            resolvedUser = session.getProperty("mail." + protocol + ".user");
        }
        if (resolvedUser == null) {
            resolvedUser = session.getProperty("mail.user");
        }
        String relay = resolvedHost + ":" + resolvedPort;
        return resolvedUser == null || resolvedUser.isEmpty() ? relay : resolvedUser + "@" + relay;
    }

    /** Whether Angus sends to the accepted recipients when others are refused. */
    static boolean sendsPartially(Session session, String protocol, @Nullable Message message) {
        if (message instanceof SMTPMessage && ((SMTPMessage) message).getSendPartial()) {
            return true;
        }
        return Boolean.parseBoolean(session.getProperty("mail." + protocol + ".sendpartial"));
    }
}
