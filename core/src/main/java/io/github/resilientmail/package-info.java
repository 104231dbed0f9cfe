/**
 * Resilient sending over Jakarta Mail: what a failed send means and whether to try again.
 *
 * <p>The package will hold the resilient transport, a decorator of a Jakarta Mail {@code Transport}
 * that retries transient failures and opens a circuit breaker when the relay fails, and the typed
 * exceptions it throws. Today it holds the {@link io.github.resilientmail.Classifier}, which reads
 * what Jakarta Mail and Angus Mail throw (the SMTP reply in an {@code SMTPSendFailedException},
 * {@code SMTPAddressFailedException} or {@code AuthenticationFailedException}, a refused
 * connection, a timeout, a TLS failure) and answers with a {@link
 * io.github.resilientmail.reply.Classification}: success, partial success or failure, its category,
 * whether it is transient, and whether it belongs to the relay, the message or one recipient.
 *
 * <pre>{@code
 * Classification c = Classifier.standard().classify(exception);
 * }</pre>
 *
 * <p>The replies themselves, their catalogue and the rules that classify them live in {@link
 * io.github.resilientmail.reply}, which needs nothing but the JDK.
 */
@NullMarked
package io.github.resilientmail;

import org.jspecify.annotations.NullMarked;
