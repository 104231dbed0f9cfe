package io.github.resilientmail.benchmarks;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilientmail.ResilientTransport;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The decorator's own cost per message, without I/O: both sides send through {@link NullTransport},
 * which sends nothing, so the difference between them is the work of {@code ResilientTransport}
 * alone (checks, breaker and retry bookkeeping, outcome of each recipient).
 *
 * <ul>
 *   <li>{@link #sendMessage()}: on a connected transport, as in {@link ConnectedSendBenchmark};
 *   <li>{@link #transportSend()}: {@code Transport.send}, a transport per message, as in {@link
 *       TransportSendBenchmark}.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@State(Scope.Thread)
public class DecoratorOverheadBenchmark {

    /** Who sends: {@code raw} ({@link NullTransport} itself) or {@code resilient} (wrapping it). */
    @Param({"raw", "resilient"})
    public String side = "raw";

    private @Nullable Transport transport;
    private @Nullable MimeMessage message;
    private Address[] recipients = new Address[0];

    /** Creates the state; JMH calls {@link #connect()} before the benchmark runs. */
    public DecoratorOverheadBenchmark() {}

    /**
     * Connects this thread's transport.
     *
     * @throws MessagingException when connecting fails
     */
    @Setup
    public void connect() throws MessagingException {
        boolean resilient = Side.of(side) == Side.RESILIENT;
        Properties properties = new Properties();
        properties.setProperty("mail.from", "shop@example.com");
        properties.setProperty(
                "mail.transport.protocol.rfc822",
                resilient ? NullTransport.RESILIENT_PROTOCOL : NullTransport.PROTOCOL);
        properties.setProperty(
                "mail." + NullTransport.RESILIENT_PROTOCOL + ".protocol", NullTransport.PROTOCOL);
        Session session = Session.getInstance(properties);
        Transport created =
                resilient
                        ? ResilientTransport.builder(session)
                                .protocol(NullTransport.PROTOCOL)
                                .circuitBreakerRegistry(CircuitBreakerRegistry.ofDefaults())
                                .retryRegistry(RetryRegistry.ofDefaults())
                                .build()
                        : session.getTransport(NullTransport.PROTOCOL);
        created.connect();
        transport = created;
        message = Side.message(session);
        recipients = Side.recipients(message);
    }

    /**
     * Sends the message on the connected transport.
     *
     * @throws MessagingException never, unless the decorator fails
     */
    @Benchmark
    public void sendMessage() throws MessagingException {
        Transport open = transport;
        MimeMessage sent = message;
        if (open == null || sent == null) {
            throw new IllegalStateException("not set up");
        }
        open.sendMessage(sent, recipients);
    }

    /**
     * Sends the message with {@code Transport.send}: a transport, a connect and a close per
     * message.
     *
     * @throws MessagingException never, unless the decorator fails
     */
    @Benchmark
    public void transportSend() throws MessagingException {
        MimeMessage sent = message;
        if (sent == null) {
            throw new IllegalStateException("not set up");
        }
        Transport.send(sent);
    }

    /**
     * Closes this thread's transport.
     *
     * @throws MessagingException never
     */
    @TearDown
    public void close() throws MessagingException {
        if (transport != null) {
            transport.close();
            transport = null;
        }
    }
}
