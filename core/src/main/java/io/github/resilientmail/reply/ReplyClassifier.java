package io.github.resilientmail.reply;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Decides what an SMTP reply means, using nothing but the JDK.
 *
 * <p>Servers contradict the RFCs every day ({@code 550 … mailbox full}, {@code 552 5.2.2}, {@code
 * 550 5.4.5 Daily user sending limit exceeded}, {@code 554 … temporarily blocked}), so the
 * classifier combines, in this order:
 *
 * <ol>
 *   <li>phrases of real servers' texts that name a cause unambiguously ("user unknown", "relay
 *       access denied", "listed in Spamhaus", "SPF"…), the more specific causes first;
 *   <li>the enhanced status code, when it names a specific condition ({@code 5.1.1}, {@code 4.2.2},
 *       {@code 5.3.4}…);
 *   <li>the SMTP command the reply answered ({@code 552} to {@code RCPT} means too many recipients,
 *       RFC 5321 §4.5.3.1.10);
 *   <li>weaker phrases ("access denied", "spam", "mailbox unavailable");
 *   <li>the basic code, then a generic enhanced code ({@code X.y.0}, {@code X.7.1}).
 * </ol>
 *
 * <p>Transience follows RFC 5321 (4yz transient, 5yz permanent) except where the condition clears
 * with time whatever the code says: a full mailbox (RFC 3463 X.2.2 "persistent transient"), too
 * many recipients, a quota with a time window ("daily", "this hour"), or a 5yz whose text says
 * "temporarily" or "try later". Every decision carries a {@link Classification#reason() reason}.
 *
 * <p>Instances are immutable and thread-safe; {@link #classify(SmtpReply)} never throws.
 */
public final class ReplyClassifier {

    private static final PhraseScanner<Cue> SCANNER =
            PhraseScanner.compile(Cue.class, Cue::phrases);

    /** Strong phrase rules, most specific cause first; the first that matches decides. */
    private static final List<Rule> STRONG_RULES =
            List.of(
                    new Rule(Cue.GREYLIST, Category.GREYLISTED, "text says greylisted"),
                    new Rule(
                            Cue.AUTH_FIRST,
                            Category.CREDENTIALS_REJECTED,
                            "text asks to authenticate first"),
                    new Rule(
                            Cue.HEADER_FORMAT,
                            Category.CONTENT_ERROR,
                            "text names a duplicate header"),
                    new Rule(Cue.URL_BLOCK, Category.SPAM_DETECTED, "text names a URI blocklist"),
                    new Rule(
                            Cue.PROTOCOL,
                            Category.SYNTAX_ERROR,
                            "text names an SMTP protocol error"),
                    new Rule(
                            Cue.RELAY_DENIED, Category.NO_RELAYING, "text says relaying is denied"),
                    new Rule(
                            Cue.SENDER_AUTH,
                            Category.SENDER_AUTH_FAILED,
                            "text names SPF, DKIM or DMARC"),
                    new Rule(Cue.TLS, Category.TLS_REQUIRED, "text names TLS or encryption"),
                    new Rule(
                            Cue.SYSTEM_AT_AUTH,
                            Category.SYSTEM_ERROR,
                            "text names a temporary system problem"),
                    new Rule(
                            Cue.CREDENTIALS,
                            Category.CREDENTIALS_REJECTED,
                            "text names SMTP authentication"),
                    new Rule(
                            Cue.BLOCKLIST,
                            Category.BLOCKED,
                            "text names a blocklist, reputation or reverse DNS"),
                    new Rule(
                            Cue.CONNECTIONS,
                            Category.TOO_MANY_CONNECTIONS,
                            "text says too many connections"),
                    new Rule(Cue.RATE, Category.RATE_LIMITED, "text names a rate or sending limit"),
                    new Rule(
                            Cue.DISK_FULL,
                            Category.SYSTEM_FULL,
                            "text says the server's storage is full"),
                    new Rule(
                            Cue.MAILBOX_FULL,
                            Category.MAILBOX_FULL,
                            "text says the mailbox is full"),
                    new Rule(
                            Cue.RECIPIENTS,
                            Category.TOO_MANY_RECIPIENTS,
                            "text says too many recipients"),
                    new Rule(
                            Cue.ADDRESS_SYNTAX,
                            Category.BAD_ADDRESS,
                            "text says an address is malformed"),
                    new Rule(
                            Cue.SENDER_REJECT,
                            Category.SENDER_REJECTED,
                            "text says the sender is refused"),
                    new Rule(
                            Cue.DISABLED,
                            Category.MAILBOX_DISABLED,
                            "text says the mailbox is disabled"),
                    new Rule(
                            Cue.MOVED, Category.MAILBOX_MOVED, "text says the recipient has moved"),
                    new Rule(
                            Cue.USER_UNKNOWN,
                            Category.USER_UNKNOWN,
                            "text says the user is unknown"),
                    new Rule(
                            Cue.DOMAIN_UNKNOWN,
                            Category.HOST_UNKNOWN,
                            "text says the domain is unknown"),
                    new Rule(Cue.SPAM, Category.SPAM_DETECTED, "text says the message is spam"),
                    new Rule(Cue.VIRUS, Category.VIRUS_DETECTED, "text names a virus"),
                    new Rule(Cue.CONTENT, Category.CONTENT_ERROR, "text names a format error"),
                    new Rule(Cue.POLICY, Category.POLICY_VIOLATION, "text names a policy"),
                    new Rule(Cue.SYSTEM, Category.SYSTEM_ERROR, "text names a server error"),
                    new Rule(Cue.NETWORK, Category.NETWORK_ERROR, "text names a network failure"),
                    new Rule(
                            Cue.SERVICE,
                            Category.SERVICE_UNAVAILABLE,
                            "text says the service is unavailable"),
                    new Rule(Cue.SIZE, Category.MESSAGE_TOO_BIG, "text names a size limit"),
                    new Rule(Cue.SYNTAX, Category.SYNTAX_ERROR, "text names a syntax error"));

    /** Weak phrase rules: tried after the enhanced code and the command. */
    private static final List<Rule> WEAK_RULES =
            List.of(
                    new Rule(Cue.SPAM_WEAK, Category.SPAM_DETECTED, "text mentions spam"),
                    new Rule(
                            Cue.POLICY_WEAK,
                            Category.POLICY_VIOLATION,
                            "text says access is denied"),
                    new Rule(
                            Cue.USER_UNKNOWN_WEAK,
                            Category.USER_UNKNOWN,
                            "text says the address is refused"),
                    new Rule(
                            Cue.CONTENT_WEAK,
                            Category.CONTENT_ERROR,
                            "text mentions headers or MIME"),
                    new Rule(
                            Cue.SERVICE_WEAK,
                            Category.SERVICE_UNAVAILABLE,
                            "text says the server closes"));

    /** Conditions that clear with time whatever the class of the code says. */
    private static final Set<Category> CLEARS_WITH_TIME =
            EnumSet.of(Category.MAILBOX_FULL, Category.TOO_MANY_RECIPIENTS, Category.GREYLISTED);

    /** Categories that are transient when the reply has no code at all to say so. */
    private static final Set<Category> TRANSIENT_BY_NATURE =
            EnumSet.of(
                    Category.MAILBOX_FULL,
                    Category.TOO_MANY_RECIPIENTS,
                    Category.GREYLISTED,
                    Category.RATE_LIMITED,
                    Category.TOO_MANY_CONNECTIONS,
                    Category.SERVICE_UNAVAILABLE,
                    Category.SYSTEM_ERROR,
                    Category.SYSTEM_FULL,
                    Category.NETWORK_ERROR);

    /** Failures that say something about the relay's health when they are transient. */
    private static final Set<Category> RELAY_HEALTH =
            EnumSet.of(
                    Category.NETWORK_ERROR,
                    Category.SERVICE_UNAVAILABLE,
                    Category.TOO_MANY_CONNECTIONS,
                    Category.SYSTEM_ERROR,
                    Category.SYSTEM_FULL);

    /** Failures that concern one recipient only. */
    private static final Set<Category> RECIPIENT_ONLY =
            EnumSet.of(
                    Category.USER_UNKNOWN,
                    Category.MAILBOX_FULL,
                    Category.MAILBOX_DISABLED,
                    Category.MAILBOX_MOVED,
                    Category.HOST_UNKNOWN,
                    Category.NO_RELAYING,
                    Category.GREYLISTED,
                    Category.TOO_MANY_RECIPIENTS);

    private static final ReplyClassifier STANDARD = new ReplyClassifier(Catalogue.standard());

    private final Catalogue catalogue;

    private ReplyClassifier(Catalogue catalogue) {
        this.catalogue = catalogue;
    }

    /**
     * The classifier with the standard catalogue and rules.
     *
     * @return the shared instance; thread-safe
     */
    public static ReplyClassifier standard() {
        return STANDARD;
    }

    /**
     * Parses and classifies a reply as received.
     *
     * @param raw the reply text, possibly multi-line; may be anything
     * @return its classification; never throws
     */
    public Classification classify(String raw) {
        return classify(SmtpReply.parse(raw));
    }

    /**
     * Classifies a reply.
     *
     * @param reply the reply
     * @return its classification; never throws
     */
    public Classification classify(SmtpReply reply) {
        List<CatalogueEntry> entries = catalogue.entriesFor(reply);
        if (reply.isPositive()) {
            return new Classification(
                    Outcome.SUCCESS, null, null, null, null, reply, entries, "2yz or 3yz reply");
        }
        long cues = SCANNER.scan(withoutAddresses(reply.text()), SmtpReply.MAX_TEXT_LENGTH);
        Verdict verdict = category(reply, cues);
        Transience transience = transience(reply, verdict.category(), cues);
        Scope scope = scope(reply, verdict.category(), transience);
        Duration retryAfter =
                transience == Transience.TRANSIENT ? RetryAfter.parse(reply.text()) : null;
        return new Classification(
                Outcome.FAILURE,
                verdict.category(),
                transience,
                scope,
                retryAfter,
                reply,
                entries,
                verdict.reason());
    }

    /**
     * The text without email addresses, so that phrases match across them: "recipient
     * &lt;a@example.com&gt; unknown" reads "recipient unknown".
     */
    static String withoutAddresses(String text) {
        int at = text.indexOf('@');
        if (at < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int copied = 0;
        while (at >= 0) {
            int start = at;
            while (start > copied && !isAddressBoundary(text.charAt(start - 1))) {
                start--;
            }
            int end = at + 1;
            while (end < text.length() && !isAddressBoundary(text.charAt(end))) {
                end++;
            }
            out.append(text, copied, start).append(' ');
            copied = end;
            at = text.indexOf('@', end);
        }
        return out.append(text, copied, text.length()).toString();
    }

    private static boolean isAddressBoundary(char c) {
        return c == ' ' || c == '<' || c == '>' || c == '(' || c == ')' || c == '[' || c == ']'
                || c == '"' || c == ',' || c == ';' || c == ':' || c == '\'' || c == '\t';
    }

    private Verdict category(SmtpReply reply, long cues) {
        EnhancedStatusCode enhanced = reply.enhancedCode();
        // Exchange Online's directory-based edge blocking: 550 5.4.1 "Recipient address rejected:
        // Access denied" means the recipient does not exist in the tenant.
        if (enhanced != null
                && enhanced.statusClass() == 5
                && enhanced.subject() == 4
                && enhanced.detail() == 1
                && PhraseScanner.has(cues, Cue.ACCESS_DENIED)) {
            return new Verdict(
                    Category.USER_UNKNOWN,
                    "5.4.1 access denied: Exchange Online unknown recipient");
        }
        // Gmail "452 4.5.3 Your message has too many recipients … Google's sending limits".
        if (enhanced != null
                && enhanced.subject() == 5
                && enhanced.detail() == 3
                && PhraseScanner.has(cues, Cue.RECIPIENTS)) {
            return new Verdict(
                    Category.TOO_MANY_RECIPIENTS, "X.5.3 and text say too many recipients");
        }
        for (Rule rule : STRONG_RULES) {
            if (PhraseScanner.has(cues, rule.cue())) {
                if (rule.category() == Category.HOST_UNKNOWN
                        || rule.category() == Category.USER_UNKNOWN) {
                    if (PhraseScanner.has(cues, Cue.SENDER_CONTEXT) || isSenderCode(enhanced)) {
                        return new Verdict(
                                Category.SENDER_REJECTED,
                                "text says the sender's address or domain is invalid");
                    }
                }
                return new Verdict(rule.category(), rule.reason());
            }
        }
        CatalogueEntry enhancedEntry = catalogue.enhanced(enhanced);
        if (enhanced != null && enhancedEntry == null) {
            // Private details (Exchange's 4.7.500, 5.4.312…): RFC 3463 makes the subject alone
            // name the kind of condition, so fall back to X.subject.0.
            enhancedEntry =
                    catalogue.enhanced(
                            new EnhancedStatusCode(enhanced.statusClass(), enhanced.subject(), 0));
        }
        if (enhanced != null
                && enhancedEntry != null
                && enhancedEntry.category() != null
                && isSpecific(enhanced)
                && enhancedEntry.code().equals(enhanced.key())) {
            return new Verdict(enhancedEntry.category(), "enhanced code " + enhancedEntry.code());
        }
        // The AUTH codes of RFC 4954 say what they are about better than words like "denied".
        if (reply.code() == 432
                || reply.code() == 534
                || reply.code() == 535
                || reply.code() == 538) {
            return new Verdict(
                    Category.CREDENTIALS_REJECTED,
                    "AUTH reply code " + reply.code() + " (RFC 4954)");
        }
        Verdict byCommand = byCommand(reply);
        if (byCommand != null) {
            return byCommand;
        }
        if (PhraseScanner.has(cues, Cue.BLOCKED_WEAK) && PhraseScanner.has(cues, Cue.REJECTION)) {
            return new Verdict(Category.BLOCKED, "text says the sending IP is refused");
        }
        for (Rule rule : WEAK_RULES) {
            if (PhraseScanner.has(cues, rule.cue())) {
                return new Verdict(rule.category(), rule.reason());
            }
        }
        CatalogueEntry basicEntry = reply.hasCode() ? catalogue.basic(reply.code()) : null;
        if (basicEntry != null
                && basicEntry.category() != null
                && basicEntry.category() != Category.UNDEFINED) {
            return new Verdict(basicEntry.category(), "basic code " + basicEntry.code());
        }
        if (enhanced != null
                && enhancedEntry != null
                && enhancedEntry.category() != null
                && !saysNothing(enhanced)) {
            return new Verdict(enhancedEntry.category(), "enhanced code " + enhancedEntry.code());
        }
        return new Verdict(Category.UNDEFINED, "nothing in the reply names a cause");
    }

    /** X.1.7 and X.1.8 name the sender's address or its domain. */
    private static boolean isSenderCode(@Nullable EnhancedStatusCode code) {
        return code != null && code.subject() == 1 && (code.detail() == 7 || code.detail() == 8);
    }

    /** X.y.0 codes and X.7.1 ("delivery not authorized") say too little to beat the text. */
    private static boolean isSpecific(EnhancedStatusCode code) {
        return code.detail() != 0 && !(code.subject() == 7 && code.detail() == 1);
    }

    /**
     * X.0.0 and 5.3.0 are "other or undefined" status: qmail ends every permanent remote failure
     * with {@code (#5.3.0)}, so they must not turn an unexplained refusal into a system error.
     */
    private static boolean saysNothing(EnhancedStatusCode code) {
        return (code.subject() == 0 && code.detail() == 0)
                || (code.statusClass() == 5 && code.subject() == 3 && code.detail() == 0);
    }

    private static @Nullable Verdict byCommand(SmtpReply reply) {
        SmtpCommand command = reply.command();
        if (command == null) {
            return null;
        }
        switch (command) {
            case RCPT:
                if (reply.code() == 552) {
                    return new Verdict(
                            Category.TOO_MANY_RECIPIENTS,
                            "552 to RCPT: too many recipients (RFC 5321 §4.5.3.1.10)");
                }
                if (reply.code() == 550) {
                    return new Verdict(Category.USER_UNKNOWN, "550 to RCPT: mailbox unavailable");
                }
                return null;
            case MAIL:
                return reply.code() == 421
                        ? null
                        : new Verdict(Category.SENDER_REJECTED, "refused at MAIL FROM");
            case AUTH:
                return new Verdict(Category.CREDENTIALS_REJECTED, "refused at AUTH");
            case STARTTLS:
                return new Verdict(Category.TLS_REQUIRED, "refused at STARTTLS");
            default:
                return null;
        }
    }

    private static Transience transience(SmtpReply reply, Category category, long cues) {
        int replyClass =
                reply.hasCode()
                        ? reply.code() / 100
                        : reply.enhancedCode() != null ? reply.enhancedCode().statusClass() : 0;
        if (replyClass == 4) {
            return Transience.TRANSIENT;
        }
        if (replyClass == 5) {
            if (CLEARS_WITH_TIME.contains(category)
                    || PhraseScanner.has(cues, Cue.TEMPORARY)
                    || (category == Category.RATE_LIMITED
                            && PhraseScanner.has(cues, Cue.TIME_WINDOW))) {
                return Transience.TRANSIENT;
            }
            return Transience.PERMANENT;
        }
        return TRANSIENT_BY_NATURE.contains(category) ? Transience.TRANSIENT : Transience.PERMANENT;
    }

    private static Scope scope(SmtpReply reply, Category category, Transience transience) {
        if (transience == Transience.TRANSIENT) {
            EnhancedStatusCode enhanced = reply.enhancedCode();
            SmtpCommand command = reply.command();
            if (reply.code() == 421
                    || (enhanced != null
                            && enhanced.statusClass() == 4
                            && (enhanced.subject() == 3 || enhanced.subject() == 4))
                    || RELAY_HEALTH.contains(category)
                    || command == SmtpCommand.CONNECT
                    || command == SmtpCommand.HELO
                    || command == SmtpCommand.STARTTLS) {
                return Scope.RELAY;
            }
        }
        if (RECIPIENT_ONLY.contains(category) || reply.command() == SmtpCommand.RCPT) {
            return Scope.RECIPIENT;
        }
        return Scope.MESSAGE;
    }

    private record Rule(Cue cue, Category category, String reason) {}

    private record Verdict(Category category, String reason) {}
}
