package io.github.resilientmail.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Compares sides in one loop, in short blocks that take turns: each cycle runs one block of every
 * side, starting with a different side each cycle, and the ratio of a side to the first is the
 * median over cycles of the ratio of their block times. Whatever else the machine does at a moment
 * lands on the sides alike, where runs of seconds each (JMH's iterations) drift on a shared 2-core
 * machine by more than the difference being measured.
 */
final class Interleaved {

    /** One operation of a side: a send, or a batch of sends. */
    @FunctionalInterface
    interface Operation {
        void run() throws Exception;
    }

    /**
     * What one or more threads measured.
     *
     * @param operationsPerSecond each side's operations per second while it ran, summed over
     *     threads
     * @param cycleRatios for each side, its throughput over the first side's, one per cycle
     */
    record Result(double[] operationsPerSecond, double[][] cycleRatios) {

        /** The median over cycles of the side's throughput over the first side's. */
        double ratio(int side) {
            double[] sorted = cycleRatios[side].clone();
            Arrays.sort(sorted);
            int n = sorted.length;
            return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        }

        int cycles() {
            return cycleRatios[0].length;
        }
    }

    private Interleaved() {}

    /**
     * Runs the sides in turns on this thread: a warm-up whose results are dropped, then measured
     * cycles.
     *
     * @param sides the operations, the first being the reference of the ratios
     * @param block operations per block
     */
    static Result run(List<Operation> sides, int block, Duration warmUp, Duration measured)
            throws Exception {
        cycles(sides, block, warmUp);
        return cycles(sides, block, measured);
    }

    /**
     * Runs the sides in turns on several threads at once, each thread with operations of its own;
     * the threads warm up, then measure, together.
     *
     * @param sidesByThread for each thread, its operations of every side
     */
    static Result runThreads(
            List<List<Operation>> sidesByThread, int block, Duration warmUp, Duration measured)
            throws Exception {
        int threads = sidesByThread.size();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Result> results = new ArrayList<>();
            for (Duration phase : List.of(warmUp, measured)) {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Result>> futures = new ArrayList<>();
                for (List<Operation> sides : sidesByThread) {
                    futures.add(
                            pool.submit(
                                    () -> {
                                        start.await();
                                        return cycles(sides, block, phase);
                                    }));
                }
                start.countDown();
                results.clear();
                for (Future<Result> future : futures) {
                    try {
                        results.add(future.get());
                    } catch (ExecutionException e) {
                        throw new IllegalStateException("a thread failed", e.getCause());
                    }
                }
            }
            return merge(results);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Rates add up over threads; the cycles of all threads are pooled. */
    private static Result merge(List<Result> results) {
        int sides = results.get(0).operationsPerSecond().length;
        double[] rates = new double[sides];
        double[][] ratios = new double[sides][];
        for (int s = 0; s < sides; s++) {
            List<Double> pooled = new ArrayList<>();
            for (Result result : results) {
                rates[s] += result.operationsPerSecond()[s];
                for (double ratio : result.cycleRatios()[s]) {
                    pooled.add(ratio);
                }
            }
            ratios[s] = pooled.stream().mapToDouble(Double::doubleValue).toArray();
        }
        return new Result(rates, ratios);
    }

    private static Result cycles(List<Operation> sides, int block, Duration duration)
            throws Exception {
        int n = sides.size();
        long[] totalNanos = new long[n];
        long[] totalOperations = new long[n];
        List<double[]> cycleTimes = new ArrayList<>();
        long end = System.nanoTime() + duration.toNanos();
        int cycle = 0;
        while (System.nanoTime() < end || cycle < 2) {
            double[] times = new double[n];
            for (int turn = 0; turn < n; turn++) {
                int side = (turn + cycle) % n;
                Operation operation = sides.get(side);
                long started = System.nanoTime();
                for (int i = 0; i < block; i++) {
                    operation.run();
                }
                long took = System.nanoTime() - started;
                times[side] = took;
                totalNanos[side] += took;
                totalOperations[side] += block;
            }
            cycleTimes.add(times);
            cycle++;
        }
        double[] rates = new double[n];
        double[][] ratios = new double[n][cycleTimes.size()];
        for (int s = 0; s < n; s++) {
            rates[s] = totalOperations[s] * 1e9 / totalNanos[s];
            for (int c = 0; c < cycleTimes.size(); c++) {
                // Equal blocks: the throughput ratio is the inverse ratio of the times.
                ratios[s][c] = cycleTimes.get(c)[0] / cycleTimes.get(c)[s];
            }
        }
        return new Result(rates, ratios);
    }
}
