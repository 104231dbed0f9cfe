package io.github.resilientmail;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Enforces the write timeout of {@link BoundedReplySocket}s: one daemon thread closes a socket
 * whose write has blocked past its deadline, which fails that write.
 *
 * <p>Angus Mail's own write timeout schedules a task on an executor before every write and cancels
 * it after, a few microseconds per write; here a write costs a clock read and a set insertion and
 * removal. The watcher looks every {@link #TICK_MILLIS} ms while writes are under way, so a timeout
 * fires up to that much late, and sleeps without waking while none is.
 */
final class WriteWatch {

    /** How often overdue writes are looked for while some write is under way. */
    static final long TICK_MILLIS = 100;

    private static final Set<BoundedReplySocket> WRITING = ConcurrentHashMap.newKeySet();

    /** Whether the watcher sleeps until a write wakes it. */
    private static volatile boolean idle;

    private static final Thread WATCHER = start();

    private WriteWatch() {}

    private static Thread start() {
        Thread watcher = new Thread(WriteWatch::watch, "resilient-mail-write-timeouts");
        watcher.setDaemon(true);
        watcher.setContextClassLoader(null);
        watcher.start();
        return watcher;
    }

    static void begin(BoundedReplySocket socket) {
        WRITING.add(socket);
        if (idle) {
            LockSupport.unpark(WATCHER);
        }
    }

    static void end(BoundedReplySocket socket) {
        WRITING.remove(socket);
    }

    private static void watch() {
        long tick = TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS);
        while (true) {
            if (WRITING.isEmpty()) {
                idle = true;
                // Checked again once idle is visible: a write that began in between unparks us.
                if (WRITING.isEmpty()) {
                    LockSupport.park(WriteWatch.class);
                }
                idle = false;
            } else {
                LockSupport.parkNanos(WriteWatch.class, tick);
            }
            long now = System.nanoTime();
            for (BoundedReplySocket socket : WRITING) {
                socket.closeIfWriteOverdue(now);
            }
        }
    }
}
