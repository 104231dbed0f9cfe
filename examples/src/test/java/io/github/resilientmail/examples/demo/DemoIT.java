package io.github.resilientmail.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.github.resilientmail.examples.demo.DemoSummary.Outcome;
import io.github.resilientmail.reply.Catalogue;
import io.github.resilientmail.reply.Category;
import io.github.resilientmail.testing.ScriptedSmtpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Runs the demo as {@code ./demo} does, on the embedded servers or on another one. */
class DemoIT {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    private String output() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void batchThroughTheFaultsReachesEachRecipientAtMostOnceWithTheExpectedExceptions()
            throws Exception {
        DemoSummary summary = Demo.run(DemoOptions.local(Locale.ENGLISH), out);

        assertThat(summary.counted()).isTrue();
        assertThat(summary.messages())
                .extracting(Outcome::recipient, Outcome::failure, Outcome::received)
                .containsExactly(
                        tuple("alice@example.com", null, 1),
                        tuple("bob@example.com", null, 1),
                        tuple("carol@example.com", null, 1),
                        tuple("dave@example.com", Category.MAILBOX_FULL, 0),
                        tuple("erin@example.com", Category.USER_UNKNOWN, 0),
                        tuple("frank@example.com", null, 1),
                        tuple("grace@example.com", null, 1),
                        tuple("heidi@example.com", null, 1));
        assertThat(summary.messages())
                .filteredOn(Outcome::firstTry)
                .extracting(Outcome::recipient)
                .containsExactly("alice@example.com");
        assertThat(summary.failures())
                .containsOnly(entry(Category.MAILBOX_FULL, 1L), entry(Category.USER_UNKNOWN, 1L));
        assertThat(summary.exceptionCounts())
                .containsOnlyKeys(
                        "CircuitOpenException",
                        "MailboxFullException",
                        "UnknownRecipientException");
        assertThat(summary.breakerStates())
                .startsWith(State.CLOSED, State.OPEN, State.HALF_OPEN)
                .endsWith(State.HALF_OPEN, State.CLOSED);
        assertThat(summary.elapsed()).isLessThan(Duration.ofSeconds(30));

        assertThat(output())
                .contains(
                        "waiting",
                        "before attempt 2: "
                                + Catalogue.describe(Category.GREYLISTED, Locale.ENGLISH),
                        "CLOSED -> OPEN",
                        "HALF_OPEN -> CLOSED",
                        "MailboxFullException: MAILBOX_FULL",
                        Catalogue.standard().entry("X.2.2").advice(Locale.ENGLISH),
                        "UnknownRecipientException: USER_UNKNOWN",
                        "CircuitOpenException: SERVICE_UNAVAILABLE",
                        "Summary: 8 messages",
                        "Delivered at the first attempt:   1",
                        "Delivered after retries:          5",
                        "at most 1 per recipient");
    }

    @Test
    void explainsInFrenchWithLangFr() throws Exception {
        Demo.run(DemoOptions.parse(new String[] {"--lang", "fr"}, Map.of()), out);

        assertThat(output())
                .contains(
                        Catalogue.describe(Category.USER_UNKNOWN, Locale.FRENCH),
                        Catalogue.standard().entry("X.1.1").meaning(Locale.FRENCH),
                        Catalogue.standard().entry("X.2.2").advice(Locale.FRENCH),
                        Catalogue.describe(Category.GREYLISTED, Locale.FRENCH))
                .doesNotContain(Catalogue.describe(Category.USER_UNKNOWN, Locale.ENGLISH));
    }

    @Test
    void sendsTheSameBatchToAnotherServerAndNeverPrintsThePassword() throws Exception {
        String password = "s3cret-Pa55";
        try (ScriptedSmtpServer server =
                ScriptedSmtpServer.builder().credentials("demo-user", password).start()) {
            DemoOptions options =
                    DemoOptions.parse(
                            new String[] {
                                "--smtp",
                                "127.0.0.1:" + server.port(),
                                "--user",
                                "demo-user",
                                "--password",
                                password,
                                "--to",
                                "x@example.net,y@example.net"
                            },
                            Map.of());

            DemoSummary summary = Demo.run(options, out);

            assertThat(summary.counted()).isFalse();
            assertThat(summary.messages()).hasSize(8).allMatch(Outcome::firstTry);
            assertThat(server.deliveredTo("x@example.net")).isEqualTo(4);
            assertThat(server.deliveredTo("y@example.net")).isEqualTo(4);
            assertThat(output())
                    .contains("as demo-user (password not shown)", "Summary: 8 messages")
                    .doesNotContain(password)
                    .doesNotContain(
                            Base64.getEncoder()
                                    .encodeToString(
                                            ("\0demo-user\0" + password)
                                                    .getBytes(StandardCharsets.UTF_8)));
        }
    }
}
