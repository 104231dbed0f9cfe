package io.github.resilientmail.testing;

/**
 * A step of an SMTP conversation at which a {@link SmtpScript} rule or a {@link FaultInjector} can
 * replace the server's normal answer.
 *
 * <p>Each step comes with an argument that rules may match: the address for {@link #MAIL} and
 * {@link #RCPT} (without angle brackets, empty for the null sender), the client's domain for {@link
 * #EHLO}, the mechanism for {@link #AUTH} (upper case), and the empty string for the other steps.
 */
public enum SmtpStep {
    /** The connection was accepted; the normal answer is the greeting {@code 220}. */
    CONNECT,
    /** The client sent {@code EHLO} or {@code HELO}. */
    EHLO,
    /** The client sent {@code AUTH}; a rule replaces the whole exchange, challenges included. */
    AUTH,
    /** The client sent {@code MAIL FROM}. */
    MAIL,
    /** The client sent {@code RCPT TO}. */
    RCPT,
    /** The client sent {@code DATA}; only a {@code 3yz} reply makes the server read a message. */
    DATA,
    /**
     * The client sent the whole message and the final dot; the normal answer is {@code 250} and the
     * message is delivered.
     */
    END_OF_DATA,
    /** The client sent {@code RSET}. */
    RSET,
    /** The client sent {@code QUIT}; the server closes the connection after any reply. */
    QUIT
}
