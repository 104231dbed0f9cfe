package io.github.resilientmail.spring;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Boot's rule for health indicators, which Boot 3.5 and 4.0 implement in classes of different
 * packages: {@code management.health.resilient-mail.enabled}, else {@code
 * management.health.defaults.enabled}, else enabled.
 */
final class OnHealthIndicatorEnabled extends SpringBootCondition {

    static final String PROPERTY = "management.health.resilient-mail.enabled";
    static final String DEFAULTS = "management.health.defaults.enabled";

    @Override
    public ConditionOutcome getMatchOutcome(
            ConditionContext context, AnnotatedTypeMetadata metadata) {
        Environment environment = context.getEnvironment();
        String property = environment.containsProperty(PROPERTY) ? PROPERTY : DEFAULTS;
        boolean enabled = environment.getProperty(property, Boolean.class, Boolean.TRUE);
        return enabled
                ? ConditionOutcome.match(property + " is not false")
                : ConditionOutcome.noMatch(property + " is false");
    }
}
