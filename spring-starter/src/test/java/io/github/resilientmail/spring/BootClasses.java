package io.github.resilientmail.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.context.ApplicationContext;

/**
 * The classes that Spring Boot 3.5 and 4.0 keep in different packages, found by name, so that the
 * same tests run against both (this module runs them on Boot 4.0, spring-starter-boot3-tests on
 * Boot 3.5).
 */
final class BootClasses {

    private BootClasses() {}

    /** Boot's mail sender auto-configuration, which reads {@code spring.mail.*}. */
    static AutoConfigurations mail() {
        return AutoConfigurations.of(
                load(
                        "org.springframework.boot.autoconfigure.mail.MailSenderAutoConfiguration",
                        "org.springframework.boot.mail.autoconfigure.MailSenderAutoConfiguration"),
                ResilientMailAutoConfiguration.class);
    }

    /** Boot's startup connection test, run when {@code spring.mail.test-connection=true}. */
    static AutoConfigurations mailValidator() {
        return AutoConfigurations.of(
                load(
                        "org.springframework.boot.autoconfigure.mail.MailSenderValidatorAutoConfiguration",
                        "org.springframework.boot.mail.autoconfigure.MailSenderValidatorAutoConfiguration"));
    }

    /** Resilience4j's starter for the running Boot (resilience4j-spring-boot3 or -boot4). */
    static AutoConfigurations resilience4j() {
        String boot3 = "io.github.resilience4j.springboot3.";
        String boot4 = "io.github.resilience4j.springboot.";
        String breakers = "circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration";
        String retries = "retry.autoconfigure.RetryAutoConfiguration";
        return AutoConfigurations.of(
                load(boot3 + breakers, boot4 + breakers), load(boot3 + retries, boot4 + retries));
    }

    /** Boot's metrics: a simple meter registry, to which Boot binds the meter binders. */
    static AutoConfigurations metrics() {
        String boot3 = "org.springframework.boot.actuate.autoconfigure.metrics.";
        String boot4 = "org.springframework.boot.micrometer.metrics.autoconfigure.";
        return AutoConfigurations.of(
                load(boot3 + "MetricsAutoConfiguration", boot4 + "MetricsAutoConfiguration"),
                load(
                        boot3 + "export.simple.SimpleMetricsExportAutoConfiguration",
                        boot4 + "export.simple.SimpleMetricsExportAutoConfiguration"),
                load(
                        boot3 + "CompositeMeterRegistryAutoConfiguration",
                        boot4 + "CompositeMeterRegistryAutoConfiguration"));
    }

    /**
     * What the health component {@code resilientMail} reports, through whichever health API the
     * running Boot has.
     */
    static Report health(ApplicationContext context) {
        Object indicator = context.getBean("resilientMailHealthIndicator");
        assertThat(indicator)
                .as("a health indicator of the running Boot")
                .isInstanceOf(
                        load(
                                "org.springframework.boot.actuate.health.HealthIndicator",
                                "org.springframework.boot.health.contributor.HealthIndicator"));
        Object health = call(indicator, "health");
        Object status = call(health, "getStatus");
        @SuppressWarnings("unchecked")
        Map<String, Object> details = (Map<String, Object>) call(health, "getDetails");
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> relays =
                (Map<String, Map<String, Object>>) details.get("relays");
        return new Report((String) call(status, "getCode"), relays);
    }

    /**
     * A health report.
     *
     * @param status {@code UP} or {@code DOWN}
     * @param relays the details of each relay, by breaker name
     */
    record Report(String status, Map<String, Map<String, Object>> relays) {

        /** The details of the relay {@code host:port}, whatever user name its breaker carries. */
        Map<String, Object> relay(String hostAndPort) {
            return relays.entrySet().stream()
                    .filter(
                            e ->
                                    e.getKey().equals(hostAndPort)
                                            || e.getKey().endsWith("@" + hostAndPort))
                    .map(Map.Entry::getValue)
                    .findFirst()
                    .orElseThrow(
                            () -> new AssertionError("no relay " + hostAndPort + " in " + relays));
        }
    }

    private static Object call(Object target, String method) {
        try {
            Method found = publicMethod(target.getClass(), method);
            return found.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException | NoSuchMethodException e) {
            throw new IllegalStateException("cannot call " + method + " on " + target, e);
        }
    }

    /** The method as a public type declares it, so that it can be called reflectively. */
    private static Method publicMethod(Class<?> type, String name) throws NoSuchMethodException {
        for (Class<?> candidate = type; candidate != null; candidate = candidate.getSuperclass()) {
            for (Class<?> contract : candidate.getInterfaces()) {
                try {
                    return contract.getMethod(name);
                } catch (NoSuchMethodException ignored) {
                    // Not declared there.
                }
            }
            if (java.lang.reflect.Modifier.isPublic(candidate.getModifiers())) {
                return candidate.getMethod(name);
            }
        }
        throw new NoSuchMethodException(name);
    }

    private static Class<?> load(String boot3, String boot4) {
        ClassLoader loader = BootClasses.class.getClassLoader();
        try {
            return Class.forName(boot4, false, loader);
        } catch (ClassNotFoundException notBoot4) {
            try {
                return Class.forName(boot3, false, loader);
            } catch (ClassNotFoundException notBoot3) {
                throw new IllegalStateException("neither " + boot4 + " nor " + boot3, notBoot3);
            }
        }
    }
}
