package io.github.resilientmail.benchmarks;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * Batches of 10 messages per second through Spring's {@link JavaMailSender}, which sends a batch
 * over one connection: Boot's plain {@link JavaMailSenderImpl} against the one the starter
 * configures, both built by the auto-configurations from the same {@code spring.mail.*} settings.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@State(Scope.Thread)
public class SpringSendBenchmark {

    /** The messages of one batch. */
    static final int BATCH = 10;

    /** Which sender: {@code boot} (Boot's own) or {@code starter} (the starter's). */
    @Param({"boot", "starter"})
    public String side = "boot";

    private @Nullable SmtpSink sink;
    private @Nullable AnnotationConfigApplicationContext context;
    private @Nullable JavaMailSender sender;
    private MimeMessage[] batch = new MimeMessage[0];

    /** Creates the state; JMH calls {@link #start()} before the benchmark runs. */
    public SpringSendBenchmark() {}

    /**
     * Starts a sink and an application context whose mail sender sends to it, and prepares a batch.
     *
     * @throws IOException when the sink cannot start
     * @throws MessagingException when the messages cannot be built
     */
    @Setup
    public void start() throws IOException, MessagingException {
        boolean starter = side.equals("starter");
        if (!starter && !side.equals("boot")) {
            throw new IllegalArgumentException("side is boot or starter: " + side);
        }
        SmtpSink started = SmtpSink.start();
        sink = started;
        Map<String, Object> properties = new HashMap<>();
        properties.put("spring.mail.host", started.host());
        properties.put("spring.mail.port", started.port());
        // Keeps Message-ID generation off InetAddress.getLocalHost(), alike for both sides.
        properties.put("spring.mail.properties.mail.from", "shop@example.com");
        properties.put("resilient-mail.enabled", starter);
        AnnotationConfigApplicationContext created = new AnnotationConfigApplicationContext();
        created.getEnvironment()
                .getPropertySources()
                .addFirst(new MapPropertySource("benchmark", properties));
        created.register(MailApplication.class);
        created.refresh();
        context = created;
        JavaMailSender bean = created.getBean(JavaMailSender.class);
        if ((bean.getClass() == JavaMailSenderImpl.class) == starter) {
            throw new IllegalStateException("unexpected sender for " + side + ": " + bean);
        }
        sender = bean;
        batch = new MimeMessage[BATCH];
        for (int i = 0; i < BATCH; i++) {
            MimeMessage message = bean.createMimeMessage();
            MimeMessageHelper helper = new MimeMessageHelper(message, "UTF-8");
            helper.setFrom("shop@example.com");
            helper.setTo("customer" + i + "@example.org");
            helper.setSubject("Your order has shipped");
            helper.setText(Side.BODY);
            batch[i] = message;
        }
    }

    /** Sends one batch of {@value #BATCH} messages over one connection. */
    @Benchmark
    public void sendBatch() {
        JavaMailSender open = sender;
        if (open == null) {
            throw new IllegalStateException("not set up");
        }
        open.send(batch);
    }

    /** Closes the context and the sink. */
    @TearDown
    public void stop() {
        if (context != null) {
            context.close();
            context = null;
        }
        if (sink != null) {
            sink.close();
            sink = null;
        }
    }

    /** Boot's mail auto-configuration, then the starter's (which backs off when disabled). */
    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(
            classes = {
                org.springframework.boot.mail.autoconfigure.MailSenderAutoConfiguration.class,
                io.github.resilientmail.spring.ResilientMailAutoConfiguration.class
            })
    static class MailApplication {}
}
