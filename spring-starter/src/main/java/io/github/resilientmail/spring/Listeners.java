package io.github.resilientmail.spring;

import io.github.resilientmail.ResilienceListener;
import java.util.List;
import java.util.function.Consumer;

/** Calls several listeners in order; one that throws does not stop the others. */
final class Listeners implements ResilienceListener {

    private final List<ResilienceListener> listeners;

    Listeners(List<ResilienceListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public void onAttempt(Attempt attempt) {
        each(l -> l.onAttempt(attempt));
    }

    @Override
    public void onRetry(Retry retry) {
        each(l -> l.onRetry(retry));
    }

    @Override
    public void onGiveUp(GiveUp giveUp) {
        each(l -> l.onGiveUp(giveUp));
    }

    @Override
    public void onCircuitTransition(CircuitTransition transition) {
        each(l -> l.onCircuitTransition(transition));
    }

    private void each(Consumer<ResilienceListener> call) {
        for (ResilienceListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException ignored) {
                // A listener must not change the outcome of a send, nor silence the others.
            }
        }
    }
}
