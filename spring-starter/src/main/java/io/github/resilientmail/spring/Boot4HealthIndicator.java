package io.github.resilientmail.spring;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/** The health component {@code resilientMail} on Spring Boot 4.0. */
final class Boot4HealthIndicator implements HealthIndicator {

    private final RelayHealth relayHealth;

    Boot4HealthIndicator(RelayHealth relayHealth) {
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
