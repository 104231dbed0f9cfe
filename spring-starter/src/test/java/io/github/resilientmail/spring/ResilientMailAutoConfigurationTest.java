package io.github.resilientmail.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilientmail.DeliveryGuarantee;
import io.github.resilientmail.ResilientTransport;
import jakarta.mail.Transport;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

class ResilientMailAutoConfigurationTest {

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner()
                    .withConfiguration(BootClasses.mail())
                    .withPropertyValues("spring.mail.host=smtp.example.com");

    @Test
    void replacesBootsMailSenderKeepingEverythingBootConfigured() {
        runner.withPropertyValues(
                        "spring.mail.port=2525",
                        "spring.mail.username=app",
                        "spring.mail.password=secret",
                        "spring.mail.default-encoding=UTF-8",
                        "spring.mail.properties.mail.smtp.auth=true")
                .run(
                        context -> {
                            JavaMailSender bean = context.getBean(JavaMailSender.class);
                            assertThat(bean).isInstanceOf(ResilientJavaMailSender.class);
                            ResilientJavaMailSender sender = (ResilientJavaMailSender) bean;
                            assertThat(sender.getHost()).isEqualTo("smtp.example.com");
                            assertThat(sender.getPort()).isEqualTo(2525);
                            assertThat(sender.getUsername()).isEqualTo("app");
                            assertThat(sender.getPassword()).isEqualTo("secret");
                            assertThat(sender.getProtocol()).isEqualTo("smtp");
                            assertThat(sender.getDefaultEncoding()).isEqualTo("UTF-8");
                            assertThat(sender.getSession().getProperty("mail.smtp.auth"))
                                    .isEqualTo("true");
                            assertThat(context.getBean(JavaMailSenderImpl.class)).isSameAs(sender);
                        });
    }

    @Test
    void opensAResilientTransportThatWrapsSmtp() {
        runner.run(
                context -> {
                    ResilientJavaMailSender sender = context.getBean(ResilientJavaMailSender.class);
                    Transport transport = sender.getTransport(sender.getSession());
                    assertThat(transport.toString())
                            .startsWith("ResilientTransport[")
                            .endsWith(" via smtp]");
                });
    }

    @Test
    void opensAResilientTransportThatWrapsSmtpsWhenBootUsesSmtps() {
        runner.withPropertyValues("spring.mail.protocol=smtps")
                .run(
                        context -> {
                            ResilientJavaMailSender sender =
                                    context.getBean(ResilientJavaMailSender.class);
                            Transport transport = sender.getTransport(sender.getSession());
                            assertThat(transport.toString()).endsWith(" via smtps]");
                            assertThat(sender.getSession().getProperty("mail.smtps.timeout"))
                                    .isEqualTo("60000");
                        });
    }

    @Test
    void addsDefaultTimeoutsWhereTheMailPropertiesSetNone() {
        runner.withPropertyValues(
                        "spring.mail.properties.mail.smtp.connectiontimeout=500",
                        "resilient-mail.read-timeout=5s")
                .run(
                        context -> {
                            ResilientJavaMailSender sender =
                                    context.getBean(ResilientJavaMailSender.class);
                            assertThat(
                                            sender.getSession()
                                                    .getProperty("mail.smtp.connectiontimeout"))
                                    .isEqualTo("500");
                            assertThat(sender.getSession().getProperty("mail.smtp.timeout"))
                                    .isEqualTo("5000");
                            assertThat(sender.getSession().getProperty("mail.smtp.writetimeout"))
                                    .isEqualTo("60000");
                        });
    }

    @Test
    void leavesBootsMailSenderAloneWhenDisabled() {
        runner.withPropertyValues("resilient-mail.enabled=false")
                .run(
                        context -> {
                            assertThat(context.getBean(JavaMailSender.class).getClass())
                                    .isEqualTo(JavaMailSenderImpl.class);
                            assertThat(context).doesNotHaveBean(TransportFactory.class);
                            assertThat(context).doesNotHaveBean(ResilientMailProperties.class);
                        });
    }

    @Test
    void backsOffWithoutAMailHost() {
        new ApplicationContextRunner()
                .withConfiguration(BootClasses.mail())
                .run(
                        context -> {
                            assertThat(context).hasNotFailed();
                            assertThat(context).doesNotHaveBean(JavaMailSender.class);
                            assertThat(context).doesNotHaveBean(TransportFactory.class);
                            assertThat(context).doesNotHaveBean("resilientMailHealthIndicator");
                        });
    }

    @Test
    void makesAnApplicationsPlainJavaMailSenderImplResilient() {
        new ApplicationContextRunner()
                .withConfiguration(BootClasses.mail())
                .withUserConfiguration(PlainSender.class)
                .run(
                        context -> {
                            JavaMailSender sender = context.getBean(JavaMailSender.class);
                            assertThat(sender).isInstanceOf(ResilientJavaMailSender.class);
                            assertThat(((JavaMailSenderImpl) sender).getHost())
                                    .isEqualTo("mail.internal");
                        });
    }

    @Test
    void leavesSubclassesOfJavaMailSenderImplAlone() {
        new ApplicationContextRunner()
                .withConfiguration(BootClasses.mail())
                .withUserConfiguration(SubclassedSender.class)
                .run(
                        context ->
                                assertThat(context.getBean(JavaMailSender.class))
                                        .isNotInstanceOf(ResilientJavaMailSender.class));
    }

    @Test
    void usesTheApplicationsResilience4jRegistries() {
        runner.withUserConfiguration(AppRegistries.class)
                .run(
                        context -> {
                            Registries registries = context.getBean(Registries.class);
                            assertThat(registries.circuitBreakers())
                                    .isSameAs(context.getBean(CircuitBreakerRegistry.class));
                            assertThat(registries.retries())
                                    .isSameAs(context.getBean(RetryRegistry.class));
                            assertThat(registries.ownCircuitBreakers()).isFalse();
                            assertThat(registries.ownRetries()).isFalse();
                        });
    }

    @Test
    void usesTheRegistriesOfResilience4jsSpringBootStarter() {
        runner.withConfiguration(BootClasses.resilience4j())
                .run(
                        context -> {
                            Registries registries = context.getBean(Registries.class);
                            assertThat(registries.circuitBreakers())
                                    .isSameAs(context.getBean(CircuitBreakerRegistry.class));
                            assertThat(registries.retries())
                                    .isSameAs(context.getBean(RetryRegistry.class));
                        });
    }

    @Test
    void createsItsOwnRegistriesWhenTheApplicationHasNone() {
        runner.run(
                context -> {
                    Registries registries = context.getBean(Registries.class);
                    assertThat(registries.ownCircuitBreakers()).isTrue();
                    assertThat(registries.ownRetries()).isTrue();
                    assertThat(registries.circuitBreakers())
                            .isNotSameAs(ResilientTransport.defaultCircuitBreakerRegistry());
                    assertThat(context).doesNotHaveBean(CircuitBreakerRegistry.class);
                });
    }

    @Test
    void bindsPropertiesInResilience4jVocabulary() {
        runner.withPropertyValues(
                        "resilient-mail.retry.max-attempts=5",
                        "resilient-mail.retry.wait-duration=250ms",
                        "resilient-mail.retry.randomized-wait-factor=0",
                        "resilient-mail.retry.exponential-backoff-multiplier=3",
                        "resilient-mail.retry.max-duration=PT30S",
                        "resilient-mail.circuit-breaker.failure-rate-threshold=25",
                        "resilient-mail.circuit-breaker.sliding-window-size=7",
                        "resilient-mail.circuit-breaker.minimum-number-of-calls=4",
                        "resilient-mail.circuit-breaker.wait-duration-in-open-state=1m",
                        "resilient-mail.circuit-breaker.permitted-number-of-calls-in-half-open-state=2",
                        "resilient-mail.delivery-guarantee=at-most-once")
                .run(
                        context -> {
                            TransportFactory factory = context.getBean(TransportFactory.class);
                            RetryConfig retry = factory.retryConfig();
                            assertThat(retry.getMaxAttempts()).isEqualTo(5);
                            assertThat(retry.getIntervalBiFunction().apply(1, null))
                                    .isEqualTo(250L);
                            assertThat(retry.getIntervalBiFunction().apply(2, null))
                                    .isEqualTo(750L);
                            CircuitBreakerConfig breaker = factory.circuitBreakerConfig();
                            assertThat(breaker.getFailureRateThreshold()).isEqualTo(25f);
                            assertThat(breaker.getSlidingWindowSize()).isEqualTo(7);
                            assertThat(breaker.getMinimumNumberOfCalls()).isEqualTo(4);
                            assertThat(breaker.getPermittedNumberOfCallsInHalfOpenState())
                                    .isEqualTo(2);
                            assertThat(breaker.getWaitIntervalFunctionInOpenState().apply(1))
                                    .isEqualTo(60_000L);
                            ResilientMailProperties properties =
                                    context.getBean(ResilientMailProperties.class);
                            assertThat(properties.getDeliveryGuarantee())
                                    .isEqualTo(DeliveryGuarantee.AT_MOST_ONCE);
                            assertThat(properties.getRetry().getMaxDuration())
                                    .isEqualTo(Duration.ofSeconds(30));
                        });
    }

    @Test
    void appliesCustomizersAfterTheProperties() {
        runner.withPropertyValues("resilient-mail.retry.max-attempts=5")
                .withUserConfiguration(Customized.class)
                .run(
                        context -> {
                            TransportFactory factory = context.getBean(TransportFactory.class);
                            assertThat(factory.retryConfig().getMaxAttempts()).isEqualTo(7);
                            assertThat(factory.circuitBreakerConfig().getSlidingWindowSize())
                                    .isEqualTo(3);
                        });
    }

    @Test
    void failsAtStartupNamingAnInvalidProperty() {
        runner.withPropertyValues("resilient-mail.retry.max-attempts=0")
                .run(
                        context ->
                                assertThat(context)
                                        .getFailure()
                                        .rootCause()
                                        .hasMessageContaining(
                                                "resilient-mail.retry.max-attempts=0 is not valid"));
    }

    @Test
    void exposesTheHealthComponentWhenActuatorIsPresent() {
        runner.run(
                context -> {
                    assertThat(context).hasBean("resilientMailHealthIndicator");
                    BootClasses.Report health = BootClasses.health(context);
                    assertThat(health.status()).isEqualTo("UP");
                    assertThat(health.relays()).isEmpty();
                });
    }

    @Test
    void hidesTheHealthComponentWhenItsPropertyIsFalse() {
        runner.withPropertyValues("management.health.resilient-mail.enabled=false")
                .run(
                        context ->
                                assertThat(context)
                                        .doesNotHaveBean("resilientMailHealthIndicator"));
    }

    @Test
    void followsTheHealthDefaultsUnlessItsOwnPropertyIsSet() {
        runner.withPropertyValues("management.health.defaults.enabled=false")
                .run(
                        context ->
                                assertThat(context)
                                        .doesNotHaveBean("resilientMailHealthIndicator"));
        runner.withPropertyValues(
                        "management.health.defaults.enabled=false",
                        "management.health.resilient-mail.enabled=true")
                .run(context -> assertThat(context).hasBean("resilientMailHealthIndicator"));
    }

    @Test
    void hasNoHealthComponentWithoutActuator() {
        runner.withClassLoader(
                        new FilteredClassLoader(
                                "org.springframework.boot.health.",
                                "org.springframework.boot.actuate.health."))
                .run(
                        context -> {
                            assertThat(context).hasNotFailed();
                            assertThat(context).doesNotHaveBean("resilientMailHealthIndicator");
                            assertThat(context).hasSingleBean(ResilientJavaMailSender.class);
                        });
    }

    @Test
    void sendsWithoutMetricsWithoutMicrometer() {
        runner.withClassLoader(new FilteredClassLoader("io.micrometer."))
                .run(
                        context -> {
                            assertThat(context).doesNotHaveBean(MailSendMetrics.class);
                            ResilientJavaMailSender sender =
                                    context.getBean(ResilientJavaMailSender.class);
                            assertThat(sender.getTransport(sender.getSession()))
                                    .isInstanceOf(ResilientTransport.class);
                        });
    }

    @Test
    void observesSendsWhenMicrometerIsPresent() {
        runner.run(
                context -> {
                    assertThat(context).hasSingleBean(MailSendMetrics.class);
                    ResilientJavaMailSender sender = context.getBean(ResilientJavaMailSender.class);
                    assertThat(sender.getTransport(sender.getSession()))
                            .isInstanceOf(ObservedTransport.class);
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class PlainSender {
        @Bean
        JavaMailSenderImpl mailSender() {
            JavaMailSenderImpl sender = new JavaMailSenderImpl();
            sender.setHost("mail.internal");
            return sender;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class SubclassedSender {
        @Bean
        JavaMailSenderImpl mailSender() {
            return new JavaMailSenderImpl() {};
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class AppRegistries {
        @Bean
        CircuitBreakerRegistry appCircuitBreakers() {
            return CircuitBreakerRegistry.ofDefaults();
        }

        @Bean
        RetryRegistry appRetries() {
            return RetryRegistry.ofDefaults();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Customized {
        @Bean
        ResilientMailCustomizer fewerCallsMoreAttempts() {
            return new ResilientMailCustomizer() {
                @Override
                public void customizeRetry(RetryConfig.Builder<Object> retry) {
                    retry.maxAttempts(7);
                }

                @Override
                public void customizeCircuitBreaker(CircuitBreakerConfig.Builder circuitBreaker) {
                    circuitBreaker.slidingWindowSize(3);
                }
            };
        }
    }
}
