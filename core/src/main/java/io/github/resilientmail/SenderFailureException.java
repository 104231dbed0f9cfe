package io.github.resilientmail;

import org.jspecify.annotations.Nullable;

/**
 * Failures that belong to the sender, its configuration or its sending infrastructure: the operator
 * must act.
 *
 * <p>Thrown as such when several recipients failed for different reasons of this group; each
 * recipient's reason is in {@link #recipients()}.
 */
public sealed class SenderFailureException extends SmtpSendException
        permits SenderBlockedException,
                SenderAuthenticationException,
                TlsRequiredException,
                SenderRejectedException,
                RateLimitedException,
                SmtpProtocolException {

    private static final long serialVersionUID = 1L;

    SenderFailureException(FailureDetails details, @Nullable Exception cause) {
        super(details, cause);
    }
}
