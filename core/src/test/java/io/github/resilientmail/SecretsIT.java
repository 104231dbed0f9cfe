package io.github.resilientmail;

import static io.github.resilientmail.Mails.BOB;
import static io.github.resilientmail.Mails.CAROL;
import static io.github.resilientmail.Mails.commands;
import static io.github.resilientmail.Mails.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.resilientmail.reply.Category;
import io.github.resilientmail.testing.ScriptedSmtpServer;
import io.github.resilientmail.testing.SmtpStep;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Secrets and privacy: the password never shows in anything the transport or Angus Mail produces
 * across the whole {@link FaultMatrix}; {@code hide-recipients} masks addresses in events and
 * exception messages; and the decorator never weakens the application's STARTTLS or SSL settings.
 */
class SecretsIT {

    /** Loggers kept strongly while the test runs: the JUL manager holds them weakly. */
    private final List<Logger> loggers = new ArrayList<>();

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture =
            new Handler() {
                @Override
                public void publish(LogRecord record) {
                    records.add(record);
                }

                @Override
                public void flush() {}

                @Override
                public void close() {}
            };

    private final Map<Logger, Level> previousLevels = new java.util.HashMap<>();

    @BeforeEach
    void captureLogs() {
        capture.setLevel(Level.ALL);
        for (String name :
                List.of(
                        "org.eclipse.angus.mail",
                        "jakarta.mail",
                        "io.github.resilientmail",
                        "io.github.resilience4j")) {
            Logger logger = Logger.getLogger(name);
            loggers.add(logger);
            previousLevels.put(logger, logger.getLevel());
            logger.setLevel(Level.ALL);
            logger.addHandler(capture);
        }
    }

    @AfterEach
    void restoreLogs() {
        for (Logger logger : loggers) {
            logger.removeHandler(capture);
            logger.setLevel(previousLevels.get(logger));
        }
    }

    // Passwords.

    @Test
    void passwordNeverShowsAcrossTheFaultMatrix() throws Exception {
        List<String> secrets = secrets();
        int checked = 0;
        for (FaultMatrix.Row row : FaultMatrix.ROWS) {
            records.clear();
            RecordingListener listener = new RecordingListener();
            ByteArrayOutputStream debug = new ByteArrayOutputStream();
            PrintStream debugOut = new PrintStream(debug, true, StandardCharsets.UTF_8);

            FaultMatrix.Observed observed =
                    FaultMatrix.run(
                            row,
                            listener,
                            session -> {
                                session.setDebug(true);
                                session.setDebugOut(debugOut);
                            });

            StringBuilder seen = new StringBuilder();
            MessagingException thrown = observed.thrown();
            if (thrown != null) {
                seen.append(thrown.getMessage()).append('\n').append(thrown).append('\n');
                StringWriter trace = new StringWriter();
                thrown.printStackTrace(new PrintWriter(trace));
                seen.append(trace).append('\n');
                if (thrown instanceof SmtpFailure failure) {
                    seen.append(failure.classification()).append('\n');
                    seen.append(failure.recipients()).append('\n');
                }
            }
            observed.events().forEach(event -> seen.append(event).append('\n'));
            SimpleFormatter formatter = new SimpleFormatter();
            for (LogRecord record : records) {
                seen.append(formatter.format(record));
            }
            seen.append(debug.toString(StandardCharsets.UTF_8));

            assertThat(observed.events()).as(row.name() + ": events were captured").isNotEmpty();
            assertThat(debug.size()).as(row.name() + ": debug output was captured").isPositive();
            for (String secret : secrets) {
                assertThat(seen.toString())
                        .as(row.name() + ": nothing shows the password or its base64")
                        .doesNotContain(secret);
            }
            checked += seen.length();
        }
        assertThat(records).as("Angus Mail's log records were captured").isNotEmpty();
        assertThat(checked).isPositive();
    }

    /** The password as typed and as AUTH LOGIN and AUTH PLAIN send it. */
    private static List<String> secrets() {
        String user = FaultMatrix.USER;
        String password = FaultMatrix.PASSWORD;
        return List.of(
                password,
                base64(password),
                base64("\0" + user + "\0" + password),
                base64(user + "\0" + user + "\0" + password));
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    // Recipients.

    private ScriptedSmtpServer server;

    @BeforeEach
    void start() {
        server = ScriptedSmtpServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static final String BOB_MASKED = "b***@example.com";
    private static final String CAROL_MASKED = "c***@example.com";

    @Test
    void hideRecipientsMasksAddressesInEventsAndExceptionMessages() throws Exception {
        server.script()
                .on(SmtpStep.RCPT, CAROL)
                .reply("450 4.2.0 <carol@example.com> Greylisted")
                .once();
        server.script()
                .on(SmtpStep.RCPT, BOB)
                .reply("550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown");
        Session session = Mails.session(server, "mail.resilient-smtp.hide-recipients", "true");
        RecordingListener listener = new RecordingListener();

        Throwable thrown =
                catchThrowable(() -> send(session, listener, message(session, CAROL, BOB)));

        assertThat(thrown).isExactlyInstanceOf(UnknownRecipientException.class);
        UnknownRecipientException failure = (UnknownRecipientException) thrown;
        assertThat(failure.getMessage())
                .contains(BOB_MASKED)
                .contains(CAROL_MASKED)
                .doesNotContain(BOB)
                .doesNotContain(CAROL);
        java.io.StringWriter trace = new java.io.StringWriter();
        failure.printStackTrace(new java.io.PrintWriter(trace));
        assertThat(trace.toString())
                .as("the stack trace, with every chained exception, as a log prints it")
                .contains("SMTPAddressFailedException")
                .contains(BOB_MASKED)
                .doesNotContain(BOB)
                .doesNotContain(CAROL);
        assertThat(failure.toString()).doesNotContain(BOB).doesNotContain(CAROL);
        assertThat(listener.all).isNotEmpty();
        assertThat(listener.all.toString())
                .contains(BOB_MASKED)
                .doesNotContain(BOB)
                .doesNotContain(CAROL);
        assertThat(listener.attempts.get(1).recipients())
                .extracting(Address::toString)
                .containsExactly(CAROL_MASKED, BOB_MASKED);
        assertThat(failure.recipients())
                .as("the caller's own objects keep the addresses")
                .extracting(o -> o.address().toString())
                .containsExactly(CAROL, BOB);
        assertThat(failure.classification().reply().text()).contains(BOB);
        assertThat(failure.getInvalidAddresses()).containsExactly(new InternetAddress(BOB));
    }

    @Test
    void hideRecipientsOfTheBuilderOverridesTheSession() throws Exception {
        server.script().on(SmtpStep.RCPT, BOB).reply("550 5.1.1 <bob@example.com> unknown");
        Session session = Mails.session(server, "mail.resilient-smtp.hide-recipients", "true");

        Throwable shown =
                catchThrowable(
                        () ->
                                send(
                                        builder(session, new RecordingListener())
                                                .hideRecipients(false),
                                        message(session, BOB)));
        Throwable hidden =
                catchThrowable(
                        () ->
                                send(
                                        builder(Mails.session(server), new RecordingListener())
                                                .hideRecipients(true),
                                        message(session, BOB)));

        assertThat(shown.getMessage()).contains(BOB);
        assertThat(hidden.getMessage()).contains(BOB_MASKED).doesNotContain(BOB);
    }

    @Test
    void hideRecipientsMasksAnAddressRefusedBeforeSending() throws Exception {
        Session session = Mails.session(server, "mail.resilient-smtp.hide-recipients", "true");
        InternetAddress evil = new InternetAddress();
        evil.setAddress("bob@example.com>\r\nRCPT TO:<dave@example.com");

        Throwable thrown;
        try (ResilientTransport transport = builder(session, new RecordingListener()).build()) {
            transport.connect();
            MimeMessage message = message(session, CAROL);
            thrown = catchThrowable(() -> transport.sendMessage(message, new Address[] {evil}));
        }

        assertThat(thrown).isExactlyInstanceOf(InvalidAddressException.class);
        assertThat(thrown.getMessage()).doesNotContain("bob@example.com").contains(BOB_MASKED);
        assertThat(commands(server, "RCPT")).isEmpty();
    }

    @Test
    void anInvalidHideRecipientsSettingFailsConnectNamingTheKey() throws Exception {
        Session session =
                Mails.session(
                        server,
                        "mail.transport.protocol",
                        "resilient-smtp",
                        "mail.resilient-smtp.hide-recipients",
                        "perhaps");

        Throwable thrown = catchThrowable(() -> session.getTransport().connect());

        assertThat(thrown)
                .isInstanceOf(MessagingException.class)
                .hasMessageContaining("mail.resilient-smtp.hide-recipients");
        assertThat(server.connections()).isZero();
    }

    // TLS: the wrapped transport negotiates exactly as configured.

    @Test
    void starttlsRequiredAgainstAServerWithoutStarttlsSendsNothing() throws Exception {
        Session session = Mails.session(server, "mail.smtp.starttls.required", "true");
        RecordingListener listener = new RecordingListener();

        Throwable thrown = catchThrowable(() -> send(session, listener, message(session, BOB)));

        assertThat(thrown).isExactlyInstanceOf(TlsRequiredException.class);
        assertThat(((SmtpFailure) thrown).category()).isEqualTo(Category.TLS_REQUIRED);
        assertThat(((SmtpFailure) thrown).attempts()).isEqualTo(1);
        assertThat(listener.retries).isEmpty();
        assertThat(commands(server, "MAIL")).isEmpty();
        assertThat(commands(server, "AUTH")).isEmpty();
        assertThat(server.deliveries()).isEmpty();
    }

    @Test
    void aRetryAfterAFailedStarttlsStillRequiresStarttls() throws Exception {
        try (StartTlsFront front =
                new StartTlsFront(server, new StartTlsFront.Reply("454 4.7.0 TLS not available"))) {
            Session session =
                    Mails.session(
                            server,
                            "mail.smtp.port",
                            String.valueOf(front.port()),
                            "mail.smtp.starttls.required",
                            "true");
            RecordingListener listener = new RecordingListener();

            Throwable thrown = catchThrowable(() -> send(session, listener, message(session, BOB)));

            assertThat(front.firstConnectionCommands()).contains("STARTTLS");
            assertThat(listener.retries).hasSize(1);
            assertThat(thrown).isExactlyInstanceOf(TlsRequiredException.class);
            assertThat(server.connections()).as("the retry reached the server").isEqualTo(1);
            assertThat(commands(server, "MAIL")).isEmpty();
            assertThat(server.deliveries()).isEmpty();
        }
    }

    @Test
    void starttlsEnabledIsNegotiatedWhenTheServerOffersIt() throws Exception {
        try (StartTlsFront front = new StartTlsFront(server, new StartTlsFront.Drop())) {
            Session session =
                    Mails.session(
                            server,
                            "mail.smtp.port",
                            String.valueOf(front.port()),
                            "mail.smtp.starttls.enable",
                            "true");

            send(session, new RecordingListener(), message(session, BOB));

            assertThat(front.firstConnectionCommands())
                    .containsExactly("EHLO client.example", "STARTTLS");
            assertThat(server.deliveredTo(BOB)).isEqualTo(1);
        }
    }

    @Test
    void sslAgainstAPlainTextServerFailsWithoutFallingBackToPlainText() throws Exception {
        Session session =
                Mails.session(server, "mail.smtp.ssl.enable", "true", "mail.smtp.timeout", "2000");
        RecordingListener listener = new RecordingListener();

        Throwable thrown = catchThrowable(() -> send(session, listener, message(session, BOB)));

        assertThat(thrown).isExactlyInstanceOf(TlsRequiredException.class);
        assertThat(((SmtpFailure) thrown).isTransient()).isFalse();
        assertThat(listener.retries).isEmpty();
        assertThat(commands(server, "EHLO")).isEmpty();
        assertThat(commands(server, "MAIL")).isEmpty();
        assertThat(server.deliveries()).isEmpty();
    }

    @Test
    void resilientSmtpsAgainstAPlainTextServerFailsWithoutFallingBackToPlainText()
            throws Exception {
        Properties properties = Mails.properties(server, "mail.smtps.timeout", "2000");
        properties.setProperty("mail.smtps.host", server.host());
        properties.setProperty("mail.smtps.port", String.valueOf(server.port()));
        Session session = Session.getInstance(properties);

        Throwable thrown =
                catchThrowable(
                        () ->
                                send(
                                        builder(session, new RecordingListener()).protocol("smtps"),
                                        message(session, BOB)));

        assertThat(thrown).isExactlyInstanceOf(TlsRequiredException.class);
        assertThat(commands(server, "MAIL")).isEmpty();
        assertThat(server.deliveries()).isEmpty();
    }

    // Helpers.

    private static ResilientTransport.Builder builder(Session session, RecordingListener listener) {
        FakeClock clock = new FakeClock();
        return Mails.isolated(session, clock).listener(listener);
    }

    private static void send(Session session, RecordingListener listener, MimeMessage message)
            throws MessagingException {
        send(builder(session, listener), message);
    }

    private static void send(ResilientTransport.Builder builder, MimeMessage message)
            throws MessagingException {
        try (ResilientTransport transport = builder.build()) {
            transport.connect();
            transport.sendMessage(message, message.getAllRecipients());
        }
    }
}
