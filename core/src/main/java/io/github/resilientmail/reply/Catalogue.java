package io.github.resilientmail.reply;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The catalogue of SMTP reply codes: every basic code of RFC 5321 §4.2 (with RFC 7504's 521 and 556
 * and the AUTH codes of RFC 4954), every condition of the IANA registry of enhanced status codes
 * (RFC 3463, RFC 5248 and later), and the non-standard codes that servers and popular guides use.
 *
 * <p>Each entry has a meaning and advice in English and French (see {@link #languages()}), its
 * source and its default category and transience. The table is read once from {@code catalogue.tsv}
 * on the class path; instances are immutable and safe to share between threads.
 *
 * <pre>{@code
 * Catalogue catalogue = Catalogue.standard();
 * CatalogueEntry entry = catalogue.enhanced(EnhancedStatusCode.parse("5.2.2"));
 * System.out.println(entry.meaning(Locale.FRENCH)); // la boîte aux lettres est pleine…
 * }</pre>
 */
public final class Catalogue {

    private static final String TABLE = "catalogue.tsv";

    private final Map<String, CatalogueEntry> byCode;
    // Arrays indexed by number so that classification looks entries up without building strings.
    private final CatalogueEntry[] byBasicCode = new CatalogueEntry[600];
    private final CatalogueEntry[] byEnhancedKey = new CatalogueEntry[ENHANCED_SUBJECTS * 1000];

    private static final int ENHANCED_SUBJECTS = 10;

    private Catalogue(Map<String, CatalogueEntry> byCode) {
        this.byCode = byCode;
        for (CatalogueEntry entry : byCode.values()) {
            String code = entry.code();
            if (entry.isEnhanced()) {
                EnhancedStatusCode parsed = EnhancedStatusCode.parse("5" + code.substring(1));
                if (parsed != null && parsed.subject() < ENHANCED_SUBJECTS) {
                    byEnhancedKey[parsed.subject() * 1000 + parsed.detail()] = entry;
                }
            } else {
                byBasicCode[Integer.parseInt(code)] = entry;
            }
        }
    }

    /**
     * The catalogue shipped with the library.
     *
     * @return the shared instance
     */
    public static Catalogue standard() {
        return Holder.STANDARD;
    }

    /**
     * The languages the catalogue's texts are written in.
     *
     * @return English and French
     */
    public static List<Locale> languages() {
        return List.of(Locale.ENGLISH, Locale.FRENCH);
    }

    /**
     * The entry of a basic code.
     *
     * @param code for example {@code 550}
     * @return the entry, or {@code null} when the code is not in the catalogue
     */
    public @Nullable CatalogueEntry basic(int code) {
        return code >= 0 && code < byBasicCode.length
                ? byBasicCode[code]
                : byCode.get(Integer.toString(code));
    }

    /**
     * The entry of an enhanced code's condition, whatever its class.
     *
     * @param code for example {@code 5.1.1}, or {@code null}
     * @return the entry of {@code X.1.1}, or {@code null} when the code is {@code null} or not in
     *     the catalogue
     */
    public @Nullable CatalogueEntry enhanced(@Nullable EnhancedStatusCode code) {
        if (code == null) {
            return null;
        }
        return code.subject() < ENHANCED_SUBJECTS
                ? byEnhancedKey[code.subject() * 1000 + code.detail()]
                : byCode.get(code.key());
    }

    /**
     * The entry for a key as the catalogue writes it.
     *
     * @param code {@code "550"} or {@code "X.1.1"}
     * @return the entry, or {@code null}
     */
    public @Nullable CatalogueEntry entry(String code) {
        return byCode.get(code);
    }

    /**
     * The entries that explain a reply: its basic code's, then its enhanced code's, each when
     * known.
     *
     * @param reply the reply
     * @return zero, one or two entries
     */
    public List<CatalogueEntry> entriesFor(SmtpReply reply) {
        CatalogueEntry basic = reply.hasCode() ? basic(reply.code()) : null;
        CatalogueEntry enhanced = enhanced(reply.enhancedCode());
        if (basic == null) {
            return enhanced == null ? List.of() : List.of(enhanced);
        }
        return enhanced == null ? List.of(basic) : List.of(basic, enhanced);
    }

    /**
     * Every entry, basic codes first, in the order of the table.
     *
     * @return an unmodifiable list
     */
    public List<CatalogueEntry> entries() {
        return List.copyOf(byCode.values());
    }

    /**
     * The keys of every entry.
     *
     * @return an unmodifiable set
     */
    public Set<String> codes() {
        return Collections.unmodifiableSet(byCode.keySet());
    }

    /**
     * A short description of a category, in the given language.
     *
     * @param category the category
     * @param locale the language
     * @return for example "mailbox full"
     */
    public static String describe(Category category, Locale locale) {
        return Texts.get(locale, "category." + category.name());
    }

    /**
     * A short description of a transience, in the given language.
     *
     * @param transience the transience
     * @param locale the language
     * @return for example "transient: may succeed later"
     */
    public static String describe(Transience transience, Locale locale) {
        return Texts.get(locale, "transience." + transience.name());
    }

    private static final class Holder {
        static final Catalogue STANDARD = load();
    }

    static Catalogue load() {
        Map<String, CatalogueEntry> entries = new LinkedHashMap<>();
        try (InputStream in = Catalogue.class.getResourceAsStream(TABLE)) {
            if (in == null) {
                throw new IllegalStateException(TABLE + " is missing from the class path");
            }
            BufferedReader reader =
                    new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                CatalogueEntry entry = parseRow(line, number);
                if (entries.put(entry.code(), entry) != null) {
                    throw new IllegalStateException(
                            TABLE + " line " + number + ": duplicate code " + entry.code());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Catalogue(Collections.unmodifiableMap(entries));
    }

    private static CatalogueEntry parseRow(String line, int number) {
        List<String> cells = new ArrayList<>(5);
        int start = 0;
        for (int i = 0; i <= line.length(); i++) {
            if (i == line.length() || line.charAt(i) == '\t') {
                cells.add(line.substring(start, i).strip());
                start = i + 1;
            }
        }
        if (cells.size() != 5) {
            throw new IllegalStateException(
                    TABLE + " line " + number + ": expected 5 columns, got " + cells.size());
        }
        try {
            return new CatalogueEntry(
                    cells.get(0),
                    cells.get(1).equals("-") ? null : Category.valueOf(cells.get(1)),
                    cells.get(2).equals("-") ? null : Transience.valueOf(cells.get(2)),
                    parseStandard(cells.get(3)),
                    cells.get(4));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(TABLE + " line " + number + ": " + e.getMessage(), e);
        }
    }

    private static boolean parseStandard(String cell) {
        switch (cell) {
            case "standard":
                return true;
            case "non-standard":
                return false;
            default:
                throw new IllegalArgumentException(
                        "standard column must be 'standard' or 'non-standard', got " + cell);
        }
    }
}
