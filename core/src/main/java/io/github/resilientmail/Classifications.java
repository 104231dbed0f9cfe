package io.github.resilientmail;

import io.github.resilientmail.reply.Category;
import io.github.resilientmail.reply.Classification;
import io.github.resilientmail.reply.Outcome;
import io.github.resilientmail.reply.Scope;
import io.github.resilientmail.reply.SmtpReply;
import io.github.resilientmail.reply.Transience;
import java.util.List;

/** Classifications the transport makes itself, for failures that have no server reply. */
final class Classifications {

    private static final Classification SUCCESS =
            new Classification(
                    Outcome.SUCCESS,
                    null,
                    null,
                    null,
                    null,
                    new SmtpReply(0, null, "", null),
                    List.of(),
                    "sent");

    private Classifications() {}

    static Classification success() {
        return SUCCESS;
    }

    static Classification local(Category category, Transience transience, String text) {
        return new Classification(
                Outcome.FAILURE,
                category,
                transience,
                Scope.MESSAGE,
                null,
                new SmtpReply(0, null, text, null),
                List.of(),
                text);
    }
}
