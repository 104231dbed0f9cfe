package io.github.resilientmail.reply;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What one reply code means, where it is defined, and what the sender should do about it.
 *
 * <p>Basic codes are keyed by their three digits ({@code "550"}); enhanced codes by their
 * condition, shared by every class ({@code "X.1.1"}). Meaning and advice come from resource
 * bundles, so a language is added by adding a {@code catalogue_xx.properties} file.
 *
 * @param code {@code "550"} or {@code "X.1.1"}
 * @param category the category this code stands for when nothing more specific is known, or {@code
 *     null} for success and intermediate codes
 * @param transience whether the condition it names usually clears with time, or {@code null} for
 *     success and intermediate codes
 * @param standard false for codes that no RFC defines but servers and guides use
 * @param source where the code is defined, for example {@code "RFC 5321 §4.2.3"}
 */
public record CatalogueEntry(
        String code,
        @Nullable Category category,
        @Nullable Transience transience,
        boolean standard,
        String source) {

    /**
     * Validates the components.
     *
     * @param code see {@link #code()}
     * @param category see {@link #category()}
     * @param transience see {@link #transience()}
     * @param standard see {@link #standard()}
     * @param source see {@link #source()}
     */
    public CatalogueEntry {
        if (code == null || code.isBlank()) {
            throw new IllegalArgumentException("code must not be blank");
        }
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("source of " + code + " must not be blank");
        }
    }

    /**
     * Whether this entry is an enhanced status code condition ({@code X.y.z}).
     *
     * @return true for enhanced codes, false for basic codes
     */
    public boolean isEnhanced() {
        return code.startsWith("X.");
    }

    /**
     * What the code means, in the given language (English when the language has no translation).
     *
     * @param locale the language
     * @return one or two sentences
     */
    public String meaning(Locale locale) {
        return Texts.get(locale, code + ".meaning");
    }

    /**
     * What the sender should do, in the given language (English when the language has no
     * translation).
     *
     * @param locale the language
     * @return one or two sentences
     */
    public String advice(Locale locale) {
        return Texts.get(locale, code + ".advice");
    }
}
