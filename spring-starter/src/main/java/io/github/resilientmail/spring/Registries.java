package io.github.resilientmail.spring;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Where the relays' circuit breakers and retries live: the application's Resilience4j registries
 * when it has them as beans (from resilience4j-spring-boot3 or -boot4, or its own), so that the
 * breakers appear with its others; otherwise registries of the starter's own.
 *
 * @param circuitBreakers the registry of circuit breakers, one per relay
 * @param retries the registry of retries, one per relay
 * @param ownCircuitBreakers whether the starter created the breakers' registry (and so binds its
 *     metrics itself)
 * @param ownRetries whether the starter created the retries' registry
 */
record Registries(
        CircuitBreakerRegistry circuitBreakers,
        RetryRegistry retries,
        boolean ownCircuitBreakers,
        boolean ownRetries) {

    static Registries of(
            ObjectProvider<CircuitBreakerRegistry> circuitBreakers,
            ObjectProvider<RetryRegistry> retries) {
        CircuitBreakerRegistry appBreakers = circuitBreakers.getIfUnique();
        RetryRegistry appRetries = retries.getIfUnique();
        return new Registries(
                appBreakers == null ? CircuitBreakerRegistry.ofDefaults() : appBreakers,
                appRetries == null ? RetryRegistry.ofDefaults() : appRetries,
                appBreakers == null,
                appRetries == null);
    }
}
