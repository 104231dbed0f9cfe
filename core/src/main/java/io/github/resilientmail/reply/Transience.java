package io.github.resilientmail.reply;

/**
 * Whether the same message may succeed if sent again later.
 *
 * <p>RFC 5321 calls 4yz replies transient and 5yz replies permanent. Servers do not always follow
 * that: a {@code 552 5.2.2} full mailbox or a {@code 550 5.4.5} daily quota clears with time, so
 * the classifier decides from the enhanced code and the text as well as the basic code.
 */
public enum Transience {
    /** The same message may succeed later without change (RFC 5321 4yz: transient negative). */
    TRANSIENT,
    /** Sending the same message again will fail the same way (RFC 5321 5yz: permanent negative). */
    PERMANENT
}
