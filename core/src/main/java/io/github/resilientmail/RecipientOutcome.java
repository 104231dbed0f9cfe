package io.github.resilientmail;

import io.github.resilientmail.reply.Classification;
import jakarta.mail.Address;
import org.jspecify.annotations.Nullable;

/**
 * What happened to one recipient of a send.
 *
 * @param address the recipient
 * @param status accepted, failed or still pending
 * @param failure why it failed or is still pending, or {@code null} when it was accepted or never
 *     tried
 */
public record RecipientOutcome(Address address, Status status, @Nullable Classification failure) {

    /**
     * Validates the components.
     *
     * @param address see {@link #address()}
     * @param status see {@link #status()}
     * @param failure see {@link #failure()}
     */
    public RecipientOutcome {
        if (address == null || status == null) {
            throw new IllegalArgumentException("address and status must not be null");
        }
    }

    /** Where one recipient stands. */
    public enum Status {
        /** The server accepted the message for this recipient: it must never be sent again. */
        ACCEPTED,
        /** The server refused this recipient; {@link RecipientOutcome#failure()} says why. */
        FAILED,
        /** The message was not delivered to this recipient yet; it may be sent again. */
        PENDING
    }

    @Override
    public String toString() {
        return address + " " + status + (failure == null ? "" : " (" + failure.category() + ")");
    }
}
