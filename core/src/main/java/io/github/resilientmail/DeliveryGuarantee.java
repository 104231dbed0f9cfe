package io.github.resilientmail;

/**
 * What the transport does when the connection is lost after the final "." of a message but before
 * the server's reply (RFC 1047): the server may or may not have accepted the message.
 *
 * <p>In every other case the transport never sends a second copy to a recipient the server
 * accepted.
 */
public enum DeliveryGuarantee {
    /**
     * Send the message again, as mail servers do: it is never lost, and arrives twice in the rare
     * case where the server had accepted it. The default. Property value {@code at-least-once}.
     */
    AT_LEAST_ONCE,
    /**
     * Do not send it again: throw {@link DeliveryUncertainException} and let the application
     * decide. Property value {@code at-most-once}.
     */
    AT_MOST_ONCE
}
