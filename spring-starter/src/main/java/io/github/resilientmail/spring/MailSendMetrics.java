package io.github.resilientmail.spring;

import io.github.resilientmail.reply.Category;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The timer {@code mail.send}: one sample per message sent through the mail sender (and per
 * connection that failed, which fails the messages it was to carry), tagged with its {@code
 * outcome} ({@code delivered}, {@code retried-then-delivered} or {@code failed}), its {@code
 * category} ({@code NONE} when delivered, else the category of the failure, {@code USER_UNKNOWN}…)
 * and its {@code relay} ({@code host:port}, without the user name). Recipient addresses never
 * appear in a tag. Boot binds it to the application's meter registry. Thread-safe.
 */
final class MailSendMetrics implements MeterBinder, SendObserver {

    static final String NAME = "mail.send";

    private final List<MeterRegistry> meterRegistries = new CopyOnWriteArrayList<>();

    @Override
    public void bindTo(MeterRegistry registry) {
        meterRegistries.add(registry);
    }

    @Override
    public void delivered(String relay, int attempts, long nanos) {
        record(attempts > 1 ? "retried-then-delivered" : "delivered", "NONE", relay, nanos);
    }

    @Override
    public void failed(String relay, Category category, long nanos) {
        record("failed", category.name(), relay, nanos);
    }

    private void record(String outcome, String category, String relay, long nanos) {
        for (MeterRegistry registry : meterRegistries) {
            Timer.builder(NAME)
                    .description("Messages sent through the resilient JavaMailSender")
                    .tag("outcome", outcome)
                    .tag("category", category)
                    .tag("relay", hostAndPort(relay))
                    .register(registry)
                    .record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    /** The relay without the user name that the transport puts before an {@code @}. */
    static String hostAndPort(String relay) {
        return relay.substring(relay.lastIndexOf('@') + 1);
    }
}
