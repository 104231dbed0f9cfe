package io.github.resilientmail.examples.failures;

import io.github.resilientmail.CircuitOpenException;
import io.github.resilientmail.CredentialsRejectedException;
import io.github.resilientmail.MailboxDisabledException;
import io.github.resilientmail.MailboxFullException;
import io.github.resilientmail.RecipientOutcome;
import io.github.resilientmail.RelayDeniedException;
import io.github.resilientmail.SmtpFailure;
import io.github.resilientmail.TlsRequiredException;
import io.github.resilientmail.UnknownRecipientException;
import io.github.resilientmail.reply.Category;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;

/**
 * Acting on what went wrong: a newsletter sent one message per subscriber, where each typed
 * exception leads to an action. An unknown or disabled mailbox is marked bad, a full mailbox or an
 * open circuit breaker reschedules the message after {@code retryAfter()}, a configuration problem
 * (credentials, TLS, relaying) alerts an operator, and any other failure is rescheduled when it is
 * transient and reported when it is permanent.
 *
 * <p>By the time {@code Transport.send} throws, transient failures have been retried already: what
 * arrives here is final for this call. Thread-safe when the {@link Actions} are.
 *
 * <pre>{@code
 * java -cp ... io.github.resilientmail.examples.failures.NewsletterSender localhost 2525 \
 *     alice@example.com bob@example.com
 * }</pre>
 */
public final class NewsletterSender {

    /** How long to wait before sending again to a full mailbox when the server does not say. */
    public static final Duration FULL_MAILBOX_WAIT = Duration.ofHours(6);

    /** How long to wait before sending again after another transient failure, unless told. */
    public static final Duration TRANSIENT_WAIT = Duration.ofMinutes(15);

    /** What the application does about failures; the newsletter calls at most one per message. */
    public interface Actions {

        /**
         * Stops writing to an address: it does not exist or no longer takes mail.
         *
         * @param address the address
         * @param why the category of the failure
         */
        void markBad(String address, Category why);

        /**
         * Sends the message again later.
         *
         * @param message the message
         * @param after how long to wait first
         * @param why the category of the failure
         */
        void reschedule(MimeMessage message, Duration after, Category why);

        /**
         * Tells a person: the failure is not about one address and no wait will fix it.
         *
         * @param problem what to look at
         * @param failure the exception
         */
        void alertOperator(String problem, MessagingException failure);
    }

    private final Session session;
    private final Actions actions;

    /**
     * A newsletter sent through a session whose transport is resilient by configuration ({@code
     * mail.transport.protocol.rfc822=resilient-smtp}).
     *
     * @param session the session
     * @param actions what to do about failures
     */
    public NewsletterSender(Session session, Actions actions) {
        this.session = Objects.requireNonNull(session, "session");
        this.actions = Objects.requireNonNull(actions, "actions");
    }

    /**
     * Sends one issue to one subscriber, and acts on the failure if it fails.
     *
     * @param subscriber the subscriber's address
     * @param issue the text of the issue
     * @return whether the server accepted the message
     * @throws MessagingException if the message cannot be built, for example from a malformed
     *     address
     */
    public boolean send(String subscriber, String issue) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("newsletter@example.org"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(subscriber));
        message.setSubject("Our newsletter");
        message.setText(issue, "UTF-8");
        try {
            Transport.send(message);
            return true;
        } catch (UnknownRecipientException | MailboxDisabledException e) {
            // Permanent, and about the address: stop writing to it (a "hard bounce").
            for (RecipientOutcome recipient : e.recipients()) {
                if (recipient.status() == RecipientOutcome.Status.FAILED) {
                    actions.markBad(recipient.address().toString(), e.category());
                }
            }
        } catch (MailboxFullException e) {
            // Transient, but not retried within the call: a mailbox does not empty in seconds.
            actions.reschedule(
                    message, e.retryAfter().orElse(FULL_MAILBOX_WAIT), Category.MAILBOX_FULL);
        } catch (CircuitOpenException e) {
            // The relay failed too often recently; nothing was sent. retryAfter() is how long the
            // breaker stays open.
            actions.reschedule(
                    message, e.retryAfter().orElse(TRANSIENT_WAIT), Category.SERVICE_UNAVAILABLE);
        } catch (CredentialsRejectedException | TlsRequiredException | RelayDeniedException e) {
            // Our own configuration: every message would fail the same way.
            actions.alertOperator("check the mail settings: " + e.category(), e);
        } catch (MessagingException e) {
            if (e instanceof SmtpFailure failure && failure.isTransient()) {
                actions.reschedule(
                        message, failure.retryAfter().orElse(TRANSIENT_WAIT), failure.category());
            } else {
                Category category =
                        e instanceof SmtpFailure failure ? failure.category() : Category.UNDEFINED;
                actions.alertOperator("message refused: " + category, e);
            }
        }
        return false;
    }

    /**
     * Sends an issue to each subscriber and prints what the application would do.
     *
     * @param args the relay's host and port, then the subscribers' addresses
     * @throws MessagingException if an address is malformed
     */
    public static void main(String[] args) throws MessagingException {
        if (args.length < 3) {
            System.err.println("Usage: NewsletterSender host port subscriber...");
            return;
        }
        Properties settings = new Properties();
        settings.setProperty("mail.transport.protocol.rfc822", "resilient-smtp");
        settings.setProperty("mail.smtp.host", args[0]);
        settings.setProperty("mail.smtp.port", args[1]);
        NewsletterSender newsletter =
                new NewsletterSender(
                        Session.getInstance(settings),
                        new Actions() {
                            @Override
                            public void markBad(String address, Category why) {
                                System.out.println("mark " + address + " as bad: " + why);
                            }

                            @Override
                            public void reschedule(
                                    MimeMessage message, Duration after, Category why) {
                                System.out.println("send again in " + after + ": " + why);
                            }

                            @Override
                            public void alertOperator(String problem, MessagingException failure) {
                                System.out.println("alert the operator: " + problem);
                            }
                        });
        for (int i = 2; i < args.length; i++) {
            if (newsletter.send(args[i], "This month's news.")) {
                System.out.println("sent to " + args[i]);
            }
        }
    }
}
