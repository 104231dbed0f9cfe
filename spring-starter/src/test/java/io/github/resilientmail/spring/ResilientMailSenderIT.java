package io.github.resilientmail.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilientmail.CircuitOpenException;
import io.github.resilientmail.CredentialsRejectedException;
import io.github.resilientmail.ResilienceListener;
import io.github.resilientmail.SmtpFailure;
import io.github.resilientmail.UnknownRecipientException;
import io.github.resilientmail.reply.Category;
import io.github.resilientmail.testing.ScriptedSmtpServer;
import io.github.resilientmail.testing.SmtpStep;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * Sends through the auto-configured {@link JavaMailSender} over SMTP on loopback: to GreenMail, and
 * to the scripted server for exact failures. Asserts on what the server received.
 */
class ResilientMailSenderIT {

    @RegisterExtension
    static final GreenMailExtension greenMail =
            new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private final ScriptedSmtpServer server = ScriptedSmtpServer.start();

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner()
                    .withConfiguration(BootClasses.mail())
                    .withConfiguration(BootClasses.metrics())
                    .withPropertyValues(
                            "resilient-mail.retry.wait-duration=10ms",
                            "resilient-mail.retry.exponential-max-wait-duration=20ms");

    @AfterEach
    void stopServer() {
        server.close();
    }

    private ApplicationContextRunner toScriptedServer() {
        return runner.withPropertyValues(
                "spring.mail.host=" + server.host(), "spring.mail.port=" + server.port());
    }

    private String relay() {
        return server.host() + ":" + server.port();
    }

    @Test
    void deliversToGreenMail() {
        runner.withPropertyValues(
                        "spring.mail.host=127.0.0.1",
                        "spring.mail.port=" + greenMail.getSmtp().getPort())
                .run(
                        context -> {
                            context.getBean(JavaMailSender.class).send(message("bob@example.com"));

                            assertThat(greenMail.getReceivedMessages()).hasSize(1);
                            assertThat(greenMail.getReceivedMessages()[0].getSubject())
                                    .isEqualTo("Welcome");
                            assertThat(sends(context, "delivered", "NONE").count()).isEqualTo(1);
                        });
    }

    @Test
    void retriesATransientFailureThenDeliversOnce() {
        server.script()
                .on(SmtpStep.RCPT, "bob@example.com")
                .reply("451 4.7.1 Greylisted, please try again later")
                .once();
        toScriptedServer()
                .withUserConfiguration(RecordingListener.class)
                .run(
                        context -> {
                            context.getBean(JavaMailSender.class).send(message("bob@example.com"));

                            assertThat(server.deliveredTo("bob@example.com")).isEqualTo(1);
                            assertThat(server.deliveries()).hasSize(1);
                            assertThat(sends(context, "retried-then-delivered", "NONE").count())
                                    .isEqualTo(1);
                            assertThat(context.getBean(RecordingListener.class).retries).hasSize(1);
                            assertThat(
                                            context.getBean(MeterRegistry.class)
                                                    .find("resilience4j.circuitbreaker.state")
                                                    .meters())
                                    .as("Resilience4j's meters of the starter's own registries")
                                    .isNotEmpty();
                            BootClasses.Report health = BootClasses.health(context);
                            assertThat(health.status()).isEqualTo("UP");
                            assertThat(health.relay(relay()))
                                    .containsEntry("state", "CLOSED")
                                    .doesNotContainEntry("lastFailureCategory", "NONE");
                        });
    }

    @Test
    void hideRecipientsMasksAddressesInEventsAndExceptionMessages() {
        server.script()
                .on(SmtpStep.RCPT, "carol@example.com")
                .reply("451 4.7.1 <carol@example.com> greylisted")
                .once();
        server.script()
                .on(SmtpStep.RCPT, "nobody@example.com")
                .reply("550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown")
                .always();
        toScriptedServer()
                .withPropertyValues("resilient-mail.hide-recipients=true")
                .withUserConfiguration(RecordingListener.class)
                .run(
                        context -> {
                            JavaMailSender sender = context.getBean(JavaMailSender.class);
                            sender.send(message("carol@example.com"));

                            Throwable thrown =
                                    catchThrowable(
                                            () -> sender.send(message("nobody@example.com")));

                            assertThat(server.deliveredTo("carol@example.com")).isEqualTo(1);
                            assertThat(thrown).isInstanceOf(MailSendException.class);
                            Exception failure =
                                    ((MailSendException) thrown)
                                            .getFailedMessages()
                                            .values()
                                            .iterator()
                                            .next();
                            assertThat(failure).isInstanceOf(UnknownRecipientException.class);
                            assertThat(failure.getMessage())
                                    .doesNotContain("nobody@example.com")
                                    .contains("n***@example.com");
                            assertThat(thrown.getMessage()).doesNotContain("nobody@example.com");
                            List<ResilienceListener.Retry> retries =
                                    context.getBean(RecordingListener.class).retries;
                            assertThat(retries).hasSize(1);
                            assertThat(retries.get(0).toString())
                                    .doesNotContain("carol@example.com");
                        });
    }

    @Test
    void deliversTheUnknownRecipientExceptionInsideMailSendException() {
        server.script()
                .on(SmtpStep.RCPT, "nobody@example.com")
                .reply("550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown")
                .always();
        toScriptedServer()
                .run(
                        context -> {
                            SimpleMailMessage message = message("nobody@example.com");

                            assertThatThrownBy(
                                            () ->
                                                    context.getBean(JavaMailSender.class)
                                                            .send(message))
                                    .isInstanceOfSatisfying(
                                            MailSendException.class,
                                            e -> {
                                                Map<Object, Exception> failed =
                                                        e.getFailedMessages();
                                                assertThat(failed).hasSize(1);
                                                assertThat(failed.values().iterator().next())
                                                        .isInstanceOfSatisfying(
                                                                UnknownRecipientException.class,
                                                                u ->
                                                                        assertThat(u.attempts())
                                                                                .isEqualTo(1));
                                            });
                            assertThat(server.deliveries()).isEmpty();
                            assertThat(sends(context, "failed", "USER_UNKNOWN").count())
                                    .isEqualTo(1);
                            assertThat(tagValues(context)).noneMatch(v -> v.contains("@"));
                        });
    }

    @Test
    void turnsRejectedCredentialsIntoMailAuthenticationException() {
        server.close();
        try (ScriptedSmtpServer secured =
                ScriptedSmtpServer.builder().credentials("app", "secret").start()) {
            runner.withPropertyValues(
                            "spring.mail.host=" + secured.host(),
                            "spring.mail.port=" + secured.port(),
                            "spring.mail.username=app",
                            "spring.mail.password=wrong",
                            "spring.mail.properties.mail.smtp.auth=true")
                    .run(
                            context -> {
                                SimpleMailMessage message = message("bob@example.com");

                                assertThatThrownBy(
                                                () ->
                                                        context.getBean(JavaMailSender.class)
                                                                .send(message))
                                        .isInstanceOf(MailAuthenticationException.class)
                                        .hasCauseInstanceOf(CredentialsRejectedException.class);
                                assertThat(secured.deliveries()).isEmpty();
                                assertThat(tagValues(context))
                                        .contains(secured.host() + ":" + secured.port())
                                        .noneMatch(v -> v.contains("app"));
                            });
        }
    }

    @Test
    void opensTheRelaysBreakerAndReportsItWithoutConnecting() {
        server.script().on(SmtpStep.CONNECT).reply("421 4.3.2 Service not available").always();
        toScriptedServer()
                .withPropertyValues(
                        "resilient-mail.retry.max-attempts=1",
                        "resilient-mail.circuit-breaker.minimum-number-of-calls=1",
                        "resilient-mail.circuit-breaker.sliding-window-size=1")
                .run(
                        context -> {
                            JavaMailSender sender = context.getBean(JavaMailSender.class);
                            Throwable relayDown =
                                    catchThrowable(() -> sender.send(message("bob@example.com")));
                            Throwable circuitOpen =
                                    catchThrowable(() -> sender.send(message("bob@example.com")));
                            BootClasses.Report health = BootClasses.health(context);

                            assertThat(relayDown).isInstanceOf(MailSendException.class);
                            assertThat(relayDown.getCause()).isInstanceOf(SmtpFailure.class);
                            assertThat(circuitOpen)
                                    .isInstanceOf(MailSendException.class)
                                    .hasCauseInstanceOf(CircuitOpenException.class);
                            assertThat(server.connections()).isEqualTo(1);
                            Category cause = ((SmtpFailure) relayDown.getCause()).category();
                            assertThat(health.status()).isEqualTo("DOWN");
                            assertThat(health.relay(relay()))
                                    .containsEntry("state", "OPEN")
                                    .containsEntry("failureRate", 100.0f)
                                    .containsEntry("lastFailureCategory", cause.name());
                            assertThat(sends(context, "failed", cause.name()).count())
                                    .isGreaterThanOrEqualTo(1);
                            assertThat(
                                            context
                                                    .getBean(MeterRegistry.class)
                                                    .find("mail.send")
                                                    .tag("outcome", "failed")
                                                    .timers()
                                                    .stream()
                                                    .mapToLong(Timer::count)
                                                    .sum())
                                    .isEqualTo(2);
                        });
    }

    @Test
    void keepsBootsStartupConnectionTestAsAPlainProbe() {
        server.script().on(SmtpStep.CONNECT).reply("421 4.3.2 Service not available").always();
        toScriptedServer()
                .withConfiguration(BootClasses.mailValidator())
                .withPropertyValues("spring.mail.test-connection=true")
                .run(
                        context -> {
                            assertThat(context).hasFailed();
                            assertThat(server.connections()).isEqualTo(1);
                        });
    }

    @Test
    void passesBootsStartupConnectionTestWhenTheRelayAnswers() {
        toScriptedServer()
                .withConfiguration(BootClasses.mailValidator())
                .withPropertyValues("spring.mail.test-connection=true")
                .run(
                        context -> {
                            assertThat(context).hasNotFailed();
                            assertThat(server.connections()).isEqualTo(1);
                        });
    }

    @Test
    void keepsTheRelaysBreakerInTheApplicationsRegistry() {
        toScriptedServer()
                .withUserConfiguration(AppRegistry.class)
                .run(
                        context -> {
                            context.getBean(JavaMailSender.class).send(message("bob@example.com"));

                            assertThat(server.deliveredTo("bob@example.com")).isEqualTo(1);
                            assertThat(context.getBean(CircuitBreakerRegistry.class).find(relay()))
                                    .isPresent();
                        });
    }

    private static SimpleMailMessage message(String to) {
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom("app@example.org");
        message.setTo(to);
        message.setSubject("Welcome");
        message.setText("Hello");
        return message;
    }

    private static Timer sends(
            AssertableApplicationContext context, String outcome, String category) {
        Timer timer =
                context.getBean(MeterRegistry.class)
                        .find("mail.send")
                        .tag("outcome", outcome)
                        .tag("category", category)
                        .timer();
        assertThat(timer).as("mail.send{outcome=%s,category=%s}", outcome, category).isNotNull();
        return timer;
    }

    private static List<String> tagValues(AssertableApplicationContext context) {
        List<String> values = new CopyOnWriteArrayList<>();
        for (Meter meter : context.getBean(MeterRegistry.class).find("mail.send").meters()) {
            for (Tag tag : meter.getId().getTags()) {
                values.add(tag.getValue());
            }
        }
        assertThat(values).isNotEmpty();
        return values;
    }

    @Configuration(proxyBeanMethods = false)
    static class RecordingListener implements ResilienceListener {
        final List<Retry> retries = new CopyOnWriteArrayList<>();

        @Override
        public void onRetry(Retry retry) {
            retries.add(retry);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class AppRegistry {
        @Bean
        CircuitBreakerRegistry appCircuitBreakers() {
            return CircuitBreakerRegistry.ofDefaults();
        }
    }
}
