package io.github.resilientmail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilientmail.reply.Category;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;

/**
 * The transport against a second, independent SMTP server implementation: SubEthaSMTP, scripted
 * with its {@link RejectException} at RCPT and at the end of data.
 */
class SubEthaSmtpIT {

    private final Map<String, List<RejectException>> rcptRejections = new ConcurrentHashMap<>();
    private final List<RejectException> dataRejections = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> delivered = new ConcurrentHashMap<>();
    private final List<Duration> waits = new ArrayList<>();
    private SMTPServer server;

    @BeforeEach
    void start() {
        server = SMTPServer.port(0).messageHandlerFactory(this::handler).build();
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private MessageHandler handler(MessageContext context) {
        List<String> recipients = new ArrayList<>();
        return new MessageHandler() {
            @Override
            public void from(String from) {}

            @Override
            public void recipient(String recipient) throws RejectException {
                List<RejectException> script = rcptRejections.get(recipient);
                if (script != null && !script.isEmpty()) {
                    throw script.remove(0);
                }
                recipients.add(recipient);
            }

            @Override
            public String data(InputStream data) throws RejectException, IOException {
                data.transferTo(new ByteArrayOutputStream());
                if (!dataRejections.isEmpty()) {
                    throw dataRejections.remove(0);
                }
                for (String recipient : recipients) {
                    delivered
                            .computeIfAbsent(recipient, r -> new AtomicInteger())
                            .incrementAndGet();
                }
                return null;
            }

            @Override
            public void done() {}
        };
    }

    private Transport transport() {
        Properties properties = new Properties();
        properties.setProperty("mail.smtp.host", "127.0.0.1");
        properties.setProperty("mail.smtp.port", String.valueOf(server.getPortAllocated()));
        properties.setProperty("mail.smtp.timeout", "5000");
        properties.setProperty("mail.smtp.connectiontimeout", "5000");
        return ResilientTransport.builder(Session.getInstance(properties))
                .circuitBreakerRegistry(CircuitBreakerRegistry.ofDefaults())
                .retryRegistry(RetryRegistry.ofDefaults())
                .sleeper(waits::add)
                .build();
    }

    private static MimeMessage message(String... recipients) throws MessagingException {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress("sender@example.com"));
        for (String recipient : recipients) {
            message.addRecipient(Message.RecipientType.TO, new InternetAddress(recipient));
        }
        message.setSubject("hello");
        message.setText("body");
        return message;
    }

    private int deliveredTo(String recipient) {
        AtomicInteger count = delivered.get(recipient);
        return count == null ? 0 : count.get();
    }

    @Test
    void aRejectedUnknownRecipientRaisesUnknownRecipientAfterOneAttempt() throws Exception {
        rcptRejections.put(
                "bob@example.com",
                new ArrayList<>(
                        List.of(
                                new RejectException(
                                        550, "5.1.1 <bob@example.com>: User unknown"))));
        MimeMessage message = message("bob@example.com");

        Throwable thrown;
        try (Transport transport = transport()) {
            transport.connect();
            thrown =
                    catchThrowable(
                            () -> transport.sendMessage(message, message.getAllRecipients()));
        }

        assertThat(thrown).isInstanceOf(UnknownRecipientException.class);
        UnknownRecipientException failure = (UnknownRecipientException) thrown;
        assertThat(failure.category()).isEqualTo(Category.USER_UNKNOWN);
        assertThat(failure.attempts()).isEqualTo(1);
        assertThat(failure.reply().code()).isEqualTo(550);
        assertThat(waits).isEmpty();
        assertThat(deliveredTo("bob@example.com")).isZero();
    }

    @Test
    void aGreylistedRecipientIsRetriedAndGetsExactlyOneCopy() throws Exception {
        rcptRejections.put(
                "carol@example.com",
                new ArrayList<>(
                        List.of(
                                new RejectException(
                                        450, "4.2.0 Greylisted, try again in 30 seconds"))));
        MimeMessage message = message("carol@example.com");

        try (Transport transport = transport()) {
            transport.connect();
            transport.sendMessage(message, message.getAllRecipients());
        }

        assertThat(deliveredTo("carol@example.com")).isEqualTo(1);
        assertThat(waits).hasSize(1);
        assertThat(waits.get(0)).isGreaterThanOrEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aMessageRefusedAsTooLargeAtTheEndOfDataRaisesMessageTooLarge() throws Exception {
        dataRejections.add(
                new RejectException(552, "5.3.4 Message size exceeds fixed maximum message size"));
        MimeMessage message = message("dave@example.com");

        Throwable thrown;
        try (Transport transport = transport()) {
            transport.connect();
            thrown =
                    catchThrowable(
                            () -> transport.sendMessage(message, message.getAllRecipients()));
        }

        assertThat(thrown).isInstanceOf(MessageTooLargeException.class);
        assertThat(((SmtpFailure) thrown).isTransient()).isFalse();
        assertThat(deliveredTo("dave@example.com")).isZero();
        assertThat(waits).isEmpty();
    }
}
