package io.github.resilientmail;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every event of the resilient transport, in order. */
final class RecordingListener implements ResilienceListener {

    final List<Attempt> attempts = new CopyOnWriteArrayList<>();
    final List<Retry> retries = new CopyOnWriteArrayList<>();
    final List<GiveUp> giveUps = new CopyOnWriteArrayList<>();
    final List<CircuitTransition> transitions = new CopyOnWriteArrayList<>();
    final List<Record> all = new CopyOnWriteArrayList<>();

    @Override
    public void onAttempt(Attempt attempt) {
        attempts.add(attempt);
        all.add(attempt);
    }

    @Override
    public void onRetry(Retry retry) {
        retries.add(retry);
        all.add(retry);
    }

    @Override
    public void onGiveUp(GiveUp giveUp) {
        giveUps.add(giveUp);
        all.add(giveUp);
    }

    @Override
    public void onCircuitTransition(CircuitTransition transition) {
        transitions.add(transition);
        all.add(transition);
    }
}
