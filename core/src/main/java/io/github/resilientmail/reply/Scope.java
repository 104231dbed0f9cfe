package io.github.resilientmail.reply;

/**
 * What a failure belongs to, which decides whether it may open a circuit breaker.
 *
 * <p>Only {@link #RELAY} failures say anything about the health of the server the application sends
 * through; a bad recipient or a refused message says nothing about it.
 */
public enum Scope {
    /**
     * The relay itself: connection failures, timeouts, {@code 421}, X.3.x and X.4.x system and
     * network codes, rejected credentials. Every message sent through that relay now would fail.
     */
    RELAY,
    /** The message or the transaction: its sender, size, content or authentication. */
    MESSAGE,
    /** One recipient: its address, mailbox, domain or quota. Other recipients are not affected. */
    RECIPIENT
}
