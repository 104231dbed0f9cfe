package io.github.resilientmail.benchmarks;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilientmail.CircuitOpenException;
import io.github.resilientmail.ResilientTransport;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * How fast a send fails when the relay's circuit breaker is open, and proof that it opens no
 * socket: the sink counts its connections, and the run fails if the count grew while the breaker
 * was open.
 *
 * <ul>
 *   <li>{@link #transportSend()}: {@code Transport.send(message)} configured with {@code
 *       mail.transport.protocol.rfc822=resilient-smtp}: a new transport, whose {@code connect()}
 *       fails fast; Jakarta Mail's own work ({@code saveChanges}, creating the transport) included.
 *   <li>{@link #sendMessage()}: {@code sendMessage} on a transport that was connected before the
 *       breaker opened: the decorator alone.
 *   <li>{@link #jakartaMailOnly()}: {@code Transport.send(message)} through {@link NullTransport},
 *       which connects to nothing and sends nothing: the floor of Jakarta Mail's own work ({@code
 *       saveChanges}, finding and creating the transport) that every {@code Transport.send} pays.
 * </ul>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@State(Scope.Benchmark)
public class OpenCircuitBenchmark {

    private @Nullable SmtpSink sink;
    private @Nullable CircuitBreaker configuredBreaker;
    private @Nullable CircuitBreaker builtBreaker;
    private @Nullable MimeMessage configuredMessage;
    private @Nullable MimeMessage builtMessage;
    private @Nullable MimeMessage nullMessage;
    private @Nullable Transport connected;
    private Address[] recipients = new Address[0];
    private long connectionsWhileOpen;

    /** Creates the state; JMH calls {@link #openCircuits()} before the benchmark runs. */
    public OpenCircuitBenchmark() {}

    /**
     * Starts a sink of this benchmark's own (so that its relay's breaker is this benchmark's
     * alone), sends one message through each path so that the breakers exist with the transport's
     * configuration, then forces both breakers open.
     *
     * @throws IOException when the sink cannot start
     * @throws MessagingException when the first sends fail
     */
    @Setup
    public void openCircuits() throws IOException, MessagingException {
        SmtpSink started = SmtpSink.start();
        sink = started;
        Session session = Side.RESILIENT.session(started);
        MimeMessage message = Side.message(session);
        configuredMessage = message;
        Transport.send(message);
        String relay = started.host() + ":" + started.port();
        configuredBreaker = breakerOf(ResilientTransport.defaultCircuitBreakerRegistry(), relay);

        CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
        Transport transport =
                ResilientTransport.builder(session).circuitBreakerRegistry(registry).build();
        transport.connect();
        connected = transport;
        builtMessage = Side.message(session);
        recipients = Side.recipients(builtMessage);
        transport.sendMessage(builtMessage, recipients);
        builtBreaker = breakerOf(registry, relay);

        Properties nothing = new Properties();
        nothing.setProperty("mail.transport.protocol.rfc822", NullTransport.PROTOCOL);
        nothing.setProperty("mail.from", "shop@example.com");
        nullMessage = Side.message(Session.getInstance(nothing));

        configuredBreaker.transitionToForcedOpenState();
        builtBreaker.transitionToForcedOpenState();
        connectionsWhileOpen = started.connections();
    }

    private static CircuitBreaker breakerOf(CircuitBreakerRegistry registry, String relay) {
        return registry.find(relay)
                .orElseThrow(() -> new IllegalStateException("no breaker named " + relay));
    }

    /**
     * {@code Transport.send} of a message while the breaker is open.
     *
     * @return the exception, consumed by JMH
     */
    @Benchmark
    public CircuitOpenException transportSend() {
        try {
            Transport.send(configuredMessage);
        } catch (CircuitOpenException e) {
            return e;
        } catch (MessagingException e) {
            throw new IllegalStateException("expected the breaker to be open", e);
        }
        throw new IllegalStateException("sent although the breaker is open");
    }

    /**
     * {@code Transport.send} of a message through a transport that does nothing.
     *
     * @return the message, consumed by JMH
     * @throws MessagingException never: the transport does nothing
     */
    @Benchmark
    public MimeMessage jakartaMailOnly() throws MessagingException {
        MimeMessage message = nullMessage;
        if (message == null) {
            throw new IllegalStateException("not set up");
        }
        Transport.send(message);
        return message;
    }

    /**
     * {@code sendMessage} on a connected transport while the breaker is open.
     *
     * @return the exception, consumed by JMH
     */
    @Benchmark
    public CircuitOpenException sendMessage() {
        Transport transport = connected;
        if (transport == null) {
            throw new IllegalStateException("not set up");
        }
        try {
            transport.sendMessage(builtMessage, recipients);
        } catch (CircuitOpenException e) {
            return e;
        } catch (MessagingException e) {
            throw new IllegalStateException("expected the breaker to be open", e);
        }
        throw new IllegalStateException("sent although the breaker is open");
    }

    /**
     * Closes the breakers and the sink; fails when a connection was opened while they were open.
     *
     * @throws MessagingException when closing the transport fails
     */
    @TearDown
    public void closeCircuits() throws MessagingException {
        SmtpSink started = sink;
        if (started == null) {
            return;
        }
        long opened = started.connections() - connectionsWhileOpen;
        if (configuredBreaker != null) {
            configuredBreaker.transitionToClosedState();
        }
        if (builtBreaker != null) {
            builtBreaker.transitionToClosedState();
        }
        if (connected != null) {
            connected.close();
        }
        started.close();
        sink = null;
        if (opened != 0) {
            throw new IllegalStateException(
                    opened + " connections were opened while the circuit was open");
        }
    }
}
