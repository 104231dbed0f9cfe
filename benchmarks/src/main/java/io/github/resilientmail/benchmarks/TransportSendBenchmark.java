package io.github.resilientmail.benchmarks;

import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
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

/**
 * Messages per second through {@code Transport.send(message)}, which creates a transport, opens a
 * connection (greeting, EHLO), sends and closes it (QUIT) for every message: the per-connection
 * cost of the decorator, which the application chose by configuration ({@code
 * mail.transport.protocol.rfc822=resilient-smtp}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@State(Scope.Thread)
public class TransportSendBenchmark {

    /**
     * Which transport sends: {@code raw}, {@code raw-timeouts}, {@code raw-timeouts-angus} or
     * {@code resilient} (see {@link Side}).
     */
    @Param({"raw", "raw-timeouts", "raw-timeouts-angus", "resilient"})
    public String side = "raw";

    private @Nullable MimeMessage message;

    /** Creates the state; JMH calls {@link #prepare(SinkState)} before the benchmark runs. */
    public TransportSendBenchmark() {}

    /**
     * Prepares the message in a session of the side.
     *
     * @param sink the running sink
     * @throws MessagingException when the message cannot be built
     */
    @Setup
    public void prepare(SinkState sink) throws MessagingException {
        message = Side.message(Side.of(side).session(sink.sink()));
    }

    /**
     * Sends the message once, over a connection of its own.
     *
     * @throws MessagingException when the send fails
     */
    @Benchmark
    public void send() throws MessagingException {
        MimeMessage sent = message;
        if (sent == null) {
            throw new IllegalStateException("not set up");
        }
        Transport.send(sent);
    }
}
