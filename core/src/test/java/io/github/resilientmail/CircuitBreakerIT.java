package io.github.resilientmail;

import static io.github.resilientmail.Mails.BOB;
import static io.github.resilientmail.Mails.CAROL;
import static io.github.resilientmail.Mails.commands;
import static io.github.resilientmail.Mails.message;
import static io.github.resilientmail.Mails.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilientmail.reply.Category;
import io.github.resilientmail.testing.ScriptedSmtpServer;
import io.github.resilientmail.testing.SmtpStep;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.event.TransportEvent;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One circuit breaker per relay, shared by the transports built with the same registry. */
class CircuitBreakerIT {

    private static final Duration OPEN = Duration.ofSeconds(30);

    private final FakeClock clock = new FakeClock();
    private final RecordingListener listener = new RecordingListener();
    private final CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
    private final RetryRegistry retries = RetryRegistry.ofDefaults();
    private ScriptedSmtpServer server;

    @BeforeEach
    void start() {
        server = ScriptedSmtpServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A new transport for each send, as {@code Transport.send} does. */
    private void send(Session session, Message message, int maxAttempts) throws MessagingException {
        try (ResilientTransport transport =
                ResilientTransport.builder(session)
                        .clock(clock)
                        .sleeper(clock::advance)
                        .circuitBreakerRegistry(breakers)
                        .retryRegistry(retries)
                        .retryConfig(RetryConfig.custom().maxAttempts(maxAttempts).build())
                        .circuitBreakerConfig(
                                CircuitBreakerConfig.custom()
                                        .slidingWindowSize(2)
                                        .minimumNumberOfCalls(2)
                                        .failureRateThreshold(50)
                                        .waitDurationInOpenState(OPEN)
                                        .permittedNumberOfCallsInHalfOpenState(1)
                                        .build())
                        .listener(listener)
                        .build()) {
            transport.connect();
            transport.sendMessage(message, message.getAllRecipients());
        }
    }

    private CircuitBreaker breaker() {
        return breakers.circuitBreaker("127.0.0.1:" + server.port());
    }

    @Test
    void repeated421OpensTheBreakerFailsFastThenHalfOpensAndRecovers() throws Exception {
        server.script().on(SmtpStep.CONNECT).reply("421 4.3.2 Service not available").times(2);
        Session session = session(server);

        Throwable first = catchThrowable(() -> send(session, message(session, BOB), 1));
        Throwable second = catchThrowable(() -> send(session, message(session, BOB), 1));

        assertThat(first).isExactlyInstanceOf(TemporaryFailureException.class);
        assertThat(second).isExactlyInstanceOf(TemporaryFailureException.class);
        assertThat(((SmtpFailure) second).category()).isEqualTo(Category.SERVICE_UNAVAILABLE);
        assertThat(breakers.getAllCircuitBreakers()).singleElement().isSameAs(breaker());
        assertThat(breaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(server.connections()).isEqualTo(2);

        Throwable fast = catchThrowable(() -> send(session, message(session, BOB), 1));

        assertThat(fast).isExactlyInstanceOf(CircuitOpenException.class);
        CircuitOpenException open = (CircuitOpenException) fast;
        assertThat(open.isTransient()).isTrue();
        assertThat(open.attempts()).isZero();
        assertThat(open.retryAfter()).contains(OPEN);
        assertThat(server.connections()).as("no new connection").isEqualTo(2);

        clock.advance(OPEN.plusSeconds(1));
        send(session, message(session, BOB), 1);

        assertThat(server.deliveredTo(BOB)).isEqualTo(1);
        assertThat(breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(listener.transitions)
                .extracting(t -> t.from(), t -> t.to())
                .containsExactly(
                        tuple(CircuitBreaker.State.CLOSED, CircuitBreaker.State.OPEN),
                        tuple(CircuitBreaker.State.OPEN, CircuitBreaker.State.HALF_OPEN),
                        tuple(CircuitBreaker.State.HALF_OPEN, CircuitBreaker.State.CLOSED));
        assertThat(listener.transitions)
                .allSatisfy(t -> assertThat(t.relay()).isEqualTo("127.0.0.1:" + server.port()));
    }

    @Test
    void breakerThatOpensDuringRetriesStopsThem() throws Exception {
        server.script().on(SmtpStep.CONNECT).reply("421 4.3.2 Service not available");
        Session session = session(server);

        Throwable thrown = catchThrowable(() -> send(session, message(session, BOB), 5));

        assertThat(thrown).isInstanceOf(SmtpSendException.class);
        assertThat(((SmtpFailure) thrown).isTransient()).isTrue();
        assertThat(server.connections()).isEqualTo(2);
        assertThat(breaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void halfOpenFailureOpensTheBreakerAgain() throws Exception {
        server.script().on(SmtpStep.CONNECT).reply("421 4.3.2 Service not available").times(3);
        Session session = session(server);
        catchThrowable(() -> send(session, message(session, BOB), 1));
        catchThrowable(() -> send(session, message(session, BOB), 1));
        clock.advance(OPEN.plusSeconds(1));

        Throwable thrown = catchThrowable(() -> send(session, message(session, BOB), 1));

        assertThat(thrown).isExactlyInstanceOf(TemporaryFailureException.class);
        assertThat(breaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(catchThrowable(() -> send(session, message(session, BOB), 1)))
                .isExactlyInstanceOf(CircuitOpenException.class);
        assertThat(server.connections()).isEqualTo(3);
    }

    @Test
    void unknownRecipientNeverCountsTowardTheBreaker() throws Exception {
        server.script().on(SmtpStep.RCPT, BOB).reply("550 5.1.1 User unknown");
        Session session = session(server);

        for (int i = 0; i < 5; i++) {
            assertThat(catchThrowable(() -> send(session, message(session, BOB), 3)))
                    .isExactlyInstanceOf(UnknownRecipientException.class);
        }
        send(session, message(session, CAROL), 3);

        assertThat(breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker().getMetrics().getNumberOfFailedCalls()).isZero();
        assertThat(server.connections()).isEqualTo(6);
        assertThat(server.deliveredTo(CAROL)).isEqualTo(1);
        assertThat(listener.transitions).isEmpty();
    }

    @Test
    void breakersAreKeptPerRelay() throws Exception {
        try (ScriptedSmtpServer other = ScriptedSmtpServer.start()) {
            server.script().on(SmtpStep.CONNECT).reply("421 4.3.2 Service not available");
            Session failing = session(server);
            catchThrowable(() -> send(failing, message(failing, BOB), 1));
            catchThrowable(() -> send(failing, message(failing, BOB), 1));
            Session healthy = Mails.session(other);

            send(healthy, message(healthy, BOB), 1);

            assertThat(breaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
            assertThat(other.deliveredTo(BOB)).isEqualTo(1);
        }
    }

    @Test
    void openBreakerOnAConnectedTransportFailsTheMessageWithOneEvent() throws Exception {
        server.script().on(SmtpStep.MAIL).reply("451 4.3.0 Temporary local problem");
        Session session = session(server);
        Mails.EventLog events = new Mails.EventLog();
        Throwable thrown;

        try (ResilientTransport transport =
                ResilientTransport.builder(session)
                        .clock(clock)
                        .sleeper(clock::advance)
                        .circuitBreakerRegistry(breakers)
                        .retryRegistry(retries)
                        .circuitBreakerConfig(
                                CircuitBreakerConfig.custom()
                                        .slidingWindowSize(2)
                                        .minimumNumberOfCalls(2)
                                        .waitDurationInOpenState(OPEN)
                                        .build())
                        .build()) {
            transport.addTransportListener(events);
            transport.addConnectionListener(events);
            transport.connect();
            MimeMessage message = message(session, BOB);
            thrown =
                    catchThrowable(
                            () -> transport.sendMessage(message, message.getAllRecipients()));
        }

        assertThat(thrown).isExactlyInstanceOf(CircuitOpenException.class);
        CircuitOpenException open = (CircuitOpenException) thrown;
        // The connect succeeded and the first MAIL failed: 50 % of 2 calls opens the breaker.
        assertThat(open.attempts()).isEqualTo(1);
        assertThat(open.getNextException())
                .as("the failure that opened the breaker stays chained")
                .isNotNull();
        assertThat(commands(server, "MAIL")).hasSize(1);
        assertThat(Mails.EventLog.transportEventTypes(events.untilClosed()))
                .containsExactly(TransportEvent.MESSAGE_NOT_DELIVERED);
    }
}
