package io.github.resilientmail;

import jakarta.mail.MessagingException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A link of an exception chain copied with the addresses in its message masked, for {@code
 * hide-recipients}: Angus Mail's exceptions name every refused recipient, and a logged stack trace
 * prints the whole chain. Its message starts with the original type; its stack trace is the
 * original's.
 */
final class MaskedException extends MessagingException {

    private static final long serialVersionUID = 1L;

    /** Longer chains are cut: only a cycle or a bug makes one. */
    private static final int MAX_LINKS = 100;

    private MaskedException(Throwable original) {
        super(
                original.getClass().getName()
                        + (original.getMessage() == null
                                ? ""
                                : ": " + Masking.text(original.getMessage())));
        setStackTrace(original.getStackTrace());
    }

    /** The chain below and including {@code failure}, every link masked. */
    static MaskedException of(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        MaskedException head = new MaskedException(failure);
        seen.add(failure);
        MaskedException tail = head;
        Throwable link = below(failure);
        while (link != null && seen.add(link) && seen.size() <= MAX_LINKS) {
            MaskedException copy = new MaskedException(link);
            tail.setNextException(copy);
            tail = copy;
            link = below(link);
        }
        return head;
    }

    /** The next link: Jakarta Mail chains with next exceptions, everything else with causes. */
    private static @Nullable Throwable below(Throwable link) {
        return link instanceof MessagingException
                ? ((MessagingException) link).getNextException()
                : link.getCause();
    }
}
