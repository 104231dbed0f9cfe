package io.github.resilientmail;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when the message was judged to carry a virus or malware.
 *
 * <p>Category {@link io.github.resilientmail.reply.Category#VIRUS_DETECTED}. See {@link
 * SmtpFailure} for the reply, the attempts and the outcome of each recipient.
 */
public final class VirusDetectedException extends MessageFailureException {

    private static final long serialVersionUID = 1L;

    VirusDetectedException(FailureDetails details, @Nullable Exception cause) {
        super(details, cause);
    }
}
