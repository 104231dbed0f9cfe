package io.github.resilientmail.examples.demo;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilientmail.CircuitOpenException;
import io.github.resilientmail.MailboxFullException;
import io.github.resilientmail.ResilientTransport;
import io.github.resilientmail.SmtpFailure;
import io.github.resilientmail.UnknownRecipientException;
import io.github.resilientmail.reply.Catalogue;
import io.github.resilientmail.reply.CatalogueEntry;
import io.github.resilientmail.reply.Category;
import io.github.resilientmail.reply.Transience;
import io.github.resilientmail.testing.ScriptedSmtpServer;
import io.github.resilientmail.testing.SmtpStep;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The one-command demo: a small batch of messages through the resilient transport, against an
 * embedded SMTP server that misbehaves as real ones do.
 *
 * <p>In one process, it starts GreenMail, which stores the messages, and in front of it a {@link
 * ScriptedSmtpServer} that relays to GreenMail and injects the faults: greylisting, a connection
 * dropped after the final dot, a full mailbox, an unknown user, and a {@code 421} outage long
 * enough to open the relay's circuit breaker. It sends eight messages, printing each attempt, each
 * wait and why, each breaker transition and each typed exception with its explanation from the
 * catalogue, then a summary: what was delivered at once or after retries, what failed and why, and
 * how many copies each recipient received, counted by GreenMail.
 *
 * <pre>{@code
 * ./mvnw -q -B -Pdemo -pl examples -am compile                       # or ./demo
 * ./mvnw -q -B -Pdemo -pl examples -am compile -Dexec.args="--lang fr"
 * ./demo --smtp smtp.example.com:587 --user me@example.com --to you@example.com
 * }</pre>
 *
 * <p>With {@code --smtp} the same batch goes to a real server, without injected faults.
 */
public final class Demo {

    /** The sender of the batch on the embedded servers. */
    static final String SENDER = "demo@resilient-mail.example";

    /** How long the relay's breaker stays open: short, so that the demo shows it closing again. */
    static final Duration OPEN_WAIT = Duration.ofSeconds(2);

    /** How long the demo waits before sending a message again when the failure gave no hint. */
    private static final Duration DEFAULT_RESEND_WAIT = Duration.ofSeconds(1);

    /** The longest the demo waits before sending a message again. */
    private static final Duration MAX_RESEND_WAIT = Duration.ofSeconds(5);

    /** How many times the demo sends a message at most. */
    private static final int MAX_SENDS = 3;

    private Demo() {}

    /**
     * Runs the demo; {@code --help} lists the options. A wrong argument ends the JVM with status 2.
     *
     * @param args {@code [--lang en|fr] [--smtp host:port --to address[,address...] [--user name]
     *     [--password secret] [--ssl] [--from address]]}
     * @throws Exception when the embedded servers cannot start
     */
    public static void main(String[] args) throws Exception {
        DemoOptions options;
        try {
            options = DemoOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(DemoOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help) {
            System.out.println(DemoOptions.USAGE);
            return;
        }
        // GreenMail logs through SLF4J; the demo prints its own log.
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.internal.verbosity", "WARN");
            System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        run(options, out);
        out.flush();
    }

    /** One message of the batch and the fault the embedded relay injects for it. */
    private record Letter(
            String recipient, String fault, @Nullable Consumer<ScriptedSmtpServer> arm) {}

    /** The batch: one recipient per message, each fault armed just before its message. */
    private static List<Letter> batch() {
        return List.of(
                new Letter("alice@example.com", "no fault", null),
                new Letter(
                        "bob@example.com",
                        "greylisting: 450 at RCPT, once",
                        relay ->
                                relay.script()
                                        .on(SmtpStep.RCPT, "bob@example.com")
                                        .reply(
                                                "450 4.2.0 <bob@example.com>: Recipient address"
                                                        + " rejected: Greylisted, see"
                                                        + " https://postgrey.schweikert.ch/help/example.com.html")
                                        .once()),
                new Letter(
                        "carol@example.com",
                        "the connection drops after the final dot, before the reply (RFC 1047),"
                                + " once",
                        relay -> relay.script().on(SmtpStep.END_OF_DATA).drop().once()),
                new Letter(
                        "dave@example.com",
                        "mailbox full: 552 5.2.2 at RCPT",
                        relay ->
                                relay.script()
                                        .on(SmtpStep.RCPT, "dave@example.com")
                                        .reply("552 5.2.2 <dave@example.com>: Mailbox full")),
                new Letter(
                        "erin@example.com",
                        "unknown user: 550 5.1.1 at RCPT",
                        relay ->
                                relay.script()
                                        .on(SmtpStep.RCPT, "erin@example.com")
                                        .reply(
                                                "550 5.1.1 <erin@example.com>: Recipient address"
                                                        + " rejected: User unknown in local"
                                                        + " recipient table")),
                new Letter(
                        "frank@example.com",
                        "outage: the relay greets the next 3 connections with 421",
                        relay ->
                                relay.script()
                                        .on(SmtpStep.CONNECT)
                                        .times(3)
                                        .reply(
                                                "421 4.3.2 Service not available, closing"
                                                        + " transmission channel")),
                new Letter(
                        "grace@example.com", "no fault of its own: sent during the outage", null),
                new Letter(
                        "heidi@example.com", "no fault of its own: sent during the outage", null));
    }

    /**
     * Runs the batch and prints the live log and the summary.
     *
     * @param options where to send and in which language to explain
     * @param out where to print
     * @return the summary, also printed
     * @throws Exception when the embedded servers cannot start
     */
    static DemoSummary run(DemoOptions options, PrintStream out) throws Exception {
        if (!options.isLocal()) {
            return send(options, out, null, null);
        }
        GreenMail greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", "smtp"));
        greenMail.start();
        try (ScriptedSmtpServer relay =
                ScriptedSmtpServer.builder()
                        .name("relay.demo")
                        .forwardTo("127.0.0.1", greenMail.getSmtp().getPort())
                        .start()) {
            return send(options, out, relay, greenMail);
        } finally {
            greenMail.stop();
        }
    }

    private static DemoSummary send(
            DemoOptions options,
            PrintStream out,
            @Nullable ScriptedSmtpServer relay,
            @Nullable GreenMail greenMail)
            throws MessagingException {
        Session session = session(options, relay);
        String relayName =
                relay == null ? options.host + ":" + options.port : "127.0.0.1:" + relay.port();
        List<Letter> letters = batch();
        out.println(
                "resilient-mail demo: "
                        + letters.size()
                        + " messages through the resilient transport");
        if (relay != null && greenMail != null) {
            out.println(
                    "  GreenMail, which stores the mail, listens on 127.0.0.1:"
                            + greenMail.getSmtp().getPort()
                            + "; in front of it, the relay "
                            + relayName
                            + " injects the faults.");
        } else {
            out.println(
                    "  Sending to "
                            + relayName
                            + (options.user == null
                                    ? ""
                                    : " as " + options.user + " (password not shown)")
                            + ", without injected faults.");
        }
        out.println(
                "  Retry: 3 attempts per send, the first wait 200 ms, then twice as long, ±50%"
                        + " jitter.");
        out.println(
                "  Circuit breaker: opens when half of the last 4 sends failed because of the"
                        + " relay, stays open "
                        + OPEN_WAIT.toSeconds()
                        + " s, then lets 1 trial send through.");
        out.println(
                "  Explanations from the catalogue in "
                        + options.locale.getDisplayLanguage(Locale.ENGLISH)
                        + ".");

        DemoLog log = new DemoLog(out, options.locale, OPEN_WAIT);
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
        RetryRegistry retries = RetryRegistry.ofDefaults();
        List<DemoSummary.Outcome> outcomes = new ArrayList<>();
        List<Integer> resend = new ArrayList<>();
        Duration resendAfter = Duration.ZERO;
        for (int i = 0; i < letters.size(); i++) {
            Letter letter = letters.get(i);
            String recipient =
                    options.isLocal() ? letter.recipient() : options.to.get(i % options.to.size());
            out.println();
            out.println(
                    "["
                            + (i + 1)
                            + "/"
                            + letters.size()
                            + "] to "
                            + recipient
                            + (relay == null ? "" : " - " + letter.fault()));
            if (relay != null && letter.arm() != null) {
                letter.arm().accept(relay);
            }
            log.newMessage();
            DemoSummary.Outcome outcome =
                    sendOnce(session, options, breakers, retries, log, i + 1, recipient, null);
            outcomes.add(outcome);
            Duration wait = resendWait(outcome);
            if (wait != null) {
                resend.add(i);
                resendAfter = max(resendAfter, wait);
            }
        }
        for (int round = 2; round <= MAX_SENDS && !resend.isEmpty(); round++) {
            out.println();
            log.line(
                    "waiting "
                            + resendAfter.toMillis()
                            + " ms, the retryAfter() of the failures, before sending "
                            + resend.size()
                            + (resend.size() == 1 ? " message" : " messages")
                            + " again (send "
                            + round
                            + ")");
            sleep(resendAfter);
            List<Integer> again = new ArrayList<>();
            Duration nextWait = Duration.ZERO;
            for (int index : resend) {
                DemoSummary.Outcome previous = outcomes.get(index);
                out.println();
                out.println(
                        "["
                                + previous.number()
                                + "/"
                                + letters.size()
                                + "] to "
                                + previous.recipient()
                                + ", send "
                                + round);
                log.newMessage();
                DemoSummary.Outcome outcome =
                        sendOnce(
                                session,
                                options,
                                breakers,
                                retries,
                                log,
                                previous.number(),
                                previous.recipient(),
                                previous);
                outcomes.set(index, outcome);
                Duration wait = round < MAX_SENDS ? resendWait(outcome) : null;
                if (wait != null) {
                    again.add(index);
                    nextWait = max(nextWait, wait);
                }
            }
            resend = again;
            resendAfter = nextWait;
        }
        if (greenMail != null) {
            outcomes.replaceAll(o -> o.withReceived(received(greenMail, o.recipient())));
        }
        DemoSummary summary =
                new DemoSummary(outcomes, log.states(), log.elapsed(), greenMail != null);
        summary.print(out);
        return summary;
    }

    /** Sends one message once, through a new transport as {@code Transport.send} would. */
    private static DemoSummary.Outcome sendOnce(
            Session session,
            DemoOptions options,
            CircuitBreakerRegistry breakers,
            RetryRegistry retries,
            DemoLog log,
            int number,
            String recipient,
            DemoSummary.@Nullable Outcome previous)
            throws MessagingException {
        int attempts = previous == null ? 0 : previous.attempts();
        int sends = previous == null ? 1 : previous.sends() + 1;
        List<String> exceptions =
                new ArrayList<>(previous == null ? List.of() : previous.exceptions());
        MimeMessage message = message(session, options, number, recipient);
        try (Transport transport =
                ResilientTransport.builder(session)
                        .protocol(options.ssl ? "smtps" : "smtp")
                        .circuitBreakerRegistry(breakers)
                        .retryRegistry(retries)
                        .listener(log)
                        .build()) {
            if (options.user != null) {
                transport.connect(options.user, options.password);
            } else {
                transport.connect();
            }
            transport.sendMessage(message, message.getAllRecipients());
            log.line("delivered: the server accepted the message for " + recipient);
            return new DemoSummary.Outcome(
                    number,
                    recipient,
                    null,
                    null,
                    exceptions,
                    attempts + log.attempts(),
                    sends,
                    -1,
                    null);
        } catch (MessagingException e) {
            exceptions.add(e.getClass().getSimpleName());
            explain(e, recipient, log, options.locale);
            SmtpFailure failure = e instanceof SmtpFailure f ? f : null;
            return new DemoSummary.Outcome(
                    number,
                    recipient,
                    failure == null ? Category.UNDEFINED : failure.category(),
                    failure == null ? null : failure.transience(),
                    exceptions,
                    attempts + log.attempts(),
                    sends,
                    -1,
                    failure == null ? null : failure.retryAfter().orElse(null));
        }
    }

    /**
     * Prints the typed exception with the catalogue's explanation of its reply, and what an
     * application would do about it.
     */
    private static void explain(
            MessagingException e, String recipient, DemoLog log, Locale locale) {
        if (!(e instanceof SmtpFailure failure)) {
            log.line(e.getClass().getSimpleName() + ": " + e.getMessage());
            return;
        }
        log.line(
                e.getClass().getSimpleName()
                        + ": "
                        + failure.category()
                        + ", "
                        + Catalogue.describe(failure.category(), locale));
        log.detail(Catalogue.describe(failure.transience(), locale));
        String reply = DemoLog.reply(failure.classification());
        log.detail("reply: " + reply);
        List<CatalogueEntry> entries = failure.classification().entries();
        if (!entries.isEmpty()) {
            // The most specific entry: the enhanced code when the reply has one.
            CatalogueEntry entry = entries.get(entries.size() - 1);
            for (CatalogueEntry candidate : entries) {
                if (candidate.isEnhanced()) {
                    entry = candidate;
                }
            }
            log.detail(entry.code() + ": " + entry.meaning(locale));
            log.detail("advice: " + entry.advice(locale));
        }
        log.detail("-> " + action(e, failure, recipient));
    }

    /** What an application does with each exception; the demo does the same, shortened. */
    private static String action(MessagingException e, SmtpFailure failure, String recipient) {
        if (e instanceof UnknownRecipientException) {
            return "the application marks " + recipient + " as bad and stops writing to it";
        }
        if (e instanceof MailboxFullException) {
            return "the application reschedules it in "
                    + failure.retryAfter().map(Duration::toString).orElse("a few hours")
                    + " (not in this demo)";
        }
        if (e instanceof CircuitOpenException) {
            return "nothing was sent, no connection opened; the demo sends it again after"
                    + " retryAfter() = "
                    + failure.retryAfter().map(d -> d.toMillis() + " ms").orElse("?");
        }
        if (failure.isTransient()) {
            return "the demo sends it again after "
                    + failure.retryAfter().map(d -> d.toMillis() + " ms").orElse("a short wait");
        }
        return "permanent: the application alerts an operator";
    }

    /**
     * How long to wait before sending a failed message again, or {@code null} when it is not sent
     * again: delivered, permanent, or a full mailbox (which an application retries hours later).
     * The failure's {@code retryAfter()}, else one second, at most five: an application would wait
     * longer.
     */
    private static @Nullable Duration resendWait(DemoSummary.Outcome outcome) {
        if (outcome.delivered()
                || outcome.transience() != Transience.TRANSIENT
                || outcome.failure() == Category.MAILBOX_FULL) {
            return null;
        }
        Duration wait = outcome.retryAfter() == null ? DEFAULT_RESEND_WAIT : outcome.retryAfter();
        return wait.compareTo(MAX_RESEND_WAIT) > 0 ? MAX_RESEND_WAIT : wait;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Session session(DemoOptions options, @Nullable ScriptedSmtpServer relay) {
        Properties properties = new Properties();
        String protocol = options.ssl ? "smtps" : "smtp";
        String resilient = options.ssl ? "resilient-smtps" : "resilient-smtp";
        if (relay != null) {
            properties.setProperty("mail.smtp.host", relay.host());
            properties.setProperty("mail.smtp.port", Integer.toString(relay.port()));
        } else {
            properties.setProperty("mail." + protocol + ".host", String.valueOf(options.host));
            properties.setProperty("mail." + protocol + ".port", Integer.toString(options.port));
            properties.setProperty(
                    "mail." + protocol + ".auth", Boolean.toString(options.user != null));
            if (!options.ssl) {
                properties.setProperty("mail.smtp.starttls.enable", "true");
            }
        }
        properties.setProperty("mail." + protocol + ".connectiontimeout", "5000");
        properties.setProperty("mail." + protocol + ".timeout", "10000");
        // The settings a user would write in a properties file, with short waits for the demo.
        properties.setProperty("mail." + resilient + ".retry.max-attempts", "3");
        properties.setProperty("mail." + resilient + ".retry.wait-duration", "200ms");
        properties.setProperty("mail." + resilient + ".retry.exponential-backoff-multiplier", "2");
        properties.setProperty("mail." + resilient + ".retry.randomized-wait-factor", "0.5");
        properties.setProperty("mail." + resilient + ".circuit-breaker.sliding-window-size", "4");
        properties.setProperty(
                "mail." + resilient + ".circuit-breaker.minimum-number-of-calls", "4");
        properties.setProperty(
                "mail." + resilient + ".circuit-breaker.failure-rate-threshold", "50");
        properties.setProperty(
                "mail." + resilient + ".circuit-breaker.wait-duration-in-open-state",
                OPEN_WAIT.toMillis() + "ms");
        properties.setProperty(
                "mail."
                        + resilient
                        + ".circuit-breaker.permitted-number-of-calls-in-half-open-state",
                "1");
        return Session.getInstance(properties);
    }

    private static MimeMessage message(
            Session session, DemoOptions options, int number, String recipient)
            throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(options.from));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(recipient));
        message.setSubject("resilient-mail demo, message " + number);
        message.setText(
                "Hello,\n\nthis is message " + number + " of the resilient-mail demo.\n", "UTF-8");
        return message;
    }

    /** The copies GreenMail stored for a recipient. */
    private static int received(GreenMail greenMail, String recipient) {
        GreenMailUser user = greenMail.getUserManager().getUserByEmail(recipient);
        if (user == null) {
            return 0;
        }
        try {
            return greenMail.getManagers().getImapHostManager().getInbox(user).getMessageCount();
        } catch (Exception e) {
            throw new IllegalStateException("cannot count the mail of " + recipient, e);
        }
    }
}
