package io.github.resilientmail.reply;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The SMTP step a reply answered; servers give the same code different meanings at each step. */
public enum SmtpCommand {
    /** The connection and the server's greeting. */
    CONNECT,
    /** {@code EHLO} or {@code HELO}. */
    HELO,
    /** {@code STARTTLS}. */
    STARTTLS,
    /** {@code AUTH}. */
    AUTH,
    /** {@code MAIL FROM}. */
    MAIL,
    /** {@code RCPT TO}. */
    RCPT,
    /** {@code DATA} or {@code BDAT}. */
    DATA,
    /** The final "." that ends the message data: the server's verdict on the message. */
    END_OF_DATA,
    /** {@code RSET}. */
    RSET,
    /** {@code QUIT}. */
    QUIT,
    /** Any other command ({@code NOOP}, {@code VRFY}…). */
    OTHER;

    /**
     * Reads the command from the text a client sent, such as {@code "RCPT TO:<a@example.com>"} or
     * Angus Mail's {@code "\r\n.\r\n"}.
     *
     * @param sent the command line as sent, or {@code null}
     * @return the command, or {@code null} when {@code sent} is {@code null} or blank
     */
    public static @Nullable SmtpCommand of(@Nullable String sent) {
        if (sent == null) {
            return null;
        }
        String trimmed = sent.strip();
        if (trimmed.equals(".")) {
            return END_OF_DATA;
        }
        if (trimmed.isEmpty()) {
            return sent.isEmpty() ? null : END_OF_DATA;
        }
        int end = 0;
        while (end < trimmed.length() && Character.isLetter(trimmed.charAt(end))) {
            end++;
        }
        String verb = trimmed.substring(0, end).toUpperCase(Locale.ROOT);
        switch (verb) {
            case "EHLO":
            case "HELO":
            case "LHLO":
                return HELO;
            case "STARTTLS":
                return STARTTLS;
            case "AUTH":
                return AUTH;
            case "MAIL":
                return MAIL;
            case "RCPT":
                return RCPT;
            case "DATA":
            case "BDAT":
                return DATA;
            case "RSET":
                return RSET;
            case "QUIT":
                return QUIT;
            default:
                return OTHER;
        }
    }
}
