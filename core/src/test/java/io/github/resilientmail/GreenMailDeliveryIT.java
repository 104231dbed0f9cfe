package io.github.resilientmail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Real deliveries to GreenMail, a full SMTP server. */
class GreenMailDeliveryIT {

    @RegisterExtension
    static final GreenMailExtension GREEN_MAIL =
            new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private Session session(String... settings) {
        Properties properties = new Properties();
        properties.setProperty("mail.smtp.host", "127.0.0.1");
        properties.setProperty("mail.smtp.port", String.valueOf(GREEN_MAIL.getSmtp().getPort()));
        properties.setProperty("mail.smtp.localhost", "client.example");
        for (int i = 0; i < settings.length; i += 2) {
            properties.setProperty(settings[i], settings[i + 1]);
        }
        return Session.getInstance(properties);
    }

    private static MimeMessage message(Session session, String to, String subject)
            throws Exception {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(Mails.FROM));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject);
        message.setText("Hello " + subject);
        return message;
    }

    @Test
    void connectedTransportReusedForFiftyMessagesDeliversEachOnce() throws Exception {
        Session session = session();
        FakeClock clock = new FakeClock();

        try (ResilientTransport transport = Mails.isolated(session, clock).build()) {
            transport.connect();
            for (int i = 0; i < 50; i++) {
                MimeMessage message = message(session, Mails.BOB, "message " + i);
                message.saveChanges();
                transport.sendMessage(message, message.getAllRecipients());
            }
        }

        MimeMessage[] received = GREEN_MAIL.getReceivedMessages();
        assertThat(received).hasSize(50);
        assertThat(received)
                .extracting(MimeMessage::getSubject)
                .doesNotHaveDuplicates()
                .contains("message 0", "message 49");
        assertThat(clock.elapsed()).isZero();
    }

    @Test
    void transportSendWithPropertiesOnlyDelivers() throws Exception {
        Session session = session("mail.transport.protocol.rfc822", "resilient-smtp");
        MimeMessage message = message(session, Mails.BOB, "configured");
        message.addRecipient(Message.RecipientType.CC, new InternetAddress(Mails.CAROL));

        Transport.send(message);

        assertThat(GREEN_MAIL.getReceivedMessagesForDomain("example.com")).hasSize(2);
        assertThat(GREEN_MAIL.getReceivedMessages())
                .extracting(MimeMessage::getSubject)
                .containsOnly("configured");
    }
}
