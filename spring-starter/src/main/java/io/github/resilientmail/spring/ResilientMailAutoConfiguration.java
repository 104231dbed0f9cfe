package io.github.resilientmail.spring;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilientmail.ResilienceListener;
import io.github.resilientmail.ResilientTransport;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * Makes Spring Boot's {@code JavaMailSender} send through the {@link ResilientTransport}, on Spring
 * Boot 4.0 and 3.5.
 *
 * <p>Boot keeps building its {@link JavaMailSenderImpl} from {@code spring.mail.*}; this
 * configuration then replaces that bean with a subclass configured the same way whose transport is
 * resilient (see {@link ResilientMailProperties} for the settings and {@link
 * ResilientMailCustomizer} to adjust them in code). It backs off when there is no {@code
 * JavaMailSenderImpl} bean (no {@code spring.mail.host}) and when {@code
 * resilient-mail.enabled=false}.
 *
 * <ul>
 *   <li>The relays' circuit breakers and retries live in the application's Resilience4j registries
 *       when it has them as beans, otherwise in registries of the starter's own.
 *   <li>{@link ResilienceListener} beans are called for every attempt, retry, give-up and breaker
 *       transition.
 *   <li>With Actuator, the health component {@code resilientMail} ({@code
 *       management.health.resilient-mail.enabled}) shows each relay's breaker without connecting.
 *   <li>With Micrometer, the timer {@code mail.send} is tagged with {@code outcome}, {@code
 *       category} and {@code relay}; with resilience4j-micrometer, the starter's own registries
 *       publish Resilience4j's metrics.
 * </ul>
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.autoconfigure.mail.MailSenderAutoConfiguration",
            "org.springframework.boot.mail.autoconfigure.MailSenderAutoConfiguration"
        })
@ConditionalOnClass({JavaMailSenderImpl.class, ResilientTransport.class})
@ConditionalOnProperty(prefix = "resilient-mail", name = "enabled", matchIfMissing = true)
@ConditionalOnBean(JavaMailSenderImpl.class)
@EnableConfigurationProperties(ResilientMailProperties.class)
public final class ResilientMailAutoConfiguration {

    /** Created by Spring. */
    ResilientMailAutoConfiguration() {}

    @Bean
    static MailSenderPostProcessor resilientMailSenderPostProcessor(
            ObjectProvider<TransportFactory> transports) {
        return new MailSenderPostProcessor(transports);
    }

    @Bean
    RelayStates resilientMailRelayStates() {
        return new RelayStates();
    }

    @Bean
    Registries resilientMailRegistries(
            ObjectProvider<CircuitBreakerRegistry> circuitBreakers,
            ObjectProvider<RetryRegistry> retries) {
        return Registries.of(circuitBreakers, retries);
    }

    @Bean
    TransportFactory resilientMailTransportFactory(
            ResilientMailProperties properties,
            Registries registries,
            RelayStates states,
            ObjectProvider<ResilientMailCustomizer> customizers,
            ObjectProvider<ResilienceListener> listeners,
            ObjectProvider<SendObserver> observer) {
        List<ResilienceListener> all = new ArrayList<>();
        all.add(states.listener());
        listeners.orderedStream().forEach(all::add);
        return new TransportFactory(
                properties,
                registries,
                customizers.orderedStream().toList(),
                all,
                observer.getIfAvailable());
    }

    /** The timer {@code mail.send}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterBinder.class)
    static final class Metrics {

        @Bean
        MailSendMetrics resilientMailSendMetrics() {
            return new MailSendMetrics();
        }
    }

    /** Resilience4j's metrics of the registries the starter created (the application binds its). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({MeterBinder.class, TaggedCircuitBreakerMetrics.class})
    static final class Resilience4jMetrics {

        @Bean
        MeterBinder resilientMailResilience4jMetrics(Registries registries) {
            return meterRegistry -> {
                if (registries.ownCircuitBreakers()) {
                    TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(
                                    registries.circuitBreakers())
                            .bindTo(meterRegistry);
                }
                if (registries.ownRetries()) {
                    TaggedRetryMetrics.ofRetryRegistry(registries.retries()).bindTo(meterRegistry);
                }
            };
        }
    }

    /** The health component on Boot 3.5, whose health API lives in the actuator module. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
    @Conditional(OnHealthIndicatorEnabled.class)
    static final class Boot3Health {

        @Bean
        Boot3HealthIndicator resilientMailHealthIndicator(
                Registries registries, RelayStates states) {
            return new Boot3HealthIndicator(new RelayHealth(registries, states));
        }
    }

    /** The health component on Boot 4.0, whose health API has a module of its own. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    @Conditional(OnHealthIndicatorEnabled.class)
    static final class Boot4Health {

        @Bean
        Boot4HealthIndicator resilientMailHealthIndicator(
                Registries registries, RelayStates states) {
            return new Boot4HealthIndicator(new RelayHealth(registries, states));
        }
    }
}
