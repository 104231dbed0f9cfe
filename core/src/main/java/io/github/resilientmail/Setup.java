package io.github.resilientmail;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import jakarta.mail.Session;
import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Everything a transport is configured with; immutable. */
final class Setup {
    final String outerProtocol;
    final String innerProtocol;
    final TransportSettings settings;
    final @Nullable String configError;
    final CircuitBreakerRegistry breakers;
    final RetryRegistry retries;
    final Classifier classifier;
    final ResilienceListener listener;
    final Clock clock;
    final Sleeper sleeper;
    private final CircuitBreakerConfig breakerConfig;
    private final RetryConfig retryConfig;

    Setup(
            String outerProtocol,
            String innerProtocol,
            TransportSettings settings,
            @Nullable String configError,
            CircuitBreakerRegistry breakers,
            RetryRegistry retries,
            Classifier classifier,
            ResilienceListener listener,
            Clock clock,
            Sleeper sleeper) {
        this.outerProtocol = outerProtocol;
        this.innerProtocol = innerProtocol;
        this.settings = settings;
        this.configError = configError;
        this.breakers = breakers;
        this.retries = retries;
        this.classifier = classifier;
        this.listener = listener;
        this.clock = clock;
        this.sleeper = sleeper;
        this.breakerConfig =
                clock.equals(Clock.systemUTC())
                        ? settings.circuitBreaker()
                        : CircuitBreakerConfig.from(settings.circuitBreaker()).clock(clock).build();
        // Resilience4j retries every exception by default; the transport decides what is retried.
        this.retryConfig =
                RetryConfig.from(settings.retry())
                        .retryOnException(
                                failure ->
                                        failure instanceof ResilientTransport.RetrySignal
                                                && ((ResilientTransport.RetrySignal) failure)
                                                        .retryable)
                        .build();
    }

    static Setup fromSession(Session session, String outerProtocol) {
        String inner =
                outerProtocol.equals(ResilientTransport.PROTOCOL_SSL)
                        ? "smtps"
                        : outerProtocol.equals(ResilientTransport.PROTOCOL)
                                ? "smtp"
                                : session.getProperty("mail." + outerProtocol + ".protocol");
        if (inner == null) {
            inner = "smtp";
        }
        TransportSettings settings;
        String error = null;
        try {
            settings = TransportSettings.from(session.getProperties(), outerProtocol);
        } catch (IllegalArgumentException e) {
            settings = TransportSettings.defaults();
            error = e.getMessage();
        }
        return new Setup(
                outerProtocol,
                inner,
                settings,
                error,
                ResilientTransport.defaultCircuitBreakerRegistry(),
                ResilientTransport.defaultRetryRegistry(),
                Classifier.standard(),
                ResilienceListener.NONE,
                Clock.systemUTC(),
                Sleeper.THREAD);
    }

    CircuitBreaker breaker(String relay) {
        return breakers.circuitBreaker(relay, () -> breakerConfig);
    }

    Retry retry(String relay) {
        return retries.retry(relay, () -> retryConfig);
    }

    @Nullable Duration openStateWait() {
        Long millis = breakerConfig.getWaitIntervalFunctionInOpenState().apply(1);
        return millis == null || millis <= 0 ? null : Duration.ofMillis(millis);
    }
}
