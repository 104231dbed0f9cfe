package io.github.resilientmail;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a policy of the receiving system refused the message.
 *
 * <p>Category {@link io.github.resilientmail.reply.Category#POLICY_VIOLATION}. See {@link
 * SmtpFailure} for the reply, the attempts and the outcome of each recipient.
 */
public final class PolicyRejectedException extends MessageFailureException {

    private static final long serialVersionUID = 1L;

    PolicyRejectedException(FailureDetails details, @Nullable Exception cause) {
        super(details, cause);
    }
}
