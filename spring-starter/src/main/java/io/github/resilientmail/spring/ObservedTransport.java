package io.github.resilientmail.spring;

import io.github.resilientmail.ResilientTransport;
import io.github.resilientmail.SmtpFailure;
import io.github.resilientmail.reply.Category;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.URLName;
import jakarta.mail.event.ConnectionListener;
import jakarta.mail.event.TransportListener;
import org.jspecify.annotations.Nullable;

/**
 * A resilient transport whose sends are timed and reported to an observer: each message delivered
 * (with the attempts it took) or failed (with the category of the failure), and each connection
 * that fails, since the mail sender then fails its messages without sending them.
 *
 * <p>Everything else is the resilient transport's: listeners are registered on it and its events
 * are the ones they receive. For one thread at a time, like every transport.
 */
final class ObservedTransport extends Transport {

    private final ResilientTransport delegate;
    private final AttemptTracker tracker;
    private final SendObserver observer;

    ObservedTransport(
            Session session,
            String protocol,
            ResilientTransport delegate,
            AttemptTracker tracker,
            SendObserver observer) {
        super(session, new URLName(outerProtocol(protocol), null, -1, null, null, null));
        this.delegate = delegate;
        this.tracker = tracker;
        this.observer = observer;
    }

    /** The name the resilient transport goes by, so that the session settings read are its own. */
    private static String outerProtocol(String protocol) {
        return protocol.equals("smtps")
                ? ResilientTransport.PROTOCOL_SSL
                : ResilientTransport.PROTOCOL;
    }

    /**
     * Connects the resilient transport directly: Jakarta Mail's own handling of a missing user (the
     * JVM's {@code user.name}) is the resilient transport's to apply, once.
     */
    @Override
    public synchronized void connect(
            @Nullable String host, int port, @Nullable String user, @Nullable String password)
            throws MessagingException {
        tracker.reset();
        long start = System.nanoTime();
        try {
            delegate.connect(host, port, user, password);
        } catch (MessagingException | RuntimeException e) {
            observer.failed(tracker.relay(), categoryOf(e), System.nanoTime() - start);
            throw e;
        }
    }

    @Override
    public void sendMessage(Message message, Address[] addresses) throws MessagingException {
        tracker.reset();
        long start = System.nanoTime();
        try {
            delegate.sendMessage(message, addresses);
        } catch (MessagingException | RuntimeException e) {
            observer.failed(tracker.relay(), categoryOf(e), System.nanoTime() - start);
            throw e;
        }
        observer.delivered(tracker.relay(), tracker.attempts(), System.nanoTime() - start);
    }

    private static Category categoryOf(Exception failure) {
        return failure instanceof SmtpFailure
                ? ((SmtpFailure) failure).category()
                : Category.UNDEFINED;
    }

    @Override
    public boolean isConnected() {
        return delegate.isConnected();
    }

    @Override
    public void close() throws MessagingException {
        try {
            delegate.close();
        } finally {
            super.close();
        }
    }

    @Override
    public void addConnectionListener(ConnectionListener listener) {
        delegate.addConnectionListener(listener);
    }

    @Override
    public void removeConnectionListener(ConnectionListener listener) {
        delegate.removeConnectionListener(listener);
    }

    @Override
    public void addTransportListener(TransportListener listener) {
        delegate.addTransportListener(listener);
    }

    @Override
    public void removeTransportListener(TransportListener listener) {
        delegate.removeTransportListener(listener);
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
