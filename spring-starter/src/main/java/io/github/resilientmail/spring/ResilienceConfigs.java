package io.github.resilientmail.spring;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.List;

/**
 * Builds the Resilience4j configurations from {@code resilient-mail.*}, as the transport builds
 * them from its session properties, and checks every value, naming the property of the one that is
 * invalid.
 */
final class ResilienceConfigs {

    private static final String RETRY = "resilient-mail.retry.";
    private static final String BREAKER = "resilient-mail.circuit-breaker.";

    private ResilienceConfigs() {}

    static RetryConfig retry(
            ResilientMailProperties.Retry retry, List<ResilientMailCustomizer> customizers) {
        atLeast(RETRY + "max-attempts", retry.getMaxAttempts(), 1);
        Duration wait = positive(RETRY + "wait-duration", retry.getWaitDuration());
        Duration maxWait =
                positive(
                        RETRY + "exponential-max-wait-duration",
                        retry.getExponentialMaxWaitDuration());
        positive(RETRY + "max-duration", retry.getMaxDuration());
        double multiplier =
                between(
                        RETRY + "exponential-backoff-multiplier",
                        retry.getExponentialBackoffMultiplier(),
                        1.0,
                        100.0);
        double factor =
                between(
                        RETRY + "randomized-wait-factor",
                        retry.getRandomizedWaitFactor(),
                        0.0,
                        0.999);
        if (maxWait.compareTo(wait) < 0) {
            throw new IllegalArgumentException(
                    RETRY
                            + "exponential-max-wait-duration ("
                            + maxWait
                            + ") must not be shorter than "
                            + RETRY
                            + "wait-duration ("
                            + wait
                            + ")");
        }
        IntervalFunction backoff =
                factor == 0
                        ? IntervalFunction.ofExponentialBackoff(wait, multiplier, maxWait)
                        : IntervalFunction.ofExponentialRandomBackoff(
                                wait, multiplier, factor, maxWait);
        RetryConfig.Builder<Object> builder =
                RetryConfig.custom().maxAttempts(retry.getMaxAttempts()).intervalFunction(backoff);
        for (ResilientMailCustomizer customizer : customizers) {
            customizer.customizeRetry(builder);
        }
        return builder.build();
    }

    static CircuitBreakerConfig circuitBreaker(
            ResilientMailProperties.CircuitBreaker breaker,
            List<ResilientMailCustomizer> customizers) {
        float rate = breaker.getFailureRateThreshold();
        if (!(rate > 0 && rate <= 100)) {
            throw invalid(
                    BREAKER + "failure-rate-threshold", rate, "a percentage above 0, at most 100");
        }
        atLeast(BREAKER + "sliding-window-size", breaker.getSlidingWindowSize(), 1);
        atLeast(BREAKER + "minimum-number-of-calls", breaker.getMinimumNumberOfCalls(), 1);
        atLeast(
                BREAKER + "permitted-number-of-calls-in-half-open-state",
                breaker.getPermittedNumberOfCallsInHalfOpenState(),
                1);
        positive(BREAKER + "wait-duration-in-open-state", breaker.getWaitDurationInOpenState());
        CircuitBreakerConfig.Builder builder =
                CircuitBreakerConfig.custom()
                        .failureRateThreshold(rate)
                        .slidingWindowSize(breaker.getSlidingWindowSize())
                        .minimumNumberOfCalls(breaker.getMinimumNumberOfCalls())
                        .waitDurationInOpenState(breaker.getWaitDurationInOpenState())
                        .permittedNumberOfCallsInHalfOpenState(
                                breaker.getPermittedNumberOfCallsInHalfOpenState());
        for (ResilientMailCustomizer customizer : customizers) {
            customizer.customizeCircuitBreaker(builder);
        }
        return builder.build();
    }

    /** Checks a duration that must be positive, such as a timeout or a time budget. */
    static Duration positive(String property, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw invalid(property, value, "a positive duration such as 250ms, 2s, 1m or PT2S");
        }
        return value;
    }

    private static void atLeast(String property, int value, int min) {
        if (value < min) {
            throw invalid(property, value, "an integer of at least " + min);
        }
    }

    private static double between(String property, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw invalid(property, value, "a number from " + min + " to " + max);
        }
        return value;
    }

    private static IllegalArgumentException invalid(
            String property, Object value, String expected) {
        return new IllegalArgumentException(
                property + "=" + value + " is not valid: expected " + expected);
    }
}
