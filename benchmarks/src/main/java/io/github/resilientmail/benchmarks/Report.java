package io.github.resilientmail.benchmarks;

import java.io.PrintStream;
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
 * <p>Both sides of a comparison run in this one JVM (JMH without forks), against sinks of the same
 * code, alternating: each round runs every side once, in an order that rotates from round to round,
 * after a full collection, and the ratio reported is the median of the rounds' ratios, so that a
 * disturbance of the machine during one round moves one ratio, not the result. Sections 4 (open
 * circuit latency) and 5 (classification) compare nothing and run in a forked JVM, as JMH prefers.
 * Progress goes to the standard error, the table and notes to the standard output.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar io.github.resilientmail.benchmarks.Report [--rounds 6]
 * }</pre>
 */
public final class Report {

    private static final PrintStream OUT = System.out;
    private static final PrintStream LOG = System.err;
    private static final long STARTED = System.nanoTime();

    private final int rounds;
    private final int memorySends;
    private final String only;
    private final List<String> rows = new ArrayList<>();

    private Report(int rounds, int memorySends, String only) {
        this.rounds = rounds;
        this.memorySends = memorySends;
        this.only = only;
    }

    private boolean runs(String section) {
        return only.isEmpty() || ("," + only + ",").contains("," + section + ",");
    }

    /**
     * Runs the report.
     *
     * @param args {@code --rounds N} (default 6): rounds of each comparison; {@code --sends N}
     *     (default 100000): sends of the memory growth check; {@code --only 1,2,...}: the sections
     *     to run (default all, 1 to 7)
     * @throws Exception when a benchmark fails
     */
    public static void main(String[] args) throws Exception {
        int rounds = 6;
        int sends = 100_000;
        String only = "";
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--rounds") && i + 1 < args.length) {
                rounds = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--sends") && i + 1 < args.length) {
                sends = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--only") && i + 1 < args.length) {
                only = args[++i];
            } else {
                throw new IllegalArgumentException(
                        "usage: Report [--rounds N] [--sends N] [--only 1,2,3,4,5,6,7]");
            }
        }
        long started = System.nanoTime();
        Report report = new Report(rounds, sends, only);
        report.run();
        progress("done in %d s%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
    }

    private void run() throws Exception {
        OUT.printf(
                Locale.ROOT,
                "Java %s (%s), %s %s, %d processors, max heap %,d MB; %d rounds%n",
                System.getProperty("java.vm.version"),
                System.getProperty("java.vm.name"),
                System.getProperty("os.name"),
                System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() / (1024 * 1024),
                rounds);
        rows.add("| # | Benchmark | raw | resilient | ratio | target | met |");
        rows.add("|---|---|---:|---:|---:|---|---|");
        List<String> notes = new ArrayList<>();
        warmUp();
        if (runs("1")) {
            compareSides("1", ConnectedSendBenchmark.class, "messages/s, one connection", notes);
            overhead(0, notes);
        }
        if (runs("2")) {
            compareSides("2", TransportSendBenchmark.class, "messages/s, `Transport.send`", notes);
            overhead(1, notes);
        }
        if (runs("3")) {
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
                        what,
                        String.format(Locale.ROOT, "%,.0f", median(raw)),
                        String.format(Locale.ROOT, "%,.0f", median(resilient)),
                        String.format(Locale.ROOT, "%.3f", ratio),
                        "≥ 0.97",
                        ratio >= 0.97));
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
                        "Spring `JavaMailSender`, batches of 10, messages/s (raw = Boot's)",
                        String.format(Locale.ROOT, "%,.0f", median(scores[0])),
                        String.format(Locale.ROOT, "%,.0f", median(scores[1])),
                        String.format(Locale.ROOT, "%.3f", ratio),
                        "≥ 0.97",
                        ratio >= 0.97));
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

    private void threads(List<String> notes) throws RunnerException {
        int[] counts = {1, 2, 4, 8};
        Side[] sides = {Side.RAW, Side.RAW_TIMEOUTS, Side.RESILIENT};
        int passes = Math.max(1, rounds / 6);
        double[][][] scores = new double[sides.length][counts.length][passes];
        double[][] open = new double[counts.length][passes];
        for (int pass = 0; pass < passes; pass++) {
            for (int c = 0; c < counts.length; c++) {
                for (int k = 0; k < sides.length; k++) {
                    int s = (k + c + pass) % sides.length;
                    progress(
                            "(7) ConnectedSendBenchmark, %d threads, %s, pass %d/%d%n",
                            counts[c], sides[s].label(), pass + 1, passes);
                    scores[s][c][pass] =
                            score(
                                    jmh(ConnectedSendBenchmark.class, "send")
                                            .param("side", sides[s].label())
                                            .threads(counts[c])
                                            .mode(Mode.Throughput)
                                            .timeUnit(TimeUnit.SECONDS));
                }
                progress(
                        "(7) OpenCircuitBenchmark.transportSend, %d threads, pass %d/%d%n",
                        counts[c], pass + 1, passes);
                open[c][pass] =
                        score(
                                jmh(OpenCircuitBenchmark.class, "transportSend")
                                        .threads(counts[c])
                                        .mode(Mode.Throughput)
                                        .timeUnit(TimeUnit.SECONDS));
            }
        }
        StringBuilder timeouts =
                new StringBuilder(
                        "(7) raw-timeouts (Angus with the resilient transport's timeouts), messages/s"
                                + " by threads, and resilient/raw-timeouts:");
        for (int c = 0; c < counts.length; c++) {
            double raw = median(scores[0][c]);
            double resilient = median(scores[2][c]);
            double ratio = medianRatio(scores[2][c], scores[0][c]);
            rows.add(
                    row(
                            "7",
                            counts[c]
                                    + (counts[c] == 1 ? " thread" : " threads")
                                    + ", a connected transport each, messages/s",
                            String.format(Locale.ROOT, "%,.0f", raw),
                            String.format(Locale.ROOT, "%,.0f", resilient),
                            String.format(Locale.ROOT, "%.3f", ratio),
                            "ratio steady (≥ 0.90)",
                            ratio >= 0.90));
            timeouts.append(
                    String.format(
                            Locale.ROOT,
                            " %d: %,.0f, %.3f;",
                            counts[c],
                            median(scores[1][c]),
                            medianRatio(scores[2][c], scores[1][c])));
        }
        notes.add(timeouts.toString());
        StringBuilder line =
                new StringBuilder(
                        "(7) open-circuit Transport.send (shared state only, no I/O), sends/s by"
                                + " threads:");
        for (int c = 0; c < counts.length; c++) {
            line.append(String.format(Locale.ROOT, " %d: %,.0f;", counts[c], median(open[c])));
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
