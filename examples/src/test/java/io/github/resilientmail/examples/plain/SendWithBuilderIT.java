package io.github.resilientmail.examples.plain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilientmail.CircuitOpenException;
import io.github.resilientmail.ResilienceListener;
import io.github.resilientmail.testing.ScriptedSmtpServer;
import io.github.resilientmail.testing.SmtpStep;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SendWithBuilderIT {

    private final ScriptedSmtpServer server = ScriptedSmtpServer.start();
    private final List<ResilienceListener.Retry> retries = new CopyOnWriteArrayList<>();
    private final Session session = session(server);
    private final SendWithBuilder sender =
            new SendWithBuilder(
                    session,
                    Duration.ofMillis(10),
                    new ResilienceListener() {
                        @Override
                        public void onRetry(Retry retry) {
                            retries.add(retry);
                        }
                    });

    @AfterEach
    void stop() {
        server.close();
    }

    private static Session session(ScriptedSmtpServer server) {
        Properties settings = new Properties();
        settings.setProperty("mail.smtp.host", server.host());
        settings.setProperty("mail.smtp.port", Integer.toString(server.port()));
        return Session.getInstance(settings);
    }

    private MimeMessage message(String to) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("alice@example.com"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject("Hello");
        message.setText("Hi");
        return message;
    }

    @Test
    void retriesGreylistingAndADroppedConnectionAndDeliversOnce() throws Exception {
        server.script()
                .on(SmtpStep.RCPT, "bob@example.com")
                .reply("450 4.7.1 Greylisted, try again later")
                .once();
        server.script().on(SmtpStep.END_OF_DATA).drop().once();

        sender.send(message("bob@example.com"));

        assertThat(server.deliveredTo("bob@example.com")).isEqualTo(1);
        assertThat(retries).hasSize(2);
    }

    @Test
    void keepsOneBreakerPerRelayAcrossSends() throws Exception {
        server.script().on(SmtpStep.CONNECT).reply("421 4.3.2 Service not available");

        assertThatThrownBy(() -> sender.send(message("bob@example.com")))
                .isNotInstanceOf(CircuitOpenException.class);
        assertThatThrownBy(() -> sender.send(message("bob@example.com")))
                .isInstanceOf(CircuitOpenException.class);
        int connections = server.connections();
        assertThatThrownBy(() -> sender.send(message("carol@example.com")))
                .isInstanceOf(CircuitOpenException.class);

        assertThat(connections).isEqualTo(5);
        assertThat(server.connections()).as("no connection while open").isEqualTo(connections);
    }

    @Test
    void mainSendsOneMessage() throws Exception {
        SendWithBuilder.main(
                new String[] {"127.0.0.1", Integer.toString(server.port()), "bob@example.com"});

        assertThat(server.deliveredTo("bob@example.com")).isEqualTo(1);
    }
}
