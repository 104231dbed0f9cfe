package io.github.resilientmail;

import io.github.resilientmail.reply.Category;
import io.github.resilientmail.reply.Classification;
import io.github.resilientmail.reply.SmtpReply;
import io.github.resilientmail.reply.Transience;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What every exception of the resilient transport tells: why the send failed, whether it may
 * succeed later, the server's reply, how many attempts were made and what happened to each
 * recipient.
 *
 * <p>All of them are {@link jakarta.mail.MessagingException}s: {@link SmtpSendException} and its
 * subclasses extend {@link jakarta.mail.SendFailedException}, so existing {@code catch} blocks and
 * Spring's {@code MailSendException.getFailedMessages()} keep working, and {@link
 * CredentialsRejectedException} extends {@link jakarta.mail.AuthenticationFailedException}, which
 * is what Jakarta Mail and Spring expect when a login fails.
 *
 * <pre>{@code
 * try {
 *     Transport.send(message);
 * } catch (MailboxFullException e) {
 *     reschedule(message, e.retryAfter().orElse(Duration.ofHours(4)));
 * } catch (UnknownRecipientException e) {
 *     markBad(e.recipients());
 * } catch (MessagingException e) {
 *     if (e instanceof SmtpFailure failure && failure.isTransient()) {
 *         reschedule(message, failure.retryAfter().orElse(Duration.ofMinutes(15)));
 *     }
 * }
 * }</pre>
 */
public sealed interface SmtpFailure permits SmtpSendException, CredentialsRejectedException {

    /**
     * The classification that decided this exception: category, transience, scope, reply, reason.
     *
     * @return the classification of the failure that ended the send
     */
    Classification classification();

    /**
     * Why the send failed.
     *
     * @return the category of the failure
     */
    default Category category() {
        Category category = classification().category();
        return category == null ? Category.UNDEFINED : category;
    }

    /**
     * Whether sending the same message again later may succeed.
     *
     * @return the transience of the failure
     */
    default Transience transience() {
        Transience transience = classification().transience();
        return transience == null ? Transience.PERMANENT : transience;
    }

    /**
     * Whether sending the same message again later may succeed.
     *
     * @return true when {@link #transience()} is {@link Transience#TRANSIENT}
     */
    default boolean isTransient() {
        return transience() == Transience.TRANSIENT;
    }

    /**
     * The server's reply (code, enhanced code, text and the command it answered); for failures
     * without a reply, such as a refused connection, a reply without a code whose text describes
     * it.
     *
     * @return the reply
     */
    default SmtpReply reply() {
        return classification().reply();
    }

    /**
     * How many attempts were made, the first included.
     *
     * @return at least 1, or 0 when the send was refused before any attempt (an open circuit or an
     *     invalid message)
     */
    int attempts();

    /**
     * How long the server asked to wait before trying again, when its reply said so, or how long an
     * open circuit stays open.
     *
     * @return the wait, if known
     */
    default Optional<Duration> retryAfter() {
        return Optional.ofNullable(classification().retryAfter());
    }

    /**
     * What happened to each recipient: accepted by the server, failed (with the reply), or still
     * pending (never accepted, may be sent again).
     *
     * @return one outcome per recipient, in the order they were given
     */
    List<RecipientOutcome> recipients();
}
