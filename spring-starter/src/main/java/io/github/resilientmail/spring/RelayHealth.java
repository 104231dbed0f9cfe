package io.github.resilientmail.spring;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilientmail.reply.Category;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the health component shows, computed from the circuit breakers alone, never by connecting to
 * a relay: for each relay the mail sender has used, its breaker's state, failure rate and calls,
 * and the category of its last failure. Down when a breaker is open. Shared by the indicators of
 * Boot 3.5 and Boot 4.0, whose types differ.
 */
final class RelayHealth {

    private final Registries registries;
    private final RelayStates states;

    RelayHealth(Registries registries, RelayStates states) {
        this.registries = registries;
        this.states = states;
    }

    /**
     * The status and details.
     *
     * @param up whether every breaker lets sends through (none open)
     * @param details {@code relays}: one entry per relay, keyed by its breaker's name
     */
    record Snapshot(boolean up, Map<String, Object> details) {}

    Snapshot snapshot() {
        boolean up = true;
        Map<String, Object> relays = new LinkedHashMap<>();
        for (String relay : states.relays()) {
            Optional<CircuitBreaker> found = registries.circuitBreakers().find(relay);
            if (found.isEmpty()) {
                continue;
            }
            CircuitBreaker breaker = found.get();
            CircuitBreaker.State state = breaker.getState();
            if (state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN) {
                up = false;
            }
            CircuitBreaker.Metrics metrics = breaker.getMetrics();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("state", state.name());
            details.put("failureRate", metrics.getFailureRate());
            details.put("bufferedCalls", metrics.getNumberOfBufferedCalls());
            details.put("failedCalls", metrics.getNumberOfFailedCalls());
            details.put("notPermittedCalls", metrics.getNumberOfNotPermittedCalls());
            Category last = states.lastFailure(relay);
            details.put("lastFailureCategory", last == null ? "NONE" : last.name());
            relays.put(relay, details);
        }
        return new Snapshot(up, Map.of("relays", relays));
    }
}
