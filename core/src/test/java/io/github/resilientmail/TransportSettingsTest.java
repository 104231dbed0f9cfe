package io.github.resilientmail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TransportSettingsTest {

    private static TransportSettings read(String... settings) {
        Properties properties = new Properties();
        for (int i = 0; i < settings.length; i += 2) {
            properties.setProperty(settings[i], settings[i + 1]);
        }
        return TransportSettings.from(properties, "resilient-smtp");
    }

    private static long interval(RetryConfig retry, int attempt) {
        return retry.getIntervalBiFunction()
                .apply(attempt, Either.left(new IllegalStateException("failed")));
    }

    @ParameterizedTest
    @CsvSource({
        "250ms, PT0.25S",
        "2s, PT2S",
        "1m, PT1M",
        "1h, PT1H",
        "1d, PT24H",
        "PT2S, PT2S",
        "pt1m30s, PT1M30S",
        "1500, PT1.5S",
        "' 2s ', PT2S",
        "2 s, PT2S",
        "2S, PT2S"
    })
    void parsesShortAndIsoDurations(String text, Duration expected) {
        assertThat(TransportSettings.parseDuration(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "s", "2 weeks", "abc", "2.5s", "P", "PTxS", "1234567890123s"})
    void rejectsWhatIsNoDuration(String text) {
        assertThat(TransportSettings.parseDuration(text)).isNull();
    }

    @Test
    void defaultsWhenNothingIsSet() {
        TransportSettings settings = read();

        RetryConfig retry = settings.retry();
        assertThat(retry.getMaxAttempts()).isEqualTo(3);
        assertThat(settings.maxDuration()).isEqualTo(Duration.ofMinutes(2));
        CircuitBreakerConfig breaker = settings.circuitBreaker();
        assertThat(breaker.getFailureRateThreshold()).isEqualTo(50f);
        assertThat(breaker.getSlidingWindowSize()).isEqualTo(20);
        assertThat(breaker.getMinimumNumberOfCalls()).isEqualTo(10);
        assertThat(breaker.getWaitIntervalFunctionInOpenState().apply(1)).isEqualTo(30_000L);
        assertThat(breaker.getPermittedNumberOfCallsInHalfOpenState()).isEqualTo(3);
        assertThat(settings.guarantee()).isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);
        assertThat(TransportSettings.defaults().retry().getMaxAttempts()).isEqualTo(3);
    }

    @Test
    void defaultBackoffIsRandomizedAroundOneSecondAndDoubles() {
        RetryConfig retry = read().retry();

        for (int i = 0; i < 20; i++) {
            assertThat(interval(retry, 1)).isBetween(500L, 1500L);
            assertThat(interval(retry, 2)).isBetween(1000L, 3000L);
        }
    }

    @Test
    void readsEverySetting() {
        TransportSettings settings =
                read(
                        "mail.resilient-smtp.retry.max-attempts", "5",
                        "mail.resilient-smtp.retry.wait-duration", "250ms",
                        "mail.resilient-smtp.retry.exponential-backoff-multiplier", "3",
                        "mail.resilient-smtp.retry.exponential-max-wait-duration", "1s",
                        "mail.resilient-smtp.retry.randomized-wait-factor", "0",
                        "mail.resilient-smtp.retry.max-duration", "PT45S",
                        "mail.resilient-smtp.circuit-breaker.failure-rate-threshold", "75",
                        "mail.resilient-smtp.circuit-breaker.sliding-window-size", "8",
                        "mail.resilient-smtp.circuit-breaker.minimum-number-of-calls", "4",
                        "mail.resilient-smtp.circuit-breaker.wait-duration-in-open-state", "1m",
                        "mail.resilient-smtp.circuit-breaker.permitted-number-of-calls-in-half-open-state",
                                "2",
                        "mail.resilient-smtp.delivery-guarantee", "at-most-once");

        RetryConfig retry = settings.retry();
        assertThat(retry.getMaxAttempts()).isEqualTo(5);
        assertThat(interval(retry, 1)).isEqualTo(250L);
        assertThat(interval(retry, 2)).isEqualTo(750L);
        assertThat(interval(retry, 3)).isEqualTo(1000L);
        assertThat(settings.maxDuration()).isEqualTo(Duration.ofSeconds(45));
        CircuitBreakerConfig breaker = settings.circuitBreaker();
        assertThat(breaker.getFailureRateThreshold()).isEqualTo(75f);
        assertThat(breaker.getSlidingWindowSize()).isEqualTo(8);
        assertThat(breaker.getMinimumNumberOfCalls()).isEqualTo(4);
        assertThat(breaker.getWaitIntervalFunctionInOpenState().apply(1)).isEqualTo(60_000L);
        assertThat(breaker.getPermittedNumberOfCallsInHalfOpenState()).isEqualTo(2);
        assertThat(settings.guarantee()).isEqualTo(DeliveryGuarantee.AT_MOST_ONCE);
    }

    @Test
    void readsTheSettingsOfTheProtocolAsked() {
        Properties properties = new Properties();
        properties.setProperty("mail.resilient-smtps.retry.max-attempts", "7");
        properties.setProperty("mail.resilient-smtp.retry.max-attempts", "2");

        assertThat(TransportSettings.from(properties, "resilient-smtps").retry().getMaxAttempts())
                .isEqualTo(7);
    }

    @Test
    void acceptsDeliveryGuaranteeInEitherSpelling() {
        assertThat(read("mail.resilient-smtp.delivery-guarantee", "AT_MOST_ONCE").guarantee())
                .isEqualTo(DeliveryGuarantee.AT_MOST_ONCE);
        assertThat(read("mail.resilient-smtp.delivery-guarantee", " at-least-once ").guarantee())
                .isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);
    }

    @ParameterizedTest
    @CsvSource({
        "retry.max-attempts, abc",
        "retry.max-attempts, 0",
        "retry.max-attempts, 2.5",
        "retry.wait-duration, soon",
        "retry.wait-duration, 0s",
        "retry.wait-duration, -PT1S",
        "retry.exponential-backoff-multiplier, 0.5",
        "retry.exponential-backoff-multiplier, x",
        "retry.exponential-max-wait-duration, forever",
        "retry.randomized-wait-factor, 1",
        "retry.max-duration, 2 weeks",
        "circuit-breaker.failure-rate-threshold, 0",
        "circuit-breaker.failure-rate-threshold, 101",
        "circuit-breaker.sliding-window-size, 0",
        "circuit-breaker.minimum-number-of-calls, many",
        "circuit-breaker.wait-duration-in-open-state, 1w",
        "circuit-breaker.permitted-number-of-calls-in-half-open-state, -1",
        "delivery-guarantee, exactly-once"
    })
    void invalidValueFailsWithAMessageNamingTheKeyAndTheValue(String key, String value) {
        assertThatThrownBy(() -> read("mail.resilient-smtp." + key, value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mail.resilient-smtp." + key)
                .hasMessageContaining(value);
    }

    @Test
    void maxWaitShorterThanTheFirstWaitIsRefused() {
        assertThatThrownBy(
                        () ->
                                read(
                                        "mail.resilient-smtp.retry.wait-duration", "5s",
                                        "mail.resilient-smtp.retry.exponential-max-wait-duration",
                                                "1s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mail.resilient-smtp.retry.exponential-max-wait-duration");
    }

    @Test
    void blankValuesMeanTheDefault() {
        assertThat(read("mail.resilient-smtp.retry.max-attempts", " ").retry().getMaxAttempts())
                .isEqualTo(3);
    }

    @Test
    void ownKeysAreTheTransportsAndTheRestBelongsToTheWrappedTransport() {
        assertThat(TransportSettings.isOwnKey("retry.max-attempts")).isTrue();
        assertThat(TransportSettings.isOwnKey("circuit-breaker.sliding-window-size")).isTrue();
        assertThat(TransportSettings.isOwnKey("delivery-guarantee")).isTrue();
        assertThat(TransportSettings.isOwnKey("ssl.enable")).isFalse();
        assertThat(TransportSettings.isOwnKey("timeout")).isFalse();
        assertThat(TransportSettings.isOwnKey("host")).isFalse();
    }
}
