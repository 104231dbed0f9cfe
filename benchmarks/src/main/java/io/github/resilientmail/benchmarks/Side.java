package io.github.resilientmail.benchmarks;

import io.github.resilientmail.ResilientTransport;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The sides of a comparison, each configured the way an application would configure it to send to
 * the sink.
 */
enum Side {
    /** Angus Mail's {@code smtp} transport, with the application's settings only (no timeouts). */
    RAW,
    /**
     * Angus Mail's {@code smtp} transport with what the resilient transport gives the transport it
     * wraps where the application set nothing: connect, read and write timeouts of 10 s, 60 s and
     * 60 s, and one write-timeout scheduler shared by all connections. The difference between this
     * side and {@link #RESILIENT} is the decorator; between this side and {@link #RAW}, the
     * timeouts.
     */
    RAW_TIMEOUTS,
    /**
     * Angus Mail's {@code smtp} transport with the same three timeouts set as an application sets
     * them: Angus then starts a write-timeout scheduler, and a thread, for every connection.
     */
    RAW_TIMEOUTS_ANGUS,
    /**
     * {@link ResilientTransport}: built in code for a connected transport, chosen by configuration
     * ({@code mail.transport.protocol.rfc822=resilient-smtp}) for {@code Transport.send}.
     */
    RESILIENT;

    /** The message body: a short transactional mail, about 1 KB. */
    static final String BODY =
            ("Hello,\r\n\r\nYour order 12345 has shipped and should arrive within three working days."
                            + " You can follow the parcel from your account page.\r\n")
                    .repeat(6);

    /**
     * The name of this side in parameters and tables: {@code raw}, {@code raw-timeouts}, {@code
     * resilient}.
     */
    String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The side of a label. */
    static Side of(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    /** The application's session for this side, whose {@code Transport.send} goes to the sink. */
    Session session(SmtpSink sink) {
        Properties properties = new Properties();
        properties.setProperty("mail.smtp.host", sink.host());
        properties.setProperty("mail.smtp.port", String.valueOf(sink.port()));
        // Keeps Message-ID generation off InetAddress.getLocalHost(), alike for every side.
        properties.setProperty("mail.from", "shop@example.com");
        if (this == RAW_TIMEOUTS || this == RAW_TIMEOUTS_ANGUS) {
            properties.setProperty("mail.smtp.connectiontimeout", "10000");
            properties.setProperty("mail.smtp.timeout", "60000");
            properties.setProperty("mail.smtp.writetimeout", "60000");
        }
        if (this == RAW_TIMEOUTS) {
            properties.put("mail.smtp.executor.writetimeout", SharedScheduler.INSTANCE);
        }
        if (this == RESILIENT) {
            properties.setProperty("mail.transport.protocol.rfc822", ResilientTransport.PROTOCOL);
        }
        return Session.getInstance(properties);
    }

    /** A new transport of this side for the session, not connected. */
    Transport transport(Session session) throws MessagingException {
        return this == RESILIENT
                ? ResilientTransport.builder(session).build()
                : session.getTransport("smtp");
    }

    /** A new transport of this side to the sink, connected. */
    Transport connect(SmtpSink sink) throws MessagingException {
        Transport transport = transport(session(sink));
        transport.connect();
        return transport;
    }

    /** The message that the benchmarks send: one recipient, a 1 KB text body, headers saved. */
    static MimeMessage message(Session session) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("shop@example.com"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("customer@example.org"));
        message.setSubject("Your order has shipped");
        message.setText(BODY, "UTF-8");
        message.saveChanges();
        return message;
    }

    /** The recipients of a message, for {@code sendMessage}. */
    static Address[] recipients(Message message) throws MessagingException {
        Address[] recipients = message.getAllRecipients();
        if (recipients == null) {
            throw new IllegalStateException("the message has no recipient");
        }
        return recipients;
    }

    /**
     * A write-timeout scheduler for all connections, made the way the resilient transport makes its
     * own: cancelled timeouts leave the queue at once, and a task due every second stays at the
     * head so that scheduling a write's timeout wakes no thread.
     */
    private static final class SharedScheduler {
        static final ScheduledThreadPoolExecutor INSTANCE = create();

        private static ScheduledThreadPoolExecutor create() {
            ScheduledThreadPoolExecutor scheduler =
                    new ScheduledThreadPoolExecutor(
                            1,
                            task -> {
                                Thread thread = new Thread(task, "benchmark-write-timeouts");
                                thread.setDaemon(true);
                                return thread;
                            });
            scheduler.setRemoveOnCancelPolicy(true);
            scheduler.scheduleWithFixedDelay(() -> {}, 1, 1, TimeUnit.SECONDS);
            return scheduler;
        }
    }
}
