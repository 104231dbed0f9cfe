/**
 * A Spring Boot 4.0 application that sends mail through the resilient-mail starter: Boot's {@code
 * JavaMailSender}, configured with {@code spring.mail.*} alone, retries transient failures and
 * raises typed exceptions, and Actuator shows the relay's circuit breaker and the {@code mail.send}
 * metrics.
 *
 * <pre>{@code
 * java -cp ... io.github.resilientmail.examples.spring.WelcomeApplication \
 *     --spring.mail.host=localhost --spring.mail.port=2525
 * }</pre>
 */
@NullMarked
package io.github.resilientmail.examples.spring;

import org.jspecify.annotations.NullMarked;
