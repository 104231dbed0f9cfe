package io.github.resilientmail.examples.plain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.github.resilientmail.UnknownRecipientException;
import io.github.resilientmail.testing.ScriptedSmtpServer;
import io.github.resilientmail.testing.SmtpStep;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SendWithConfigurationIT {

    @RegisterExtension
    static final GreenMailExtension greenMail =
            new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    /** The example's settings, pointed at a server on loopback, with short waits. */
    private static Properties settings(ScriptedSmtpServer server) {
        Properties settings = SendWithConfiguration.settings();
        settings.setProperty("mail.smtp.host", server.host());
        settings.setProperty("mail.smtp.port", Integer.toString(server.port()));
        settings.setProperty("mail.resilient-smtp.retry.wait-duration", "10ms");
        return settings;
    }

    @Test
    void settingsNameTheResilientTransportForTransportSend() {
        assertThat(SendWithConfiguration.settings())
                .containsEntry("mail.transport.protocol.rfc822", "resilient-smtp")
                .containsEntry("mail.transport.protocol", "resilient-smtp");
    }

    @Test
    void mainSendsToTheRelayGivenOnTheCommandLine() throws Exception {
        SendWithConfiguration.main(
                new String[] {
                    "127.0.0.1", Integer.toString(greenMail.getSmtp().getPort()), "bob@example.com"
                });

        assertThat(greenMail.getReceivedMessages())
                .singleElement()
                .satisfies(m -> assertThat(m.getSubject()).isEqualTo("Hello from resilient-mail"));
    }

    @Test
    void transportSendRetriesAGreylistedRecipientAndDeliversOnce() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start()) {
            server.script()
                    .on(SmtpStep.RCPT, "bob@example.com")
                    .reply("450 4.7.1 <bob@example.com>: Greylisted, try again later")
                    .once();

            SendWithConfiguration.send(
                    settings(server), "alice@example.com", "bob@example.com", "Hi");

            assertThat(server.deliveredTo("bob@example.com")).isEqualTo(1);
            assertThat(server.transcript())
                    .filteredOn(line -> line.line().startsWith("RCPT"))
                    .hasSize(2);
        }
    }

    @Test
    void transportSendThrowsTheTypedExceptionOfAnUnknownUser() {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start()) {
            server.script()
                    .on(SmtpStep.RCPT, "gone@example.com")
                    .reply("550 5.1.1 <gone@example.com>: User unknown");

            assertThatThrownBy(
                            () ->
                                    SendWithConfiguration.send(
                                            settings(server),
                                            "alice@example.com",
                                            "gone@example.com",
                                            "Hi"))
                    .isInstanceOf(UnknownRecipientException.class);
            assertThat(server.deliveries()).isEmpty();
        }
    }
}
