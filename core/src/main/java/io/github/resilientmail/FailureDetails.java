package io.github.resilientmail;

import io.github.resilientmail.reply.Classification;
import java.util.List;

/**
 * What every failure exception carries, passed as one value to keep the constructors small.
 *
 * @param hideRecipients whether the exception's message masks addresses ({@code hide-recipients});
 *     {@link #recipients()} keeps them
 */
record FailureDetails(
        Classification classification,
        int attempts,
        List<RecipientOutcome> recipients,
        boolean hideRecipients) {

    FailureDetails {
        recipients = List.copyOf(recipients);
    }

    /** Details whose message shows the addresses. */
    FailureDetails(Classification classification, int attempts, List<RecipientOutcome> recipients) {
        this(classification, attempts, recipients, false);
    }
}
