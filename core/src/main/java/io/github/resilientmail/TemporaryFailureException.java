package io.github.resilientmail;

import org.jspecify.annotations.Nullable;

/**
 * A transient failure that the retries did not overcome: greylisting, an unavailable or overloaded
 * service, a system error or full disk, a network failure, too many connections, or a transient
 * failure of unknown cause.
 *
 * <p>{@link #isTransient()} is true: the same message may succeed later. Reschedule it, after
 * {@link #retryAfter()} when the server said how long to wait.
 */
public final class TemporaryFailureException extends SmtpSendException {

    private static final long serialVersionUID = 1L;

    TemporaryFailureException(FailureDetails details, @Nullable Exception cause) {
        super(details, cause);
    }
}
