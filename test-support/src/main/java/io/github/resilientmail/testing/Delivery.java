package io.github.resilientmail.testing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A message the server received in full: delivered (it answered the final dot with a {@code 2yz}
 * reply) or undecided (it dropped the connection, hung or sent garbage instead of replying, or its
 * upstream did not answer, so the client cannot know whether it was delivered). Immutable.
 *
 * @param connection the number of the connection that carried it, from 1
 * @param sender the envelope sender, without angle brackets; empty for the null sender {@code <>}
 * @param recipients the recipients accepted in the transaction, in order, without angle brackets
 * @param message the message as received, dot-unstuffed, with its line endings, without the final
 *     {@code .CRLF}; copied in and out
 * @param reply the reply to the final dot, without the final {@code CRLF}; empty for an undecided
 *     message
 */
public record Delivery(
        int connection, String sender, List<String> recipients, byte[] message, String reply) {

    /**
     * Copies the parts.
     *
     * @param connection the connection's number
     * @param sender the envelope sender
     * @param recipients the accepted recipients
     * @param message the message as received
     * @param reply the reply to the final dot, or empty
     * @throws NullPointerException if a part is {@code null}
     */
    public Delivery {
        Objects.requireNonNull(sender, "sender");
        recipients = List.copyOf(recipients);
        message = message.clone();
        Objects.requireNonNull(reply, "reply");
    }

    /**
     * The message as received.
     *
     * @return a copy of the bytes
     */
    @Override
    public byte[] message() {
        return message.clone();
    }

    /**
     * The message decoded as UTF-8, malformed bytes replaced.
     *
     * @return the message text
     */
    public String text() {
        return new String(message, StandardCharsets.UTF_8);
    }

    /**
     * Compares all parts, the message by content.
     *
     * @param other another object
     * @return whether it is a delivery with equal parts
     */
    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof Delivery d
                && connection == d.connection
                && sender.equals(d.sender)
                && recipients.equals(d.recipients)
                && Arrays.equals(message, d.message)
                && reply.equals(d.reply);
    }

    /**
     * Hashes all parts, the message by content.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Objects.hash(connection, sender, recipients, Arrays.hashCode(message), reply);
    }

    /**
     * Describes the delivery without the message content.
     *
     * @return the connection, envelope, message size and reply
     */
    @Override
    public String toString() {
        return "Delivery[connection="
                + connection
                + ", sender="
                + sender
                + ", recipients="
                + recipients
                + ", message="
                + message.length
                + " bytes, reply="
                + reply
                + "]";
    }
}
