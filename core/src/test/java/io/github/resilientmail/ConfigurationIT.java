package io.github.resilientmail;

import static io.github.resilientmail.Mails.BOB;
import static io.github.resilientmail.Mails.commands;
import static io.github.resilientmail.Mails.message;
import static io.github.resilientmail.Mails.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.resilientmail.reply.Category;
import io.github.resilientmail.testing.ScriptedSmtpServer;
import io.github.resilientmail.testing.SmtpStep;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The transport chosen and configured by session properties alone, as an application that changes
 * nothing but its configuration uses it. Waits are 1 ms: these tests use no builder, so no clock.
 */
class ConfigurationIT {

    private ScriptedSmtpServer server;

    @BeforeEach
    void start() {
        server = ScriptedSmtpServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Session configured(String... more) {
        String[] settings = new String[more.length + 4];
        settings[0] = "mail.transport.protocol.rfc822";
        settings[1] = "resilient-smtp";
        settings[2] = "mail.resilient-smtp.retry.wait-duration";
        settings[3] = "1ms";
        System.arraycopy(more, 0, settings, 4, more.length);
        return session(server, settings);
    }

    @Test
    void transportSendWithPropertiesOnlyRetriesAndDeliversOnce() throws Exception {
        server.script().on(SmtpStep.RCPT, BOB).reply("450 4.2.0 Greylisted").once();
        Session session = configured();

        Transport.send(message(session, BOB));

        assertThat(server.deliveredTo(BOB)).isEqualTo(1);
        assertThat(commands(server, "RCPT")).hasSize(2);
    }

    @Test
    void sessionGetTransportWithProtocolPropertyIsTheResilientTransport() throws Exception {
        server.script().on(SmtpStep.CONNECT).reply("421 4.3.2 Service not available").once();
        Session session = configured("mail.transport.protocol", "resilient-smtp");

        try (Transport transport = session.getTransport()) {
            assertThat(transport).isInstanceOf(ResilientTransport.class);
            transport.connect();
            MimeMessage message = message(session, BOB);
            transport.sendMessage(message, message.getAllRecipients());
        }

        assertThat(server.deliveredTo(BOB)).isEqualTo(1);
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void resilientSmtpsIsRegisteredAndWrapsSmtps() throws Exception {
        Session session = configured();

        Transport transport = session.getTransport("resilient-smtps");

        assertThat(transport).isInstanceOf(ResilientTransport.class);
        assertThat(transport.toString()).endsWith("via smtps]");
    }

    @Test
    void relayIsNamedByHostAndPortWhenNoUserIsConfigured() throws Exception {
        Session session = configured();

        Transport.send(message(session, BOB));

        assertThat(
                        ResilientTransport.defaultCircuitBreakerRegistry()
                                .find("127.0.0.1:" + server.port()))
                .isPresent();
    }

    @Test
    void invalidSettingFailsConnectWithAMessageNamingTheKey() throws Exception {
        Session session = configured("mail.resilient-smtp.retry.max-attempts", "abc");

        assertThatThrownBy(() -> Transport.send(message(session, BOB)))
                .isInstanceOf(MessagingException.class)
                .hasMessageContaining("mail.resilient-smtp.retry.max-attempts")
                .hasMessageContaining("abc");
        assertThat(server.connections()).isZero();
    }

    @Test
    void invalidDurationFailsConnectWithAMessageNamingTheKey() throws Exception {
        Session session =
                configured(
                        "mail.resilient-smtp.circuit-breaker.wait-duration-in-open-state", "soon");

        try (Transport transport = session.getTransport("resilient-smtp")) {
            assertThatThrownBy(transport::connect)
                    .isInstanceOf(MessagingException.class)
                    .hasMessageContaining(
                            "mail.resilient-smtp.circuit-breaker.wait-duration-in-open-state");
        }
        assertThat(server.connections()).isZero();
    }

    @Test
    void maxAttemptsSettingLimitsTheAttempts() throws Exception {
        server.script().on(SmtpStep.RCPT, BOB).reply("450 4.2.0 Greylisted");
        Session session = configured("mail.resilient-smtp.retry.max-attempts", "2");

        Throwable thrown = catchThrowable(() -> Transport.send(message(session, BOB)));

        assertThat(thrown).isExactlyInstanceOf(TemporaryFailureException.class);
        assertThat(((SmtpFailure) thrown).attempts()).isEqualTo(2);
        assertThat(commands(server, "RCPT")).hasSize(2);
        assertThat(server.deliveries()).isEmpty();
    }

    @Test
    void timeoutWrittenUnderTheOuterProtocolReachesTheWrappedTransport() throws Exception {
        server.script().on(SmtpStep.MAIL).hang();
        Session session =
                configured(
                        "mail.resilient-smtp.timeout", "300",
                        "mail.resilient-smtp.retry.max-attempts", "1");

        Throwable thrown =
                assertTimeoutPreemptively(
                        Duration.ofSeconds(10),
                        () -> catchThrowable(() -> Transport.send(message(session, BOB))));

        assertThat(thrown).isExactlyInstanceOf(TemporaryFailureException.class);
        assertThat(((SmtpFailure) thrown).category()).isEqualTo(Category.NETWORK_ERROR);
    }

    @Test
    void applicationSmtpSettingsReachTheWrappedTransport() throws Exception {
        Session session =
                configured(
                        "mail.smtp.localhost",
                        "app.example",
                        "mail.smtp.from",
                        "bounce@example.com");

        Transport.send(message(session, BOB));

        assertThat(commands(server, "EHLO")).containsExactly("EHLO app.example");
        assertThat(server.deliveries())
                .singleElement()
                .satisfies(d -> assertThat(d.sender()).isEqualTo("bounce@example.com"));
    }

    @Test
    void hostAndPortWrittenUnderTheOuterProtocolAreUsed() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("mail.transport.protocol.rfc822", "resilient-smtp");
        properties.setProperty("mail.resilient-smtp.host", server.host());
        properties.setProperty("mail.resilient-smtp.port", String.valueOf(server.port()));
        properties.setProperty("mail.smtp.localhost", "client.example");
        Session session = Session.getInstance(properties);

        Transport.send(message(session, BOB));

        assertThat(server.deliveredTo(BOB)).isEqualTo(1);
    }

    @Test
    void transportsOfOneSessionShareTheRelaysRegisteredRetry() throws Exception {
        Session session = configured();

        for (int i = 0; i < 2; i++) {
            server.script().on(SmtpStep.RCPT, BOB).reply("450 4.2.0 Greylisted").once();
            Transport.send(message(session, BOB));
        }

        assertThat(server.deliveredTo(BOB)).isEqualTo(2);
        assertThat(
                        ResilientTransport.defaultRetryRegistry()
                                .retry("127.0.0.1:" + server.port())
                                .getMetrics()
                                .getNumberOfSuccessfulCallsWithRetryAttempt())
                .isEqualTo(2);
    }
}
