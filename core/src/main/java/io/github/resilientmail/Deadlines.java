package io.github.resilientmail;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Enforces the read and write timeouts of {@link BoundedReplySocket}s: one daemon thread closes a
 * socket whose read or write has blocked past its deadline, which ends that read or write.
 *
 * <p>The JDK's socket timeout switches every read to a timed wait, and Angus Mail's write timeout
 * schedules a task on an executor before every write and cancels it after: together about 5 to 10 %
 * of the messages per second of a connection on loopback. Here a read or write costs a clock read
 * and a set insertion and removal. The watcher looks every {@link #TICK_MILLIS} ms while reads or
 * writes are under way, so a timeout fires up to two ticks late, and sleeps without waking while
 * none is.
 */
final class Deadlines {

    /** How often overdue reads and writes are looked for while some are under way. */
    static final long TICK_MILLIS = 100;

    private static final Set<BoundedReplySocket> WAITING = ConcurrentHashMap.newKeySet();

    /** Whether the watcher sleeps until a read or write wakes it. */
    private static volatile boolean idle;

    private static final Thread WATCHER = start();

    private Deadlines() {}

    private static Thread start() {
        Thread watcher = new Thread(Deadlines::watch, "resilient-mail-timeouts");
        watcher.setDaemon(true);
        watcher.setContextClassLoader(null);
        watcher.start();
        return watcher;
    }

    static void begin(BoundedReplySocket socket) {
        WAITING.add(socket);
        if (idle) {
            LockSupport.unpark(WATCHER);
        }
    }

    static void end(BoundedReplySocket socket) {
        WAITING.remove(socket);
    }

    private static void watch() {
        long tick = TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS);
        while (true) {
            if (WAITING.isEmpty()) {
                idle = true;
                // Checked again once idle is visible: a read or write that began in between wakes
                // the watcher.
                if (WAITING.isEmpty()) {
                    LockSupport.park(Deadlines.class);
                }
                idle = false;
            }
            // A tick after waking, not at once: most reads and writes end within it, and waking
            // for each of them would cost a thread switch per command.
            LockSupport.parkNanos(Deadlines.class, tick);
            long now = System.nanoTime();
            for (BoundedReplySocket socket : WAITING) {
                try {
                    socket.closeIfOverdue(now);
                } catch (RuntimeException e) {
                    // The watcher must outlive any one socket: every timeout depends on it.
                }
            }
        }
    }
}
