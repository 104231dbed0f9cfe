package io.github.resilientmail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import jakarta.mail.event.ConnectionEvent;
import java.io.IOException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Angus Mail's SMTP transport, remembering whether the final "." of a message was sent and whether
 * the server answered it: Angus's exceptions cannot tell a connection lost after the final "." (the
 * server may have the message, RFC 1047) from one lost before it. It also reports the end of its
 * connection at once, on the calling thread, where a connection listener would hear of it later on
 * Jakarta Mail's event thread.
 */
final class TrackingSmtpTransport extends SMTPTransport {

    private final Runnable onClosed;
    private boolean endOfDataSent;
    private boolean endOfDataAnswered;

    /**
     * Creates the transport, as Angus Mail's providers do.
     *
     * @param onClosed called on the calling thread whenever the connection is closed or lost
     */
    TrackingSmtpTransport(
            Session session, URLName url, String protocol, boolean ssl, Runnable onClosed) {
        super(session, url, protocol, ssl);
        this.onClosed = onClosed;
    }

    @Override
    protected void notifyConnectionListeners(int type) {
        if (type == ConnectionEvent.CLOSED || type == ConnectionEvent.DISCONNECTED) {
            onClosed.run();
        }
        super.notifyConnectionListeners(type);
    }

    /** Forgets the last message; called before each send. */
    void resetTracking() {
        endOfDataSent = false;
        endOfDataAnswered = false;
    }

    /** Whether the last message was sent in full and the connection failed before the reply. */
    boolean endOfDataUnanswered() {
        return endOfDataSent && !endOfDataAnswered;
    }

    @Override
    protected void finishData() throws IOException, MessagingException {
        endOfDataSent = true;
        try {
            super.finishData();
            endOfDataAnswered = true;
        } catch (SMTPSendFailedException e) {
            // A reply code means the server answered; -1 means the connection ended first.
            endOfDataAnswered = e.getReturnCode() > 0;
            throw e;
        }
    }

    @Override
    protected void finishBdat() throws IOException, MessagingException {
        endOfDataSent = true;
        try {
            super.finishBdat();
            endOfDataAnswered = true;
        } catch (SMTPSendFailedException e) {
            endOfDataAnswered = e.getReturnCode() > 0;
            throw e;
        }
    }
}
