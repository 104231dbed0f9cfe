package io.github.resilientmail;

import org.jspecify.annotations.Nullable;

/**
 * Failures that belong to the message itself: its content, size or format must change before it can
 * be sent.
 *
 * <p>Thrown as such when several recipients failed for different reasons of this group; each
 * recipient's reason is in {@link #recipients()}.
 */
public sealed class MessageFailureException extends SmtpSendException
        permits SpamRejectedException,
                VirusDetectedException,
                PolicyRejectedException,
                MessageTooLargeException,
                ContentRejectedException {

    private static final long serialVersionUID = 1L;

    MessageFailureException(FailureDetails details, @Nullable Exception cause) {
        super(details, cause);
    }
}
