package io.github.resilientmail.benchmarks;

import java.io.IOException;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** The loopback SMTP sink of one benchmark run, shared by all its threads. */
@State(Scope.Benchmark)
public class SinkState {

    private @Nullable SmtpSink sink;

    /** Creates the state; JMH calls {@link #start()} before the benchmark runs. */
    public SinkState() {}

    /**
     * Starts the sink.
     *
     * @throws IOException when no loopback port can be bound
     */
    @Setup
    public void start() throws IOException {
        sink = SmtpSink.start();
    }

    /** Stops the sink. */
    @TearDown
    public void stop() {
        if (sink != null) {
            sink.close();
            sink = null;
        }
    }

    SmtpSink sink() {
        SmtpSink running = sink;
        if (running == null) {
            throw new IllegalStateException("the sink is not running");
        }
        return running;
    }
}
