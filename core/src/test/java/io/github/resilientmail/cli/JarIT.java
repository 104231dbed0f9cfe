package io.github.resilientmail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilientmail.reply.Category;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged core jar as {@code java -jar}, with nothing else on the class path, the way a
 * user runs the command line. The jar's path comes from the {@code jar.path} system property set by
 * the failsafe plugin in {@code core/pom.xml}.
 */
class JarIT {

    private static final int LINES = 100_000;

    private static final Pattern CLASSIFY_LINE =
            Pattern.compile(
                    "NONE\tSUCCESS|("
                            + Arrays.stream(Category.values())
                                    .map(Category::name)
                                    .collect(Collectors.joining("|"))
                            + ")\t(TRANSIENT|PERMANENT)");

    @TempDir Path temp;

    @Test
    void classifiesOneHundredThousandLinesWithOneLineEach() throws Exception {
        List<String> corpus = devCorpusReplies();
        Process process = start(temp.resolve("classify.err"), "classify");

        CompletableFuture<Void> feeding =
                CompletableFuture.runAsync(() -> feed(process, corpus, LINES));
        int lines = 0;
        int success = 0;
        List<String> malformed = new ArrayList<>();
        try (BufferedReader out =
                new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                lines++;
                if (!CLASSIFY_LINE.matcher(line).matches() && malformed.size() < 10) {
                    malformed.add(line);
                }
                if (line.equals("NONE\tSUCCESS")) {
                    success++;
                }
            }
        }
        feeding.get(2, TimeUnit.MINUTES);

        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(Files.readString(temp.resolve("classify.err"))).isEmpty();
        assertThat(malformed).isEmpty();
        assertThat(lines).isEqualTo(LINES);
        assertThat(success).isLessThan(LINES);
    }

    @Test
    void explainsInFrenchFromTheJarAlone() throws Exception {
        Process process =
                start(
                        temp.resolve("explain.err"),
                        "explain",
                        "--lang",
                        "fr",
                        "552",
                        "5.2.2",
                        "Mailbox",
                        "full");
        process.getOutputStream().close();
        String out;
        try (InputStream stdout = process.getInputStream()) {
            out = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
        }

        assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(Files.readString(temp.resolve("explain.err"))).isEmpty();
        assertThat(process.exitValue()).isZero();
        assertThat(out)
                .contains("552 5.2.2 Mailbox full")
                .contains("Réponse :", "Catégorie :", "Persistance :")
                .contains("Signification :", "Conseil :");
    }

    private Process start(Path stderr, String... args) throws IOException {
        Path jar = Paths.get(Objects.requireNonNull(System.getProperty("jar.path"), "jar.path"));
        assertThat(jar).isRegularFile();
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
        builder.environment().remove("CLASSPATH");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        return builder.start();
    }

    private static void feed(Process process, List<String> corpus, int lines) {
        try (Writer in =
                new BufferedWriter(
                        new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8),
                        1 << 16)) {
            for (int i = 0; i < lines; i++) {
                in.write(corpus.get(i % corpus.size()));
                in.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first column of the dev corpus, without its header. */
    private static List<String> devCorpusReplies() throws IOException {
        try (InputStream in = JarIT.class.getResourceAsStream("/smtp-replies-dev.tsv")) {
            assertThat(in).as("smtp-replies-dev.tsv on the test class path").isNotNull();
            BufferedReader reader =
                    new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<String> replies =
                    reader.lines()
                            .skip(1)
                            .filter(line -> !line.isBlank())
                            .map(line -> line.split("\t", -1)[0])
                            .collect(Collectors.toList());
            assertThat(replies).isNotEmpty();
            return replies;
        }
    }
}
