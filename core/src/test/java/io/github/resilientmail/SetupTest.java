package io.github.resilientmail;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import java.lang.ref.WeakReference;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SetupTest {

    private static Session session(String... settings) {
        Properties properties = new Properties();
        for (int i = 0; i < settings.length; i += 2) {
            properties.setProperty(settings[i], settings[i + 1]);
        }
        return Session.getInstance(properties);
    }

    @Test
    void readsEachSessionOnceAndTheRightOneWhenSessionsAlternate() {
        Session a = session("mail.resilient-smtp.retry.max-attempts", "5");
        Session b = session("mail.resilient-smtp.retry.max-attempts", "2");

        Setup fromA = Setup.fromSession(a, ResilientTransport.PROTOCOL);
        Setup fromB = Setup.fromSession(b, ResilientTransport.PROTOCOL);
        Setup fromASsl = Setup.fromSession(a, ResilientTransport.PROTOCOL_SSL);

        assertThat(fromA.settings.retry().getMaxAttempts()).isEqualTo(5);
        assertThat(fromB.settings.retry().getMaxAttempts()).isEqualTo(2);
        assertThat(fromASsl.innerProtocol).isEqualTo("smtps");
        assertThat(Setup.fromSession(a, ResilientTransport.PROTOCOL)).isSameAs(fromA);
        assertThat(Setup.fromSession(b, ResilientTransport.PROTOCOL)).isSameAs(fromB);
        assertThat(Setup.fromSession(a, ResilientTransport.PROTOCOL_SSL)).isSameAs(fromASsl);
    }

    @Test
    void setupDoesNotKeepTheSessionAlive() {
        Session session = session("mail.smtp.host", "smtp.example.com");
        Setup.fromSession(session, ResilientTransport.PROTOCOL);
        WeakReference<Session> released = new WeakReference<>(session);
        session = null;

        for (int i = 0; i < 50 && released.get() != null; i++) {
            System.gc();
        }

        assertThat(released.get()).isNull();
    }
}
