package io.github.resilientmail;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilientmail.reply.Classification;
import jakarta.mail.Address;
import java.time.Duration;
import java.util.List;

/**
 * Observes what the resilient transport does: each attempt, each retry decision with its wait and
 * classification, each give-up, and each transition of a relay's circuit breaker.
 *
 * <p>The core logs nothing itself; register a listener to log or count. Every method has a no-op
 * default, so implement only what you need. Methods are called on the sending thread,
 * synchronously: keep them fast and do not throw (an exception thrown by a listener is ignored).
 * Events carry recipient addresses (masked, {@code b***@example.com}, with {@code
 * hide-recipients}); they never carry passwords. One listener given to several transports is called
 * from several threads at once: make it thread-safe.
 */
public interface ResilienceListener {

    /** A listener that ignores everything. */
    ResilienceListener NONE = new ResilienceListener() {};

    /**
     * An attempt is about to start.
     *
     * @param attempt the attempt
     */
    default void onAttempt(Attempt attempt) {}

    /**
     * A failure will be retried after a wait.
     *
     * @param retry the decision
     */
    default void onRetry(Retry retry) {}

    /**
     * The transport gives up and throws; the classification says why.
     *
     * @param giveUp the decision
     */
    default void onGiveUp(GiveUp giveUp) {}

    /**
     * A relay's circuit breaker changed state during this transport's call.
     *
     * @param transition the transition
     */
    default void onCircuitTransition(CircuitTransition transition) {}

    /**
     * An attempt to connect ({@code recipients} empty) or to send.
     *
     * @param relay the relay, {@code user@host:port}
     * @param number 1 for the first attempt
     * @param recipients the recipients this attempt sends to (those still pending)
     */
    record Attempt(String relay, int number, List<Address> recipients) {
        /**
         * Validates the components.
         *
         * @param relay see {@link #relay()}
         * @param number see {@link #number()}
         * @param recipients see {@link #recipients()}
         */
        public Attempt {
            recipients = List.copyOf(recipients);
        }
    }

    /**
     * A retry decision.
     *
     * @param relay the relay
     * @param attempt the attempt that failed
     * @param delay how long the transport waits before the next attempt
     * @param classification why the attempt failed
     */
    record Retry(String relay, int attempt, Duration delay, Classification classification) {}

    /**
     * A give-up decision.
     *
     * @param relay the relay
     * @param attempts how many attempts were made
     * @param classification the failure that ended the send
     * @param reason why no further attempt is made
     */
    record GiveUp(String relay, int attempts, Classification classification, String reason) {}

    /**
     * A circuit breaker transition.
     *
     * @param relay the relay whose breaker changed
     * @param from the state before
     * @param to the state after
     */
    record CircuitTransition(String relay, CircuitBreaker.State from, CircuitBreaker.State to) {}
}
