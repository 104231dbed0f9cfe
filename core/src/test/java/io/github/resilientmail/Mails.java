package io.github.resilientmail;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilientmail.testing.ScriptedSmtpServer;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.event.ConnectionEvent;
import jakarta.mail.event.ConnectionListener;
import jakarta.mail.event.MailEvent;
import jakarta.mail.event.TransportEvent;
import jakarta.mail.event.TransportListener;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Sessions, messages and event logs for the integration tests. */
final class Mails {

    static final String FROM = "alice@example.com";
    static final String BOB = "bob@example.com";
    static final String CAROL = "carol@example.com";
    static final String DAVE = "dave@example.com";

    private Mails() {}

    /** Properties that point {@code smtp} at the server; further settings as key, value pairs. */
    static Properties properties(ScriptedSmtpServer server, String... settings) {
        Properties properties = new Properties();
        properties.setProperty("mail.smtp.host", server.host());
        properties.setProperty("mail.smtp.port", String.valueOf(server.port()));
        properties.setProperty("mail.smtp.localhost", "client.example");
        for (int i = 0; i < settings.length; i += 2) {
            properties.setProperty(settings[i], settings[i + 1]);
        }
        return properties;
    }

    static Session session(ScriptedSmtpServer server, String... settings) {
        return Session.getInstance(properties(server, settings));
    }

    /**
     * A builder whose waits pass on the fake clock and whose breakers and retries are the test's
     * own, so that no test sees another's breaker state.
     */
    static ResilientTransport.Builder isolated(Session session, FakeClock clock) {
        return ResilientTransport.builder(session)
                .clock(clock)
                .sleeper(clock::advance)
                .circuitBreakerRegistry(CircuitBreakerRegistry.ofDefaults())
                .retryRegistry(RetryRegistry.ofDefaults());
    }

    static MimeMessage message(Session session, String... to) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(FROM));
        for (String address : to) {
            message.addRecipient(Message.RecipientType.TO, new InternetAddress(address));
        }
        message.setSubject("Test");
        message.setText("Hello\r\n");
        message.saveChanges();
        return message;
    }

    static Address[] addresses(String... addresses) throws MessagingException {
        Address[] result = new Address[addresses.length];
        for (int i = 0; i < addresses.length; i++) {
            result[i] = new InternetAddress(addresses[i]);
        }
        return result;
    }

    static List<String> commands(ScriptedSmtpServer server, String verb) {
        List<String> lines = new ArrayList<>();
        for (ScriptedSmtpServer.TranscriptLine line : server.transcript()) {
            if (line.line().equals(verb)
                    || line.line().startsWith(verb + " ")
                    || line.line().startsWith(verb + ":")) {
                lines.add(line.line());
            }
        }
        return lines;
    }

    /**
     * Records the transport and connection events of a transport. Jakarta Mail delivers them on its
     * own thread, in order, so every event queued before {@code CLOSED} has arrived when {@code
     * CLOSED} does.
     */
    static final class EventLog implements TransportListener, ConnectionListener {
        private final BlockingQueue<MailEvent> events = new LinkedBlockingQueue<>();

        @Override
        public void messageDelivered(TransportEvent e) {
            events.add(e);
        }

        @Override
        public void messageNotDelivered(TransportEvent e) {
            events.add(e);
        }

        @Override
        public void messagePartiallyDelivered(TransportEvent e) {
            events.add(e);
        }

        @Override
        public void opened(ConnectionEvent e) {
            events.add(e);
        }

        @Override
        public void disconnected(ConnectionEvent e) {
            events.add(e);
        }

        @Override
        public void closed(ConnectionEvent e) {
            events.add(e);
        }

        /** The events up to the transport's {@code CLOSED}, which must come within seconds. */
        List<MailEvent> untilClosed() throws InterruptedException {
            List<MailEvent> seen = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (true) {
                MailEvent event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (event == null) {
                    throw new AssertionError("no CLOSED event within 5 s; seen " + describe(seen));
                }
                seen.add(event);
                if (event instanceof ConnectionEvent
                        && ((ConnectionEvent) event).getType() == ConnectionEvent.CLOSED) {
                    return seen;
                }
            }
        }

        /** The types of the transport events among {@code events}. */
        static List<Integer> transportEventTypes(List<MailEvent> events) {
            List<Integer> types = new ArrayList<>();
            for (MailEvent event : events) {
                if (event instanceof TransportEvent) {
                    types.add(((TransportEvent) event).getType());
                }
            }
            return types;
        }

        /** The types of the connection events among {@code events}. */
        static List<Integer> connectionEventTypes(List<MailEvent> events) {
            List<Integer> types = new ArrayList<>();
            for (MailEvent event : events) {
                if (event instanceof ConnectionEvent) {
                    types.add(((ConnectionEvent) event).getType());
                }
            }
            return types;
        }

        private static String describe(List<MailEvent> events) {
            List<String> names = new ArrayList<>();
            for (MailEvent event : events) {
                names.add(event.getClass().getSimpleName());
            }
            return names.toString();
        }
    }
}
