package io.github.resilientmail.reply;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads how long a server asks the client to wait: "try again in 5 minutes", "greylisted for 300
 * seconds", "come back in 00:04:59", "retry after 120s", "réessayez dans 10 minutes".
 */
final class RetryAfter {

    /** Longer hints are not believed: no server greylists for more than a day. */
    static final Duration MAX = Duration.ofDays(1);

    private static final Pattern AMOUNT =
            Pattern.compile(
                    "\\b(?:in|for|after|wait|within|dans|next)\\s+(?:about\\s+|at\\s+least\\s+)?"
                            + "(\\d{1,6}|an?|one)\\s*"
                            + "(seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|heures?)\\b");
    private static final Pattern CLOCK =
            Pattern.compile("\\b(?:in|after|dans)\\s+(\\d{1,2}):(\\d{2})(?::(\\d{2}))?\\b");

    private RetryAfter() {}

    static @Nullable Duration parse(String text) {
        if (!hasDigitOrArticle(text)) {
            return null;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        Matcher clock = CLOCK.matcher(lower);
        if (clock.find()) {
            long first = Long.parseLong(clock.group(1));
            long second = Long.parseLong(clock.group(2));
            Duration wait =
                    clock.group(3) == null
                            ? Duration.ofMinutes(first).plusSeconds(second)
                            : Duration.ofHours(first)
                                    .plusMinutes(second)
                                    .plusSeconds(Long.parseLong(clock.group(3)));
            return bounded(wait);
        }
        Matcher amount = AMOUNT.matcher(lower);
        if (!amount.find()) {
            return null;
        }
        String number = amount.group(1);
        long count = Character.isDigit(number.charAt(0)) ? Long.parseLong(number) : 1;
        char unit = amount.group(2).charAt(0);
        Duration wait =
                unit == 's'
                        ? Duration.ofSeconds(count)
                        : unit == 'm' ? Duration.ofMinutes(count) : Duration.ofHours(count);
        return bounded(wait);
    }

    private static @Nullable Duration bounded(Duration wait) {
        if (wait.isZero() || wait.compareTo(MAX) > 0) {
            return null;
        }
        return wait;
    }

    /**
     * A cheap test that spares the regular expressions most texts: a number followed by a unit
     * letter ("5 minutes", "120s", "2h"), a clock ("00:04:59") or "an hour".
     */
    private static boolean hasDigitOrArticle(String text) {
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                continue;
            }
            int next = i + 1;
            if (next < length && text.charAt(next) == ':') {
                return true;
            }
            while (next < length && text.charAt(next) == ' ') {
                next++;
            }
            if (next < length) {
                char unit = Character.toLowerCase(text.charAt(next));
                if (unit == 's' || unit == 'm' || unit == 'h') {
                    return true;
                }
            }
        }
        return text.contains("an hour") || text.contains("a minute") || text.contains("one hour");
    }
}
