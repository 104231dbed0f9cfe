package io.github.resilientmail.examples.spring;

import io.github.resilientmail.SmtpFailure;
import io.github.resilientmail.UnknownRecipientException;
import java.time.Duration;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Service;

/**
 * Sends a welcome mail and says what the application should do next. Transient failures have
 * already been retried by the time {@code send} returns or throws; what arrives here is final for
 * this call.
 */
@Service
public class WelcomeMailer {

    private final JavaMailSender mailSender;

    WelcomeMailer(JavaMailSender mailSender) {
        this.mailSender = mailSender;
    }

    /**
     * What became of a welcome mail.
     *
     * @param status what the application should do
     * @param retryAfter when to try again, for {@link Status#RESCHEDULE}
     */
    public record Result(Status status, Duration retryAfter) {}

    /** What the application should do after a send. */
    public enum Status {
        /** Nothing: the server accepted the mail. */
        SENT,
        /** Stop writing to the address: the server says it does not exist. */
        REMOVE_ADDRESS,
        /** Try again later: the failure was transient. */
        RESCHEDULE,
        /** Ask a person: the failure is permanent and not about the address. */
        ALERT_OPERATOR
    }

    /**
     * Sends the welcome mail.
     *
     * @param address the new user's address
     * @return what to do next
     */
    public Result sendWelcome(String address) {
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom("welcome@example.org");
        message.setTo(address);
        message.setSubject("Welcome");
        message.setText("Your account is ready.");
        try {
            mailSender.send(message);
            return new Result(Status.SENT, Duration.ZERO);
        } catch (MailAuthenticationException e) {
            // The relay refused our credentials (a CredentialsRejectedException is the cause).
            return new Result(Status.ALERT_OPERATOR, Duration.ZERO);
        } catch (MailSendException e) {
            // Spring keeps the transport's typed exception for each message that failed.
            for (Exception failure : e.getFailedMessages().values()) {
                if (failure instanceof UnknownRecipientException) {
                    return new Result(Status.REMOVE_ADDRESS, Duration.ZERO);
                }
                if (failure instanceof SmtpFailure smtp && smtp.isTransient()) {
                    return new Result(
                            Status.RESCHEDULE, smtp.retryAfter().orElse(Duration.ofMinutes(15)));
                }
            }
            if (e.getCause() instanceof SmtpFailure smtp && smtp.isTransient()) {
                // The connection failed: no message reached the relay.
                return new Result(
                        Status.RESCHEDULE, smtp.retryAfter().orElse(Duration.ofMinutes(15)));
            }
            return new Result(Status.ALERT_OPERATOR, Duration.ZERO);
        }
    }
}
