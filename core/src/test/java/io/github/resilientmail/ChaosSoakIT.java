package io.github.resilientmail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.management.UnixOperatingSystemMXBean;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilientmail.testing.Action;
import io.github.resilientmail.testing.Delivery;
import io.github.resilientmail.testing.FaultInjector;
import io.github.resilientmail.testing.ScriptedSmtpServer;
import io.github.resilientmail.testing.SmtpStep;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The chaos soak: messages to 1 to 5 recipients each, from 4 threads, each with its own transport,
 * through a scripted SMTP server in front of GreenMail whose fault injector answers 30 % of
 * commands with a random transient failure, 5 % with a random permanent one and drops the
 * connection at 2 % of them, at every step. Then every (message, recipient) is accounted for: in
 * GreenMail's mailbox exactly once, or reported to the caller in a typed exception that names it;
 * copies whose final "." was dropped (RFC 1047) are counted apart. Zero lost, zero unexplained
 * duplicates, and no growth of threads, file descriptors or heap.
 *
 * <p>Bounded run: {@value #DEFAULT_MESSAGES} messages, seed {@value #DEFAULT_SEED}. Longer run:
 * {@code ./mvnw -pl core verify -Dit.test=ChaosSoakIT -Dsoak.messages=20000 -Dsoak.seed=7}. The
 * threads interleave as the scheduler decides, so the figures of two runs differ a little; the
 * invariants do not.
 */
class ChaosSoakIT {

    static final int DEFAULT_MESSAGES = 5_000;
    static final long DEFAULT_SEED = 20_260_101L;
    static final int THREADS = 4;

    static final String[] TRANSIENT = {
        "421 4.3.2 Service not available, closing transmission channel",
        "450 4.2.0 Greylisted, try again later",
        "451 4.3.0 Temporary local problem, try again later",
        "452 4.3.1 Insufficient system storage",
        "450 4.2.1 Mailbox busy, try again later",
        "452 4.2.2 Mailbox full",
        "451 4.7.1 Rate limit exceeded, try again in 30 seconds"
    };

    static final String[] PERMANENT = {
        "550 5.1.1 User unknown",
        "554 5.7.1 Message rejected as spam",
        "550 5.7.1 Access denied",
        "552 5.3.4 Message size exceeds fixed limit",
        "553 5.1.3 Bad recipient address syntax",
        "554 5.0.0 Transaction failed"
    };

    /** Where each (message, recipient) stands, as the caller was told. */
    enum Told {
        ACCEPTED,
        FAILED,
        PENDING,
        UNREPORTED
    }

    /** The injected faults, counted. */
    static final class Chaos implements FaultInjector {
        private final long seed;
        private final Map<Integer, Random> randoms = new ConcurrentHashMap<>();
        final LongAdder commands = new LongAdder();
        final LongAdder transients = new LongAdder();
        final LongAdder permanents = new LongAdder();
        final LongAdder drops = new LongAdder();
        final LongAdder dropsAtEndOfData = new LongAdder();
        final LongAdder endOfData = new LongAdder();

        Chaos(long seed) {
            this.seed = seed;
        }

        /** MurmurHash3's finalizer over the seed and the connection. */
        private static long mix(long seed, long connection) {
            long z = seed * 0x9E3779B97F4A7C15L + connection;
            z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
            z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
            return z ^ (z >>> 33);
        }

        @Override
        public @Nullable Action decide(SmtpStep step, int connection, String argument) {
            // One generator per connection, each connection served by one thread. Seeds are
            // mixed: java.util.Random's first values for neighbouring seeds are close, and would
            // fail the greetings of whole runs of connections.
            Random random = randoms.computeIfAbsent(connection, c -> new Random(mix(seed, c)));
            commands.increment();
            if (step == SmtpStep.END_OF_DATA) {
                endOfData.increment();
            }
            double draw = random.nextDouble();
            if (draw < 0.02) {
                drops.increment();
                if (step == SmtpStep.END_OF_DATA) {
                    dropsAtEndOfData.increment();
                }
                return Action.drop();
            }
            if (draw < 0.07) {
                permanents.increment();
                return Action.reply(PERMANENT[random.nextInt(PERMANENT.length)]);
            }
            if (draw < 0.37) {
                transients.increment();
                return Action.reply(TRANSIENT[random.nextInt(TRANSIENT.length)]);
            }
            return null;
        }
    }

    /** What one thread sent and was told. */
    static final class Sender {
        final Map<String, Told> told = new HashMap<>();
        final Map<String, Boolean> atMostOnce = new HashMap<>();
        final Map<String, Integer> exceptions = new TreeMap<>();
        int messages;
        int delivered;
        int untyped;
    }

    @Test
    void everyRecipientIsDeliveredOnceOrReportedAndNothingGrows() throws Exception {
        int messages = Integer.getInteger("soak.messages", DEFAULT_MESSAGES);
        long seed = Long.getLong("soak.seed", DEFAULT_SEED);

        warmUp();
        Resources before = Resources.measure();
        Report report = soak(messages, seed);
        // The servers, their records and the transports are gone: only the report is left.
        Resources after = Resources.settle(before);
        System.out.println(report.describe(seed) + System.lineSeparator() + before + " → " + after);

        assertThat(report.pairs).as("(message, recipient) pairs").isPositive();
        assertThat(report.untyped).as("failures that were no typed exception").isZero();
        assertThat(report.unreported).as("recipients missing from a typed exception").isZero();
        assertThat(report.lost).as("accepted but not in the mailbox: lost").isZero();
        assertThat(report.duplicates).as("more than one copy in the mailbox").isZero();
        assertThat(report.deliveredButReported)
                .as("in the mailbox but reported as not delivered")
                .isZero();
        assertThat(report.ledgerMismatches)
                .as("the scripted server's ledger agrees with GreenMail")
                .isZero();
        assertThat(report.delivered).as("delivered pairs").isPositive();
        assertThat(report.failed + report.pending).as("reported pairs").isPositive();
        assertThat(report.undecidedCopies)
                .as("RFC 1047: one undecided copy per drop after the final dot, no more")
                .isEqualTo(report.dropsAtEndOfData)
                .isLessThanOrEqualTo((int) (0.04 * report.endOfData) + 5);
        assertThat(after.threads).as("threads").isLessThanOrEqualTo(before.threads + 2);
        assertThat(after.descriptors)
                .as("open file descriptors")
                .isLessThanOrEqualTo(before.descriptors + 8);
        assertThat(after.heapBytes)
                .as("used heap after GC")
                .isLessThan(before.heapBytes + 16L * 1024 * 1024);
    }

    /** Runs the soak and accounts for every (message, recipient); returns only the figures. */
    private static Report soak(int messages, long seed) throws Exception {
        long started = System.nanoTime();
        GreenMail greenMail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        greenMail.start();
        Chaos chaos = new Chaos(seed);
        ScriptedSmtpServer server =
                ScriptedSmtpServer.builder()
                        .faults(chaos)
                        .forwardTo("127.0.0.1", greenMail.getSmtp().getPort())
                        .start();
        FakeClock clock = new FakeClock();
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
        List<Sender> senders = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Sender>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                int share = messages / THREADS + (t < messages % THREADS ? 1 : 0);
                futures.add(
                        pool.submit(
                                () -> send(server, clock, breakers, thread, share, seed + thread)));
            }
            for (Future<Sender> future : futures) {
                senders.add(future.get(10, TimeUnit.MINUTES));
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
            server.close();
        }

        Report report = new Report();
        try {
            Map<String, Integer> ledger = count(server.deliveries());
            Map<String, Integer> undecided = count(server.undecided());
            for (Sender sender : senders) {
                report.messages += sender.messages;
                report.untyped += sender.untyped;
                sender.exceptions.forEach(
                        (type, n) -> report.exceptions.merge(type, n, Integer::sum));
                for (Map.Entry<String, Told> entry : sender.told.entrySet()) {
                    String address = entry.getKey();
                    report.account(
                            entry.getValue(),
                            mailbox(greenMail, address),
                            ledger.getOrDefault(address, 0),
                            undecided.getOrDefault(address, 0),
                            sender.atMostOnce.get(address));
                }
            }
        } finally {
            greenMail.stop();
        }
        report.seconds = (System.nanoTime() - started) / 1e9;
        report.undecidedCopies = server.undecided().size();
        report.connections = server.connections();
        report.commands = chaos.commands.sum();
        report.transients = chaos.transients.sum();
        report.permanents = chaos.permanents.sum();
        report.drops = chaos.drops.sum();
        report.dropsAtEndOfData = chaos.dropsAtEndOfData.intValue();
        report.endOfData = chaos.endOfData.intValue();
        return report;
    }

    private static Sender send(
            ScriptedSmtpServer server,
            FakeClock clock,
            CircuitBreakerRegistry breakers,
            int thread,
            int messages,
            long seed)
            throws MessagingException {
        boolean sendPartial = thread >= 2;
        boolean atMostOnce = thread % 2 == 1;
        Session session =
                Mails.session(
                        server,
                        "mail.smtp.timeout",
                        "10000",
                        "mail.smtp.sendpartial",
                        String.valueOf(sendPartial));
        Random random = new Random(seed);
        Sender sender = new Sender();
        try (ResilientTransport transport =
                ResilientTransport.builder(session)
                        .clock(clock)
                        .sleeper(clock::advance)
                        .circuitBreakerRegistry(breakers)
                        .circuitBreakerConfig(
                                // Nearly every attempt meets a fault (a relay failure): a
                                // breaker would stay open and fail most messages fast, as
                                // CircuitBreakerIT shows; here every message goes through the
                                // retries, so the breaker needs 1,000 failures in a row to open.
                                CircuitBreakerConfig.custom()
                                        .failureRateThreshold(100)
                                        .slidingWindowSize(1_000)
                                        .minimumNumberOfCalls(1_000)
                                        .waitDurationInOpenState(Duration.ofSeconds(5))
                                        .build())
                        .retryRegistry(RetryRegistry.ofDefaults())
                        .retryConfig(RetryConfig.custom().maxAttempts(8).build())
                        .maxDuration(Duration.ofHours(1))
                        .deliveryGuarantee(
                                atMostOnce
                                        ? DeliveryGuarantee.AT_MOST_ONCE
                                        : DeliveryGuarantee.AT_LEAST_ONCE)
                        .build()) {
            connect(transport, clock);
            for (int m = 0; m < messages; m++) {
                int count = 1 + random.nextInt(5);
                List<String> recipients = new ArrayList<>();
                for (int r = 0; r < count; r++) {
                    recipients.add("t" + thread + "m" + m + "r" + r + "@soak.example");
                }
                recipients.forEach(a -> sender.atMostOnce.put(a, atMostOnce));
                MimeMessage message = message(session, thread, m, recipients);
                sender.messages++;
                try {
                    transport.sendMessage(message, message.getAllRecipients());
                    recipients.forEach(a -> sender.told.put(a, Told.ACCEPTED));
                    sender.delivered++;
                } catch (MessagingException e) {
                    sender.exceptions.merge(e.getClass().getSimpleName(), 1, Integer::sum);
                    if (!(e instanceof SmtpFailure failure)) {
                        sender.untyped++;
                        recipients.forEach(a -> sender.told.put(a, Told.UNREPORTED));
                        continue;
                    }
                    recipients.forEach(a -> sender.told.put(a, Told.UNREPORTED));
                    for (RecipientOutcome outcome : failure.recipients()) {
                        sender.told.put(outcome.address().toString(), told(outcome.status()));
                    }
                    // An application waits before sending more to a relay whose breaker is open.
                    failure.retryAfter()
                            .filter(wait -> e instanceof CircuitOpenException)
                            .ifPresent(clock::advance);
                }
            }
        }
        return sender;
    }

    /** Connects before the first message; faults may need a few tries, as at any start. */
    private static void connect(ResilientTransport transport, FakeClock clock)
            throws MessagingException {
        for (int tries = 1; ; tries++) {
            try {
                transport.connect();
                return;
            } catch (MessagingException e) {
                if (tries >= 50) {
                    throw e;
                }
                clock.advance(Duration.ofSeconds(10));
            }
        }
    }

    private static Told told(RecipientOutcome.Status status) {
        switch (status) {
            case ACCEPTED:
                return Told.ACCEPTED;
            case FAILED:
                return Told.FAILED;
            case PENDING:
            default:
                return Told.PENDING;
        }
    }

    private static MimeMessage message(
            Session session, int thread, int number, List<String> recipients)
            throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("sender@soak.example"));
        for (String recipient : recipients) {
            message.addRecipient(Message.RecipientType.TO, new InternetAddress(recipient));
        }
        message.setSubject("soak " + thread + "/" + number);
        message.setText("Message " + number + " of thread " + thread + ".\r\n");
        message.saveChanges();
        return message;
    }

    private static Map<String, Integer> count(List<Delivery> deliveries) {
        Map<String, Integer> counts = new HashMap<>();
        for (Delivery delivery : deliveries) {
            for (String recipient : delivery.recipients()) {
                counts.merge(recipient.toLowerCase(java.util.Locale.ROOT), 1, Integer::sum);
            }
        }
        return counts;
    }

    private static int mailbox(GreenMail greenMail, String address) throws FolderException {
        GreenMailUser user = greenMail.getUserManager().getUserByEmail(address);
        return user == null
                ? 0
                : greenMail.getManagers().getImapHostManager().getInbox(user).getMessageCount();
    }

    /** Loads the classes and opens the jars of a send, so that the resources measured are fair. */
    private static void warmUp() throws Exception {
        GreenMail greenMail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        greenMail.start();
        try (ScriptedSmtpServer server =
                ScriptedSmtpServer.builder()
                        .faults(new Chaos(1))
                        .forwardTo("127.0.0.1", greenMail.getSmtp().getPort())
                        .start()) {
            FakeClock clock = new FakeClock();
            for (int thread = 0; thread < THREADS; thread++) {
                send(server, clock, CircuitBreakerRegistry.ofDefaults(), thread, 25, thread);
            }
        } finally {
            greenMail.stop();
        }
    }

    /** The figures of a run. */
    static final class Report {
        int messages;
        int pairs;
        int delivered;
        int failed;
        int pending;
        int unreported;
        int untyped;
        int lost;
        int duplicates;
        int deliveredButReported;
        int ledgerMismatches;
        int resentAfterUndecided;
        int uncertainReported;
        int undecidedCopies;
        int connections;
        double seconds;
        long commands;
        long transients;
        long permanents;
        long drops;
        int dropsAtEndOfData;
        int endOfData;
        final Map<String, Integer> exceptions = new TreeMap<>();
        final Map<Told, Integer> byStatus = new EnumMap<>(Told.class);

        void account(Told told, int copies, int inLedger, int undecided, Boolean atMostOnce) {
            pairs++;
            byStatus.merge(told, 1, Integer::sum);
            if (copies != inLedger) {
                ledgerMismatches++;
            }
            if (copies > 1) {
                duplicates++;
            }
            switch (told) {
                case ACCEPTED:
                    delivered++;
                    if (copies == 0) {
                        lost++;
                    }
                    if (undecided > 0) {
                        resentAfterUndecided++;
                    }
                    break;
                case FAILED:
                case PENDING:
                    if (told == Told.FAILED) {
                        failed++;
                    } else {
                        pending++;
                    }
                    if (copies > 0) {
                        deliveredButReported++;
                    }
                    if (undecided > 0 && Boolean.TRUE.equals(atMostOnce)) {
                        uncertainReported++;
                    }
                    break;
                case UNREPORTED:
                default:
                    unreported++;
                    break;
            }
        }

        String describe(long seed) {
            return String.format(
                    java.util.Locale.ROOT,
                    "SOAK seed=%d messages=%d pairs=%d seconds=%.1f connections=%d commands=%d"
                            + " transient=%d permanent=%d drops=%d (at end of data %d)"
                            + " delivered=%d failed=%d pending=%d unreported=%d untyped=%d lost=%d"
                            + " duplicates=%d deliveredButReported=%d ledgerMismatches=%d"
                            + " undecided=%d resentAfterUndecided=%d uncertainReported=%d"
                            + " messagesDelivered=%s exceptions=%s",
                    seed,
                    messages,
                    pairs,
                    seconds,
                    connections,
                    commands,
                    transients,
                    permanents,
                    drops,
                    dropsAtEndOfData,
                    delivered,
                    failed,
                    pending,
                    unreported,
                    untyped,
                    lost,
                    duplicates,
                    deliveredButReported,
                    ledgerMismatches,
                    undecidedCopies,
                    resentAfterUndecided,
                    uncertainReported,
                    messages - exceptions.values().stream().mapToInt(Integer::intValue).sum(),
                    exceptions);
        }
    }

    /** Threads, file descriptors and heap of the JVM. */
    record Resources(int threads, long descriptors, long heapBytes) {

        static Resources measure() {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            for (int i = 0; i < 3; i++) {
                System.gc();
            }
            return new Resources(
                    threads.getThreadCount(),
                    os instanceof UnixOperatingSystemMXBean unix
                            ? unix.getOpenFileDescriptorCount()
                            : 0,
                    memory.getHeapMemoryUsage().getUsed());
        }

        /** Measures until threads and descriptors are back to the baseline, 20 s at most. */
        static Resources settle(Resources baseline) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            Resources now = measure();
            while ((now.threads > baseline.threads || now.descriptors > baseline.descriptors)
                    && System.nanoTime() < deadline) {
                Thread.sleep(200);
                now = measure();
            }
            return now;
        }

        @Override
        public String toString() {
            return "threads="
                    + threads
                    + " fds="
                    + descriptors
                    + " heap="
                    + heapBytes / (1024 * 1024)
                    + "MiB";
        }
    }
}
