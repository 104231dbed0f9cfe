package io.github.resilientmail.spring;

import io.github.resilientmail.ResilienceListener;

/**
 * Follows one transport's attempts, so that its observer knows how many a send took and which relay
 * it went to. Confined to the thread that uses the transport, like the transport itself.
 */
final class AttemptTracker implements ResilienceListener {

    static final String UNKNOWN_RELAY = "unknown";

    private String relay = UNKNOWN_RELAY;
    private int attempts;

    @Override
    public void onAttempt(Attempt attempt) {
        relay = attempt.relay();
        attempts = attempt.number();
    }

    @Override
    public void onGiveUp(GiveUp giveUp) {
        relay = giveUp.relay();
    }

    /** Starts counting the attempts of a new send; the relay is kept. */
    void reset() {
        attempts = 0;
    }

    String relay() {
        return relay;
    }

    int attempts() {
        return attempts;
    }
}
