package io.github.resilientmail.reply;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a reply or a failed send means: its category, whether it is transient, what it belongs to,
 * and when to try again.
 *
 * <p>For a {@link Outcome#SUCCESS success} the category, transience and scope are {@code null}. For
 * a {@link Outcome#PARTIAL_SUCCESS partial success} they describe the refused recipients.
 *
 * @param outcome success, partial success or failure
 * @param category why it failed, or {@code null} on success
 * @param transience whether the same message may succeed later, or {@code null} on success
 * @param scope what the failure belongs to (the relay may open a circuit breaker), or {@code null}
 *     on success
 * @param retryAfter how long the server asked the client to wait ("try again in 5 minutes"), or
 *     {@code null} when the reply does not say
 * @param reply the reply that was classified (for failures without a reply, such as a refused
 *     connection, a reply without a code whose text describes the failure)
 * @param entries the catalogue entries of the reply's basic and enhanced codes, when known
 * @param reason which rule decided, for logs and for people debugging a classification
 */
public record Classification(
        Outcome outcome,
        @Nullable Category category,
        @Nullable Transience transience,
        @Nullable Scope scope,
        @Nullable Duration retryAfter,
        SmtpReply reply,
        List<CatalogueEntry> entries,
        String reason) {

    /**
     * Validates the components.
     *
     * @param outcome see {@link #outcome()}
     * @param category see {@link #category()}
     * @param transience see {@link #transience()}
     * @param scope see {@link #scope()}
     * @param retryAfter see {@link #retryAfter()}
     * @param reply see {@link #reply()}
     * @param entries see {@link #entries()}
     * @param reason see {@link #reason()}
     */
    public Classification {
        if (outcome == null || reply == null || reason == null) {
            throw new IllegalArgumentException("outcome, reply and reason must not be null");
        }
        if (outcome != Outcome.SUCCESS
                && (category == null || transience == null || scope == null)) {
            throw new IllegalArgumentException(
                    outcome + " needs a category, a transience and a scope");
        }
        if (retryAfter != null && retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative: " + retryAfter);
        }
        entries = List.copyOf(entries);
    }

    /**
     * Whether the step succeeded.
     *
     * @return true for {@link Outcome#SUCCESS}
     */
    public boolean isSuccess() {
        return outcome == Outcome.SUCCESS;
    }

    /**
     * Whether the failure may clear if the same message is sent again later.
     *
     * @return true when {@link #transience()} is {@link Transience#TRANSIENT}
     */
    public boolean isTransient() {
        return transience == Transience.TRANSIENT;
    }

    /**
     * Whether the failure belongs to the relay and may therefore open a circuit breaker.
     *
     * @return true when {@link #scope()} is {@link Scope#RELAY}
     */
    public boolean isRelayFailure() {
        return scope == Scope.RELAY;
    }
}
