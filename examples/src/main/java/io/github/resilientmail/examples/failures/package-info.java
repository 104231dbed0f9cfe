/**
 * Acting on the typed exceptions: {@link
 * io.github.resilientmail.examples.failures.NewsletterSender} marks unknown addresses bad,
 * reschedules full mailboxes and an open circuit breaker after {@code retryAfter()}, and alerts an
 * operator when the configuration is at fault.
 */
@NullMarked
package io.github.resilientmail.examples.failures;

import org.jspecify.annotations.NullMarked;
