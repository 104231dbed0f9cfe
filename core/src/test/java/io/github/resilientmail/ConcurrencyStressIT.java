package io.github.resilientmail;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.github.resilientmail.testing.Action;
import io.github.resilientmail.testing.ScriptedSmtpServer;
import io.github.resilientmail.testing.SmtpStep;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The state transports share, under many threads: the registries of breakers and retries, the cache
 * of derived sessions and the settings read from each session. Each test starts its threads
 * together, so that they meet in the shared objects.
 */
class ConcurrencyStressIT {

    private static final int THREADS = 16;
    private static final int MESSAGES_PER_THREAD = 25;

    /** Every 7th MAIL FROM is answered with a relay failure, retried. */
    private static final int FAULT_EVERY = 7;

    private final AtomicInteger mailCommands = new AtomicInteger();
    private final AtomicInteger faults = new AtomicInteger();
    private ScriptedSmtpServer server;

    @BeforeEach
    void start() {
        server =
                ScriptedSmtpServer.builder()
                        .maxConnections(2 * THREADS)
                        .faults(
                                (step, connection, argument) -> {
                                    if (step == SmtpStep.MAIL
                                            && mailCommands.incrementAndGet() % FAULT_EVERY == 0) {
                                        faults.incrementAndGet();
                                        return Action.reply("451 4.3.0 Temporary local problem");
                                    }
                                    return null;
                                })
                        .start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Properties properties() {
        return Mails.properties(
                server,
                "mail.transport.protocol.rfc822",
                "resilient-smtp",
                "mail.resilient-smtp.retry.max-attempts",
                "6",
                "mail.resilient-smtp.retry.wait-duration",
                "1ms",
                "mail.resilient-smtp.retry.randomized-wait-factor",
                "0",
                // Never opens: the test counts every call the breaker records.
                "mail.resilient-smtp.circuit-breaker.sliding-window-size",
                "10000",
                "mail.resilient-smtp.circuit-breaker.minimum-number-of-calls",
                "10000");
    }

    private static MimeMessage message(Session session, String to) throws Exception {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(Mails.FROM));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject("stress");
        message.setText("Hello\r\n");
        return message;
    }

    @Test
    void transportSendFromManyThreadsDeliversEachOnceAndSharesOneBreakerThatCountsEveryCall()
            throws Exception {
        Session shared = Session.getInstance(properties());
        // The relay's retry in the registry is the one of the first session that sends to it;
        // transports of other sessions retry outside the registry (see the Builder's javadoc).
        Transport.send(message(shared, "first@example.com"));
        CountDownLatch go = new CountDownLatch(1);
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            done.add(
                    pool.submit(
                            () -> {
                                go.await();
                                for (int m = 0; m < MESSAGES_PER_THREAD; m++) {
                                    // Half the threads share one session; the others make a new
                                    // one per message, as short-lived code does.
                                    Session session =
                                            thread % 2 == 0
                                                    ? shared
                                                    : Session.getInstance(properties());
                                    try {
                                        Transport.send(message(session, address(thread, m)));
                                    } catch (Exception | AssertionError e) {
                                        failures.add(e);
                                    }
                                }
                                return null;
                            }));
        }
        go.countDown();
        for (Future<?> future : done) {
            future.get(2, TimeUnit.MINUTES);
        }
        pool.shutdown();

        int messages = THREADS * MESSAGES_PER_THREAD + 1;
        String relay = "127.0.0.1:" + server.port();
        assertThat(failures).as("failures").isEmpty();
        assertThat(server.deliveries()).hasSize(messages);
        assertThat(server.deliveredTo("first@example.com")).isEqualTo(1);
        for (int t = 0; t < THREADS; t++) {
            for (int m = 0; m < MESSAGES_PER_THREAD; m++) {
                assertThat(server.deliveredTo(address(t, m))).as(address(t, m)).isEqualTo(1);
            }
        }
        assertThat(faults.get()).as("faults injected").isPositive();
        assertThat(
                        ResilientTransport.defaultCircuitBreakerRegistry()
                                .getAllCircuitBreakers()
                                .stream()
                                .filter(b -> b.getName().equals(relay)))
                .as("one breaker for the relay")
                .hasSize(1);
        CircuitBreaker.Metrics metrics =
                ResilientTransport.defaultCircuitBreakerRegistry()
                        .circuitBreaker(relay)
                        .getMetrics();
        assertThat(metrics.getNumberOfFailedCalls())
                .as("each injected fault counted once")
                .isEqualTo(faults.get());
        assertThat(metrics.getNumberOfSuccessfulCalls())
                .as("each connect and each send counted once")
                .isEqualTo(2 * messages);
        assertThat(
                        ResilientTransport.defaultRetryRegistry().getAllRetries().stream()
                                .filter(r -> r.getName().equals(relay)))
                .as("one registered retry for the relay")
                .hasSize(1);
        Retry.Metrics retried = ResilientTransport.defaultRetryRegistry().retry(relay).getMetrics();
        assertThat(
                        retried.getNumberOfSuccessfulCallsWithoutRetryAttempt()
                                + retried.getNumberOfSuccessfulCallsWithRetryAttempt())
                .as("the shared session's calls, each counted once by its retry")
                .isEqualTo(2L * ((THREADS / 2) * MESSAGES_PER_THREAD + 1));
        assertThat(retried.getNumberOfFailedCallsWithRetryAttempt()).isZero();
    }

    @Test
    void derivedSessionsAndSettingsAreOnePerSessionWhateverTheThreads() throws Exception {
        List<Session> sessions = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            sessions.add(Session.getInstance(properties()));
        }
        InnerSessions cache = new InnerSessions();
        Set<Object> derived = ConcurrentHashMap.newKeySet();
        Set<Object> setups = ConcurrentHashMap.newKeySet();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            done.add(
                    pool.submit(
                            () -> {
                                go.await();
                                for (int round = 0; round < 200; round++) {
                                    for (Session session : sessions) {
                                        derived.add(
                                                cache.derive(
                                                        session,
                                                        ResilientTransport.PROTOCOL,
                                                        "smtp"));
                                        setups.add(
                                                Setup.fromSession(
                                                        session, ResilientTransport.PROTOCOL));
                                    }
                                }
                                return null;
                            }));
        }
        go.countDown();
        for (Future<?> future : done) {
            future.get(1, TimeUnit.MINUTES);
        }
        pool.shutdown();

        assertThat(derived).as("one derived session per session").hasSize(sessions.size());
        assertThat(setups).as("one setup per session").hasSize(sessions.size());
    }

    private static String address(int thread, int message) {
        return "t" + thread + "m" + message + "@example.com";
    }
}
