package io.github.resilientmail;

import java.time.Duration;

/**
 * Waits between attempts. The default sleeps the calling thread; tests pass one that advances a
 * fake clock instead, so no test sleeps through a backoff.
 */
@FunctionalInterface
public interface Sleeper {

    /** Sleeps the calling thread. */
    Sleeper THREAD = duration -> Thread.sleep(duration.toMillis());

    /**
     * Waits.
     *
     * @param duration how long, never negative
     * @throws InterruptedException when the thread is interrupted while waiting
     */
    void sleep(Duration duration) throws InterruptedException;
}
