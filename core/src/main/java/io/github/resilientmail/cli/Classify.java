package io.github.resilientmail.cli;

import io.github.resilientmail.reply.Classification;
import io.github.resilientmail.reply.ReplyClassifier;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The {@code classify} command: one reply per input line, one {@code CATEGORY<TAB>TRANSIENCE} line
 * per input line, in the same order.
 *
 * <p>The output format is a public contract: {@code CATEGORY} is a {@link
 * io.github.resilientmail.reply.Category} name and {@code TRANSIENCE} is {@code TRANSIENT} or
 * {@code PERMANENT}; replies that succeeded (2yz, 3yz) print {@code NONE<TAB>SUCCESS}. Lines end
 * with {@code \n} on every platform. Blank and unreadable lines are classified like any other.
 */
final class Classify {

    static final String SUCCESS_LINE = "NONE\tSUCCESS";

    private static final int BUFFER_SIZE = 1 << 16;

    private Classify() {}

    static int run(InputStream in, PrintStream out, PrintStream err) {
        ReplyClassifier classifier = ReplyClassifier.standard();
        BufferedReader reader =
                new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), BUFFER_SIZE);
        // Output is ASCII; the writer batches lines so that the PrintStream is written in blocks.
        Writer writer =
                new BufferedWriter(
                        new OutputStreamWriter(out, StandardCharsets.US_ASCII), BUFFER_SIZE);
        try {
            String line;
            while ((line = reader.readLine()) != null) {
                write(classifier.classify(line), writer);
            }
        } catch (IOException e) {
            flush(writer, out);
            err.println("cannot read standard input: " + e.getMessage());
            return Main.IO_ERROR;
        }
        flush(writer, out);
        return Main.checked(out, err);
    }

    private static void write(Classification classification, Writer writer) throws IOException {
        if (classification.isSuccess()) {
            writer.write(SUCCESS_LINE);
        } else {
            // Failures and partial successes always have both (Classification checks it).
            writer.write(Objects.requireNonNull(classification.category()).name());
            writer.write('\t');
            writer.write(Objects.requireNonNull(classification.transience()).name());
        }
        writer.write('\n');
    }

    private static void flush(Writer writer, PrintStream out) {
        try {
            writer.flush();
        } catch (IOException e) {
            // OutputStreamWriter over a PrintStream does not throw; the PrintStream records errors.
        }
        out.flush();
    }
}
