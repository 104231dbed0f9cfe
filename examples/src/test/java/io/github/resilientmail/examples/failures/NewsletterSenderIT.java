package io.github.resilientmail.examples.failures;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilientmail.reply.Category;
import io.github.resilientmail.testing.ScriptedSmtpServer;
import io.github.resilientmail.testing.SmtpStep;
import jakarta.mail.Authenticator;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NewsletterSenderIT {

    private final List<String> actions = new CopyOnWriteArrayList<>();
    private ScriptedSmtpServer server = ScriptedSmtpServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    private final NewsletterSender.Actions recorder =
            new NewsletterSender.Actions() {
                @Override
                public void markBad(String address, Category why) {
                    actions.add("markBad " + address + " " + why);
                }

                @Override
                public void reschedule(MimeMessage message, Duration after, Category why) {
                    actions.add("reschedule " + after + " " + why);
                }

                @Override
                public void alertOperator(String problem, MessagingException failure) {
                    actions.add("alert " + problem);
                }
            };

    private Properties settings() {
        Properties settings = new Properties();
        settings.setProperty("mail.transport.protocol.rfc822", "resilient-smtp");
        settings.setProperty("mail.smtp.host", server.host());
        settings.setProperty("mail.smtp.port", Integer.toString(server.port()));
        settings.setProperty("mail.resilient-smtp.retry.wait-duration", "10ms");
        return settings;
    }

    private NewsletterSender newsletter() {
        return new NewsletterSender(Session.getInstance(settings()), recorder);
    }

    @Test
    void deliveredIssueNeedsNoAction() throws Exception {
        assertThat(newsletter().send("bob@example.com", "News")).isTrue();

        assertThat(server.deliveredTo("bob@example.com")).isEqualTo(1);
        assertThat(actions).isEmpty();
    }

    @Test
    void unknownSubscriberIsMarkedBad() throws Exception {
        server.script()
                .on(SmtpStep.RCPT, "gone@example.com")
                .reply("550 5.1.1 <gone@example.com>: Recipient address rejected: User unknown");

        assertThat(newsletter().send("gone@example.com", "News")).isFalse();

        assertThat(actions).containsExactly("markBad gone@example.com USER_UNKNOWN");
        assertThat(server.deliveries()).isEmpty();
    }

    @Test
    void fullMailboxIsRescheduledWhenTheServerSays() throws Exception {
        server.script()
                .on(SmtpStep.RCPT, "bob@example.com")
                .reply("452 4.2.2 <bob@example.com>: Mailbox full, try again in 2 hours");

        assertThat(newsletter().send("bob@example.com", "News")).isFalse();

        assertThat(actions).containsExactly("reschedule PT2H MAILBOX_FULL");
        assertThat(server.connections()).as("not retried within the call").isEqualTo(1);
    }

    @Test
    void fullMailboxWithoutAHintIsRescheduledInSixHours() throws Exception {
        server.script()
                .on(SmtpStep.RCPT, "bob@example.com")
                .reply("552 5.2.2 <bob@example.com>: Mailbox full");

        newsletter().send("bob@example.com", "News");

        assertThat(actions).containsExactly("reschedule PT6H MAILBOX_FULL");
    }

    @Test
    void relayOutageIsRescheduledThenTheOpenBreakerSaysHowLong() throws Exception {
        server.script().on(SmtpStep.CONNECT).reply("421 4.3.2 Service not available");
        Properties settings = settings();
        settings.setProperty("mail.resilient-smtp.circuit-breaker.sliding-window-size", "10");
        settings.setProperty("mail.resilient-smtp.circuit-breaker.minimum-number-of-calls", "4");
        settings.setProperty(
                "mail.resilient-smtp.circuit-breaker.wait-duration-in-open-state", "1m");
        NewsletterSender newsletter = new NewsletterSender(Session.getInstance(settings), recorder);

        newsletter.send("bob@example.com", "News");
        newsletter.send("carol@example.com", "News");

        assertThat(actions)
                .containsExactly(
                        "reschedule PT15M SERVICE_UNAVAILABLE",
                        "reschedule PT1M SERVICE_UNAVAILABLE");
    }

    @Test
    void rejectedCredentialsAlertTheOperator() throws Exception {
        server.close();
        server = ScriptedSmtpServer.builder().credentials("newsletter", "right").start();
        Properties settings = settings();
        settings.setProperty("mail.smtp.auth", "true");
        settings.setProperty("mail.smtp.user", "newsletter");
        Session session =
                Session.getInstance(
                        settings,
                        new Authenticator() {
                            @Override
                            protected PasswordAuthentication getPasswordAuthentication() {
                                return new PasswordAuthentication("newsletter", "wrong");
                            }
                        });

        assertThat(new NewsletterSender(session, recorder).send("bob@example.com", "News"))
                .isFalse();

        assertThat(actions).containsExactly("alert check the mail settings: CREDENTIALS_REJECTED");
        assertThat(server.deliveries()).isEmpty();
    }

    @Test
    void mainSendsToEachSubscriber() throws Exception {
        NewsletterSender.main(
                new String[] {
                    "127.0.0.1", Integer.toString(server.port()), "a@example.com", "b@example.com"
                });

        assertThat(server.deliveredTo("a@example.com")).isEqualTo(1);
        assertThat(server.deliveredTo("b@example.com")).isEqualTo(1);
    }
}
