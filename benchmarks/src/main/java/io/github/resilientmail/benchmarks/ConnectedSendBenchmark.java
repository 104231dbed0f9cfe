package io.github.resilientmail.benchmarks;

import jakarta.mail.Address;
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
import org.openjdk.jmh.annotations.TearDown;

/**
 * Messages per second through one connected transport that is reused for every message, each thread
 * with its own transport and connection, all against one {@link SmtpSink}: the cost of the
 * decorator on the success path. Run with {@code -t 1,2,4,8} (or the report's threads section) for
 * the scaling with threads.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@State(Scope.Thread)
public class ConnectedSendBenchmark {

    /**
     * Which transport sends: {@code raw}, {@code raw-timeouts}, {@code raw-timeouts-angus} or
     * {@code resilient} (see {@link Side}).
     */
    @Param({"raw", "raw-timeouts", "raw-timeouts-angus", "resilient"})
    public String side = "raw";

    private @Nullable Transport transport;
    private @Nullable MimeMessage message;
    private Address[] recipients = new Address[0];

    /** Creates the state; JMH calls {@link #connect(SinkState)} before the benchmark runs. */
    public ConnectedSendBenchmark() {}

    /**
     * Connects this thread's transport to the sink.
     *
     * @param sink the running sink
     * @throws MessagingException when the connection fails
     */
    @Setup
    public void connect(SinkState sink) throws MessagingException {
        Side chosen = Side.of(side);
        Transport connected = chosen.connect(sink.sink());
        transport = connected;
        message = Side.message(chosen.session(sink.sink()));
        recipients = Side.recipients(message);
    }

    /**
     * Sends the message once over the open connection.
     *
     * @throws MessagingException when the send fails
     */
    @Benchmark
    public void send() throws MessagingException {
        Transport open = transport;
        MimeMessage sent = message;
        if (open == null || sent == null) {
            throw new IllegalStateException("not set up");
        }
        open.sendMessage(sent, recipients);
    }

    /**
     * Closes this thread's transport.
     *
     * @throws MessagingException when QUIT fails
     */
    @TearDown
    public void close() throws MessagingException {
        if (transport != null) {
            transport.close();
            transport = null;
        }
    }
}
