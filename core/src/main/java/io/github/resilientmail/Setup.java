package io.github.resilientmail;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import jakarta.mail.Session;
import java.lang.ref.WeakReference;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Everything a transport is configured with; immutable, and never holding the application's
 * session.
 */
final class Setup {

    /**
     * The setups read from each session, since {@code Transport.send} creates a transport per
     * message: transports of one session share their retry configuration, and so the relay's retry
     * in the registry. Weak keys: a session that is no longer used is forgotten.
     */
    private static final Map<Session, Map<String, Setup>> FROM_SESSIONS = new WeakHashMap<>();

    /**
     * The retry configuration derived from each base configuration (the transport's exception
     * predicate added), so that transports given the same base share the relay's retry in the
     * registry. Weak keys: the derived configuration does not refer to its base.
     */
    private static final Map<RetryConfig, RetryConfig> DERIVED_RETRY_CONFIGS = new WeakHashMap<>();

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
        this.retryConfig = derive(settings.retry());
    }

    private static RetryConfig derive(RetryConfig base) {
        synchronized (DERIVED_RETRY_CONFIGS) {
            // Resilience4j retries every exception by default; the transport decides what is
            // retried.
            return DERIVED_RETRY_CONFIGS.computeIfAbsent(
                    base, b -> RetryConfig.from(b).retryOnException(Setup::isRetryable).build());
        }
    }

    private static boolean isRetryable(Throwable failure) {
        return failure instanceof ResilientTransport.RetrySignal
                && ((ResilientTransport.RetrySignal) failure).retryable;
    }

    /**
     * The setup of a transport configured by the session's properties; the same object for every
     * transport of the session and protocol (the properties are read once).
     */
    static Setup fromSession(Session session, String outerProtocol) {
        Last last = lastFromSession;
        if (last != null && last.session.get() == session && last.protocol.equals(outerProtocol)) {
            return last.setup;
        }
        Setup setup;
        synchronized (FROM_SESSIONS) {
            setup =
                    FROM_SESSIONS
                            .computeIfAbsent(session, s -> new HashMap<>())
                            .computeIfAbsent(outerProtocol, protocol -> read(session, protocol));
        }
        lastFromSession = new Last(new WeakReference<>(session), outerProtocol, setup);
        return setup;
    }

    /**
     * The setup found last, read without a lock: an application usually sends through one session,
     * and every {@code Transport.send} looks its setup up. It holds the session weakly.
     */
    private static volatile @Nullable Last lastFromSession;

    private record Last(WeakReference<Session> session, String protocol, Setup setup) {}

    private static Setup read(Session session, String outerProtocol) {
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

    /**
     * The relay's retry from the registry when it has this transport's configuration; otherwise
     * (another transport registered the relay with other settings) a retry of this transport's own,
     * outside the registry: the settings a transport was given always decide.
     */
    Retry retry(String relay) {
        Retry registered = retries.retry(relay, () -> retryConfig);
        return registered.getRetryConfig() == retryConfig
                ? registered
                : Retry.of(relay, retryConfig);
    }

    @Nullable Duration openStateWait() {
        Long millis = breakerConfig.getWaitIntervalFunctionInOpenState().apply(1);
        return millis == null || millis <= 0 ? null : Duration.ofMillis(millis);
    }
}
