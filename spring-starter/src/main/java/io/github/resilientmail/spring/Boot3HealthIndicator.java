package io.github.resilientmail.spring;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

/** The health component {@code resilientMail} on Spring Boot 3.5. */
final class Boot3HealthIndicator implements HealthIndicator {

    private final RelayHealth relayHealth;

    Boot3HealthIndicator(RelayHealth relayHealth) {
        this.relayHealth = relayHealth;
    }

    @Override
    public Health health() {
        RelayHealth.Snapshot snapshot = relayHealth.snapshot();
        return Health.status(snapshot.up() ? Status.UP : Status.DOWN)
                .withDetails(snapshot.details())
                .build();
    }
}
