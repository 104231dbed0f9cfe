package io.github.resilientmail.examples.demo;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilientmail.ResilienceListener;
import io.github.resilientmail.reply.Catalogue;
import io.github.resilientmail.reply.Category;
import io.github.resilientmail.reply.Classification;
import io.github.resilientmail.reply.SmtpCommand;
import io.github.resilientmail.reply.Transience;
import jakarta.mail.Address;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The demo's live log: one line for each attempt, each wait and why, each give-up and each
 * transition of the relay's circuit breaker, each line with the time since the demo started. It
 * also counts, per message, the attempts that reached the server.
 *
 * <p>Used on the sending thread only, as the transport calls listeners synchronously.
 */
final class DemoLog implements ResilienceListener {

    private final PrintStream out;
    private final Locale locale;
    private final Duration openWait;
    private final long startNanos = System.nanoTime();
    private final List<CircuitBreaker.State> states = new ArrayList<>();

    /** Attempts of the current message that reached the server. */
    private int attempts;

    /** A connection attempt was announced and is not yet known to have succeeded or failed. */
    private boolean connecting;

    DemoLog(PrintStream out, Locale locale, Duration openWait) {
        this.out = out;
        this.locale = locale;
        this.openWait = openWait;
        states.add(CircuitBreaker.State.CLOSED);
    }

    /** Prints a line of the log: the time since the start, then the text. */
    void line(String text) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        out.printf(Locale.ROOT, "  %6.2fs  %s%n", seconds, text);
    }

    /** Prints a line without the time, indented under the previous one. */
    void detail(String text) {
        out.println("            " + text);
    }

    /** The time since the demo started. */
    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** Counts the attempts of a new message from zero. */
    void newMessage() {
        attempts = 0;
        connecting = false;
    }

    /** The attempts of the current message that reached the server, over all its sends. */
    int attempts() {
        return attempts;
    }

    /** The states the relay's breaker went through, from {@code CLOSED}. */
    List<CircuitBreaker.State> states() {
        return List.copyOf(states);
    }

    @Override
    public void onAttempt(Attempt attempt) {
        connecting = false;
        if (attempt.recipients().isEmpty()) {
            connecting = true;
            line("attempt " + attempt.number() + ": connecting to " + attempt.relay());
        } else {
            attempts++;
            line("attempt " + attempt.number() + ": sending to " + addresses(attempt.recipients()));
        }
    }

    @Override
    public void onRetry(Retry retry) {
        countFailedConnection();
        Classification why = retry.classification();
        line("attempt " + retry.attempt() + " failed: " + reply(why) + " -> " + category(why));
        detail(
                "waiting "
                        + retry.delay().toMillis()
                        + " ms before attempt "
                        + (retry.attempt() + 1)
                        + ": "
                        + describe(why));
        if (why.reply().command() == SmtpCommand.END_OF_DATA && !why.reply().hasCode()) {
            detail(
                    "the server may have kept the message (RFC 1047): at-least-once, the default,"
                            + " sends it again; at-most-once would throw"
                            + " DeliveryUncertainException");
        }
    }

    @Override
    public void onGiveUp(GiveUp giveUp) {
        countFailedConnection();
        Classification why = giveUp.classification();
        line(
                "no more attempts ("
                        + giveUp.reason()
                        + ") after "
                        + giveUp.attempts()
                        + (giveUp.attempts() == 1 ? " attempt" : " attempts")
                        + ": "
                        + category(why));
    }

    @Override
    public void onCircuitTransition(CircuitTransition transition) {
        states.add(transition.to());
        line(
                "circuit breaker of "
                        + transition.relay()
                        + ": "
                        + transition.from()
                        + " -> "
                        + transition.to()
                        + ", "
                        + meaning(transition.to()));
    }

    private String meaning(CircuitBreaker.State state) {
        switch (state) {
            case OPEN:
                return "sends are refused without connecting for " + openWait.toSeconds() + " s";
            case HALF_OPEN:
                return "a trial send may go through";
            case CLOSED:
                return "the relay is healthy again";
            default:
                return state.toString();
        }
    }

    /** A connection attempt just failed: it reached the server (or tried to), so it counts. */
    private void countFailedConnection() {
        if (connecting) {
            attempts++;
            connecting = false;
        }
    }

    private static String addresses(List<Address> addresses) {
        return addresses.stream().map(Address::toString).collect(Collectors.joining(", "));
    }

    static String reply(Classification classification) {
        String reply = classification.reply().toString();
        return reply.isEmpty() ? "(no reply)" : reply;
    }

    static String category(Classification classification) {
        Category category = classification.category();
        Transience transience = classification.transience();
        return (category == null ? Category.UNDEFINED : category)
                + (transience == null ? "" : ", " + transience.name().toLowerCase(Locale.ROOT));
    }

    private String describe(Classification classification) {
        Category category = classification.category();
        return Catalogue.describe(category == null ? Category.UNDEFINED : category, locale);
    }
}
