package io.github.resilientmail.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.github.resilientmail.examples.spring.WelcomeMailer.Result;
import io.github.resilientmail.examples.spring.WelcomeMailer.Status;
import io.github.resilientmail.testing.ScriptedSmtpServer;
import io.github.resilientmail.testing.SmtpStep;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.context.ConfigurableApplicationContext;

/** Runs the example application against SMTP servers on loopback. */
class WelcomeApplicationIT {

    @RegisterExtension
    static final GreenMailExtension greenMail =
            new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @Test
    void sendsAWelcomeMailThroughTheResilientSender() {
        try (ConfigurableApplicationContext app = start(greenMail.getSmtp().getPort())) {
            Result result = app.getBean(WelcomeMailer.class).sendWelcome("bob@example.com");

            assertThat(result.status()).isEqualTo(Status.SENT);
            assertThat(greenMail.getReceivedMessages()).hasSize(1);
            HealthDescriptor health =
                    app.getBean(HealthEndpoint.class).healthForPath("resilientMail");
            assertThat(health.getStatus().getCode()).isEqualTo("UP");
            assertThat(health).isInstanceOf(IndicatedHealthDescriptor.class);
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> relays =
                    (Map<String, Map<String, Object>>)
                            ((IndicatedHealthDescriptor) health).getDetails().get("relays");
            assertThat(relays.values())
                    .singleElement()
                    .extracting(r -> r.get("state"))
                    .isEqualTo("CLOSED");
            assertThat(
                            app.getBean(MeterRegistry.class)
                                    .get("mail.send")
                                    .tag("outcome", "delivered")
                                    .timer()
                                    .count())
                    .isEqualTo(1);
        }
    }

    @Test
    void retriesAGreylistedMailAndDeliversItOnce() {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start()) {
            server.script()
                    .on(SmtpStep.RCPT, "bob@example.com")
                    .reply("451 4.7.1 Greylisted, please try again later")
                    .once();
            try (ConfigurableApplicationContext app = start(server.port())) {
                Result result = app.getBean(WelcomeMailer.class).sendWelcome("bob@example.com");

                assertThat(result.status()).isEqualTo(Status.SENT);
                assertThat(server.deliveredTo("bob@example.com")).isEqualTo(1);
                assertThat(
                                app.getBean(MeterRegistry.class)
                                        .get("mail.send")
                                        .tag("outcome", "retried-then-delivered")
                                        .timer()
                                        .count())
                        .isEqualTo(1);
            }
        }
    }

    @Test
    void saysToRemoveAnAddressTheServerDoesNotKnow() {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start()) {
            server.script()
                    .on(SmtpStep.RCPT, "gone@example.com")
                    .reply("550 5.1.1 <gone@example.com>: Recipient address rejected: User unknown")
                    .always();
            try (ConfigurableApplicationContext app = start(server.port())) {
                Result result = app.getBean(WelcomeMailer.class).sendWelcome("gone@example.com");

                assertThat(result.status()).isEqualTo(Status.REMOVE_ADDRESS);
                assertThat(server.deliveries()).isEmpty();
            }
        }
    }

    private static ConfigurableApplicationContext start(int port) {
        return new SpringApplicationBuilder(WelcomeApplication.class)
                .web(WebApplicationType.NONE)
                .run(
                        "--spring.main.banner-mode=off",
                        "--spring.mail.host=127.0.0.1",
                        "--spring.mail.port=" + port,
                        "--resilient-mail.retry.wait-duration=10ms",
                        "--resilient-mail.retry.exponential-max-wait-duration=20ms");
    }
}
