package io.github.resilientmail;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The scheduler of Angus Mail's write timeouts for the wrapped connections, given to Angus as
 * {@code mail.smtp.executor.writetimeout} unless the application gave one.
 *
 * <p>Without it, Angus creates a scheduler, and so a thread, for every connection that has a write
 * timeout, and stops it when the connection closes: with the default write timeout that the
 * transport sets, {@code Transport.send} paid for a thread per message. Angus schedules a timeout
 * before each write and cancels it after: a task that is always due within a second stays at the
 * head of the queue, so that scheduling a write's timeout (due much later) wakes no thread.
 *
 * <p>One daemon thread, started on first use, that lives as long as the class.
 */
final class WriteTimeouts {

    private WriteTimeouts() {}

    /** The scheduler shared by every wrapped connection. */
    static ScheduledExecutorService scheduler() {
        return Holder.SCHEDULER;
    }

    /** Creates the scheduler on first use only. */
    private static final class Holder {
        static final ScheduledExecutorService SCHEDULER = create();
    }

    private static ScheduledExecutorService create() {
        ScheduledThreadPoolExecutor scheduler =
                new ScheduledThreadPoolExecutor(
                        1,
                        task -> {
                            Thread thread = new Thread(task, "resilient-mail-write-timeouts");
                            thread.setDaemon(true);
                            thread.setContextClassLoader(null);
                            return thread;
                        });
        // Angus cancels the timeout of every write that completes: drop it from the queue at once.
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.scheduleWithFixedDelay(WriteTimeouts::keepHead, 1, 1, TimeUnit.SECONDS);
        return scheduler;
    }

    private static void keepHead() {
        // Nothing to do: being due soon is the point.
    }
}
