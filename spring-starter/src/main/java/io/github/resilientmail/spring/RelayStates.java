package io.github.resilientmail.spring;

import io.github.resilientmail.ResilienceListener;
import io.github.resilientmail.reply.Category;
import io.github.resilientmail.reply.Classification;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Remembers, from the transports' events, which relays the mail sender has used and the category of
 * each relay's last failure, for the health component. Thread-safe.
 */
final class RelayStates {

    /** The reason the transport gives when an open breaker refuses a send. */
    private static final String CIRCUIT_OPEN = "circuit open";

    private final Set<String> relays = ConcurrentHashMap.newKeySet();
    private final Map<String, Category> lastFailures = new ConcurrentHashMap<>();
    private final ResilienceListener listener = new Listener();

    /** The listener that feeds these states; added to every transport. */
    ResilienceListener listener() {
        return listener;
    }

    /** The relays used so far, sorted by name. */
    SortedSet<String> relays() {
        return new TreeSet<>(relays);
    }

    /** The category of the relay's last failure, or null when it has not failed. */
    @Nullable Category lastFailure(String relay) {
        return lastFailures.get(relay);
    }

    private void failed(String relay, Classification classification) {
        relays.add(relay);
        Category category = classification.category();
        lastFailures.put(relay, category == null ? Category.UNDEFINED : category);
    }

    private final class Listener implements ResilienceListener {
        @Override
        public void onAttempt(Attempt attempt) {
            relays.add(attempt.relay());
        }

        @Override
        public void onRetry(Retry retry) {
            failed(retry.relay(), retry.classification());
        }

        @Override
        public void onGiveUp(GiveUp giveUp) {
            if (CIRCUIT_OPEN.equals(giveUp.reason())) {
                // Not a failure of the relay: the breaker refused to try; keep the real cause.
                relays.add(giveUp.relay());
                return;
            }
            failed(giveUp.relay(), giveUp.classification());
        }
    }
}
