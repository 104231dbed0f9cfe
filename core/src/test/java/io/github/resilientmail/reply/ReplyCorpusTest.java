package io.github.resilientmail.reply;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the classifier over corpora of real replies from real servers, each labelled with its
 * expected category and transience, and fails below the agreement targets.
 */
class ReplyCorpusTest {

    /**
     * The targets of the dev corpus, which must also hold on the acceptance set of further replies.
     * The extra and holdout corpora were gathered and labelled by us from Sisimai's test mails,
     * server sources, providers' pages and real bounces quoted in public issues; some labels are
     * judgment calls (their source column says so). The holdout corpus was first measured untouched
     * (70.3 % category, 96.4 % transience agreement) and the rules generalised afterwards, so its
     * floor guards against regressions rather than proving generalisation.
     */
    private static final double CATEGORY_TARGET = 0.97;

    private static final double TRANSIENCE_TARGET = 0.99;
    private static final double EXTRA_CATEGORY_FLOOR = 0.95;
    private static final double HOLDOUT_CATEGORY_FLOOR = 0.85;
    private static final double HOLDOUT2_CATEGORY_FLOOR = 0.80;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/smtp-replies-dev.tsv",
                "/smtp-replies-extra.tsv",
                "/smtp-replies-holdout.tsv",
                "/smtp-replies-holdout2.tsv"
            })
    void agreesWithLabelledRealReplies(String corpus) throws IOException {
        List<String[]> rows = read(corpus);
        assertThat(rows).as(corpus).hasSizeGreaterThan(100);
        int categoryAgreement = 0;
        int transienceAgreement = 0;
        List<String> disagreements = new ArrayList<>();
        for (String[] row : rows) {
            Classification result = ReplyClassifier.standard().classify(row[0]);
            String category = result.category() == null ? "NONE" : result.category().name();
            String transience =
                    result.transience() == null ? "SUCCESS" : result.transience().name();
            boolean categoryOk = category.equals(row[1]);
            boolean transienceOk = transience.equals(row[2]);
            categoryAgreement += categoryOk ? 1 : 0;
            transienceAgreement += transienceOk ? 1 : 0;
            if (!categoryOk || !transienceOk) {
                disagreements.add(
                        String.format(
                                Locale.ROOT,
                                "expected %s/%s got %s/%s (%s): %s",
                                row[1],
                                row[2],
                                category,
                                transience,
                                result.reason(),
                                row[0]));
            }
        }
        double categoryRate = (double) categoryAgreement / rows.size();
        double transienceRate = (double) transienceAgreement / rows.size();
        System.out.printf(
                Locale.ROOT,
                "%s: %d replies, category agreement %.1f %%, transience agreement %.1f %%%n",
                corpus,
                rows.size(),
                100 * categoryRate,
                100 * transienceRate);
        disagreements.forEach(line -> System.out.println("  " + line));
        double categoryTarget =
                corpus.contains("extra")
                        ? EXTRA_CATEGORY_FLOOR
                        : corpus.contains("holdout") ? HOLDOUT_CATEGORY_FLOOR : CATEGORY_TARGET;
        if (corpus.contains("holdout2")) {
            categoryTarget = HOLDOUT2_CATEGORY_FLOOR;
        }
        assertThat(categoryRate)
                .as("category agreement on " + corpus)
                .isGreaterThanOrEqualTo(categoryTarget);
        assertThat(transienceRate)
                .as("transience agreement on " + corpus)
                .isGreaterThanOrEqualTo(TRANSIENCE_TARGET);
    }

    private static List<String[]> read(String resource) throws IOException {
        List<String[]> rows = new ArrayList<>();
        try (InputStream in = ReplyCorpusTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource + " on the test class path").isNotNull();
            BufferedReader reader =
                    new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line = reader.readLine(); // header
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    rows.add(line.split("\t", -1));
                }
            }
        }
        return rows;
    }
}
