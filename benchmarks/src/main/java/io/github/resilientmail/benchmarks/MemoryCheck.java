package io.github.resilientmail.benchmarks;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilientmail.ResilientTransport;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Heap measurements: what each relay costs in the registries, and whether the heap grows with the
 * number of messages sent. Heap is measured as used heap after full collections ({@code
 * System.gc()}, which is a full collection unless the JVM is told otherwise).
 */
final class MemoryCheck {

    private MemoryCheck() {}

    /** The heap that {@code relays} relays' breakers and retries retain. */
    record Footprint(int relays, long before, long after) {
        double bytesPerRelay() {
            return (after - before) / (double) relays;
        }

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "%,d relays: heap %,d -> %,d bytes, %,.0f bytes per relay",
                    relays,
                    before,
                    after,
                    bytesPerRelay());
        }
    }

    /** Used heap after collection at checkpoints of a run of sends. */
    record Growth(List<Long> sends, List<Long> heap) {
        long growthBytes() {
            return heap.get(heap.size() - 1) - heap.get(0);
        }

        /**
         * Grew by less than one byte per send, or 64 KB (a thread or a buffer created once along
         * the way): a leak of even one small object per send would show.
         */
        boolean flat() {
            long sent = sends.get(sends.size() - 1) - sends.get(0);
            return growthBytes() < Math.max(64 * 1024, sent);
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder("heap after collection, by sends:");
            for (int i = 0; i < sends.size(); i++) {
                text.append(
                        String.format(
                                Locale.ROOT, " %,d: %,d KB;", sends.get(i), heap.get(i) / 1024));
            }
            return text.toString();
        }
    }

    /**
     * Connects to {@code relays} relays (the sink, under as many user names: a relay is a host,
     * port and user) with shared configurations and fresh registries, and measures the heap that
     * the registries then hold.
     */
    static Footprint perRelay(int relays) throws IOException, MessagingException {
        try (SmtpSink sink = SmtpSink.start()) {
            Session session = Side.RAW.session(sink);
            CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
            RetryRegistry retries = RetryRegistry.ofDefaults();
            CircuitBreakerConfig breakerConfig = CircuitBreakerConfig.ofDefaults();
            RetryConfig retryConfig = RetryConfig.ofDefaults();
            // The first relay loads the classes and creates what every relay shares.
            for (int i = 0; i < 10; i++) {
                connect(session, sink, breakers, retries, breakerConfig, retryConfig, "warm" + i);
            }
            long before = usedHeapAfterCollection();
            for (int i = 0; i < relays; i++) {
                connect(session, sink, breakers, retries, breakerConfig, retryConfig, "user" + i);
            }
            long after = usedHeapAfterCollection();
            if (breakers.getAllCircuitBreakers().size() != relays + 10
                    || retries.getAllRetries().size() != relays + 10) {
                throw new IllegalStateException("expected one breaker and one retry per relay");
            }
            Reference.reachabilityFence(breakers);
            Reference.reachabilityFence(retries);
            return new Footprint(relays, before, after);
        }
    }

    private static void connect(
            Session session,
            SmtpSink sink,
            CircuitBreakerRegistry breakers,
            RetryRegistry retries,
            CircuitBreakerConfig breakerConfig,
            RetryConfig retryConfig,
            String user)
            throws MessagingException {
        try (Transport transport =
                ResilientTransport.builder(session)
                        .circuitBreakerRegistry(breakers)
                        .retryRegistry(retries)
                        .circuitBreakerConfig(breakerConfig)
                        .retryConfig(retryConfig)
                        .build()) {
            transport.connect(sink.host(), sink.port(), user, "secret");
        }
    }

    /** Sends {@code sends} messages through one connected resilient transport. */
    static Growth connectedGrowth(int sends) throws IOException, MessagingException {
        try (SmtpSink sink = SmtpSink.start();
                Transport transport = Side.RESILIENT.connect(sink)) {
            MimeMessage message = Side.message(Side.RESILIENT.session(sink));
            Address[] recipients = Side.recipients(message);
            return checkpoints(sends, () -> transport.sendMessage(message, recipients));
        }
    }

    /**
     * Sends {@code sends} messages with {@code Transport.send}, configured: a transport and a
     * connection per message, the relay's breaker and retry shared.
     */
    static Growth transportSendGrowth(int sends) throws IOException, MessagingException {
        try (SmtpSink sink = SmtpSink.start()) {
            MimeMessage message = Side.message(Side.RESILIENT.session(sink));
            return checkpoints(sends, () -> Transport.send(message));
        }
    }

    /** One send. */
    private interface Send {
        void run() throws MessagingException;
    }

    private static Growth checkpoints(int sends, Send send) throws MessagingException {
        int warmUp = Math.min(2_000, sends);
        for (int i = 0; i < warmUp; i++) {
            send.run();
        }
        List<Long> counts = new ArrayList<>();
        List<Long> heap = new ArrayList<>();
        int steps = 4;
        long done = 0;
        counts.add(done);
        heap.add(usedHeapAfterCollection());
        for (int step = 1; step <= steps; step++) {
            long target = (long) sends * step / steps;
            for (; done < target; done++) {
                send.run();
            }
            counts.add(done);
            heap.add(usedHeapAfterCollection());
        }
        return new Growth(List.copyOf(counts), List.copyOf(heap));
    }

    private static long usedHeapAfterCollection() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            // Every Jakarta Mail transport has a finalizer: what it holds is freed by the next
            // collection after the finalizer ran.
            System.runFinalization();
            System.gc();
            used =
                    Math.min(
                            used,
                            ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
