package io.github.resilientmail.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The rules that replace a {@link ScriptedSmtpServer}'s normal answers, obtained from {@link
 * ScriptedSmtpServer#script()}.
 *
 * <p>A rule matches a step, optionally the step's argument (compared ignoring case; for {@link
 * SmtpStep#MAIL} and {@link SmtpStep#RCPT} the address, angle brackets optional) and optionally one
 * connection. At each step the server uses the first rule, in the order rules were added with
 * {@link #on(SmtpStep)}, that matches and is not used up; when none matches it asks the {@link
 * FaultInjector}, if any, and otherwise answers normally.
 *
 * <pre>{@code
 * server.script().on(SmtpStep.RCPT, "bob@example.com").reply("450 4.2.0 Greylisted").once();
 * server.script().on(SmtpStep.CONNECT).reply("421 4.3.2 Service busy").times(3);
 * server.script().on(SmtpStep.END_OF_DATA).drop().once();
 * server.script().on(SmtpStep.MAIL).onConnection(2).hang();
 * server.script().clear();
 * }</pre>
 *
 * <p>Thread-safe: rules can be added, changed and cleared while connections are being served.
 */
public final class SmtpScript {

    private final Object lock = new Object();

    /** Guarded by {@link #lock}. */
    private final List<Rule> rules = new ArrayList<>();

    SmtpScript() {}

    /**
     * Adds a rule for every occurrence of a step; it takes effect once it has an action.
     *
     * @param step the step
     * @return the rule, to give an action and optionally a count and a connection
     * @throws NullPointerException if {@code step} is {@code null}
     */
    public Rule on(SmtpStep step) {
        return add(new Rule(this, Objects.requireNonNull(step, "step"), null));
    }

    /**
     * Adds a rule for a step with one argument; it takes effect once it has an action.
     *
     * @param step the step
     * @param argument the argument to match, ignoring case: the address for {@link SmtpStep#MAIL}
     *     and {@link SmtpStep#RCPT} (angle brackets optional), the domain for {@link
     *     SmtpStep#EHLO}, the mechanism for {@link SmtpStep#AUTH}
     * @return the rule, to give an action and optionally a count and a connection
     * @throws NullPointerException if an argument is {@code null}
     */
    public Rule on(SmtpStep step, String argument) {
        Objects.requireNonNull(step, "step");
        return add(new Rule(this, step, normalize(argument)));
    }

    /** Removes every rule; the server answers normally again (or as its fault injector says). */
    public void clear() {
        synchronized (lock) {
            rules.clear();
        }
    }

    /**
     * The rules, in order, including used-up ones.
     *
     * @return a snapshot
     */
    public List<Rule> rules() {
        synchronized (lock) {
            return List.copyOf(rules);
        }
    }

    /**
     * Describes the rules.
     *
     * @return one rule a line
     */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("SmtpScript[");
        for (Rule rule : rules()) {
            text.append(System.lineSeparator()).append("  ").append(rule);
        }
        return text.append(']').toString();
    }

    private Rule add(Rule rule) {
        synchronized (lock) {
            rules.add(rule);
        }
        return rule;
    }

    /** Takes the action of the first matching rule that is not used up, and counts the use. */
    @Nullable Action take(SmtpStep step, String argument, int connection) {
        String normalized = normalize(argument);
        synchronized (lock) {
            for (Rule rule : rules) {
                if (rule.matches(step, normalized, connection)) {
                    return rule.use();
                }
            }
        }
        return null;
    }

    /** Strips angle brackets and surrounding space; compared ignoring case. */
    static String normalize(String argument) {
        String text = argument.strip();
        if (text.length() >= 2 && text.startsWith("<") && text.endsWith(">")) {
            text = text.substring(1, text.length() - 1).strip();
        }
        return text;
    }

    /**
     * One rule: a step, optionally an argument and a connection, an action, and how many times it
     * applies (always unless told otherwise). Until it has an action it matches nothing.
     *
     * <p>Thread-safe; changes take effect for the next step the server serves. The rule is active
     * from the moment it gets its action, so when connections may reach the step meanwhile, give
     * the count and the connection first: {@code on(SmtpStep.MAIL).once().reply("451 4.3.0
     * Later")}.
     */
    public static final class Rule {

        private final SmtpScript script;
        private final SmtpStep step;
        private final @Nullable String argument;

        /** Guarded by {@code script.lock}. */
        private @Nullable Action action;

        /** Uses left, or -1 for always; guarded by {@code script.lock}. */
        private int remaining = -1;

        /** The connection it applies to, or 0 for all; guarded by {@code script.lock}. */
        private int connection;

        /** Guarded by {@code script.lock}. */
        private int used;

        Rule(SmtpScript script, SmtpStep step, @Nullable String argument) {
            this.script = script;
            this.step = step;
            this.argument = argument;
        }

        /**
         * Restricts the rule to one connection.
         *
         * @param number the connection's number, from 1 in the order connections were accepted
         * @return this rule
         * @throws IllegalArgumentException if {@code number} is less than 1
         */
        public Rule onConnection(int number) {
            if (number < 1) {
                throw new IllegalArgumentException("connection numbers start at 1, got " + number);
            }
            synchronized (script.lock) {
                connection = number;
            }
            return this;
        }

        /**
         * Sends this reply instead of the normal answer; see {@link Action#reply(String)}.
         *
         * @param lines the reply, possibly multi-line
         * @return this rule
         * @throws IllegalStateException if the rule already has an action
         */
        public Rule reply(String lines) {
            return then(Action.reply(lines));
        }

        /**
         * Closes the connection without replying; see {@link Action#drop()}.
         *
         * @return this rule
         * @throws IllegalStateException if the rule already has an action
         */
        public Rule drop() {
            return then(Action.drop());
        }

        /**
         * Never replies; see {@link Action#hang()}.
         *
         * @return this rule
         * @throws IllegalStateException if the rule already has an action
         */
        public Rule hang() {
            return then(Action.hang());
        }

        /**
         * Sends these bytes instead of a reply; see {@link Action#garbage(byte[])}.
         *
         * @param bytes the bytes
         * @return this rule
         * @throws IllegalStateException if the rule already has an action
         */
        public Rule garbage(byte[] bytes) {
            return then(Action.garbage(bytes));
        }

        /**
         * Sends this reply one byte at a time; see {@link Action#trickle(String, Duration)}.
         *
         * @param lines the reply
         * @param perByte the pause between two bytes
         * @return this rule
         * @throws IllegalStateException if the rule already has an action
         */
        public Rule trickle(String lines, Duration perByte) {
            return then(Action.trickle(lines, perByte));
        }

        /**
         * Does this action instead of the normal answer.
         *
         * @param newAction the action
         * @return this rule
         * @throws IllegalStateException if the rule already has an action
         */
        public Rule then(Action newAction) {
            Objects.requireNonNull(newAction, "action");
            synchronized (script.lock) {
                if (action != null) {
                    throw new IllegalStateException("the rule already does " + action);
                }
                action = newAction;
            }
            return this;
        }

        /**
         * Applies the rule once, then it no longer matches.
         *
         * @return this rule
         */
        public Rule once() {
            return times(1);
        }

        /**
         * Applies the rule {@code n} more times, then it no longer matches.
         *
         * @param n how many times, at least 1
         * @return this rule
         * @throws IllegalArgumentException if {@code n} is less than 1
         */
        public Rule times(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("times must be at least 1, got " + n);
            }
            synchronized (script.lock) {
                remaining = n;
            }
            return this;
        }

        /**
         * Applies the rule every time it matches; the default.
         *
         * @return this rule
         */
        public Rule always() {
            synchronized (script.lock) {
                remaining = -1;
            }
            return this;
        }

        /**
         * How many times the rule has been applied.
         *
         * @return the count
         */
        public int used() {
            synchronized (script.lock) {
                return used;
            }
        }

        /**
         * Describes the rule.
         *
         * @return for example {@code on(RCPT, bob@example.com) reply(550 5.1.1 Unknown) once}
         */
        @Override
        public String toString() {
            synchronized (script.lock) {
                return "on("
                        + step
                        + (argument == null ? "" : ", " + argument)
                        + ")"
                        + (connection == 0 ? "" : " onConnection(" + connection + ")")
                        + " "
                        + (action == null ? "(no action)" : action)
                        + (remaining < 0 ? " always" : " " + remaining + " more")
                        + ", used "
                        + used;
            }
        }

        /** Called with {@code script.lock} held. */
        private boolean matches(SmtpStep actual, String actualArgument, int actualConnection) {
            return action != null
                    && remaining != 0
                    && step == actual
                    && (connection == 0 || connection == actualConnection)
                    && (argument == null
                            || argument.toLowerCase(Locale.ROOT)
                                    .equals(actualArgument.toLowerCase(Locale.ROOT)));
        }

        /** Called with {@code script.lock} held, after {@link #matches}. */
        private Action use() {
            if (remaining > 0) {
                remaining--;
            }
            used++;
            return Objects.requireNonNull(action);
        }
    }
}
