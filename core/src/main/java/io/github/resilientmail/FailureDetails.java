package io.github.resilientmail;

import io.github.resilientmail.reply.Classification;
import java.util.List;

/** What every failure exception carries, passed as one value to keep the constructors small. */
record FailureDetails(
        Classification classification, int attempts, List<RecipientOutcome> recipients) {

    FailureDetails {
        recipients = List.copyOf(recipients);
    }
}
