package io.github.resilientmail.examples.plain;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilientmail.ResilienceListener;
import io.github.resilientmail.ResilientTransport;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;

/**
 * Plain Java, resilient transport built in code: Resilience4j's own configuration types, a circuit
 * breaker registry that the application keeps for as long as it runs, and a listener that logs each
 * retry, give-up and breaker transition (the core logs nothing itself).
 *
 * <p>The session holds only the usual {@code mail.smtp.*} settings. Thread-safe: each send uses a
 * transport of its own; the registry and the configurations are shared.
 *
 * <pre>{@code
 * java -cp ... io.github.resilientmail.examples.plain.SendWithBuilder localhost 2525 bob@example.com
 * }</pre>
 */
public final class SendWithBuilder {

    private static final System.Logger LOG = System.getLogger(SendWithBuilder.class.getName());

    private final Session session;
    private final RetryConfig retry;
    private final CircuitBreakerConfig breaker;
    private final ResilienceListener listener;

    /** One per application: each relay's breaker must outlive the transports that use it. */
    private final CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();

    /**
     * A sender with four attempts per message and exponential backoff with jitter, and a breaker
     * per relay that opens when half of the last ten sends failed because of the relay.
     *
     * @param session the session, with the relay's {@code mail.smtp.*} settings
     * @param firstWait the wait before the first retry; each next wait is twice as long
     * @param listener who hears of attempts, retries, give-ups and breaker transitions, such as
     *     {@link #loggingListener()}
     */
    public SendWithBuilder(Session session, Duration firstWait, ResilienceListener listener) {
        this.session = Objects.requireNonNull(session, "session");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.retry =
                RetryConfig.custom()
                        .maxAttempts(4)
                        .intervalFunction(
                                IntervalFunction.ofExponentialRandomBackoff(firstWait, 2.0, 0.5))
                        .build();
        this.breaker =
                CircuitBreakerConfig.custom()
                        .failureRateThreshold(50)
                        .slidingWindowSize(10)
                        .minimumNumberOfCalls(5)
                        .waitDurationInOpenState(Duration.ofSeconds(30))
                        .build();
    }

    /**
     * Sends a message to all its recipients.
     *
     * @param message the message
     * @throws MessagingException when it could not be sent: one of the typed exceptions of
     *     resilient-mail, after the retries
     */
    public void send(MimeMessage message) throws MessagingException {
        try (ResilientTransport transport =
                ResilientTransport.builder(session)
                        .retryConfig(retry)
                        .circuitBreakerConfig(breaker)
                        .circuitBreakerRegistry(breakers)
                        .listener(listener)
                        .build()) {
            transport.connect();
            transport.sendMessage(message, message.getAllRecipients());
        }
    }

    /**
     * A listener that logs through {@link System.Logger}: retries and breaker transitions at {@code
     * INFO}, give-ups at {@code WARNING}.
     *
     * @return the listener
     */
    public static ResilienceListener loggingListener() {
        return new ResilienceListener() {
            @Override
            public void onRetry(Retry retry) {
                LOG.log(
                        Level.INFO,
                        "{0}: attempt {1} failed ({2}), retrying in {3} ms",
                        retry.relay(),
                        retry.attempt(),
                        retry.classification().reason(),
                        retry.delay().toMillis());
            }

            @Override
            public void onGiveUp(GiveUp giveUp) {
                LOG.log(
                        Level.WARNING,
                        "{0}: giving up after {1} attempts: {2}",
                        giveUp.relay(),
                        giveUp.attempts(),
                        giveUp.reason());
            }

            @Override
            public void onCircuitTransition(CircuitTransition transition) {
                LOG.log(
                        Level.INFO,
                        "{0}: circuit breaker {1} -> {2}",
                        transition.relay(),
                        transition.from(),
                        transition.to());
            }
        };
    }

    /**
     * Sends one message through the relay.
     *
     * @param args the relay's host and port, and the recipient
     * @throws MessagingException when the message could not be sent
     */
    public static void main(String[] args) throws MessagingException {
        if (args.length != 3) {
            System.err.println("Usage: SendWithBuilder host port recipient");
            return;
        }
        Properties settings = new Properties();
        settings.setProperty("mail.smtp.host", args[0]);
        settings.setProperty("mail.smtp.port", args[1]);
        Session session = Session.getInstance(settings);
        SendWithBuilder sender =
                new SendWithBuilder(session, Duration.ofSeconds(1), loggingListener());
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("demo@example.com"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(args[2]));
        message.setSubject("Hello from resilient-mail");
        message.setText("Sent through a transport built in code.", "UTF-8");
        sender.send(message);
        System.out.println("sent to " + args[2]);
    }
}
