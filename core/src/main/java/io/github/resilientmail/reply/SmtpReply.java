package io.github.resilientmail.reply;

import org.jspecify.annotations.Nullable;

/**
 * An SMTP reply as a client receives it: a basic code (RFC 5321), an optional enhanced status code
 * (RFC 3463) and text, and the command it answered when known.
 *
 * <p>{@link #parse(String)} reads anything a server may send and never throws: a reply without a
 * code, garbage, control characters, non-ASCII text or megabytes of text give a reply whose missing
 * parts are absent ({@code code() == 0}, {@code enhancedCode() == null}) and whose text is bounded
 * to {@value #MAX_TEXT_LENGTH} characters with line breaks and other control characters replaced by
 * spaces.
 *
 * @param code the three-digit basic code (100 to 599), or {@code 0} when the reply carried none
 * @param enhancedCode the enhanced status code, from the start of the text ({@code 550 5.1.1 …}) or
 *     from inside it ({@code (#5.4.6)}, {@code [#4.16.1]}), or {@code null}
 * @param text the human-readable text, without codes or line prefixes
 * @param command the SMTP step the reply answered, or {@code null} when unknown
 */
public record SmtpReply(
        int code,
        @Nullable EnhancedStatusCode enhancedCode,
        String text,
        @Nullable SmtpCommand command) {

    /**
     * Longest text kept from a reply; the rest is cut so that hostile servers cannot fill memory.
     */
    public static final int MAX_TEXT_LENGTH = 4096;

    /**
     * Validates the components.
     *
     * @param code see {@link #code()}
     * @param enhancedCode see {@link #enhancedCode()}
     * @param text see {@link #text()}
     * @param command see {@link #command()}
     */
    public SmtpReply {
        if (code != 0 && (code < 100 || code > 599)) {
            throw new IllegalArgumentException("basic code must be 100 to 599 or 0, got " + code);
        }
        if (text == null) {
            throw new IllegalArgumentException("text must not be null");
        }
    }

    /**
     * Parses a reply as received, possibly multi-line ({@code 550-5.1.1 …\r\n550 5.1.1 …}).
     *
     * @param raw the reply, or {@code null}
     * @return the reply; never throws
     */
    public static SmtpReply parse(@Nullable String raw) {
        return ReplyParser.parse(raw == null ? "" : raw, null);
    }

    /**
     * Parses a reply to a known command.
     *
     * @param raw the reply, or {@code null}
     * @param command the command the reply answered, or {@code null}
     * @return the reply; never throws
     */
    public static SmtpReply parse(@Nullable String raw, @Nullable SmtpCommand command) {
        return ReplyParser.parse(raw == null ? "" : raw, command);
    }

    /**
     * This reply, answering another command.
     *
     * @param newCommand the command, or {@code null}
     * @return a copy with that command
     */
    public SmtpReply withCommand(@Nullable SmtpCommand newCommand) {
        return new SmtpReply(code, enhancedCode, text, newCommand);
    }

    /**
     * Whether the reply had a basic code.
     *
     * @return {@code code() != 0}
     */
    public boolean hasCode() {
        return code != 0;
    }

    /**
     * Whether the reply is a positive completion or intermediate reply (2yz or 3yz).
     *
     * @return true for 2yz and 3yz codes
     */
    public boolean isPositive() {
        return code >= 200 && code < 400;
    }

    /**
     * The reply as a server would write it on one line, for messages and logs.
     *
     * @return for example {@code "550 5.1.1 User unknown"}
     */
    @Override
    public String toString() {
        StringBuilder line = new StringBuilder(text.length() + 16);
        if (code != 0) {
            line.append(code);
        }
        if (enhancedCode != null && !text.contains(enhancedCode.toString())) {
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(enhancedCode);
        }
        if (!text.isEmpty()) {
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(text);
        }
        return line.toString();
    }
}
