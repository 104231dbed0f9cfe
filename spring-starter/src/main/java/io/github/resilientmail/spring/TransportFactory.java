package io.github.resilientmail.spring;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilientmail.DeliveryGuarantee;
import io.github.resilientmail.ResilienceListener;
import io.github.resilientmail.ResilientTransport;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * Builds the resilient transport of each connection the mail sender opens, from the configurations
 * built once at startup, the registries, the customizers and the listeners. Thread-safe.
 */
final class TransportFactory {

    private final RetryConfig retryConfig;
    private final CircuitBreakerConfig circuitBreakerConfig;
    private final Duration maxDuration;
    private final DeliveryGuarantee guarantee;
    private final boolean hideRecipients;
    private final Duration connectionTimeout;
    private final Duration readTimeout;
    private final Duration writeTimeout;
    private final Registries registries;
    private final List<ResilientMailCustomizer> customizers;
    private final ResilienceListener listener;
    private final @Nullable SendObserver observer;

    /**
     * Checks the properties and builds the configurations.
     *
     * @throws IllegalArgumentException naming the property whose value is invalid
     */
    TransportFactory(
            ResilientMailProperties properties,
            Registries registries,
            List<ResilientMailCustomizer> customizers,
            List<ResilienceListener> listeners,
            @Nullable SendObserver observer) {
        this.customizers = List.copyOf(customizers);
        this.retryConfig = ResilienceConfigs.retry(properties.getRetry(), this.customizers);
        this.circuitBreakerConfig =
                ResilienceConfigs.circuitBreaker(properties.getCircuitBreaker(), this.customizers);
        this.maxDuration =
                ResilienceConfigs.positive(
                        "resilient-mail.retry.max-duration",
                        properties.getRetry().getMaxDuration());
        this.guarantee = properties.getDeliveryGuarantee();
        this.hideRecipients = properties.isHideRecipients();
        this.connectionTimeout =
                ResilienceConfigs.positive(
                        "resilient-mail.connection-timeout", properties.getConnectionTimeout());
        this.readTimeout =
                ResilienceConfigs.positive(
                        "resilient-mail.read-timeout", properties.getReadTimeout());
        this.writeTimeout =
                ResilienceConfigs.positive(
                        "resilient-mail.write-timeout", properties.getWriteTimeout());
        this.registries = registries;
        // No listener at all when the application has none: the transport then builds no events.
        this.listener = listeners.isEmpty() ? ResilienceListener.NONE : new Listeners(listeners);
        this.observer = observer;
    }

    /**
     * The protocol the resilient transport wraps for the mail sender's protocol, or null when the
     * starter leaves that protocol alone.
     *
     * @param protocol the mail sender's protocol: {@code smtp}, {@code smtps} or their {@code
     *     resilient-} names
     */
    static @Nullable String wrappedProtocol(String protocol) {
        switch (protocol) {
            case "smtp":
            case ResilientTransport.PROTOCOL:
                return "smtp";
            case "smtps":
            case ResilientTransport.PROTOCOL_SSL:
                return "smtps";
            default:
                return null;
        }
    }

    /**
     * Adds the default timeouts to the properties a mail sender builds its session from, where the
     * application set none.
     *
     * @param properties the mail sender's Jakarta Mail properties, changed in place
     * @param protocol {@code smtp} or {@code smtps}
     */
    void applyDefaultTimeouts(Properties properties, String protocol) {
        String prefix = "mail." + protocol + ".";
        properties.putIfAbsent(
                prefix + "connectiontimeout", String.valueOf(connectionTimeout.toMillis()));
        properties.putIfAbsent(prefix + "timeout", String.valueOf(readTimeout.toMillis()));
        properties.putIfAbsent(prefix + "writetimeout", String.valueOf(writeTimeout.toMillis()));
    }

    /**
     * A transport, not yet connected.
     *
     * @param session the mail sender's session
     * @param protocol {@code smtp} or {@code smtps}
     * @throws IllegalArgumentException when a session setting of the transport is invalid
     */
    Transport create(Session session, String protocol) {
        ResilientTransport.Builder builder =
                ResilientTransport.builder(session)
                        .protocol(protocol)
                        .retryConfig(retryConfig)
                        .circuitBreakerConfig(circuitBreakerConfig)
                        .circuitBreakerRegistry(registries.circuitBreakers())
                        .retryRegistry(registries.retries())
                        .maxDuration(maxDuration)
                        .deliveryGuarantee(guarantee)
                        .hideRecipients(hideRecipients);
        for (ResilientMailCustomizer customizer : customizers) {
            customizer.customizeTransport(builder);
        }
        if (observer == null) {
            return builder.listener(listener).build();
        }
        AttemptTracker tracker = new AttemptTracker();
        List<ResilienceListener> all = new ArrayList<>();
        all.add(tracker);
        all.add(listener);
        ResilientTransport transport = builder.listener(new Listeners(all)).build();
        return new ObservedTransport(session, protocol, transport, tracker, observer);
    }

    Registries registries() {
        return registries;
    }

    RetryConfig retryConfig() {
        return retryConfig;
    }

    CircuitBreakerConfig circuitBreakerConfig() {
        return circuitBreakerConfig;
    }
}
