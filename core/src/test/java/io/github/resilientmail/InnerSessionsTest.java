package io.github.resilientmail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import jakarta.mail.Authenticator;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import java.lang.ref.WeakReference;
import java.net.InetAddress;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

class InnerSessionsTest {

    private static Session outer(String... settings) {
        Properties properties = new Properties();
        for (int i = 0; i < settings.length; i += 2) {
            properties.setProperty(settings[i], settings[i + 1]);
        }
        return Session.getInstance(properties);
    }

    @Test
    void keepsTheApplicationsSettingsUnchanged() {
        Session inner =
                InnerSessions.create(
                        outer(
                                "mail.smtp.host", "smtp.example.com",
                                "mail.smtp.port", "587",
                                "mail.smtp.starttls.enable", "true",
                                "mail.smtp.timeout", "5000"),
                        "resilient-smtp",
                        "smtp");

        assertThat(inner.getProperty("mail.smtp.host")).isEqualTo("smtp.example.com");
        assertThat(inner.getProperty("mail.smtp.port")).isEqualTo("587");
        assertThat(inner.getProperty("mail.smtp.starttls.enable")).isEqualTo("true");
        assertThat(inner.getProperty("mail.smtp.timeout")).isEqualTo("5000");
    }

    @Test
    void copiesOuterProtocolSettingsUnlessTheInnerOnesAreSet() {
        Session inner =
                InnerSessions.create(
                        outer(
                                "mail.resilient-smtp.ssl.enable", "true",
                                "mail.resilient-smtp.port", "2525",
                                "mail.smtp.port", "587"),
                        "resilient-smtp",
                        "smtp");

        assertThat(inner.getProperty("mail.smtp.ssl.enable")).isEqualTo("true");
        assertThat(inner.getProperty("mail.smtp.port")).isEqualTo("587");
    }

    @Test
    void doesNotCopyTheTransportsOwnSettings() {
        Session inner =
                InnerSessions.create(
                        outer(
                                "mail.resilient-smtp.retry.max-attempts", "5",
                                "mail.resilient-smtp.circuit-breaker.sliding-window-size", "4",
                                "mail.resilient-smtp.delivery-guarantee", "at-most-once"),
                        "resilient-smtp",
                        "smtp");

        assertThat(inner.getProperty("mail.smtp.retry.max-attempts")).isNull();
        assertThat(inner.getProperty("mail.smtp.circuit-breaker.sliding-window-size")).isNull();
        assertThat(inner.getProperty("mail.smtp.delivery-guarantee")).isNull();
    }

    @Test
    void timeoutsAreFiniteByDefault() {
        Session inner = InnerSessions.create(outer(), "resilient-smtps", "smtps");

        assertThat(inner.getProperty("mail.smtps.connectiontimeout")).isEqualTo("10000");
        assertThat(inner.getProperty("mail.smtps.timeout")).isEqualTo("60000");
        assertThat(inner.getProperties().get("mail.smtps.socketFactory"))
                .asInstanceOf(type(BoundedReplySockets.class))
                .extracting(BoundedReplySockets::writeTimeoutMillis)
                .isEqualTo(60_000);
    }

    @Test
    void theApplicationsWriteTimeoutMovesToTheSockets() {
        Session inner =
                InnerSessions.create(
                        outer("mail.smtp.writetimeout", "1500"), "resilient-smtp", "smtp");

        assertThat(inner.getProperty("mail.smtp.writetimeout"))
                .as("Angus Mail would time every write a second time")
                .isNull();
        assertThat(inner.getProperties().get("mail.smtp.socketFactory"))
                .asInstanceOf(type(BoundedReplySockets.class))
                .extracting(BoundedReplySockets::writeTimeoutMillis)
                .isEqualTo(1500);
    }

    @Test
    void withTheApplicationsSocketsAngusWriteTimeoutsShareOneScheduler() {
        Session first =
                InnerSessions.create(
                        outer("mail.smtp.socks.host", "socks.example.com"),
                        "resilient-smtp",
                        "smtp");
        Session second =
                InnerSessions.create(
                        outer("mail.smtps.socks.host", "socks.example.com"),
                        "resilient-smtps",
                        "smtps");

        Object scheduler = first.getProperties().get("mail.smtp.executor.writetimeout");
        assertThat(scheduler).isInstanceOf(ScheduledExecutorService.class);
        assertThat(second.getProperties().get("mail.smtps.executor.writetimeout"))
                .isSameAs(scheduler);
    }

    @Test
    void keepsTheApplicationsWriteTimeoutScheduler() {
        ScheduledExecutorService own = Executors.newSingleThreadScheduledExecutor();
        try {
            Session outer = outer("mail.smtp.socks.host", "socks.example.com");
            outer.getProperties().put("mail.smtp.executor.writetimeout", own);

            Session inner = InnerSessions.create(outer, "resilient-smtp", "smtp");

            assertThat(inner.getProperties().get("mail.smtp.executor.writetimeout")).isSameAs(own);
        } finally {
            own.shutdownNow();
        }
    }

    @Test
    void boundsRepliesThroughItsOwnSocketsWhenTheApplicationChoseNone() {
        Session inner = InnerSessions.create(outer(), "resilient-smtps", "smtps");

        Object factory = inner.getProperties().get("mail.smtps.socketFactory");
        assertThat(factory).isInstanceOf(BoundedReplySockets.class);
        assertThat(inner.getProperty("mail.smtps.socketFactory.fallback")).isEqualTo("false");
        assertThat(((BoundedReplySockets) factory).createSocket())
                .isInstanceOf(BoundedReplySocket.class);
        assertThat(inner.getProperties().get("mail.smtps.executor.writetimeout")).isNull();
    }

    @Test
    void leavesSocketsAloneWhenTheApplicationChoseHowTheyAreMade() {
        String[][] choices = {
            {"mail.smtp.socketFactory.class", "com.example.Factory"},
            {"mail.smtp.socketFactory.port", "465"},
            {"mail.smtp.ssl.socketFactory.class", "com.example.SslFactory"},
            {"mail.smtp.socks.host", "socks.example.com"},
            {"mail.smtp.usesocketchannels", "true"},
        };
        for (String[] choice : choices) {
            Session inner = InnerSessions.create(outer(choice), "resilient-smtp", "smtp");

            assertThat(inner.getProperties().get("mail.smtp.socketFactory")).as(choice[0]).isNull();
            assertThat(inner.getProperty("mail.smtp.socketFactory.fallback"))
                    .as(choice[0])
                    .isNull();
        }
        javax.net.SocketFactory own = javax.net.SocketFactory.getDefault();
        Session outer = outer();
        outer.getProperties().put("mail.smtp.socketFactory", own);

        Session inner = InnerSessions.create(outer, "resilient-smtp", "smtp");

        assertThat(inner.getProperties().get("mail.smtp.socketFactory")).isSameAs(own);
    }

    @Test
    void keepsValuesThatAreNoStrings() {
        Object factory = new Object();
        Session outer = outer();
        outer.getProperties().put("mail.smtp.ssl.socketFactory", factory);

        Session inner = InnerSessions.create(outer, "resilient-smtp", "smtp");

        assertThat(inner.getProperties().get("mail.smtp.ssl.socketFactory")).isSameAs(factory);
    }

    @Test
    void asksTheApplicationsAuthenticatorForPasswords() throws Exception {
        Session outer =
                Session.getInstance(
                        new Properties(),
                        new Authenticator() {
                            @Override
                            protected PasswordAuthentication getPasswordAuthentication() {
                                return new PasswordAuthentication(getDefaultUserName(), "secret");
                            }
                        });
        Session inner = InnerSessions.create(outer, "resilient-smtp", "smtp");

        PasswordAuthentication answer =
                inner.requestPasswordAuthentication(
                        InetAddress.getLoopbackAddress(), 25, "smtp", null, "mailer");

        assertThat(answer.getUserName()).isEqualTo("mailer");
        assertThat(answer.getPassword()).isEqualTo("secret");
    }

    @Test
    void derivesOneSessionPerApplicationSessionAndProtocol() {
        InnerSessions sessions = new InnerSessions();
        Session outer = outer();

        Session first = sessions.derive(outer, "resilient-smtp", "smtp");

        assertThat(sessions.derive(outer, "resilient-smtp", "smtp")).isSameAs(first);
        assertThat(sessions.derive(outer, "resilient-smtps", "smtps")).isNotSameAs(first);
        assertThat(sessions.derive(outer(), "resilient-smtp", "smtp")).isNotSameAs(first);
    }

    @Test
    void derivesTheRightSessionWhenApplicationSessionsAlternate() {
        InnerSessions sessions = new InnerSessions();
        Session a = outer("mail.smtp.host", "a.example.com");
        Session b = outer("mail.smtp.host", "b.example.com");

        Session fromA = sessions.derive(a, "resilient-smtp", "smtp");
        Session fromB = sessions.derive(b, "resilient-smtp", "smtp");
        Session fromASmtps = sessions.derive(a, "resilient-smtps", "smtps");

        assertThat(fromA.getProperty("mail.smtp.host")).isEqualTo("a.example.com");
        assertThat(fromB.getProperty("mail.smtp.host")).isEqualTo("b.example.com");
        assertThat(sessions.derive(a, "resilient-smtp", "smtp")).isSameAs(fromA);
        assertThat(sessions.derive(b, "resilient-smtp", "smtp")).isSameAs(fromB);
        assertThat(sessions.derive(a, "resilient-smtps", "smtps")).isSameAs(fromASmtps);
    }

    @Test
    void derivedSessionDoesNotKeepTheApplicationSessionAlive() {
        InnerSessions sessions = new InnerSessions();
        Session outer = outer("mail.smtp.host", "smtp.example.com");
        sessions.derive(outer, "resilient-smtp", "smtp");
        WeakReference<Session> released = new WeakReference<>(outer);
        outer = null;

        for (int i = 0; i < 50 && released.get() != null; i++) {
            System.gc();
        }

        assertThat(released.get()).isNull();
    }
}
