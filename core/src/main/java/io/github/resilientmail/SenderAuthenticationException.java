package io.github.resilientmail;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when the sender's domain failed SPF, DKIM or DMARC. Fix the domain's DNS records or
 * signing.
 *
 * <p>Category {@link io.github.resilientmail.reply.Category#SENDER_AUTH_FAILED}. See {@link
 * SmtpFailure} for the reply, the attempts and the outcome of each recipient.
 */
public final class SenderAuthenticationException extends SenderFailureException {

    private static final long serialVersionUID = 1L;

    SenderAuthenticationException(FailureDetails details, @Nullable Exception cause) {
        super(details, cause);
    }
}
