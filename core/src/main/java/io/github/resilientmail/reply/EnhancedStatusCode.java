package io.github.resilientmail.reply;

import org.jspecify.annotations.Nullable;

/**
 * An enhanced mail system status code of RFC 3463, {@code class.subject.detail}, such as {@code
 * 5.1.1}.
 *
 * <p>The class says success (2), persistent transient failure (4) or permanent failure (5); subject
 * and detail name the condition. The IANA registry defines each condition once for every class,
 * which is why the catalogue keys enhanced codes as {@code X.subject.detail} ({@link #key()}).
 *
 * @param statusClass 2, 4 or 5
 * @param subject 0 to 999
 * @param detail 0 to 999
 */
public record EnhancedStatusCode(int statusClass, int subject, int detail) {

    /**
     * Validates the components.
     *
     * @param statusClass see {@link #statusClass()}
     * @param subject see {@link #subject()}
     * @param detail see {@link #detail()}
     */
    public EnhancedStatusCode {
        if (statusClass != 2 && statusClass != 4 && statusClass != 5) {
            throw new IllegalArgumentException(
                    "class of an enhanced status code must be 2, 4 or 5, got " + statusClass);
        }
        if (subject < 0 || subject > 999 || detail < 0 || detail > 999) {
            throw new IllegalArgumentException(
                    "subject and detail must be 0 to 999, got " + subject + "." + detail);
        }
    }

    /**
     * Parses {@code "5.1.1"}.
     *
     * @param text the code, without surrounding text
     * @return the code, or {@code null} when {@code text} is not a valid enhanced status code
     */
    public static @Nullable EnhancedStatusCode parse(@Nullable String text) {
        if (text == null) {
            return null;
        }
        return parseAt(text, 0, text.length());
    }

    /**
     * Parses a code that fills {@code text[from, to)} exactly; never throws.
     *
     * @return the code or {@code null}
     */
    static @Nullable EnhancedStatusCode parseAt(CharSequence text, int from, int to) {
        if (to - from < 5 || to - from > 9) {
            return null;
        }
        int statusClass = text.charAt(from) - '0';
        if (statusClass != 2 && statusClass != 4 && statusClass != 5) {
            return null;
        }
        if (text.charAt(from + 1) != '.') {
            return null;
        }
        int i = from + 2;
        int subject = 0;
        int digits = 0;
        while (i < to && isDigit(text.charAt(i)) && digits < 3) {
            subject = subject * 10 + text.charAt(i) - '0';
            i++;
            digits++;
        }
        if (digits == 0 || i >= to || text.charAt(i) != '.') {
            return null;
        }
        i++;
        int detail = 0;
        digits = 0;
        while (i < to && isDigit(text.charAt(i)) && digits < 3) {
            detail = detail * 10 + text.charAt(i) - '0';
            i++;
            digits++;
        }
        if (digits == 0 || i != to) {
            return null;
        }
        return new EnhancedStatusCode(statusClass, subject, detail);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * The catalogue key of this code's condition, {@code "X.subject.detail"}, shared by all
     * classes.
     *
     * @return for example {@code "X.1.1"} for {@code 5.1.1}
     */
    public String key() {
        return "X." + subject + "." + detail;
    }

    /**
     * The code with its class, for example {@code "5.1.1"}.
     *
     * @return the code as servers write it
     */
    @Override
    public String toString() {
        return statusClass + "." + subject + "." + detail;
    }
}
