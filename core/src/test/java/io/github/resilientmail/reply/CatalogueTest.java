package io.github.resilientmail.reply;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

class CatalogueTest {

    /** Basic codes of RFC 5321 §4.2.2 and §4.2.3. */
    private static final List<Integer> RFC_5321_CODES =
            List.of(
                    211, 214, 220, 221, 250, 251, 252, 354, 421, 450, 451, 452, 455, 500, 501, 502,
                    503, 504, 550, 551, 552, 553, 554, 555);

    /** Basic codes added by RFC 7504, by RFC 4954 (AUTH) and by the IANA registry (RFC 5248). */
    private static final List<Integer> OTHER_STANDARD_CODES =
            List.of(521, 556, 235, 334, 432, 454, 530, 534, 535, 538, 523, 525);

    /** Basic codes that no RFC defines but servers and popular guides use. */
    private static final List<Integer> NON_STANDARD_CODES =
            List.of(111, 120, 130, 422, 442, 471, 510, 511, 512, 541);

    /**
     * Every condition of the IANA "Simple Mail Transfer Protocol (SMTP) Enhanced Status Codes"
     * registry.
     */
    private static final List<String> REGISTRY_CONDITIONS =
            Stream.of(
                            List.of("X.0.0"),
                            List.of(
                                    "X.1.0", "X.1.1", "X.1.2", "X.1.3", "X.1.4", "X.1.5", "X.1.6",
                                    "X.1.7", "X.1.8", "X.1.9", "X.1.10"),
                            List.of("X.2.0", "X.2.1", "X.2.2", "X.2.3", "X.2.4"),
                            List.of("X.3.0", "X.3.1", "X.3.2", "X.3.3", "X.3.4", "X.3.5", "X.3.6"),
                            List.of(
                                    "X.4.0", "X.4.1", "X.4.2", "X.4.3", "X.4.4", "X.4.5", "X.4.6",
                                    "X.4.7"),
                            List.of("X.5.0", "X.5.1", "X.5.2", "X.5.3", "X.5.4", "X.5.5", "X.5.6"),
                            List.of(
                                    "X.6.0", "X.6.1", "X.6.2", "X.6.3", "X.6.4", "X.6.5", "X.6.6",
                                    "X.6.7", "X.6.8", "X.6.9", "X.6.10"),
                            List.of(
                                    "X.7.0", "X.7.1", "X.7.2", "X.7.3", "X.7.4", "X.7.5", "X.7.6",
                                    "X.7.7", "X.7.8", "X.7.9", "X.7.10", "X.7.11", "X.7.12",
                                    "X.7.13", "X.7.14", "X.7.15", "X.7.16", "X.7.17", "X.7.18",
                                    "X.7.19", "X.7.20", "X.7.21", "X.7.22", "X.7.23", "X.7.24",
                                    "X.7.25", "X.7.26", "X.7.27", "X.7.28", "X.7.29", "X.7.30"))
                    .flatMap(List::stream)
                    .toList();

    private final Catalogue catalogue = Catalogue.standard();

    @Test
    void containsEveryRequiredBasicCode() {
        List<Integer> required = new ArrayList<>(RFC_5321_CODES);
        required.addAll(OTHER_STANDARD_CODES);
        required.addAll(NON_STANDARD_CODES);

        assertThat(required)
                .allSatisfy(
                        code ->
                                assertThat(catalogue.basic(code))
                                        .as("entry of %d", code)
                                        .isNotNull()
                                        .extracting(CatalogueEntry::code)
                                        .isEqualTo(Integer.toString(code)));
    }

    @Test
    void marksRfcAndRegistryBasicCodesAsStandard() {
        List<Integer> standard = new ArrayList<>(RFC_5321_CODES);
        standard.addAll(OTHER_STANDARD_CODES);

        assertThat(standard)
                .allSatisfy(
                        code ->
                                assertThat(catalogue.basic(code))
                                        .as("entry of %d", code)
                                        .isNotNull()
                                        .matches(CatalogueEntry::standard, "is standard"));
    }

    @Test
    void containsEveryConditionOfTheIanaRegistry() {
        assertThat(REGISTRY_CONDITIONS)
                .allSatisfy(
                        code ->
                                assertThat(catalogue.entry(code))
                                        .as("entry of %s", code)
                                        .isNotNull()
                                        .matches(CatalogueEntry::isEnhanced, "is enhanced")
                                        .matches(CatalogueEntry::standard, "is standard"));
    }

    @Test
    void holdsNoEnhancedConditionOutsideTheIanaRegistry() {
        Set<String> enhanced =
                catalogue.entries().stream()
                        .filter(CatalogueEntry::isEnhanced)
                        .map(CatalogueEntry::code)
                        .collect(Collectors.toSet());

        assertThat(enhanced).containsExactlyInAnyOrderElementsOf(REGISTRY_CONDITIONS);
    }

    @Test
    void marksCodesSeenInTheWildAsNonStandardAndSaysRfc5321DoesNotDefineThem() {
        assertThat(NON_STANDARD_CODES)
                .allSatisfy(
                        code -> {
                            CatalogueEntry entry = catalogue.basic(code);
                            assertThat(entry).as("entry of %d", code).isNotNull();
                            assertThat(entry.standard()).as("%d is standard", code).isFalse();
                            assertThat(entry.meaning(Locale.ENGLISH))
                                    .contains("RFC 5321 does not define this code");
                            assertThat(entry.meaning(Locale.FRENCH))
                                    .contains("RFC 5321 ne définit pas ce code");
                        });
    }

    @Test
    void marksOnlyTheCodesSeenInTheWildAsNonStandard() {
        Set<String> nonStandard =
                catalogue.entries().stream()
                        .filter(entry -> !entry.standard())
                        .map(CatalogueEntry::code)
                        .collect(Collectors.toSet());

        assertThat(nonStandard)
                .containsExactlyInAnyOrderElementsOf(
                        NON_STANDARD_CODES.stream().map(String::valueOf).toList());
    }

    @Test
    void explainsEveryEntryInEveryLanguage() {
        assertThat(Catalogue.languages()).containsExactly(Locale.ENGLISH, Locale.FRENCH);
        assertThat(catalogue.entries()).isNotEmpty();
        SoftAssertions.assertSoftly(
                softly -> {
                    for (CatalogueEntry entry : catalogue.entries()) {
                        for (Locale locale : Catalogue.languages()) {
                            String code = entry.code();
                            softly.assertThat(entry.meaning(locale))
                                    .as("meaning of %s in %s", code, locale)
                                    .isNotBlank();
                            softly.assertThat(entry.advice(locale))
                                    .as("advice of %s in %s", code, locale)
                                    .isNotBlank();
                        }
                    }
                });
    }

    @Test
    void writesItsFrenchTextsInFrench() {
        assertThat(catalogue.entries())
                .allSatisfy(
                        entry -> {
                            assertThat(entry.meaning(Locale.FRENCH))
                                    .as("French meaning of %s", entry.code())
                                    .isNotEqualTo(entry.meaning(Locale.ENGLISH));
                            assertThat(entry.advice(Locale.FRENCH))
                                    .as("French advice of %s", entry.code())
                                    .isNotEqualTo(entry.advice(Locale.ENGLISH));
                        });
    }

    @Test
    void treatsBasicCodesAsRfc5321Does() {
        List<CatalogueEntry> basic =
                catalogue.entries().stream().filter(entry -> !entry.isEnhanced()).toList();

        assertThat(basic)
                .isNotEmpty()
                .allSatisfy(
                        entry -> {
                            switch (entry.code().charAt(0)) {
                                case '2', '3' -> {
                                    assertThat(entry.category())
                                            .as("category of %s", entry.code())
                                            .isNull();
                                    assertThat(entry.transience())
                                            .as("transience of %s", entry.code())
                                            .isNull();
                                }
                                case '4' ->
                                        assertThat(entry.transience())
                                                .as("transience of %s", entry.code())
                                                .isEqualTo(Transience.TRANSIENT);
                                case '5' ->
                                        assertThat(entry.transience())
                                                .as("transience of %s", entry.code())
                                                .isEqualTo(Transience.PERMANENT);
                                default -> {}
                            }
                        });
    }

    @Test
    void givesEveryFailureACategoryATransienceAndASource() {
        SoftAssertions.assertSoftly(
                softly -> {
                    for (CatalogueEntry entry : catalogue.entries()) {
                        char first = entry.code().charAt(0);
                        if (entry.isEnhanced() || first == '1' || first == '4' || first == '5') {
                            softly.assertThat(entry.category())
                                    .as("category of %s", entry.code())
                                    .isNotNull();
                            softly.assertThat(entry.transience())
                                    .as("transience of %s", entry.code())
                                    .isNotNull();
                        }
                        softly.assertThat(entry.source())
                                .as("source of %s", entry.code())
                                .isNotBlank();
                    }
                });
    }

    @Test
    void describesEveryCategoryAndTransienceInEveryLanguage() {
        SoftAssertions.assertSoftly(
                softly -> {
                    for (Locale locale : Catalogue.languages()) {
                        for (Category category : Category.values()) {
                            softly.assertThat(Catalogue.describe(category, locale))
                                    .as("%s in %s", category, locale)
                                    .isNotBlank();
                        }
                        for (Transience transience : Transience.values()) {
                            softly.assertThat(Catalogue.describe(transience, locale))
                                    .as("%s in %s", transience, locale)
                                    .isNotBlank();
                        }
                    }
                });
    }

    @Test
    void writesItsFrenchDescriptionsInFrench() {
        SoftAssertions.assertSoftly(
                softly -> {
                    for (Category category : Category.values()) {
                        softly.assertThat(Catalogue.describe(category, Locale.FRENCH))
                                .as("French description of %s", category)
                                .isNotEqualTo(Catalogue.describe(category, Locale.ENGLISH));
                    }
                    for (Transience transience : Transience.values()) {
                        softly.assertThat(Catalogue.describe(transience, Locale.FRENCH))
                                .as("French description of %s", transience)
                                .isNotEqualTo(Catalogue.describe(transience, Locale.ENGLISH));
                    }
                });
    }

    @Test
    void sharesOneEntryBetweenTheClassesOfAnEnhancedCode() {
        CatalogueEntry transientFull = catalogue.enhanced(EnhancedStatusCode.parse("4.2.2"));
        CatalogueEntry permanentFull = catalogue.enhanced(EnhancedStatusCode.parse("5.2.2"));

        assertThat(transientFull).isNotNull().isSameAs(permanentFull);
        assertThat(transientFull.code()).isEqualTo("X.2.2");
        assertThat(transientFull.category()).isEqualTo(Category.MAILBOX_FULL);
        assertThat(transientFull.transience()).isEqualTo(Transience.TRANSIENT);
    }

    @Test
    void listsEveryEntryUnderItsCode() {
        assertThat(catalogue.codes())
                .containsExactlyInAnyOrderElementsOf(
                        catalogue.entries().stream().map(CatalogueEntry::code).toList());
    }
}
