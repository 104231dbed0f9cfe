package io.github.resilientmail;

import static io.github.resilientmail.Mails.BOB;
import static io.github.resilientmail.Mails.CAROL;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilientmail.reply.Category;
import io.github.resilientmail.testing.Action;
import io.github.resilientmail.testing.ScriptedSmtpServer;
import io.github.resilientmail.testing.SmtpScript;
import io.github.resilientmail.testing.SmtpStep;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The fault matrix: for each step of an SMTP conversation and each kind of fault, what the
 * transport does. One table, {@link #ROWS}, is both what {@code FaultMatrixIT} asserts and what
 * {@code docs/fault-matrix.md} shows; {@code SecretsIT} runs the same scenarios with an eye on
 * passwords.
 *
 * <p>Each scenario: a server that requires {@code AUTH}, a message to two recipients ({@link
 * Mails#BOB}, {@link Mails#CAROL}), a transport built as {@code Transport.send} uses it (connect,
 * send, close) with 3 attempts, zero waits (a fake clock) and a read timeout ({@code
 * mail.smtp.timeout}) of {@value #TIMEOUT_MILLIS} ms to cut a server that stops answering. The
 * fault happens once: at the first occurrence of the step ({@code RCPT}: Bob's), and for {@code
 * EHLO} at both {@code EHLO} and the {@code HELO} Angus Mail falls back to, on the first
 * connection.
 */
final class FaultMatrix {

    static final String USER = "mailer";
    static final String PASSWORD = "Tr0ub4dor&3-s3cret";
    static final int TIMEOUT_MILLIS = 500;

    /** Bytes that are no SMTP reply: no code, a NUL, invalid UTF-8. */
    static final byte[] GARBAGE =
            "\u0000\u00ff\u00fe?? HTTP/1.1 400 Bad Request\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1);

    private FaultMatrix() {}

    /** The steps of a conversation, in order. */
    enum Step {
        GREETING("connect / greeting", SmtpStep.CONNECT),
        EHLO("EHLO (and HELO)", SmtpStep.EHLO),
        STARTTLS("STARTTLS", null),
        AUTH("AUTH", SmtpStep.AUTH),
        MAIL("MAIL FROM", SmtpStep.MAIL),
        RCPT("RCPT TO", SmtpStep.RCPT),
        DATA("DATA", SmtpStep.DATA),
        END_OF_DATA("end of data (final \".\")", SmtpStep.END_OF_DATA),
        QUIT("QUIT", SmtpStep.QUIT);

        final String label;
        final @Nullable SmtpStep scripted;

        Step(String label, @Nullable SmtpStep scripted) {
            this.label = label;
            this.scripted = scripted;
        }
    }

    /** The kinds of fault. */
    enum Fault {
        TRANSIENT_REPLY("transient reply"),
        PERMANENT_REPLY("permanent reply"),
        DROP("dropped connection"),
        HANG("no answer (hang)"),
        GARBAGE("garbage instead of a reply");

        final String label;

        Fault(String label) {
            this.label = label;
        }
    }

    /** What the caller sees. */
    enum Result {
        RETRIED_DELIVERED_ONCE("retried, delivered once"),
        RESENT_DELIVERED_ONCE(
                "resent, delivered once; the dropped copy is undecided (RFC 1047, at-least-once)"),
        FAILED("typed exception, nothing delivered"),
        DELIVERED_QUIT_IGNORED("delivered once; the failed QUIT is ignored");

        final String label;

        Result(String label) {
            this.label = label;
        }
    }

    /**
     * One cell of the matrix.
     *
     * @param step where the fault happens
     * @param fault what the server does
     * @param reply the reply, for the reply faults, else {@code null}
     * @param result what the caller sees
     * @param exception the exception thrown, for {@link Result#FAILED}
     * @param category the category of the exception, for {@link Result#FAILED}
     * @param breakerCounted whether the relay's circuit breaker counted a failure
     * @param note why, when it is not obvious
     */
    record Row(
            Step step,
            Fault fault,
            @Nullable String reply,
            Result result,
            @Nullable Class<? extends MessagingException> exception,
            @Nullable Category category,
            boolean breakerCounted,
            String note) {

        Row {
            Objects.requireNonNull(note, "note");
            if ((result == Result.FAILED) != (exception != null)) {
                throw new IllegalArgumentException("an exception exactly for FAILED: " + step);
            }
        }

        String name() {
            return step.label + " × " + fault.label;
        }
    }

    private static Row retried(Step step, Fault fault, @Nullable String reply, String note) {
        return new Row(step, fault, reply, Result.RETRIED_DELIVERED_ONCE, null, null, true, note);
    }

    private static Row retriedNotCounted(
            Step step, Fault fault, @Nullable String reply, String note) {
        return new Row(step, fault, reply, Result.RETRIED_DELIVERED_ONCE, null, null, false, note);
    }

    private static Row failed(
            Step step,
            Fault fault,
            String reply,
            Class<? extends MessagingException> exception,
            Category category,
            boolean breakerCounted,
            String note) {
        return new Row(
                step, fault, reply, Result.FAILED, exception, category, breakerCounted, note);
    }

    private static Row resent(Step step, Fault fault, String note) {
        return new Row(step, fault, null, Result.RESENT_DELIVERED_ONCE, null, null, true, note);
    }

    private static Row quit(Fault fault, @Nullable String reply) {
        return new Row(
                Step.QUIT,
                fault,
                reply,
                Result.DELIVERED_QUIT_IGNORED,
                null,
                null,
                false,
                "the message was delivered before QUIT; close() never throws for a failed QUIT"
                        + (fault == Fault.HANG ? " and returns after the read timeout" : ""));
    }

    private static final String TIMEOUT =
            "cut by the read timeout, then retried on a new connection";
    private static final String GARBLED =
            "Angus closes the connection; read as a network error, like a drop (regression: a"
                    + " garbled reply before MAIL FROM was a permanent failure, not retried)";
    private static final String TLS_RETRY =
            "the retry reaches a server that offers no STARTTLS: with starttls.enable Angus goes on"
                    + " in plain text, as configured (starttls.required fails instead: SecretsIT)";

    /** The table. */
    static final List<Row> ROWS =
            List.of(
                    // connect / greeting
                    retried(
                            Step.GREETING,
                            Fault.TRANSIENT_REPLY,
                            "421 4.3.2 Service not available",
                            ""),
                    failed(
                            Step.GREETING,
                            Fault.PERMANENT_REPLY,
                            "554 5.3.2 No SMTP service here",
                            PermanentFailureException.class,
                            Category.SERVICE_UNAVAILABLE,
                            false,
                            "a permanent refusal is not a relay failure for the breaker"),
                    retried(Step.GREETING, Fault.DROP, null, ""),
                    retried(Step.GREETING, Fault.HANG, null, TIMEOUT),
                    retried(Step.GREETING, Fault.GARBAGE, null, GARBLED),
                    // EHLO
                    retried(
                            Step.EHLO,
                            Fault.TRANSIENT_REPLY,
                            "451 4.3.0 Temporary failure",
                            "at EHLO and at the HELO Angus falls back to"),
                    failed(
                            Step.EHLO,
                            Fault.PERMANENT_REPLY,
                            "550 5.7.1 Access denied",
                            PolicyRejectedException.class,
                            Category.POLICY_VIOLATION,
                            false,
                            "at EHLO and at the HELO Angus falls back to"),
                    retried(Step.EHLO, Fault.DROP, null, ""),
                    retried(Step.EHLO, Fault.HANG, null, TIMEOUT),
                    retried(Step.EHLO, Fault.GARBAGE, null, GARBLED),
                    // STARTTLS
                    retriedNotCounted(
                            Step.STARTTLS,
                            Fault.TRANSIENT_REPLY,
                            "454 4.7.0 TLS not available due to temporary reason",
                            TLS_RETRY),
                    failed(
                            Step.STARTTLS,
                            Fault.PERMANENT_REPLY,
                            "502 5.5.1 Command not implemented",
                            SmtpProtocolException.class,
                            Category.SYNTAX_ERROR,
                            false,
                            "no plain-text fallback after a refused STARTTLS"),
                    retried(Step.STARTTLS, Fault.DROP, null, TLS_RETRY),
                    retried(Step.STARTTLS, Fault.HANG, null, TIMEOUT + "; " + TLS_RETRY),
                    retried(Step.STARTTLS, Fault.GARBAGE, null, GARBLED),
                    // AUTH
                    retriedNotCounted(
                            Step.AUTH,
                            Fault.TRANSIENT_REPLY,
                            "454 4.7.0 Temporary authentication failure",
                            "the credentials are sent again once"),
                    failed(
                            Step.AUTH,
                            Fault.PERMANENT_REPLY,
                            "535 5.7.8 Authentication credentials invalid",
                            CredentialsRejectedException.class,
                            Category.CREDENTIALS_REJECTED,
                            false,
                            "never retried: a relay may lock an account after a few refusals"),
                    retried(Step.AUTH, Fault.DROP, null, ""),
                    retried(Step.AUTH, Fault.HANG, null, TIMEOUT),
                    retried(
                            Step.AUTH,
                            Fault.GARBAGE,
                            null,
                            GARBLED + "; it was CredentialsRejectedException"),
                    // MAIL
                    retried(
                            Step.MAIL,
                            Fault.TRANSIENT_REPLY,
                            "451 4.3.0 Temporary local problem",
                            ""),
                    failed(
                            Step.MAIL,
                            Fault.PERMANENT_REPLY,
                            "550 5.7.1 Sender address rejected: access denied",
                            SenderRejectedException.class,
                            Category.SENDER_REJECTED,
                            false,
                            ""),
                    retried(Step.MAIL, Fault.DROP, null, ""),
                    retried(Step.MAIL, Fault.HANG, null, TIMEOUT),
                    retried(Step.MAIL, Fault.GARBAGE, null, ""),
                    // RCPT
                    retriedNotCounted(
                            Step.RCPT,
                            Fault.TRANSIENT_REPLY,
                            "450 4.2.0 Greylisted, try again later",
                            "one recipient's refusal says nothing about the relay"),
                    failed(
                            Step.RCPT,
                            Fault.PERMANENT_REPLY,
                            "550 5.1.1 User unknown",
                            UnknownRecipientException.class,
                            Category.USER_UNKNOWN,
                            false,
                            "Bob FAILED, Carol PENDING: without mail.smtp.sendpartial the message"
                                    + " goes to all or none"),
                    retried(Step.RCPT, Fault.DROP, null, ""),
                    retried(Step.RCPT, Fault.HANG, null, TIMEOUT),
                    retried(Step.RCPT, Fault.GARBAGE, null, ""),
                    // DATA
                    retried(
                            Step.DATA,
                            Fault.TRANSIENT_REPLY,
                            "451 4.3.0 Temporary local problem",
                            ""),
                    failed(
                            Step.DATA,
                            Fault.PERMANENT_REPLY,
                            "550 5.7.1 Message rejected due to content policy",
                            PolicyRejectedException.class,
                            Category.POLICY_VIOLATION,
                            false,
                            ""),
                    retried(Step.DATA, Fault.DROP, null, ""),
                    retried(Step.DATA, Fault.HANG, null, TIMEOUT),
                    retried(Step.DATA, Fault.GARBAGE, null, ""),
                    // end of data
                    retried(
                            Step.END_OF_DATA,
                            Fault.TRANSIENT_REPLY,
                            "451 4.3.0 Temporary local problem",
                            "the server answered: it does not have the message"),
                    failed(
                            Step.END_OF_DATA,
                            Fault.PERMANENT_REPLY,
                            "554 5.7.1 Message rejected as spam",
                            SpamRejectedException.class,
                            Category.SPAM_DETECTED,
                            false,
                            ""),
                    resent(
                            Step.END_OF_DATA,
                            Fault.DROP,
                            "with delivery-guarantee=at-most-once: DeliveryUncertainException"
                                    + " instead, nothing resent (DeliveryGuaranteeIT)"),
                    resent(Step.END_OF_DATA, Fault.HANG, TIMEOUT + "; at-most-once as above"),
                    resent(Step.END_OF_DATA, Fault.GARBAGE, "at-most-once as above"),
                    // QUIT
                    quit(Fault.TRANSIENT_REPLY, "421 4.3.2 Shutting down"),
                    quit(Fault.PERMANENT_REPLY, "554 5.0.0 Bye"),
                    quit(Fault.DROP, null),
                    quit(Fault.HANG, null),
                    quit(Fault.GARBAGE, null));

    /** What one scenario did, from the caller's side and the server's. */
    record Observed(
            @Nullable MessagingException thrown,
            int deliveredToBob,
            int deliveredToCarol,
            int undecided,
            int retries,
            int breakerFailures,
            List<Object> events) {

        @Nullable Category category() {
            return thrown instanceof SmtpFailure failure ? failure.category() : null;
        }

        @Override
        public String toString() {
            return (thrown == null ? "delivered" : thrown.getClass().getSimpleName())
                    + " category="
                    + category()
                    + " bob="
                    + deliveredToBob
                    + " carol="
                    + deliveredToCarol
                    + " undecided="
                    + undecided
                    + " retries="
                    + retries
                    + " breakerFailures="
                    + breakerFailures
                    + (thrown == null ? "" : " message=" + thrown.getMessage());
        }
    }

    /**
     * Runs one scenario.
     *
     * @param row the cell
     * @param listener sees the transport's events
     * @param sessionSetup may change the session (debug output…)
     */
    static Observed run(Row row, RecordingListener listener, Consumer<Session> sessionSetup)
            throws IOException, MessagingException {
        try (ScriptedSmtpServer server =
                ScriptedSmtpServer.builder().credentials(USER, PASSWORD).start()) {
            int port = server.port();
            StartTlsFront front = null;
            if (row.step() == Step.STARTTLS) {
                front = new StartTlsFront(server, frontAnswer(row));
                port = front.port();
            } else {
                script(server.script(), row);
            }
            try {
                return run(server, port, listener, sessionSetup);
            } finally {
                if (front != null) {
                    front.close();
                }
            }
        }
    }

    private static Observed run(
            ScriptedSmtpServer server,
            int port,
            RecordingListener listener,
            Consumer<Session> sessionSetup)
            throws MessagingException {
        Session session =
                Mails.session(
                        server,
                        "mail.smtp.port",
                        String.valueOf(port),
                        "mail.smtp.auth",
                        "true",
                        "mail.smtp.starttls.enable",
                        "true",
                        "mail.smtp.timeout",
                        String.valueOf(TIMEOUT_MILLIS));
        sessionSetup.accept(session);
        FakeClock clock = new FakeClock();
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
        MessagingException thrown = null;
        try (ResilientTransport transport =
                ResilientTransport.builder(session)
                        .clock(clock)
                        .sleeper(clock::advance)
                        .circuitBreakerRegistry(breakers)
                        .retryRegistry(RetryRegistry.ofDefaults())
                        .listener(listener)
                        .build()) {
            listener.all.add(new ToString(transport.toString()));
            transport.connect(server.host(), port, USER, PASSWORD);
            MimeMessage message = Mails.message(session, BOB, CAROL);
            transport.sendMessage(message, message.getAllRecipients());
            listener.all.add(new ToString(transport.toString()));
        } catch (MessagingException e) {
            thrown = e;
        }
        int failures = 0;
        for (CircuitBreaker breaker : breakers.getAllCircuitBreakers()) {
            failures += breaker.getMetrics().getNumberOfFailedCalls();
        }
        return new Observed(
                thrown,
                server.deliveredTo(BOB),
                server.deliveredTo(CAROL),
                server.undecided().size(),
                listener.retries.size(),
                failures,
                new ArrayList<>(listener.all));
    }

    /** A transport's {@code toString()}, kept with the events. */
    record ToString(String text) {}

    private static void script(SmtpScript script, Row row) {
        SmtpStep step = Objects.requireNonNull(row.step().scripted);
        SmtpScript.Rule rule = step == SmtpStep.RCPT ? script.on(step, BOB) : script.on(step);
        if (step == SmtpStep.EHLO) {
            rule.onConnection(1);
        } else {
            rule.once();
        }
        rule.then(action(row));
    }

    private static Action action(Row row) {
        switch (row.fault()) {
            case TRANSIENT_REPLY:
            case PERMANENT_REPLY:
                return Action.reply(Objects.requireNonNull(row.reply()));
            case DROP:
                return Action.drop();
            case HANG:
                return Action.hang();
            case GARBAGE:
            default:
                return Action.garbage(GARBAGE);
        }
    }

    private static StartTlsFront.Answer frontAnswer(Row row) {
        switch (row.fault()) {
            case TRANSIENT_REPLY:
            case PERMANENT_REPLY:
                return new StartTlsFront.Reply(Objects.requireNonNull(row.reply()));
            case DROP:
                return new StartTlsFront.Drop();
            case HANG:
                return new StartTlsFront.Hang();
            case GARBAGE:
            default:
                return new StartTlsFront.Garbage(GARBAGE);
        }
    }

    /** The matrix as Markdown: {@code docs/fault-matrix.md}. */
    static String render() {
        StringBuilder out = new StringBuilder();
        out.append("# Fault matrix\n\n");
        out.append(
                "Generated by `FaultMatrixIT` from the table it asserts: do not edit by hand."
                        + " Regenerate with\n`./mvnw -pl core verify -Dit.test=FaultMatrixIT"
                        + " -Dfault-matrix.write=true`.\n\n");
        out.append(
                "What the resilient transport does when an SMTP server fails at each step of a"
                        + " conversation. Each row is one\nintegration test over loopback against"
                        + " the scripted SMTP server of `test-support`: the server requires AUTH,"
                        + " the\nmessage goes to two recipients (Bob and Carol), the transport"
                        + " connects, sends and closes as `Transport.send`\ndoes, with the default"
                        + " 3 attempts, zero backoff (a fake clock) and `mail.smtp.timeout="
                        + TIMEOUT_MILLIS
                        + "` to\ncut a server that stops answering. The fault happens once, at the"
                        + " first occurrence of the step (for RCPT, at\nBob's), then the server"
                        + " behaves.\n\n");
        out.append(
                "- **retried, delivered once**: the caller sees no exception; the server has"
                        + " exactly one copy for each recipient.\n");
        out.append(
                "- **typed exception, nothing delivered**: thrown after one attempt; the"
                        + " server has no copy.\n");
        out.append(
                "- **Breaker**: whether the relay's circuit breaker counted the failure. Only"
                        + " failures of the relay itself count\n  (connection lost, timeouts, `421`,"
                        + " `4.3.x`, `4.4.x`); a recipient's or a message's refusal never does.\n");
        out.append(
                "- **STARTTLS**: the scripted server speaks no TLS, so a small front in the"
                        + " test (`StartTlsFront`) offers STARTTLS on\n  the first connection and"
                        + " answers it with the fault; later connections pass through to the scripted"
                        + " server.\n\n");
        out.append(
                "| Step | Fault | Server sends | Outcome | Exception (category) | Breaker | Note |\n");
        out.append("|---|---|---|---|---|---|---|\n");
        for (Row row : ROWS) {
            out.append("| ")
                    .append(row.step().label)
                    .append(" | ")
                    .append(row.fault().label)
                    .append(" | ")
                    .append(row.reply() == null ? serverDoes(row.fault()) : "`" + row.reply() + "`")
                    .append(" | ")
                    .append(row.result().label)
                    .append(" | ")
                    .append(
                            row.exception() == null
                                    ? "—"
                                    : "`"
                                            + row.exception().getSimpleName()
                                            + "` (`"
                                            + row.category()
                                            + "`)")
                    .append(" | ")
                    .append(row.breakerCounted() ? "counted" : "not counted")
                    .append(" | ")
                    .append(row.note().replace("|", "\\|"))
                    .append(" |\n");
        }
        return out.toString();
    }

    private static String serverDoes(Fault fault) {
        switch (fault) {
            case DROP:
                return "closes the connection";
            case HANG:
                return "nothing, reads on";
            case GARBAGE:
            default:
                return "`\\0\\xFF\\xFE?? HTTP/1.1 400 Bad Request`";
        }
    }
}
