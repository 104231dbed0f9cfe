package io.github.resilientmail;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The transport's own settings, read from session properties {@code mail.<protocol>.*} in the
 * vocabulary of Resilience4j, with the defaults documented in the README.
 *
 * @param retry the retry configuration (its exception predicate is replaced by the transport's)
 * @param maxDuration the time budget of one send, waits included
 * @param circuitBreaker the configuration of each relay's circuit breaker
 * @param guarantee what to do when the connection drops after the final "."
 * @param hideRecipients whether events and exception messages mask recipient addresses
 */
record TransportSettings(
        RetryConfig retry,
        Duration maxDuration,
        CircuitBreakerConfig circuitBreaker,
        DeliveryGuarantee guarantee,
        boolean hideRecipients) {

    static final int DEFAULT_MAX_ATTEMPTS = 3;
    static final Duration DEFAULT_WAIT = Duration.ofSeconds(1);
    static final double DEFAULT_MULTIPLIER = 2.0;
    static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(30);
    static final double DEFAULT_RANDOMIZED_WAIT_FACTOR = 0.5;
    static final Duration DEFAULT_MAX_DURATION = Duration.ofMinutes(2);
    static final float DEFAULT_FAILURE_RATE_THRESHOLD = 50;
    static final int DEFAULT_SLIDING_WINDOW_SIZE = 20;
    static final int DEFAULT_MINIMUM_NUMBER_OF_CALLS = 10;
    static final Duration DEFAULT_WAIT_IN_OPEN_STATE = Duration.ofSeconds(30);
    static final int DEFAULT_PERMITTED_CALLS_IN_HALF_OPEN_STATE = 3;

    /**
     * The keys that belong to the transport; every other {@code mail.<protocol>.*} key is Angus's.
     */
    static final Set<String> KEYS =
            Set.of(
                    "retry.max-attempts",
                    "retry.wait-duration",
                    "retry.exponential-backoff-multiplier",
                    "retry.exponential-max-wait-duration",
                    "retry.randomized-wait-factor",
                    "retry.max-duration",
                    "circuit-breaker.failure-rate-threshold",
                    "circuit-breaker.sliding-window-size",
                    "circuit-breaker.minimum-number-of-calls",
                    "circuit-breaker.wait-duration-in-open-state",
                    "circuit-breaker.permitted-number-of-calls-in-half-open-state",
                    "delivery-guarantee",
                    "hide-recipients",
                    "protocol");

    static boolean isOwnKey(String suffix) {
        return KEYS.contains(suffix)
                || suffix.startsWith("retry.")
                || suffix.startsWith("circuit-breaker.");
    }

    static TransportSettings defaults() {
        return Defaults.SETTINGS;
    }

    /** The defaults, built once: the values are immutable. */
    private static final class Defaults {
        static final TransportSettings SETTINGS = from(new Properties(), "resilient-smtp");
    }

    /**
     * Reads the settings.
     *
     * @throws IllegalArgumentException naming the key and the value when a value is invalid
     */
    static TransportSettings from(Properties properties, String protocol) {
        Reader read = new Reader(properties, "mail." + protocol + ".");
        int maxAttempts = read.integer("retry.max-attempts", DEFAULT_MAX_ATTEMPTS, 1);
        Duration wait = read.duration("retry.wait-duration", DEFAULT_WAIT);
        double multiplier =
                read.decimal(
                        "retry.exponential-backoff-multiplier", DEFAULT_MULTIPLIER, 1.0, 100.0);
        Duration maxWait = read.duration("retry.exponential-max-wait-duration", DEFAULT_MAX_WAIT);
        double factor =
                read.decimal(
                        "retry.randomized-wait-factor", DEFAULT_RANDOMIZED_WAIT_FACTOR, 0.0, 0.999);
        Duration maxDuration = read.duration("retry.max-duration", DEFAULT_MAX_DURATION);
        float failureRate =
                (float)
                        read.decimal(
                                "circuit-breaker.failure-rate-threshold",
                                DEFAULT_FAILURE_RATE_THRESHOLD,
                                0.001,
                                100.0);
        int window =
                read.integer("circuit-breaker.sliding-window-size", DEFAULT_SLIDING_WINDOW_SIZE, 1);
        int minimumCalls =
                read.integer(
                        "circuit-breaker.minimum-number-of-calls",
                        DEFAULT_MINIMUM_NUMBER_OF_CALLS,
                        1);
        Duration openWait =
                read.duration(
                        "circuit-breaker.wait-duration-in-open-state", DEFAULT_WAIT_IN_OPEN_STATE);
        int halfOpenCalls =
                read.integer(
                        "circuit-breaker.permitted-number-of-calls-in-half-open-state",
                        DEFAULT_PERMITTED_CALLS_IN_HALF_OPEN_STATE,
                        1);
        DeliveryGuarantee guarantee = read.guarantee("delivery-guarantee");
        boolean hideRecipients = read.bool("hide-recipients", false);
        if (maxWait.compareTo(wait) < 0) {
            throw new IllegalArgumentException(
                    read.prefix
                            + "retry.exponential-max-wait-duration must not be shorter than "
                            + read.prefix
                            + "retry.wait-duration");
        }
        IntervalFunction backoff =
                factor == 0
                        ? IntervalFunction.ofExponentialBackoff(wait, multiplier, maxWait)
                        : IntervalFunction.ofExponentialRandomBackoff(
                                wait, multiplier, factor, maxWait);
        RetryConfig retry =
                RetryConfig.custom().maxAttempts(maxAttempts).intervalFunction(backoff).build();
        CircuitBreakerConfig breaker =
                CircuitBreakerConfig.custom()
                        .failureRateThreshold(failureRate)
                        .slidingWindowSize(window)
                        .minimumNumberOfCalls(minimumCalls)
                        .waitDurationInOpenState(openWait)
                        .permittedNumberOfCallsInHalfOpenState(halfOpenCalls)
                        .build();
        return new TransportSettings(retry, maxDuration, breaker, guarantee, hideRecipients);
    }

    /**
     * Parses {@code 250ms}, {@code 2s}, {@code 1m}, {@code 1h}, {@code 1d}, ISO-8601 ({@code PT2S})
     * or a plain number of milliseconds.
     *
     * @return the duration, or {@code null} when the text is none of these
     */
    static @Nullable Duration parseDuration(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        if (value.isEmpty()) {
            return null;
        }
        if (value.startsWith("p") || value.startsWith("-p")) {
            try {
                return Duration.parse(value.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        int unitStart = 0;
        while (unitStart < value.length() && Character.isDigit(value.charAt(unitStart))) {
            unitStart++;
        }
        if (unitStart == 0 || unitStart > 12) {
            return null;
        }
        long amount = Long.parseLong(value.substring(0, unitStart));
        switch (value.substring(unitStart).strip()) {
            case "":
            case "ms":
                return Duration.ofMillis(amount);
            case "s":
                return Duration.ofSeconds(amount);
            case "m":
                return Duration.ofMinutes(amount);
            case "h":
                return Duration.ofHours(amount);
            case "d":
                return Duration.ofDays(amount);
            default:
                return null;
        }
    }

    /** Reads typed values, failing with the key's full name. */
    private static final class Reader {
        private final Properties properties;
        private final String prefix;

        Reader(Properties properties, String prefix) {
            this.properties = properties;
            this.prefix = prefix;
        }

        private @Nullable String raw(String key) {
            String value = properties.getProperty(prefix + key);
            return value == null || value.isBlank() ? null : value.strip();
        }

        private IllegalArgumentException invalid(String key, String value, String expected) {
            return new IllegalArgumentException(
                    prefix + key + "='" + value + "' is not valid: expected " + expected);
        }

        int integer(String key, int defaultValue, int min) {
            String value = raw(key);
            if (value == null) {
                return defaultValue;
            }
            try {
                int parsed = Integer.parseInt(value);
                if (parsed < min) {
                    throw invalid(key, value, "an integer of at least " + min);
                }
                return parsed;
            } catch (NumberFormatException e) {
                throw invalid(key, value, "an integer of at least " + min);
            }
        }

        double decimal(String key, double defaultValue, double min, double max) {
            String value = raw(key);
            if (value == null) {
                return defaultValue;
            }
            try {
                double parsed = Double.parseDouble(value);
                if (!(parsed >= min && parsed <= max)) {
                    throw invalid(key, value, "a number from " + min + " to " + max);
                }
                return parsed;
            } catch (NumberFormatException e) {
                throw invalid(key, value, "a number from " + min + " to " + max);
            }
        }

        Duration duration(String key, Duration defaultValue) {
            String value = raw(key);
            if (value == null) {
                return defaultValue;
            }
            Duration parsed = parseDuration(value);
            if (parsed == null || parsed.isNegative() || parsed.isZero()) {
                throw invalid(key, value, "a positive duration such as 250ms, 2s, 1m or PT2S");
            }
            return parsed;
        }

        boolean bool(String key, boolean defaultValue) {
            String value = raw(key);
            if (value == null) {
                return defaultValue;
            }
            switch (value.toLowerCase(Locale.ROOT)) {
                case "true":
                    return true;
                case "false":
                    return false;
                default:
                    throw invalid(key, value, "true or false");
            }
        }

        DeliveryGuarantee guarantee(String key) {
            String value = raw(key);
            if (value == null) {
                return DeliveryGuarantee.AT_LEAST_ONCE;
            }
            switch (value.toLowerCase(Locale.ROOT).replace('_', '-')) {
                case "at-least-once":
                    return DeliveryGuarantee.AT_LEAST_ONCE;
                case "at-most-once":
                    return DeliveryGuarantee.AT_MOST_ONCE;
                default:
                    throw invalid(key, value, "at-least-once or at-most-once");
            }
        }
    }
}
