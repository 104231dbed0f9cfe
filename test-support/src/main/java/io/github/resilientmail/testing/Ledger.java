package io.github.resilientmail.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;

/** What the server received: connections, command lines and messages. Thread-safe. */
final class Ledger {

    /** Most command lines kept in the transcript; later ones are counted but not kept. */
    static final int MAX_TRANSCRIPT_LINES = 1_000_000;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    /** Guarded by {@link #lock}. */
    private int connections;

    /** Guarded by {@link #lock}. */
    private final List<ScriptedSmtpServer.TranscriptLine> transcript = new ArrayList<>();

    /** Guarded by {@link #lock}. */
    private final List<Delivery> deliveries = new ArrayList<>();

    /** Guarded by {@link #lock}. */
    private final List<Delivery> undecided = new ArrayList<>();

    /** Counts an accepted connection and returns its number, from 1. */
    int connectionAccepted() {
        lock.lock();
        try {
            connections++;
            changed.signalAll();
            return connections;
        } finally {
            lock.unlock();
        }
    }

    void command(int connection, String line) {
        lock.lock();
        try {
            if (transcript.size() < MAX_TRANSCRIPT_LINES) {
                transcript.add(new ScriptedSmtpServer.TranscriptLine(connection, line));
            }
        } finally {
            lock.unlock();
        }
    }

    void delivered(Delivery delivery) {
        lock.lock();
        try {
            deliveries.add(delivery);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void undecided(Delivery delivery) {
        lock.lock();
        try {
            undecided.add(delivery);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    int connections() {
        lock.lock();
        try {
            return connections;
        } finally {
            lock.unlock();
        }
    }

    List<ScriptedSmtpServer.TranscriptLine> transcript() {
        lock.lock();
        try {
            return List.copyOf(transcript);
        } finally {
            lock.unlock();
        }
    }

    List<Delivery> deliveries() {
        lock.lock();
        try {
            return List.copyOf(deliveries);
        } finally {
            lock.unlock();
        }
    }

    List<Delivery> undecided() {
        lock.lock();
        try {
            return List.copyOf(undecided);
        } finally {
            lock.unlock();
        }
    }

    int deliveredTo(String address) {
        String wanted = SmtpScript.normalize(address).toLowerCase(Locale.ROOT);
        lock.lock();
        try {
            int count = 0;
            for (Delivery delivery : deliveries) {
                for (String recipient : delivery.recipients()) {
                    if (recipient.toLowerCase(Locale.ROOT).equals(wanted)) {
                        count++;
                    }
                }
            }
            return count;
        } finally {
            lock.unlock();
        }
    }

    boolean awaitConnections(int n, Duration timeout) throws InterruptedException {
        return await(() -> connections, n, timeout);
    }

    boolean awaitDeliveries(int n, Duration timeout) throws InterruptedException {
        return await(deliveries::size, n, timeout);
    }

    boolean awaitUndecided(int n, Duration timeout) throws InterruptedException {
        return await(undecided::size, n, timeout);
    }

    /** Waits until the count, read with the lock held, reaches {@code n}. */
    private boolean await(IntSupplier count, int n, Duration timeout) throws InterruptedException {
        long nanos = timeout.isNegative() ? 0 : saturatedNanos(timeout);
        lock.lock();
        try {
            while (count.getAsInt() < n) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = changed.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private static long saturatedNanos(Duration timeout) {
        try {
            return timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            return TimeUnit.DAYS.toNanos(365);
        }
    }
}
