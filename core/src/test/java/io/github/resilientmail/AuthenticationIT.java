package io.github.resilientmail;

import static io.github.resilientmail.Mails.BOB;
import static io.github.resilientmail.Mails.commands;
import static io.github.resilientmail.Mails.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.resilientmail.reply.Category;
import io.github.resilientmail.testing.ScriptedSmtpServer;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Authenticator;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SMTP AUTH through the decorator, and passwords that never show. */
class AuthenticationIT {

    private static final String USER = "mailer";
    private static final String PASSWORD = "s3cret-Passw0rd";
    private static final String WRONG = "wr0ng-Passw0rd";

    private final FakeClock clock = new FakeClock();
    private final RecordingListener listener = new RecordingListener();
    private ScriptedSmtpServer server;

    @BeforeEach
    void start() {
        server = ScriptedSmtpServer.builder().credentials(USER, PASSWORD).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ResilientTransport transport(Session session) {
        return Mails.isolated(session, clock).listener(listener).build();
    }

    @Test
    void authenticatesWithTheCredentialsGivenToConnect() throws Exception {
        Session session = Mails.session(server, "mail.smtp.auth", "true");

        try (ResilientTransport transport = transport(session)) {
            transport.connect(server.host(), server.port(), USER, PASSWORD);
            MimeMessage message = message(session, BOB);
            transport.sendMessage(message, message.getAllRecipients());
            assertThat(transport.toString()).doesNotContain(PASSWORD).contains(USER);
        }

        assertThat(server.deliveredTo(BOB)).isEqualTo(1);
        assertThat(listener.attempts)
                .allSatisfy(
                        a -> assertThat(a.relay()).isEqualTo(USER + "@127.0.0.1:" + server.port()));
    }

    @Test
    void authenticatesWithTheSessionsAuthenticator() throws Exception {
        Session session =
                Session.getInstance(
                        Mails.properties(
                                server,
                                "mail.smtp.auth",
                                "true",
                                "mail.smtp.user",
                                USER,
                                "mail.transport.protocol.rfc822",
                                "resilient-smtp"),
                        new Authenticator() {
                            @Override
                            protected PasswordAuthentication getPasswordAuthentication() {
                                return new PasswordAuthentication(USER, PASSWORD);
                            }
                        });

        Transport.send(message(session, BOB));

        assertThat(server.deliveredTo(BOB)).isEqualTo(1);
    }

    @Test
    void authenticatesWithTransportSendUserAndPassword() throws Exception {
        Session session =
                Mails.session(
                        server,
                        "mail.smtp.auth",
                        "true",
                        "mail.transport.protocol.rfc822",
                        "resilient-smtp");

        Transport.send(message(session, BOB), USER, PASSWORD);

        assertThat(server.deliveredTo(BOB)).isEqualTo(1);
    }

    @Test
    void wrongPasswordIsCredentialsRejectedWithoutRetryAndNeverShowsThePassword() throws Exception {
        Session session = Mails.session(server, "mail.smtp.auth", "true");
        ResilientTransport transport = transport(session);

        Throwable thrown =
                catchThrowable(() -> transport.connect(server.host(), server.port(), USER, WRONG));
        transport.close();

        assertThat(thrown)
                .isExactlyInstanceOf(CredentialsRejectedException.class)
                .isInstanceOf(AuthenticationFailedException.class);
        CredentialsRejectedException rejected = (CredentialsRejectedException) thrown;
        assertThat(rejected.category()).isEqualTo(Category.CREDENTIALS_REJECTED);
        assertThat(rejected.isTransient()).isFalse();
        assertThat(rejected.attempts()).isEqualTo(1);
        assertThat(rejected.reply().code()).isEqualTo(535);
        assertThat(rejected.getNextException()).isNotNull();
        assertThat(server.connections()).isEqualTo(1);
        assertThat(commands(server, "AUTH")).hasSize(1);
        assertThat(commands(server, "MAIL")).isEmpty();
        assertNoSecret(rejected, transport);
    }

    @Test
    void wrongPasswordThroughTransportSendIsCredentialsRejected() throws Exception {
        Session session =
                Mails.session(
                        server,
                        "mail.smtp.auth",
                        "true",
                        "mail.transport.protocol.rfc822",
                        "resilient-smtp");

        Throwable thrown = catchThrowable(() -> Transport.send(message(session, BOB), USER, WRONG));

        assertThat(thrown).isExactlyInstanceOf(CredentialsRejectedException.class);
        assertThat(server.deliveries()).isEmpty();
        assertThat(commands(server, "AUTH")).hasSize(1);
    }

    @Test
    void wrongPasswordFromTheAuthenticatorIsTriedOnce() throws Exception {
        Session session =
                Session.getInstance(
                        Mails.properties(
                                server,
                                "mail.smtp.auth",
                                "true",
                                "mail.smtp.user",
                                USER,
                                "mail.transport.protocol.rfc822",
                                "resilient-smtp"),
                        new Authenticator() {
                            @Override
                            protected PasswordAuthentication getPasswordAuthentication() {
                                return new PasswordAuthentication(USER, WRONG);
                            }
                        });

        Throwable thrown = catchThrowable(() -> Transport.send(message(session, BOB)));

        assertThat(thrown).isExactlyInstanceOf(CredentialsRejectedException.class);
        assertThat(commands(server, "AUTH")).hasSize(1);
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void missingPasswordIsCredentialsRejected() throws Exception {
        Session session = Mails.session(server, "mail.smtp.auth", "true");
        ResilientTransport transport = transport(session);

        Throwable thrown =
                catchThrowable(() -> transport.connect(server.host(), server.port(), USER, null));
        transport.close();

        assertThat(thrown).isExactlyInstanceOf(CredentialsRejectedException.class);
        assertThat(server.deliveries()).isEmpty();
    }

    private void assertNoSecret(MessagingException failure, Transport transport) {
        String base64 =
                Base64.getEncoder()
                        .encodeToString(
                                ("\0" + USER + "\0" + WRONG).getBytes(StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        seen.append(failure.getMessage()).append('\n').append(failure).append('\n');
        Exception next = failure;
        int depth = 0;
        while (next != null && depth++ < 10) {
            seen.append(next).append('\n');
            next =
                    next instanceof MessagingException
                            ? ((MessagingException) next).getNextException()
                            : null;
        }
        seen.append(transport).append('\n');
        listener.all.forEach(event -> seen.append(event).append('\n'));
        assertThat(listener.all).isNotEmpty();
        assertThat(seen.toString()).doesNotContain(WRONG).doesNotContain(base64);
    }
}
