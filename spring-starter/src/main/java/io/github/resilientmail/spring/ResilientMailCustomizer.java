package io.github.resilientmail.spring;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilientmail.ResilientTransport;

/**
 * Adjusts in code what {@code resilient-mail.*} configures. Declare one or more as beans; they are
 * applied in their {@link org.springframework.core.annotation.Order} and each method has a no-op
 * default, so override only what you need.
 *
 * <pre>{@code
 * @Bean
 * ResilientMailCustomizer mailResilience() {
 *     return new ResilientMailCustomizer() {
 *         @Override
 *         public void customizeRetry(RetryConfig.Builder<Object> retry) {
 *             retry.intervalFunction(IntervalFunction.of(Duration.ofSeconds(5)));
 *         }
 *
 *         @Override
 *         public void customizeTransport(ResilientTransport.Builder transport) {
 *             transport.classifier(myClassifier);
 *         }
 *     };
 * }
 * }</pre>
 *
 * <p>The retry and circuit breaker configurations are built once, at startup, from the properties
 * and these customizers; the transport replaces the retry's exception predicate with its own, which
 * retries only transient failures. Each configuration applies to the relays whose retry or breaker
 * is created after it, in the registry the application shares with the starter. {@link
 * #customizeTransport} is called from the threads that send: it must be thread-safe, and fast.
 */
public interface ResilientMailCustomizer {

    /**
     * Adjusts the retry configuration of each relay, once at startup.
     *
     * @param retry a builder holding the {@code resilient-mail.retry.*} settings
     */
    default void customizeRetry(RetryConfig.Builder<Object> retry) {}

    /**
     * Adjusts the circuit breaker configuration of each relay, once at startup.
     *
     * @param circuitBreaker a builder holding the {@code resilient-mail.circuit-breaker.*} settings
     */
    default void customizeCircuitBreaker(CircuitBreakerConfig.Builder circuitBreaker) {}

    /**
     * Adjusts each transport before it is built, once per connection that the mail sender opens.
     * The starter sets the transport's listener afterwards (it feeds the health component and the
     * metrics): to observe the transport, declare {@link
     * io.github.resilientmail.ResilienceListener} beans instead of calling {@code listener}.
     *
     * @param transport a builder holding the application's session, the configurations and the
     *     registries
     */
    default void customizeTransport(ResilientTransport.Builder transport) {}
}
