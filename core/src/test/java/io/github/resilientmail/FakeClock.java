package io.github.resilientmail;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that only moves when told to; its {@link #advance} is the transports' sleeper. */
final class FakeClock extends Clock {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private final AtomicReference<Instant> now = new AtomicReference<>(START);

    /** Moves the clock forward; used as {@code sleeper(clock::advance)}. */
    void advance(Duration duration) {
        now.updateAndGet(instant -> instant.plus(duration));
    }

    /** How far the clock moved since it was created. */
    Duration elapsed() {
        return Duration.between(START, now.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public long millis() {
        return now.get().toEpochMilli();
    }
}
