package io.github.resilientmail.examples.demo;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilientmail.reply.Category;
import io.github.resilientmail.reply.Transience;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * What became of the batch: one outcome per message, the states of the relay's circuit breaker, and
 * how long it all took.
 *
 * @param messages one outcome per message, in the order of the batch
 * @param breakerStates the states the relay's breaker went through, from {@code CLOSED}
 * @param elapsed how long the batch took
 * @param counted whether {@link Outcome#received()} was counted at the server (GreenMail), which
 *     only the embedded servers allow
 */
record DemoSummary(
        List<Outcome> messages,
        List<CircuitBreaker.State> breakerStates,
        Duration elapsed,
        boolean counted) {

    DemoSummary {
        messages = List.copyOf(messages);
        breakerStates = List.copyOf(breakerStates);
    }

    /**
     * What became of one message.
     *
     * @param number its number in the batch, from 1
     * @param recipient its recipient
     * @param failure why it was not delivered, or {@code null} when it was
     * @param transience whether that failure may clear with time, or {@code null}
     * @param exceptions the simple names of the exceptions its sends threw, in order
     * @param attempts the attempts that reached the server, over all its sends
     * @param sends how many times the demo handed it to the transport
     * @param received the copies its recipient received, counted at the server, or -1 when unknown
     * @param retryAfter how long the failure asked to wait before sending again, or {@code null}
     */
    record Outcome(
            int number,
            String recipient,
            @Nullable Category failure,
            @Nullable Transience transience,
            List<String> exceptions,
            int attempts,
            int sends,
            int received,
            @Nullable Duration retryAfter) {

        Outcome {
            exceptions = List.copyOf(exceptions);
        }

        boolean delivered() {
            return failure == null;
        }

        boolean firstTry() {
            return delivered() && attempts == 1 && sends == 1;
        }

        Outcome withReceived(int count) {
            return new Outcome(
                    number,
                    recipient,
                    failure,
                    transience,
                    exceptions,
                    attempts,
                    sends,
                    count,
                    retryAfter);
        }

        String result() {
            if (failure != null) {
                return "failed: "
                        + failure
                        + (transience == null
                                ? ""
                                : " (" + transience.name().toLowerCase(Locale.ROOT) + ")");
            }
            if (firstTry()) {
                return "delivered at the first attempt";
            }
            return "delivered after retries" + (sends > 1 ? " (" + sends + " sends)" : "");
        }
    }

    /** How many copies each exception's name was thrown, by name. */
    Map<String, Long> exceptionCounts() {
        return messages.stream()
                .flatMap(m -> m.exceptions().stream())
                .collect(Collectors.groupingBy(name -> name, TreeMap::new, Collectors.counting()));
    }

    /** How many messages failed, by category. */
    Map<Category, Long> failures() {
        return messages.stream()
                .filter(m -> m.failure() != null)
                .collect(
                        Collectors.groupingBy(
                                m -> java.util.Objects.requireNonNull(m.failure()),
                                TreeMap::new,
                                Collectors.counting()));
    }

    /** Prints the summary table. */
    void print(PrintStream out) {
        out.println();
        out.printf(
                Locale.ROOT,
                "Summary: %d messages in %.1f s%n",
                messages.size(),
                elapsed.toMillis() / 1000.0);
        out.println();
        String format = "  %-3s %-20s %-38s %8s %9s%n";
        out.printf(Locale.ROOT, format, "#", "Recipient", "Result", "Attempts", "Received");
        for (Outcome m : messages) {
            out.printf(
                    Locale.ROOT,
                    format,
                    m.number(),
                    m.recipient(),
                    m.result(),
                    m.attempts(),
                    m.received() < 0 ? "?" : Integer.toString(m.received()));
        }
        out.println();
        long firstTry = messages.stream().filter(Outcome::firstTry).count();
        long delivered = messages.stream().filter(Outcome::delivered).count();
        out.printf(Locale.ROOT, "  %-33s %d%n", "Delivered at the first attempt:", firstTry);
        out.printf(Locale.ROOT, "  %-33s %d%n", "Delivered after retries:", delivered - firstTry);
        out.printf(Locale.ROOT, "  %-33s %s%n", "Failed, by category:", counts(failures()));
        out.printf(Locale.ROOT, "  %-33s %s%n", "Exceptions thrown:", counts(exceptionCounts()));
        out.printf(
                Locale.ROOT,
                "  %-33s %s%n",
                "Circuit breaker:",
                breakerStates.stream().map(Enum::name).collect(Collectors.joining(" -> ")));
        if (counted) {
            int most = messages.stream().mapToInt(Outcome::received).max().orElse(0);
            out.printf(
                    Locale.ROOT,
                    "  %-33s %s%n",
                    "Copies received (GreenMail):",
                    most <= 1
                            ? "at most 1 per recipient: nothing lost, nothing twice"
                            : "SOME RECIPIENT GOT " + most + " COPIES");
        } else {
            out.printf(
                    Locale.ROOT,
                    "  %-33s %s%n",
                    "Copies received:",
                    "ask the recipients: only the embedded server can count them");
        }
    }

    private static String counts(Map<?, Long> counts) {
        if (counts.isEmpty()) {
            return "none";
        }
        return counts.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
