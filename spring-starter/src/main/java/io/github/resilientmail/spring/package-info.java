/**
 * Spring Boot auto-configuration that makes Boot's {@code JavaMailSender} send through the
 * resilient transport, on Spring Boot 4.0 and 3.5.
 *
 * <p>Adding {@code io.github.resilientmail:resilient-mail-spring-boot-starter} is the only change
 * an application needs: Boot still builds its {@code JavaMailSenderImpl} from {@code
 * spring.mail.*}, and the starter replaces it with a subclass that opens a {@link
 * io.github.resilientmail.ResilientTransport} instead of Angus's transport. Settings live under
 * {@code resilient-mail.*} ({@link io.github.resilientmail.spring.ResilientMailProperties}); {@link
 * io.github.resilientmail.spring.ResilientMailCustomizer} beans adjust them in code. With Actuator,
 * a health component {@code resilientMail} shows each relay's circuit breaker; with Micrometer, the
 * timer {@code mail.send} counts sends by outcome, category and relay.
 */
@NullMarked
package io.github.resilientmail.spring;

import org.jspecify.annotations.NullMarked;
