package io.github.resilientmail.benchmarks;

import jakarta.mail.Address;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs a short version of every benchmark in this JVM and prints a table of absolute figures and
 * ratios (resilient / raw).
 *
 * <p>Every comparison runs its sides in this one JVM, against sinks of the same code, twice:
 *
 * <ul>
 *   <li><b>Interleaved</b> (the rows with a target): one loop sends a block of {@value #BLOCK}
 *       messages through each side in turn, starting with another side each cycle, and the ratio is
 *       the median over cycles of the block times' ratio (see {@link Interleaved}). A burst of
 *       other work on the machine lands on the sides alike, so ratios hold to about a percent on a
 *       shared 2-core machine.
 *   <li><b>JMH</b> (absolute figures): each side runs a short JMH benchmark (one warm-up and two
 *       measured iterations of well under a second, no fork) after a full collection, sides
 *       alternating in an order that rotates from round to round; medians of the rounds. Runs a
 *       second apart drift on a shared machine by several percent.
 * </ul>
 *
 * <p>Sections 4 (open circuit latency) and 5 (classification) compare nothing and run in a forked
 * JVM, as JMH prefers. Progress goes to the standard error, the table and notes to the standard
 * output.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar io.github.resilientmail.benchmarks.Report [--seconds 12] [--rounds 4]
 * }</pre>
 */
public final class Report {

    private static final PrintStream OUT = System.out;
    private static final PrintStream LOG = System.err;
    private static final long STARTED = System.nanoTime();

    /** Operations per block of an interleaved comparison: about 5 to 10 ms of sending. */
    private static final int BLOCK = 20;

    private final int rounds;
    private final int seconds;
    private final int memorySends;
    private final String only;
    private final List<String> rows = new ArrayList<>();

    private Report(int rounds, int seconds, int memorySends, String only) {
        this.rounds = rounds;
        this.seconds = seconds;
        this.memorySends = memorySends;
        this.only = only;
    }

    private boolean runs(String section) {
        return only.isEmpty() || ("," + only + ",").contains("," + section + ",");
    }

    /**
     * Runs the report.
     *
     * @param args {@code --rounds N} (default 4): rounds of each JMH comparison; {@code --seconds
     *     N} (default 12): measured seconds of each interleaved comparison; {@code --sends N}
     *     (default 100000): sends of the memory growth check; {@code --only 1,2,...}: the sections
     *     to run (default all, 1 to 7)
     * @throws Exception when a benchmark fails
     */
    public static void main(String[] args) throws Exception {
        int rounds = 4;
        int seconds = 12;
        int sends = 100_000;
        String only = "";
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--rounds") && i + 1 < args.length) {
                rounds = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--seconds") && i + 1 < args.length) {
                seconds = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--sends") && i + 1 < args.length) {
                sends = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--only") && i + 1 < args.length) {
                only = args[++i];
            } else {
                throw new IllegalArgumentException(
                        "usage: Report [--rounds N] [--seconds N] [--sends N] [--only 1,2,...]");
            }
        }
        long started = System.nanoTime();
        Report report = new Report(rounds, seconds, sends, only);
        report.run();
        progress("done in %d s%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
    }

    private void run() throws Exception {
        OUT.printf(
                Locale.ROOT,
                "Java %s (%s), %s %s, %d processors, max heap %,d MB; %d s interleaved, %d JMH"
                        + " rounds%n",
                System.getProperty("java.vm.version"),
                System.getProperty("java.vm.name"),
                System.getProperty("os.name"),
                System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() / (1024 * 1024),
                seconds,
                rounds);
        rows.add("| # | Benchmark | raw | resilient | ratio | target | met |");
        rows.add("|---|---|---:|---:|---:|---|---|");
        List<String> notes = new ArrayList<>();
        warmUp();
        if (runs("1")) {
            interleaved("1", "messages/s, one connection", connectedSends(SIDES), notes);
            compareSides("1", ConnectedSendBenchmark.class, "messages/s, one connection", notes);
            overhead(0, notes);
        }
        if (runs("2")) {
            interleaved("2", "messages/s, `Transport.send`", transportSends(), notes);
            compareSides("2", TransportSendBenchmark.class, "messages/s, `Transport.send`", notes);
            overhead(1, notes);
        }
        if (runs("3")) {
            interleavedSpring(notes);
            spring(notes);
        }
        if (runs("4")) {
            openCircuit(notes);
        }
        if (runs("5")) {
            classify(notes);
        }
        if (runs("6")) {
            memory(notes);
        }
        if (runs("7")) {
            threads(notes);
        }
        OUT.println();
        rows.forEach(OUT::println);
        OUT.println();
        notes.forEach(OUT::println);
    }

    /**
     * Runs every side of the sections to run once, results dropped: the sides compared first would
     * otherwise run on code the JIT has not compiled yet.
     */
    private void warmUp() throws RunnerException {
        List<ChainedOptionsBuilder> runs = new ArrayList<>();
        for (Side side : Side.values()) {
            if (runs("1") || runs("7")) {
                runs.add(jmh(ConnectedSendBenchmark.class, "send").param("side", side.label()));
            }
            if (runs("2")) {
                runs.add(jmh(TransportSendBenchmark.class, "send").param("side", side.label()));
            }
        }
        for (String side : new String[] {"raw", "resilient"}) {
            if (runs("1") || runs("2")) {
                runs.add(
                        jmh(DecoratorOverheadBenchmark.class, "sendMessage|transportSend")
                                .param("side", side));
            }
        }
        if (runs("3")) {
            for (String side : new String[] {"boot", "starter"}) {
                runs.add(jmh(SpringSendBenchmark.class, "sendBatch").param("side", side));
            }
        }
        if (runs("7")) {
            runs.add(jmh(OpenCircuitBenchmark.class, "transportSend"));
        }
        for (int i = 0; i < runs.size(); i++) {
            progress("warm-up %d/%d%n", i + 1, runs.size());
            collect();
            new Runner(runs.get(i).mode(Mode.Throughput).build()).run();
        }
    }

    /** Raw, raw with timeouts and resilient, alternating, {@code rounds} times. */
    private void compareSides(String number, Class<?> benchmark, String what, List<String> notes)
            throws RunnerException {
        Side[] sides = Side.values();
        double[][] scores = new double[sides.length][rounds];
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < sides.length; k++) {
                int s = (k + round) % sides.length;
                progress(
                        "(%s) %s, round %d/%d, %s%n",
                        number, benchmark.getSimpleName(), round + 1, rounds, sides[s].label());
                scores[s][round] =
                        score(
                                jmh(benchmark, "send")
                                        .param("side", sides[s].label())
                                        .mode(Mode.Throughput)
                                        .timeUnit(TimeUnit.SECONDS));
            }
        }
        double[] raw = scores[Side.RAW.ordinal()];
        double[] timeouts = scores[Side.RAW_TIMEOUTS.ordinal()];
        double[] angus = scores[Side.RAW_TIMEOUTS_ANGUS.ordinal()];
        double[] resilient = scores[Side.RESILIENT.ordinal()];
        double ratio = medianRatio(resilient, raw);
        rows.add(
                row(
                        number,
                        what + ", JMH runs of a second per side, alternating",
                        String.format(Locale.ROOT, "%,.0f", median(raw)),
                        String.format(Locale.ROOT, "%,.0f", median(resilient)),
                        String.format(Locale.ROOT, "%.3f", ratio),
                        "absolute figures",
                        true));
        notes.add(
                String.format(
                        Locale.ROOT,
                        "(%s) medians of %d rounds, messages/s: raw %,.0f; raw-timeouts (Angus with"
                                + " the resilient transport's timeouts and shared scheduler) %,.0f;"
                                + " raw-timeouts-angus (the same timeouts, Angus's scheduler per"
                                + " connection) %,.0f; resilient %,.0f. Ratios: raw-timeouts/raw"
                                + " %.3f (the timeouts), resilient/raw-timeouts %.3f (the decorator),"
                                + " resilient/raw %.3f; per round resilient/raw: %s; best round of"
                                + " each side: raw %,.0f, resilient %,.0f, ratio %.3f",
                        number,
                        rounds,
                        median(raw),
                        median(timeouts),
                        median(angus),
                        median(resilient),
                        medianRatio(timeouts, raw),
                        medianRatio(resilient, timeouts),
                        ratio,
                        ratios(resilient, raw),
                        max(raw),
                        max(resilient),
                        max(resilient) / max(raw)));
    }

    /** The sides of the interleaved comparisons of sections 1 and 7; the first is the reference. */
    private static final Side[] SIDES = {Side.RAW, Side.RAW_TIMEOUTS, Side.RESILIENT};

    /** Resources of an interleaved comparison, closed when it ends. */
    private final List<AutoCloseable> open = new ArrayList<>();

    /**
     * Raw, raw with timeouts and resilient in one loop, in blocks of {@value #BLOCK} sends that
     * take turns (see {@link Interleaved}): the row with the target.
     */
    private void interleaved(
            String number, String what, List<Interleaved.Operation> sides, List<String> notes)
            throws Exception {
        progress("(%s) interleaved: %s, %d s%n", number, what, seconds);
        try {
            Interleaved.Result result = measure(sides, BLOCK);
            double ratio = result.ratio(2);
            rows.add(
                    row(
                            number,
                            what + ", interleaved",
                            String.format(Locale.ROOT, "%,.0f", result.operationsPerSecond()[0]),
                            String.format(Locale.ROOT, "%,.0f", result.operationsPerSecond()[2]),
                            String.format(Locale.ROOT, "%.3f", ratio),
                            "≥ 0.97",
                            ratio >= 0.97));
            notes.add(
                    String.format(
                            Locale.ROOT,
                            "(%s) interleaved, %d cycles of %d sends per side: raw %,.0f/s;"
                                    + " raw-timeouts (Angus with the timeouts the resilient"
                                    + " transport sets) %,.0f/s, ratio %.3f; resilient %,.0f/s,"
                                    + " ratio %.3f, to raw-timeouts %.3f",
                            number,
                            result.cycles(),
                            BLOCK,
                            result.operationsPerSecond()[0],
                            result.operationsPerSecond()[1],
                            result.ratio(1),
                            result.operationsPerSecond()[2],
                            ratio,
                            ratio / result.ratio(1)));
        } finally {
            closeOpen();
        }
    }

    /** For each side, a connected transport of its own sending to a new sink. */
    private List<Interleaved.Operation> connectedSends(Side[] sides) throws Exception {
        SmtpSink sink = SmtpSink.start();
        open.add(sink::close);
        return connectedSends(sink, sides);
    }

    /** For each side, a connected transport of its own sending to the sink. */
    private List<Interleaved.Operation> connectedSends(SmtpSink sink, Side[] sides)
            throws Exception {
        List<Interleaved.Operation> operations = new ArrayList<>();
        for (Side side : sides) {
            Transport transport = side.connect(sink);
            open.add(0, transport);
            MimeMessage message = Side.message(side.session(sink));
            Address[] recipients = Side.recipients(message);
            operations.add(() -> transport.sendMessage(message, recipients));
        }
        return operations;
    }

    /** For each side, {@code Transport.send} of a message of its own session to one sink. */
    private List<Interleaved.Operation> transportSends() throws Exception {
        SmtpSink sink = SmtpSink.start();
        open.add(sink::close);
        List<Interleaved.Operation> operations = new ArrayList<>();
        for (Side side : SIDES) {
            MimeMessage message = Side.message(side.session(sink));
            operations.add(() -> Transport.send(message));
        }
        return operations;
    }

    /** Boot's sender and the starter's in one loop, a batch of 10 at a time, taking turns. */
    private void interleavedSpring(List<String> notes) throws Exception {
        progress("(3) interleaved: Spring, %d s%n", seconds);
        try {
            List<Interleaved.Operation> operations = new ArrayList<>();
            for (String side : new String[] {"boot", "starter"}) {
                SpringSendBenchmark benchmark = new SpringSendBenchmark();
                benchmark.side = side;
                benchmark.start();
                open.add(benchmark::stop);
                operations.add(benchmark::sendBatch);
            }
            Interleaved.Result result = measure(operations, BLOCK / SpringSendBenchmark.BATCH);
            double ratio = result.ratio(1);
            rows.add(
                    row(
                            "3",
                            "Spring `JavaMailSender`, batches of 10, messages/s (raw = Boot's),"
                                    + " interleaved",
                            String.format(
                                    Locale.ROOT,
                                    "%,.0f",
                                    SpringSendBenchmark.BATCH * result.operationsPerSecond()[0]),
                            String.format(
                                    Locale.ROOT,
                                    "%,.0f",
                                    SpringSendBenchmark.BATCH * result.operationsPerSecond()[1]),
                            String.format(Locale.ROOT, "%.3f", ratio),
                            "≥ 0.97",
                            ratio >= 0.97));
            notes.add(
                    String.format(
                            Locale.ROOT,
                            "(3) interleaved, %d cycles of %d messages per side",
                            result.cycles(),
                            BLOCK));
        } finally {
            closeOpen();
        }
    }

    /**
     * One interleaved comparison on this thread: a quarter of the time warming up, then measured.
     */
    private Interleaved.Result measure(List<Interleaved.Operation> sides, int block)
            throws Exception {
        collect();
        return Interleaved.run(
                sides,
                block,
                Duration.ofSeconds(Math.max(1, seconds / 4)),
                Duration.ofSeconds(seconds));
    }

    private void closeOpen() throws Exception {
        for (AutoCloseable resource : open) {
            resource.close();
        }
        open.clear();
    }

    /** The decorator's own cost without I/O, alternating raw and resilient. */
    private void overhead(int m, List<String> notes) throws RunnerException {
        String[] methods = {"sendMessage", "transportSend"};
        String[] labels = {"one connection", "`Transport.send`"};
        Side[] sides = {Side.RAW, Side.RESILIENT};
        int overheadRounds = Math.max(1, rounds / 2);
        double[][] nanos = new double[sides.length][overheadRounds];
        for (int round = 0; round < overheadRounds; round++) {
            for (int k = 0; k < sides.length; k++) {
                int s = (k + round) % sides.length;
                progress(
                        "(1/2) DecoratorOverheadBenchmark.%s, round %d/%d, %s%n",
                        methods[m], round + 1, overheadRounds, sides[s].label());
                nanos[s][round] =
                        score(
                                jmh(DecoratorOverheadBenchmark.class, methods[m])
                                        .param("side", sides[s].label())
                                        .mode(Mode.AverageTime)
                                        .timeUnit(TimeUnit.NANOSECONDS));
            }
        }
        double raw = median(nanos[0]);
        double resilient = median(nanos[1]);
        rows.add(
                row(
                        m == 0 ? "1" : "2",
                        "decorator's own cost without I/O, " + labels[m] + ", ns/message",
                        String.format(Locale.ROOT, "%,.0f", raw),
                        String.format(Locale.ROOT, "%,.0f", resilient),
                        "–",
                        "explains the ratio",
                        true));
        notes.add(
                String.format(
                        Locale.ROOT,
                        "(%d) without I/O (a transport that sends nothing), %s: the decorator"
                                + " adds %,.0f ns per message (medians of %d rounds)",
                        m + 1,
                        labels[m],
                        resilient - raw,
                        overheadRounds));
    }

    /** Boot's sender and the starter's, alternating. */
    private void spring(List<String> notes) throws RunnerException {
        String[] sides = {"boot", "starter"};
        double[][] scores = new double[sides.length][rounds];
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < sides.length; k++) {
                int s = (k + round) % sides.length;
                progress("(3) SpringSendBenchmark, round %d/%d, %s%n", round + 1, rounds, sides[s]);
                scores[s][round] =
                        SpringSendBenchmark.BATCH
                                * score(
                                        jmh(SpringSendBenchmark.class, "sendBatch")
                                                .param("side", sides[s])
                                                .mode(Mode.Throughput)
                                                .timeUnit(TimeUnit.SECONDS));
            }
        }
        double ratio = medianRatio(scores[1], scores[0]);
        rows.add(
                row(
                        "3",
                        "Spring `JavaMailSender`, batches of 10, messages/s (raw = Boot's), JMH runs"
                                + " of a second per side, alternating",
                        String.format(Locale.ROOT, "%,.0f", median(scores[0])),
                        String.format(Locale.ROOT, "%,.0f", median(scores[1])),
                        String.format(Locale.ROOT, "%.3f", ratio),
                        "absolute figures",
                        true));
        notes.add(
                String.format(
                        Locale.ROOT,
                        "(3) per-round starter/Boot: %s",
                        ratios(scores[1], scores[0])));
    }

    private void openCircuit(List<String> notes) throws Exception {
        progress("(4) OpenCircuitBenchmark%n");
        Collection<RunResult> results =
                new Runner(
                                jmh(
                                                OpenCircuitBenchmark.class,
                                                "transportSend|sendMessage|jakartaMailOnly")
                                        .forks(1)
                                        .jvmArgsAppend("-Xms1g", "-Xmx1g")
                                        .warmupIterations(4)
                                        .warmupTime(TimeValue.seconds(1))
                                        .measurementIterations(3)
                                        .measurementTime(TimeValue.seconds(1))
                                        .mode(Mode.SampleTime)
                                        .timeUnit(TimeUnit.MICROSECONDS)
                                        .build())
                        .run();
        double transportSend = Double.NaN;
        double sendMessage = Double.NaN;
        double jakartaMail = Double.NaN;
        double transportSendP99 = Double.NaN;
        double sendMessageP99 = Double.NaN;
        for (RunResult result : results) {
            Result<?> primary = result.getPrimaryResult();
            String label = result.getParams().getBenchmark();
            double median = primary.getStatistics().getPercentile(50);
            double p99 = primary.getStatistics().getPercentile(99);
            if (label.endsWith("jakartaMailOnly")) {
                jakartaMail = median;
            } else if (label.endsWith("transportSend")) {
                transportSend = median;
                transportSendP99 = p99;
            } else {
                sendMessage = median;
                sendMessageP99 = p99;
            }
        }
        long opened = OpenCircuitProof.connectionsOpened(10_000);
        rows.add(
                row(
                        "4",
                        "open circuit, `Transport.send`, median µs",
                        "–",
                        String.format(Locale.ROOT, "%.2f", transportSend),
                        "–",
                        "< 5 µs, no socket",
                        transportSend < 5 && opened == 0));
        rows.add(
                row(
                        "4",
                        "open circuit, `sendMessage` when connected, median µs",
                        "–",
                        String.format(Locale.ROOT, "%.2f", sendMessage),
                        "–",
                        "< 5 µs, no socket",
                        sendMessage < 5 && opened == 0));
        rows.add(
                row(
                        "4",
                        "open circuit, `Transport.send` less Jakarta Mail's own work (the same"
                                + " `Transport.send` through a transport that does nothing: "
                                + String.format(Locale.ROOT, "%.2f", jakartaMail)
                                + " µs), median µs",
                        "–",
                        String.format(Locale.ROOT, "%.2f", transportSend - jakartaMail),
                        "–",
                        "< 5 µs, no socket",
                        transportSend - jakartaMail < 5 && opened == 0));
        notes.add(
                String.format(
                        Locale.ROOT,
                        "(4) p99: Transport.send %.2f µs, sendMessage %.2f µs; connections the sink"
                                + " accepted during 10,000 Transport.send with the breaker open: %d",
                        transportSendP99,
                        sendMessageP99,
                        opened));
    }

    private void classify(List<String> notes) throws Exception {
        progress("(5) ClassifyBenchmark%n");
        Collection<RunResult> results =
                new Runner(
                                jmh(ClassifyBenchmark.class, "parseAndClassify|classifyParsed")
                                        .forks(1)
                                        .warmupIterations(3)
                                        .warmupTime(TimeValue.seconds(1))
                                        .measurementIterations(3)
                                        .measurementTime(TimeValue.seconds(1))
                                        .mode(Mode.Throughput)
                                        .timeUnit(TimeUnit.SECONDS)
                                        .build())
                        .run();
        progress("(5) ClassifyCpuRate%n");
        ClassifyCpuRate.Rates perCpuSecond = ClassifyCpuRate.measure(3_000_000);
        for (RunResult result : results) {
            double score = result.getPrimaryResult().getScore();
            String method = result.getParams().getBenchmark();
            method = method.substring(method.lastIndexOf('.') + 1);
            double cpuRate =
                    method.equals("parseAndClassify")
                            ? perCpuSecond.parseAndClassify()
                            : perCpuSecond.classifyParsed();
            rows.add(
                    row(
                            "5",
                            "classification `"
                                    + method
                                    + "`, replies per second of one core's CPU time (JMH,"
                                    + " wall clock: "
                                    + String.format(Locale.ROOT, "%,.0f", score)
                                    + ")",
                            "–",
                            String.format(Locale.ROOT, "%,.0f", cpuRate),
                            "–",
                            "≥ 1,000,000",
                            cpuRate >= 1_000_000));
        }
        notes.add(
                "(5) replies per CPU-second are measured with the thread's CPU time over 3,000,000"
                        + " replies, so that other processes on the machine do not count; JMH's"
                        + " wall-clock throughput is in the row's label");
    }

    private void memory(List<String> notes) throws Exception {
        progress("(6) memory%n");
        MemoryCheck.Footprint relay = MemoryCheck.perRelay(2_000);
        rows.add(
                row(
                        "6",
                        "heap retained per relay (breaker + retry), bytes",
                        "–",
                        String.format(Locale.ROOT, "%,.0f", relay.bytesPerRelay()),
                        "–",
                        "measured",
                        true));
        MemoryCheck.Growth connected = MemoryCheck.connectedGrowth(memorySends);
        rows.add(
                row(
                        "6",
                        String.format(
                                Locale.ROOT,
                                "heap after %,d sends on one connection, growth from the first"
                                        + " checkpoint, KB",
                                memorySends),
                        "–",
                        String.format(Locale.ROOT, "%+,.0f", connected.growthBytes() / 1024.0),
                        "–",
                        "no growth",
                        connected.flat()));
        int transportSends = Math.max(1, memorySends / 10);
        MemoryCheck.Growth configured = MemoryCheck.transportSendGrowth(transportSends);
        rows.add(
                row(
                        "6",
                        String.format(
                                Locale.ROOT,
                                "heap after %,d `Transport.send` (a transport each), growth, KB",
                                transportSends),
                        "–",
                        String.format(Locale.ROOT, "%+,.0f", configured.growthBytes() / 1024.0),
                        "–",
                        "no growth",
                        configured.flat()));
        notes.add("(6) " + relay);
        notes.add("(6) one connection: " + connected);
        notes.add("(6) Transport.send: " + configured);
    }

    private void threads(List<String> notes) throws Exception {
        int[] counts = {1, 2, 4, 8};
        Side[] sides = {Side.RAW, Side.RESILIENT};
        double[] rawRates = new double[counts.length];
        for (int c = 0; c < counts.length; c++) {
            progress("(7) interleaved, %d threads, %d s%n", counts[c], seconds / 2);
            try {
                SmtpSink sink = SmtpSink.start();
                open.add(sink::close);
                List<List<Interleaved.Operation>> byThread = new ArrayList<>();
                for (int t = 0; t < counts[c]; t++) {
                    byThread.add(connectedSends(sink, sides));
                }
                collect();
                Interleaved.Result result =
                        Interleaved.runThreads(
                                byThread,
                                BLOCK,
                                Duration.ofSeconds(Math.max(1, seconds / 6)),
                                Duration.ofSeconds(Math.max(1, seconds / 2)));
                rawRates[c] = result.operationsPerSecond()[0];
                double ratio = result.ratio(1);
                rows.add(
                        row(
                                "7",
                                counts[c]
                                        + (counts[c] == 1 ? " thread" : " threads")
                                        + ", a connected transport each, messages/s, interleaved",
                                String.format(Locale.ROOT, "%,.0f", rawRates[c]),
                                String.format(
                                        Locale.ROOT, "%,.0f", result.operationsPerSecond()[1]),
                                String.format(Locale.ROOT, "%.3f", ratio),
                                "≥ 0.97 at every count",
                                ratio >= 0.97));
            } finally {
                closeOpen();
            }
        }
        notes.add(
                String.format(
                        Locale.ROOT,
                        "(7) raw throughput by threads, relative to 1 thread: 2: %.2f, 4: %.2f, 8:"
                                + " %.2f (%d processors: the client and the sink share them)",
                        rawRates[1] / rawRates[0],
                        rawRates[2] / rawRates[0],
                        rawRates[3] / rawRates[0],
                        Runtime.getRuntime().availableProcessors()));
        double[] openRates = new double[counts.length];
        for (int c = 0; c < counts.length; c++) {
            progress("(7) OpenCircuitBenchmark.transportSend, %d threads%n", counts[c]);
            openRates[c] =
                    score(
                            jmh(OpenCircuitBenchmark.class, "transportSend")
                                    .threads(counts[c])
                                    .mode(Mode.Throughput)
                                    .timeUnit(TimeUnit.SECONDS));
        }
        StringBuilder line =
                new StringBuilder(
                        "(7) open-circuit Transport.send (shared state only, no I/O), sends/s by"
                                + " threads:");
        for (int c = 0; c < counts.length; c++) {
            line.append(String.format(Locale.ROOT, " %d: %,.0f;", counts[c], openRates[c]));
        }
        notes.add(line.toString());
    }

    /**
     * A full collection, finalizers included, before each run: every Jakarta Mail transport has a
     * finalizer, and one side would otherwise pay for the garbage of the other.
     */
    private static void collect() {
        System.gc();
        System.runFinalization();
        System.gc();
    }

    /** A line of progress on the standard error, with the seconds since the start. */
    private static void progress(String format, Object... args) {
        LOG.printf(
                Locale.ROOT,
                "[%4ds] %s",
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - STARTED),
                String.format(Locale.ROOT, format, args));
    }

    /** JMH options for one benchmark method (a regex alternative), in this JVM, short and quiet. */
    private static ChainedOptionsBuilder jmh(Class<?> benchmark, String methods) {
        return new OptionsBuilder()
                .include("^" + Pattern.quote(benchmark.getName()) + "\\.(" + methods + ")$")
                .forks(0)
                .threads(1)
                .warmupIterations(1)
                .warmupTime(TimeValue.milliseconds(400))
                .measurementIterations(2)
                .measurementTime(TimeValue.milliseconds(600))
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT);
    }

    private static double score(ChainedOptionsBuilder options) throws RunnerException {
        collect();
        Collection<RunResult> results = new Runner(options.build()).run();
        if (results.size() != 1) {
            throw new IllegalStateException("expected one result, got " + results.size());
        }
        return results.iterator().next().getPrimaryResult().getScore();
    }

    private static String row(
            String number,
            String what,
            String raw,
            String resilient,
            String ratio,
            String target,
            boolean met) {
        return "| "
                + String.join(
                        " | ", number, what, raw, resilient, ratio, target, met ? "yes" : "**no**")
                + " |";
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double max(double[] values) {
        double max = Double.NEGATIVE_INFINITY;
        for (double value : values) {
            max = Math.max(max, value);
        }
        return max;
    }

    private static double medianRatio(double[] numerator, double[] denominator) {
        double[] ratios = new double[numerator.length];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = numerator[i] / denominator[i];
        }
        return median(ratios);
    }

    private static String ratios(double[] numerator, double[] denominator) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < numerator.length; i++) {
            text.append(i == 0 ? "" : ", ")
                    .append(String.format(Locale.ROOT, "%.3f", numerator[i] / denominator[i]));
        }
        return text.toString();
    }
}
