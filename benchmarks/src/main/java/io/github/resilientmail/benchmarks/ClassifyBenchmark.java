package io.github.resilientmail.benchmarks;

import io.github.resilientmail.reply.Classification;
import io.github.resilientmail.reply.ReplyClassifier;
import io.github.resilientmail.reply.SmtpReply;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Classification throughput over the mix of replies of the dev corpus ({@code
 * smtp-replies-dev.tsv}, copied from core's test resources at build time), one reply per operation,
 * cycling through the corpus.
 *
 * <p>{@link #parseAndClassify()} measures what the transport does with a reply it receives: parse
 * the raw text, then classify. {@link #classifyParsed()} measures the rules alone on pre-parsed
 * replies.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Threads(1)
@State(Scope.Thread)
public class ClassifyBenchmark {

    private static final String CORPUS = "smtp-replies-dev.tsv";

    private final ReplyClassifier classifier = ReplyClassifier.standard();

    private String[] raw = new String[0];
    private SmtpReply[] parsed = new SmtpReply[0];
    private int next;

    /** Loads the corpus and parses it once for {@link #classifyParsed()}. */
    @Setup
    public void loadCorpus() throws IOException {
        List<String> replies = readFirstColumn();
        raw = replies.toArray(new String[0]);
        parsed = replies.stream().map(SmtpReply::parse).toArray(SmtpReply[]::new);
        next = 0;
    }

    /**
     * Parses and classifies the next raw reply of the corpus.
     *
     * @return the classification, consumed by JMH
     */
    @Benchmark
    public Classification parseAndClassify() {
        return classifier.classify(SmtpReply.parse(raw[nextIndex()]));
    }

    /**
     * Classifies the next pre-parsed reply of the corpus.
     *
     * @return the classification, consumed by JMH
     */
    @Benchmark
    public Classification classifyParsed() {
        return classifier.classify(parsed[nextIndex()]);
    }

    private int nextIndex() {
        int index = next;
        next = index + 1 == raw.length ? 0 : index + 1;
        return index;
    }

    /** The raw replies of the dev corpus, in its order. */
    static List<String> readFirstColumn() throws IOException {
        try (InputStream in = ClassifyBenchmark.class.getResourceAsStream(CORPUS)) {
            if (in == null) {
                throw new IllegalStateException(CORPUS + " is missing from the class path");
            }
            BufferedReader reader =
                    new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<String> replies =
                    reader.lines()
                            .skip(1) // header
                            .filter(line -> !line.isBlank())
                            .map(line -> line.substring(0, tab(line)))
                            .collect(Collectors.toList());
            if (replies.isEmpty()) {
                throw new IllegalStateException(CORPUS + " has no replies");
            }
            return replies;
        }
    }

    private static int tab(String line) {
        int tab = line.indexOf('\t');
        return tab < 0 ? line.length() : tab;
    }
}
