package io.github.resilientmail;

import jakarta.mail.Authenticator;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.Properties;
import java.util.WeakHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The session of the wrapped transport: the application's session properties, plus what frameworks
 * wrote under the outer protocol's name ({@code mail.resilient-smtp.ssl.*} becomes {@code
 * mail.smtp.ssl.*} unless that is set), plus finite timeouts where the application set none.
 *
 * <p>Derived sessions are cached per application session, since {@code Transport.send} creates a
 * transport per message and building a session reloads the provider lists.
 */
final class InnerSessions {

    static final int DEFAULT_CONNECT_TIMEOUT_MILLIS = 10_000;
    static final int DEFAULT_READ_TIMEOUT_MILLIS = 60_000;
    static final int DEFAULT_WRITE_TIMEOUT_MILLIS = 60_000;

    private final Map<Session, Map<String, Session>> cache = new WeakHashMap<>();

    /**
     * The session derived last, read without a lock: an application usually sends through one
     * session, and every {@code Transport.send} derives its session. It holds the session weakly.
     */
    private volatile @Nullable Last last;

    private record Last(
            WeakReference<Session> outer,
            String outerProtocol,
            String innerProtocol,
            Session inner) {}

    Session derive(Session outer, String outerProtocol, String innerProtocol) {
        Last seen = last;
        if (seen != null
                && seen.outer.get() == outer
                && seen.outerProtocol.equals(outerProtocol)
                && seen.innerProtocol.equals(innerProtocol)) {
            return seen.inner;
        }
        String key = outerProtocol + ">" + innerProtocol;
        Session inner;
        synchronized (cache) {
            Map<String, Session> derived =
                    cache.computeIfAbsent(outer, s -> new java.util.HashMap<>());
            inner = derived.computeIfAbsent(key, k -> create(outer, outerProtocol, innerProtocol));
        }
        last = new Last(new WeakReference<>(outer), outerProtocol, innerProtocol, inner);
        return inner;
    }

    static Session create(Session outer, String outerProtocol, String innerProtocol) {
        Properties source = outer.getProperties();
        Properties properties = new Properties();
        for (String name : source.stringPropertyNames()) {
            properties.put(name, source.getProperty(name));
        }
        // Non-string values, such as an SSLSocketFactory object, are kept as they are.
        for (Map.Entry<Object, Object> entry : source.entrySet()) {
            properties.put(entry.getKey(), entry.getValue());
        }
        String outerPrefix = "mail." + outerProtocol + ".";
        String innerPrefix = "mail." + innerProtocol + ".";
        for (Map.Entry<Object, Object> entry : source.entrySet()) {
            if (!(entry.getKey() instanceof String)) {
                continue;
            }
            String name = (String) entry.getKey();
            if (name.startsWith(outerPrefix)) {
                String suffix = name.substring(outerPrefix.length());
                if (!TransportSettings.isOwnKey(suffix)) {
                    properties.putIfAbsent(innerPrefix + suffix, entry.getValue());
                }
            }
        }
        // Jakarta Mail waits forever by default; a mail server that never answers must not hang
        // the application.
        properties.putIfAbsent(
                innerPrefix + "connectiontimeout", String.valueOf(DEFAULT_CONNECT_TIMEOUT_MILLIS));
        properties.putIfAbsent(
                innerPrefix + "timeout", String.valueOf(DEFAULT_READ_TIMEOUT_MILLIS));
        properties.putIfAbsent(
                innerPrefix + "writetimeout", String.valueOf(DEFAULT_WRITE_TIMEOUT_MILLIS));
        // The read timeout ends a silence only: a server that never ends its reply must end too.
        if (!BoundedReplySockets.install(properties, innerPrefix)) {
            // Angus would otherwise start a thread per connection to enforce the write timeout.
            properties.putIfAbsent(
                    innerPrefix + "executor.writetimeout", WriteTimeouts.scheduler());
        }
        Session inner = Session.getInstance(properties, new DelegatingAuthenticator(outer));
        inner.setDebug(outer.getDebug());
        inner.setDebugOut(outer.getDebugOut());
        return inner;
    }

    /**
     * Asks the application's session, and so its authenticator, for passwords.
     *
     * <p>It holds the application's session weakly: the derived session is the value of a weak map
     * keyed by that session, and a strong reference would keep both alive forever. Every transport
     * holds its application session, so it is alive whenever a password is asked.
     */
    private static final class DelegatingAuthenticator extends Authenticator {
        private final WeakReference<Session> outer;

        DelegatingAuthenticator(Session outer) {
            this.outer = new WeakReference<>(outer);
        }

        @Override
        protected @Nullable PasswordAuthentication getPasswordAuthentication() {
            Session session = outer.get();
            if (session == null) {
                return null;
            }
            return session.requestPasswordAuthentication(
                    getRequestingSite(),
                    getRequestingPort(),
                    getRequestingProtocol(),
                    getRequestingPrompt(),
                    getDefaultUserName());
        }
    }
}
