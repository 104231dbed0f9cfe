package io.github.resilientmail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilientmail.reply.Category;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MainTest {

    /** The public contract of {@code classify}: one of these per input line. */
    private static final Pattern CLASSIFY_LINE =
            Pattern.compile(
                    "NONE\tSUCCESS|("
                            + Arrays.stream(Category.values())
                                    .map(Category::name)
                                    .collect(Collectors.joining("|"))
                            + ")\t(TRANSIENT|PERMANENT)");

    private record Result(int status, String out, String err) {
        List<String> outLines() {
            return out.lines().collect(Collectors.toList());
        }
    }

    private static Result runWithInput(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status =
                Main.run(
                        args,
                        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(
                status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Result run(String... args) {
        return runWithInput("", args);
    }

    @Test
    void explainsReplyInEnglishWithBothCatalogueEntries() {
        Result result = run("explain", "550", "5.1.1", "User", "unknown");

        assertThat(result.status()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(result.out())
                .contains("Reply:", "550 5.1.1 User unknown")
                .contains("Outcome:", "failure")
                .contains("Category:", "Transience:", "Scope:", "Rule:")
                .contains("Source:", "Standard:", "Meaning:", "Advice:")
                .doesNotContain("Catégorie", "not in the catalogue");
        assertThat(result.outLines())
                .filteredOn(line -> line.startsWith("Code:"))
                .hasSize(2)
                .anySatisfy(line -> assertThat(line).endsWith(" 550"))
                .anySatisfy(line -> assertThat(line).endsWith(" 5.1.1 (X.1.1)"));
        assertThat(result.outLines()).filteredOn(line -> line.startsWith("Meaning:")).hasSize(2);
        assertThat(result.outLines()).filteredOn(line -> line.startsWith("Advice:")).hasSize(2);
    }

    @Test
    void alignsTheValuesAfterTheLabels() {
        Result result = run("explain", "550 5.1.1 User unknown");

        List<Integer> valueColumns =
                result.outLines().stream()
                        .filter(line -> !line.isEmpty())
                        .map(MainTest::valueColumn)
                        .distinct()
                        .collect(Collectors.toList());
        assertThat(valueColumns).hasSize(1);
    }

    /** Where the value starts: after the label, its colon and the padding. */
    private static int valueColumn(String line) {
        int column = line.indexOf(':') + 1;
        while (column < line.length() && line.charAt(column) == ' ') {
            column++;
        }
        return column;
    }

    @Test
    void joinsTheArgumentsIntoOneReply() {
        Result split = run("explain", "550", "5.1.1", "User", "unknown");
        Result quoted = run("explain", "550 5.1.1 User unknown");

        assertThat(split.out()).isEqualTo(quoted.out());
    }

    @Test
    void explainsReplyInFrenchWithTranslatedLabels() {
        Result result = run("explain", "--lang", "fr", "550", "5.1.1", "User", "unknown");

        assertThat(result.status()).isZero();
        assertThat(result.out())
                .contains("Réponse :", "Résultat :", "échec")
                .contains("Catégorie :", "Persistance :", "Portée :")
                .contains("Signification :", "Conseil :")
                .doesNotContain("Category:", "Meaning:", "Advice:");
        assertThat(result.outLines()).filteredOn(line -> line.startsWith("Code ")).hasSize(2);
    }

    @Test
    void acceptsTheLanguageAsOneArgument() {
        Result result = run("explain", "--lang=fr", "452 4.2.2 Mailbox full");

        assertThat(result.status()).isZero();
        assertThat(result.out()).contains("Catégorie :");
    }

    @Test
    void explainsInEnglishWhateverTheDefaultLocale() {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.FRANCE);
        try {
            Result result = run("explain", "--lang", "en", "550 5.1.1 User unknown");

            assertThat(result.out()).contains("Category:").doesNotContain("Catégorie");
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void explainsSuccessWithoutFailureDetails() {
        Result result = run("explain", "250", "2.1.5", "Ok");

        assertThat(result.status()).isZero();
        assertThat(result.out())
                .contains("Outcome:", "success")
                .doesNotContain("Category:", "Transience:", "Scope:");
    }

    @Test
    void saysWhenTheCodesAreNotInTheCatalogue() {
        Result result = run("explain", "599 5.99.99 Something odd");

        assertThat(result.status()).isZero();
        assertThat(result.out())
                .contains("Category:", "Transience:")
                .contains("599 - not in the catalogue")
                .contains("5.99.99 - not in the catalogue");
    }

    @Test
    void saysWhenTheReplyHasNoCode() {
        Result result = run("explain", "--lang", "fr", "connexion", "refusée");

        assertThat(result.status()).isZero();
        assertThat(result.out()).contains("Réponse :", "connexion refusée", "aucun");
    }

    @Test
    void classifiesOneLinePerInputLineIncludingBlankAndGarbage() {
        String input =
                "550 5.1.1 User unknown\n"
                        + "\n"
                        + "421 4.7.0 Try again later\r\n"
                        + "\u0000\u00ff garbage \u00e9\u4e2d\n"
                        + "552 5.2.2 Mailbox full";

        Result result = runWithInput(input, "classify");

        assertThat(result.status()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(result.out()).endsWith("\n").doesNotContain("\r");
        assertThat(result.outLines())
                .hasSize(5)
                .allSatisfy(line -> assertThat(line).matches(CLASSIFY_LINE))
                .noneMatch(line -> line.equals("NONE\tSUCCESS"));
    }

    @Test
    void classifiesBlankLineAsUndefined() {
        Result result = runWithInput("\n", "classify");

        assertThat(result.outLines())
                .singleElement()
                .satisfies(
                        line -> assertThat(line).matches(CLASSIFY_LINE).startsWith("UNDEFINED\t"));
    }

    @Test
    void classifiesPositiveRepliesAsSuccess() {
        Result result = runWithInput("250 2.0.0 OK\n354 Start mail input\n", "classify");

        assertThat(result.outLines()).containsExactly("NONE\tSUCCESS", "NONE\tSUCCESS");
    }

    @Test
    void classifiesNothingFromEmptyInput() {
        Result result = runWithInput("", "classify");

        assertThat(result.status()).isZero();
        assertThat(result.out()).isEmpty();
    }

    @Test
    void rejectsUnknownLanguage() {
        Result result = run("explain", "--lang", "xx", "550 5.1.1 User unknown");

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("xx", "en", "fr");
    }

    @Test
    void rejectsExplainWithoutReply() {
        Result result = run("explain", "--lang", "fr");

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("Usage");
    }

    @Test
    void printsUsageOnStandardOutputForHelp() {
        Result result = run("--help");

        assertThat(result.status()).isZero();
        assertThat(result.out()).startsWith("Usage").contains("explain", "classify", "--lang");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void printsUsageOnStandardErrorWithoutCommand() {
        Result result = run();

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).startsWith("Usage");
    }

    @Test
    void rejectsUnknownCommand() {
        Result result = run("explian", "550");

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("explian", "Usage");
    }

    @Test
    void rejectsArgumentsToClassify() {
        Result result = run("classify", "550");

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).contains("Usage");
    }
}
