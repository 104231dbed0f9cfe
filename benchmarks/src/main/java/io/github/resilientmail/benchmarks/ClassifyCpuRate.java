package io.github.resilientmail.benchmarks;

import io.github.resilientmail.reply.Classification;
import io.github.resilientmail.reply.ReplyClassifier;
import io.github.resilientmail.reply.SmtpReply;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * Replies classified per second of this thread's CPU time, the mix of the dev corpus: the rate on
 * one core, whatever else the machine runs (wall-clock throughput, as {@link ClassifyBenchmark}
 * measures it, drops when other processes take the cores).
 */
final class ClassifyCpuRate {

    private ClassifyCpuRate() {}

    /** The rates of parse-and-classify and of classify alone, replies per CPU-second. */
    record Rates(double parseAndClassify, double classifyParsed) {}

    static Rates measure(int replies) throws IOException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (!threads.isCurrentThreadCpuTimeSupported()) {
            throw new IllegalStateException("no thread CPU time on this JVM");
        }
        List<String> corpus = ClassifyBenchmark.readFirstColumn();
        String[] raw = corpus.toArray(new String[0]);
        SmtpReply[] parsed = corpus.stream().map(SmtpReply::parse).toArray(SmtpReply[]::new);
        ReplyClassifier classifier = ReplyClassifier.standard();
        long checksum = 0;
        for (int i = 0; i < replies; i++) { // warm-up
            checksum += hash(classifier.classify(SmtpReply.parse(raw[i % raw.length])));
            checksum += hash(classifier.classify(parsed[i % parsed.length]));
        }
        long start = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < replies; i++) {
            checksum += hash(classifier.classify(SmtpReply.parse(raw[i % raw.length])));
        }
        long middle = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < replies; i++) {
            checksum += hash(classifier.classify(parsed[i % parsed.length]));
        }
        long end = threads.getCurrentThreadCpuTime();
        if (checksum == 42) {
            // Never true in practice; keeps the JIT from dropping the work.
            System.err.println("checksum " + checksum);
        }
        return new Rates(replies * 1e9 / (middle - start), replies * 1e9 / (end - middle));
    }

    private static int hash(Classification classification) {
        return classification.outcome().ordinal() + classification.entries().size();
    }
}
