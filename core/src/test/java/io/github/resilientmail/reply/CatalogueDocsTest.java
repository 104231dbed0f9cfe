package io.github.resilientmail.reply;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Keeps {@code docs/catalogue.md} and {@code docs/catalogue.fr.md} in step with the catalogue: the
 * test renders them from the catalogue and fails when the checked-in file differs. Regenerate with
 * {@code ./mvnw -pl core test -Dtest=CatalogueDocsTest -Dcatalogue.docs.write=true}.
 */
class CatalogueDocsTest {

    @ParameterizedTest
    @CsvSource({"en, catalogue.md", "fr, catalogue.fr.md"})
    void checkedInReferenceMatchesTheCatalogue(String language, String file) throws IOException {
        Locale locale = Locale.forLanguageTag(language);
        String rendered = render(Catalogue.standard(), locale);
        Path path = Path.of("..", "docs", file);

        if (Boolean.getBoolean("catalogue.docs.write")) {
            Files.writeString(path, rendered, StandardCharsets.UTF_8);
        }

        assertThat(Files.exists(path))
                .as(path + " exists (regenerate it, see the javadoc)")
                .isTrue();
        assertThat(Files.readString(path, StandardCharsets.UTF_8))
                .as(path + " is generated from the catalogue: regenerate it, see the javadoc")
                .isEqualTo(rendered);
    }

    static String render(Catalogue catalogue, Locale locale) {
        boolean french = locale.getLanguage().equals("fr");
        StringBuilder out = new StringBuilder();
        out.append(
                french
                        ? "# Catalogue des codes de réponse SMTP\n\n"
                        : "# SMTP reply code catalogue\n\n");
        out.append(
                french
                        ? "Généré à partir du catalogue de resilient-mail par `CatalogueDocsTest` : ne pas modifier à la main.\n"
                                + "Un code 4yz est un échec transitoire et un code 5yz un échec permanent (RFC 5321) ;"
                                + " la colonne « Persistance » donne la nature de la condition qu'un code nomme.\n\n"
                        : "Generated from resilient-mail's catalogue by `CatalogueDocsTest`: do not edit by hand.\n"
                                + "A 4yz code is a transient failure and a 5yz code a permanent one (RFC 5321);"
                                + " the \"Transience\" column gives the nature of the condition a code names.\n\n");
        section(out, catalogue, locale, false, french ? "## Codes de base" : "## Basic codes");
        section(
                out,
                catalogue,
                locale,
                true,
                french ? "## Codes étendus (RFC 3463)" : "## Enhanced status codes (RFC 3463)");
        return out.toString();
    }

    private static void section(
            StringBuilder out, Catalogue catalogue, Locale locale, boolean enhanced, String title) {
        boolean french = locale.getLanguage().equals("fr");
        out.append(title).append("\n\n");
        out.append(
                french
                        ? "| Code | Catégorie | Persistance | Standard | Source | Signification | Que faire |\n"
                        : "| Code | Category | Transience | Standard | Source | Meaning | What to do |\n");
        out.append("|---|---|---|---|---|---|---|\n");
        for (CatalogueEntry entry : catalogue.entries()) {
            if (entry.isEnhanced() != enhanced) {
                continue;
            }
            out.append("| `")
                    .append(entry.code())
                    .append("` | ")
                    .append(entry.category() == null ? "—" : "`" + entry.category() + "`")
                    .append(" | ")
                    .append(entry.transience() == null ? "—" : entry.transience().name())
                    .append(" | ")
                    .append(entry.standard() ? (french ? "oui" : "yes") : (french ? "non" : "no"))
                    .append(" | ")
                    .append(cell(entry.source()))
                    .append(" | ")
                    .append(cell(entry.meaning(locale)))
                    .append(" | ")
                    .append(cell(entry.advice(locale)))
                    .append(" |\n");
        }
        out.append('\n');
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
