package io.github.resilientmail.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * What the server does at a step instead of its normal answer: send a chosen reply (at once or
 * trickled), drop the connection, hang, or send garbage. Immutable and thread-safe.
 *
 * <p>A reply is positive when its code is {@code 2yz} ({@code 3yz} for {@link SmtpStep#DATA}): the
 * server then acts as if the step succeeded (the recipient is accepted, the message is delivered…),
 * otherwise as if it failed. After a {@code 421} reply, and after any reply to {@link
 * SmtpStep#QUIT}, the server closes the connection.
 */
public final class Action {

    /** The kinds of action. */
    enum Kind {
        REPLY,
        DROP,
        HANG,
        GARBAGE
    }

    private static final Action DROP = new Action(Kind.DROP, new byte[0], Duration.ZERO);
    private static final Action HANG = new Action(Kind.HANG, new byte[0], Duration.ZERO);

    private final Kind kind;
    private final byte[] bytes;
    private final Duration perByte;

    private Action(Kind kind, byte[] bytes, Duration perByte) {
        this.kind = kind;
        this.bytes = bytes;
        this.perByte = perByte;
    }

    /**
     * Sends exactly this reply, which may span several lines ({@code "550-5.1.1 first\r\n550 5.1.1
     * second"}); {@code CRLF} is added at the end when the reply does not end with one.
     *
     * @param lines the reply, encoded as UTF-8
     * @return the action
     * @throws NullPointerException if {@code lines} is {@code null}
     */
    public static Action reply(String lines) {
        return trickle(lines, Duration.ZERO);
    }

    /**
     * Sends this reply one byte at a time, waiting {@code perByte} of real time between bytes, as a
     * slow peer would; tests that use it rely on the client's read timeout. Closing the server
     * stops the trickle.
     *
     * @param lines the reply, as for {@link #reply(String)}
     * @param perByte the pause between two bytes, zero or more
     * @return the action
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if {@code perByte} is negative
     */
    public static Action trickle(String lines, Duration perByte) {
        Objects.requireNonNull(lines, "lines");
        Objects.requireNonNull(perByte, "perByte");
        if (perByte.isNegative()) {
            throw new IllegalArgumentException("perByte must not be negative, got " + perByte);
        }
        String text = lines.endsWith("\r\n") ? lines : lines + "\r\n";
        return new Action(Kind.REPLY, text.getBytes(StandardCharsets.UTF_8), perByte);
    }

    /**
     * Closes the connection without replying. At {@link SmtpStep#END_OF_DATA} the message has been
     * read in full: it is recorded in {@link ScriptedSmtpServer#undecided()}, not delivered.
     *
     * @return the action
     */
    public static Action drop() {
        return DROP;
    }

    /**
     * Never replies: the server reads and discards what the client sends until the client or the
     * server closes the connection. At {@link SmtpStep#END_OF_DATA} the message is recorded in
     * {@link ScriptedSmtpServer#undecided()}.
     *
     * @return the action
     */
    public static Action hang() {
        return HANG;
    }

    /**
     * Sends these bytes instead of a reply (invalid UTF-8, a line without a code…), then goes on
     * reading commands as if the step had failed. At {@link SmtpStep#END_OF_DATA} the message is
     * recorded in {@link ScriptedSmtpServer#undecided()}.
     *
     * @param bytes the bytes, sent as they are (copied)
     * @return the action
     * @throws NullPointerException if {@code bytes} is {@code null}
     */
    public static Action garbage(byte[] bytes) {
        return new Action(Kind.GARBAGE, bytes.clone(), Duration.ZERO);
    }

    Kind kind() {
        return kind;
    }

    /** The bytes to send, not copied: callers must not change them. */
    byte[] bytes() {
        return bytes;
    }

    Duration perByte() {
        return perByte;
    }

    /** The reply as text, without the final {@code CRLF}. */
    String replyText() {
        String text = new String(bytes, StandardCharsets.UTF_8);
        return text.endsWith("\r\n") ? text.substring(0, text.length() - 2) : text;
    }

    /** The reply's three-digit code, or 0 when it has none or this is not a reply. */
    int code() {
        if (kind != Kind.REPLY) {
            return 0;
        }
        return codeOf(bytes);
    }

    /** The three-digit code at the start of a reply, or 0 when it does not start with one. */
    static int codeOf(byte[] reply) {
        if (reply.length < 3) {
            return 0;
        }
        int code = 0;
        for (int i = 0; i < 3; i++) {
            int digit = reply[i] - '0';
            if (digit < 0 || digit > 9) {
                return 0;
            }
            code = code * 10 + digit;
        }
        return code >= 100 ? code : 0;
    }

    /**
     * Describes the action.
     *
     * @return for example {@code reply(550 5.1.1 Unknown)} or {@code drop}
     */
    @Override
    public String toString() {
        switch (kind) {
            case REPLY:
                String text = replyText().replace("\r\n", "\\r\\n");
                return perByte.isZero()
                        ? "reply(" + text + ")"
                        : "trickle(" + text + ", " + perByte + ")";
            case GARBAGE:
                return "garbage(" + bytes.length + " bytes)";
            case DROP:
                return "drop";
            case HANG:
            default:
                return "hang";
        }
    }
}
