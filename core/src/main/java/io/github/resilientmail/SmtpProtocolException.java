package io.github.resilientmail;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when the server did not understand a command or its arguments, or they came out of
 * sequence.
 *
 * <p>Category {@link io.github.resilientmail.reply.Category#SYNTAX_ERROR}. See {@link SmtpFailure}
 * for the reply, the attempts and the outcome of each recipient.
 */
public final class SmtpProtocolException extends SenderFailureException {

    private static final long serialVersionUID = 1L;

    SmtpProtocolException(FailureDetails details, @Nullable Exception cause) {
        super(details, cause);
    }
}
