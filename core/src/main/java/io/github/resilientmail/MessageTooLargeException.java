package io.github.resilientmail;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when the message exceeds a size limit. Make it smaller (link large attachments).
 *
 * <p>Category {@link io.github.resilientmail.reply.Category#MESSAGE_TOO_BIG}. See {@link
 * SmtpFailure} for the reply, the attempts and the outcome of each recipient.
 */
public final class MessageTooLargeException extends MessageFailureException {

    private static final long serialVersionUID = 1L;

    MessageTooLargeException(FailureDetails details, @Nullable Exception cause) {
        super(details, cause);
    }
}
