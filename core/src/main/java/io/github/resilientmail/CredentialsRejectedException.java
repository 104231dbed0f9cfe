package io.github.resilientmail;

import io.github.resilientmail.reply.Classification;
import jakarta.mail.AuthenticationFailedException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The relay refused the SMTP AUTH credentials, or requires them.
 *
 * <p>An {@link AuthenticationFailedException}, which is what Jakarta Mail and Spring (as {@code
 * MailAuthenticationException}) expect when a login fails. Its message holds the server's reply,
 * never the password.
 */
public final class CredentialsRejectedException extends AuthenticationFailedException
        implements SmtpFailure {

    private static final long serialVersionUID = 1L;

    private final transient FailureDetails details;

    CredentialsRejectedException(FailureDetails details, @Nullable Exception cause) {
        super(Failures.message(details), cause);
        this.details = details;
    }

    @Override
    public Classification classification() {
        return details.classification();
    }

    @Override
    public int attempts() {
        return details.attempts();
    }

    @Override
    public List<RecipientOutcome> recipients() {
        return details.recipients();
    }
}
