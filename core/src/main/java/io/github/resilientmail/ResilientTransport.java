package io.github.resilientmail;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilientmail.reply.Category;
import io.github.resilientmail.reply.Classification;
import io.github.resilientmail.reply.Outcome;
import io.github.resilientmail.reply.Scope;
import io.github.resilientmail.reply.SmtpCommand;
import io.github.resilientmail.reply.SmtpReply;
import io.github.resilientmail.reply.Transience;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.NoSuchProviderException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.URLName;
import jakarta.mail.event.ConnectionEvent;
import jakarta.mail.event.ConnectionListener;
import jakarta.mail.event.TransportEvent;
import jakarta.mail.event.TransportListener;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.jspecify.annotations.Nullable;

/**
 * A Jakarta Mail {@link Transport} that sends through Eclipse Angus Mail's SMTP transport, retries
 * transient failures with exponential backoff, isolates a failing relay with a circuit breaker, and
 * raises typed exceptions ({@link MailboxFullException}, {@link UnknownRecipientException}…) for
 * the rest.
 *
 * <h2>By configuration alone</h2>
 *
 * <pre>{@code
 * mail.transport.protocol=resilient-smtp           # session.getTransport()
 * mail.transport.protocol.rfc822=resilient-smtp    # Transport.send(message)
 * mail.smtp.host=smtp.example.com                  # every mail.smtp.* setting works as before
 * mail.resilient-smtp.retry.max-attempts=4         # optional, see the README for all settings
 * }</pre>
 *
 * <p>{@code resilient-smtps} wraps {@code smtps} the same way. Settings under {@code
 * mail.resilient-smtp.*} use Resilience4j's vocabulary; other settings that frameworks write under
 * that name ({@code mail.resilient-smtp.ssl.enable}…) reach the wrapped transport as {@code
 * mail.smtp.*} unless those are set. Connect, read and write timeouts default to 10 s, 60 s and 60
 * s where the application set none.
 *
 * <h2>In code</h2>
 *
 * <pre>{@code
 * try (Transport transport = ResilientTransport.builder(session)
 *         .retryConfig(RetryConfig.custom().maxAttempts(5).build())
 *         .listener(myListener)
 *         .build()) {
 *     transport.connect();
 *     transport.sendMessage(message, message.getAllRecipients());
 * }
 * }</pre>
 *
 * <h2>Behaviour</h2>
 *
 * <p>Each send runs as {@code Retry(CircuitBreaker(attempt))}. Transient failures are retried,
 * waiting at least as long as the server's retry-after hint, within the time budget {@code
 * retry.max-duration}; failures where a short wait cannot help (a full mailbox, a quota with a time
 * window, too many recipients) are thrown at once as transient. Permanent failures are thrown at
 * once. One circuit breaker per relay (host, port, user) lives in a registry that outlives the
 * transport; only failures of the relay itself (connection failures, timeouts, 421, 4.3.x, 4.4.x)
 * count. A recipient that the server accepted is never sent the message again, except in the one
 * ambiguous case of RFC 1047 (see {@link DeliveryGuarantee}).
 *
 * <p>A {@link ResilienceListener} sees each attempt, retry decision, give-up and breaker
 * transition. {@code TransportListener}s see one event per message: delivered, partially delivered
 * or not delivered. {@code ConnectionListener}s see {@code OPENED} after {@code connect()}, {@code
 * CLOSED} after {@code close()}, and {@code DISCONNECTED} whenever the wrapped connection was lost
 * in between (the next attempt re-opens it).
 *
 * <p>Before anything is sent, {@link #sendMessage(Message, Address[])} refuses a recipient that
 * would change the SMTP command (a line break, a control character, white space, {@code <} or
 * {@code >} outside a quoted local part) with {@link InvalidAddressException}, and a header whose
 * line break is not a fold (header injection) with {@link ContentRejectedException}. The transport
 * never changes the STARTTLS or SSL settings of the session: the wrapped transport negotiates
 * exactly as configured, on every attempt.
 *
 * <h2>Privacy</h2>
 *
 * <p>No message of the transport nor event of its listener holds a password. With {@code
 * mail.resilient-smtp.hide-recipients=true} (or {@link Builder#hideRecipients(boolean)}), listener
 * events and exception messages show recipient addresses masked, {@code b***@example.com}; see the
 * builder for what keeps them.
 *
 * <h2>Thread safety</h2>
 *
 * <p>Like Angus's transport, an instance is for one thread at a time: {@code Transport.send}
 * creates one per message, and an application that keeps a connected transport must not share it
 * between threads without its own lock. What instances share is thread-safe: the registries of
 * circuit breakers and retries (Resilience4j's), the settings read once per session and the derived
 * sessions cached per session, the {@link Classifier} and the immutable exceptions and events. A
 * {@link ResilienceListener} given to several transports is called from their threads at once. A
 * {@link Builder} is for one thread; the transports it builds are independent.
 */
public final class ResilientTransport extends Transport {

    /** The protocol that wraps {@code smtp}. */
    public static final String PROTOCOL = "resilient-smtp";

    /** The protocol that wraps {@code smtps}. */
    public static final String PROTOCOL_SSL = "resilient-smtps";

    private static final CircuitBreakerRegistry DEFAULT_BREAKERS =
            CircuitBreakerRegistry.ofDefaults();
    private static final RetryRegistry DEFAULT_RETRIES = RetryRegistry.ofDefaults();
    private static final InnerSessions INNER_SESSIONS = new InnerSessions();

    /** A connection idle for longer is checked with a NOOP before it is used again. */
    private static final long IDLE_CHECK_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);

    private final Setup setup;
    private final Session innerSession;
    private final Wrapped wrapped = new Wrapped();

    private final ConnectionState connection = new ConnectionState();

    /**
     * Called by Jakarta Mail for the protocols {@code resilient-smtp} and {@code resilient-smtps}.
     * Settings are read from the session; an invalid setting fails {@link #connect()} with a
     * message naming the key.
     *
     * @param session the application's session
     * @param url the URL of the transport; its protocol chooses what is wrapped
     */
    public ResilientTransport(Session session, @Nullable URLName url) {
        this(session, url, Setup.fromSession(session, protocolOf(url)));
    }

    private ResilientTransport(Session session, @Nullable URLName url, Setup setup) {
        super(session, url);
        this.setup = setup;
        innerSession = INNER_SESSIONS.derive(session, setup.outerProtocol, setup.innerProtocol);
        if (!isSmtp(setup.innerProtocol)) {
            // Another provider may be missing: say so now, not at the first send.
            wrapped.get();
        }
    }

    private static boolean isSmtp(String protocol) {
        return protocol.equals("smtp") || protocol.equals("smtps");
    }

    /**
     * The wrapped transport, created on first use: a send that an open breaker refuses needs none,
     * and creating Angus Mail's transport costs as much as the rest of that refusal.
     */
    private final class Wrapped {
        private @Nullable Transport transport;
        private @Nullable TrackingSmtpTransport tracking;

        synchronized Transport get() {
            Transport created = transport;
            if (created != null) {
                return created;
            }
            if (isSmtp(setup.innerProtocol)) {
                TrackingSmtpTransport smtp =
                        new TrackingSmtpTransport(
                                innerSession,
                                new URLName(setup.innerProtocol, null, -1, null, null, null),
                                setup.innerProtocol,
                                setup.innerProtocol.equals("smtps"),
                                ResilientTransport.this::innerConnectionLost);
                tracking = smtp;
                created = smtp;
            } else {
                created = innerTransport(innerSession, setup.innerProtocol);
                created.addConnectionListener(new Forwarder());
            }
            transport = created;
            return created;
        }

        synchronized @Nullable Transport ifCreated() {
            return transport;
        }

        /** Angus Mail's transport, when that is the one wrapped and it exists. */
        synchronized @Nullable TrackingSmtpTransport tracking() {
            return tracking;
        }
    }

    private static Transport innerTransport(Session session, String protocol) {
        try {
            return session.getTransport(protocol);
        } catch (NoSuchProviderException e) {
            throw new IllegalArgumentException("no transport for protocol " + protocol, e);
        }
    }

    private static String protocolOf(@Nullable URLName url) {
        String protocol = url == null ? null : url.getProtocol();
        return protocol == null ? PROTOCOL : protocol;
    }

    /**
     * A builder of a transport configured in code.
     *
     * @param session the application's session (its {@code mail.smtp.*} settings reach the wrapped
     *     transport)
     * @return a builder with the defaults of the session's {@code mail.resilient-smtp.*} settings
     */
    public static Builder builder(Session session) {
        return new Builder(session);
    }

    /**
     * The registry of relays' circuit breakers that transports use unless given another one; it
     * lives as long as the class, so breakers outlive the transports that {@code Transport.send}
     * creates for each message.
     *
     * @return the shared registry
     */
    public static CircuitBreakerRegistry defaultCircuitBreakerRegistry() {
        return DEFAULT_BREAKERS;
    }

    /**
     * The registry of retries that transports use unless given another one.
     *
     * @return the shared registry
     */
    public static RetryRegistry defaultRetryRegistry() {
        return DEFAULT_RETRIES;
    }

    /**
     * Connects the wrapped transport, retrying transient failures; see {@link
     * Transport#connect(String, int, String, String)}.
     *
     * @throws CredentialsRejectedException when the relay refuses the credentials
     * @throws CircuitOpenException when the relay's circuit breaker is open; nothing is sent
     * @throws MessagingException with a message naming the key when a {@code mail.resilient-smtp.*}
     *     setting is invalid, or another {@link SmtpFailure} when the connection fails
     */
    @Override
    public synchronized void connect(
            @Nullable String host, int port, @Nullable String user, @Nullable String password)
            throws MessagingException {
        // Jakarta Mail falls back to the JVM's user.name when no user is configured; only a user
        // the application gave or configured may reach the wrapped transport.
        connection.userGiven = user != null;
        connection.rejected = null;
        connection.closing = false;
        super.connect(host, port, user, password);
    }

    @Override
    protected boolean protocolConnect(
            @Nullable String host, int port, @Nullable String user, @Nullable String password)
            throws MessagingException {
        if (setup.configError != null) {
            throw new MessagingException(setup.configError);
        }
        connection.host = host;
        connection.port = port;
        connection.user = connection.userGiven || isConfiguredUser(user) ? user : null;
        connection.password = password;
        String relay = relayName();
        connection.relay = relay;
        connection.breaker = setup.breaker(relay);
        connection.retry = setup.retry(relay);
        if (connection.rejected != null) {
            // Service.connect asks the session's authenticator again after a refusal; the wrapped
            // transport asked it already, and a relay may lock an account after a few refusals.
            throw connection.rejected;
        }
        try {
            new Send(null, List.of()).run();
        } catch (CredentialsRejectedException e) {
            connection.rejected = e;
            throw e;
        }
        return true;
    }

    private boolean isConfiguredUser(@Nullable String user) {
        return user != null
                && (user.equals(session.getProperty("mail." + setup.outerProtocol + ".user"))
                        || user.equals(session.getProperty("mail.user")));
    }

    /**
     * Sends the message to the addresses, retrying transient failures; see the class description.
     *
     * @throws IllegalStateException when the transport is not connected
     * @throws InvalidAddressException when there is no recipient or an address is empty or holds a
     *     line break; nothing is sent
     * @throws MessagingException when the message is {@code null}, or an {@link SmtpFailure} (a
     *     {@link SendFailedException} such as {@link UnknownRecipientException}, {@link
     *     TemporaryFailureException} or {@link CircuitOpenException}) when the send fails
     */
    @Override
    public void sendMessage(Message message, Address[] addresses) throws MessagingException {
        if (!super.isConnected()) {
            throw new IllegalStateException("Not connected");
        }
        if (message == null) {
            throw new MessagingException("message must not be null");
        }
        List<Address> recipients =
                Recipients.check(message, addresses, setup.settings.hideRecipients());
        new Send(message, recipients).run();
    }

    /**
     * Whether the transport is connected; asks the server ({@code NOOP}) as Angus Mail does.
     *
     * @return true when connected and the wrapped connection is alive
     */
    @Override
    public boolean isConnected() {
        Transport inner = wrapped.ifCreated();
        return super.isConnected() && inner != null && inner.isConnected();
    }

    /**
     * Closes the wrapped connection. A connection that already broke is closed without an error, so
     * that {@code Transport.send}, which closes in a {@code finally} block, never hides the
     * exception of the send behind one of {@code QUIT}.
     */
    @Override
    public synchronized void close() throws MessagingException {
        connection.closing = true;
        try {
            Transport inner = wrapped.ifCreated();
            if (inner != null) {
                inner.close();
            }
        } catch (MessagingException e) {
            // QUIT failed on a broken connection; Angus Mail has closed the socket anyway.
        } finally {
            connection.password = null;
            if (super.isConnected()) {
                super.close();
            }
        }
    }

    /**
     * The wrapped connection was closed or lost. Listeners of this transport see {@code OPENED}
     * after {@link #connect()}, {@code CLOSED} after {@link #close()}, and {@code DISCONNECTED} in
     * between whenever the wrapped connection ended (the next attempt re-opens it).
     */
    private void innerConnectionLost() {
        if (!connection.closing && super.isConnected()) {
            notifyConnectionListeners(ConnectionEvent.DISCONNECTED);
        }
    }

    /** Hears of the end of a wrapped connection other than Angus Mail's SMTP transport. */
    private final class Forwarder implements ConnectionListener {
        @Override
        public void opened(ConnectionEvent e) {
            // This transport's own OPENED is the one listeners see.
        }

        @Override
        public void disconnected(ConnectionEvent e) {
            innerConnectionLost();
        }

        @Override
        public void closed(ConnectionEvent e) {
            innerConnectionLost();
        }
    }

    /**
     * Adds a listener of this transport's messages: one event per message, delivered or not.
     *
     * @param listener the listener
     */
    @Override
    public synchronized void addTransportListener(TransportListener listener) {
        connection.transportListeners = true;
        super.addTransportListener(listener);
    }

    @Override
    public String toString() {
        return "ResilientTransport[" + relayName() + " via " + setup.innerProtocol + "]";
    }

    private String relayName() {
        return Relays.name(
                innerSession,
                setup.innerProtocol,
                connection.host,
                connection.port,
                connection.user);
    }

    /** One connect (no message) or one send, with its attempts and the state of each recipient. */
    private final class Send {
        private final @Nullable Message message;
        private final Map<Address, RecipientOutcome> outcomes = new LinkedHashMap<>();
        private final Retry.AsyncContext<Object> retryContext;
        private final CircuitBreaker breaker;
        private final String relay;
        private final long startMillis;
        private int attempts;

        Send(@Nullable Message message, List<Address> recipients) {
            this.message = message;
            for (Address address : recipients) {
                outcomes.put(
                        address,
                        new RecipientOutcome(address, RecipientOutcome.Status.PENDING, null));
            }
            String known = connection.relay;
            CircuitBreaker knownBreaker = connection.breaker;
            Retry knownRetry = connection.retry;
            if (known == null || knownBreaker == null || knownRetry == null) {
                throw new IllegalStateException("not connected");
            }
            relay = known;
            breaker = knownBreaker;
            retryContext = knownRetry.asyncContext();
            startMillis = setup.clock.millis();
        }

        void run() throws MessagingException {
            MessagingException lastFailure = null;
            while (true) {
                attempts++;
                List<Address> pending = pending();
                CircuitBreaker.State before = breaker.getState();
                if (!breaker.tryAcquirePermission()) {
                    reportTransition(before);
                    throw circuitOpen(lastFailure);
                }
                reportTransition(before);
                notifyListener(
                        l ->
                                l.onAttempt(
                                        new ResilienceListener.Attempt(
                                                relay, attempts, shown(pending))));
                long started = System.nanoTime();
                MessagingException failure;
                try {
                    attempt(pending);
                    failure = null;
                } catch (MessagingException e) {
                    failure = e;
                } catch (RuntimeException e) {
                    // Angus refuses CR/LF in commands with IllegalArgumentException; nothing was
                    // sent.
                    breaker.releasePermission();
                    throw giveUp(
                            Classifications.local(
                                    Category.UNDEFINED,
                                    Transience.PERMANENT,
                                    "refused before sending: " + e.getClass().getSimpleName()),
                            new MessagingException("refused before sending", e),
                            "invalid input");
                }
                if (failure == null) {
                    record(started, null, null);
                    finish(lastFailure);
                    return;
                }
                connection.healthy = false;
                Classification classification = setup.classifier.classify(failure);
                if (message != null
                        && classification.isRelayFailure()
                        && contentUnreadable(message, failure)) {
                    classification =
                            Classifications.local(
                                    Category.UNDEFINED,
                                    Transience.PERMANENT,
                                    "could not read the message content: writing it fails without"
                                            + " a connection too");
                } else if (isOutOfStep(classification)) {
                    classification = outOfStep(classification);
                    dropConnection();
                }
                TrackingSmtpTransport tracking = wrapped.tracking();
                boolean uncertain = tracking != null && tracking.endOfDataUnanswered();
                record(started, classification, failure);
                if (uncertain && setup.settings.guarantee() == DeliveryGuarantee.AT_MOST_ONCE) {
                    throw deliveryUncertain(classification, failure);
                }
                Classification pendingCause = apply(classification, failure);
                if (message != null && pending().isEmpty()) {
                    finish(failure);
                    return;
                }
                if (hasPermanentFailure() && !sendsPartially()) {
                    throw giveUp(
                            firstFailure(),
                            failure,
                            "a recipient was refused permanently and the message goes to all or none");
                }
                retryOrThrow(pendingCause, failure);
                lastFailure = failure;
            }
        }

        private void attempt(List<Address> pending) throws MessagingException {
            Transport inner = wrapped.get();
            TrackingSmtpTransport tracking = wrapped.tracking();
            if (tracking != null) {
                tracking.resetTracking();
            }
            // Angus's isConnected() asks the server (NOOP): only worth a round trip after a failure
            // or an idle spell, not before every message of a busy connection.
            long now = System.nanoTime();
            if (!connection.healthy || now - connection.lastUsedNanos > IDLE_CHECK_NANOS) {
                connection.healthy = false;
                if (!inner.isConnected()) {
                    inner.connect(
                            connection.host, connection.port, connection.user, connection.password);
                }
            }
            if (message != null) {
                inner.sendMessage(message, pending.toArray(new Address[0]));
            }
            connection.healthy = true;
            connection.lastUsedNanos = System.nanoTime();
        }

        /** Records the attempt's outcome in the relay's breaker: only relay failures count. */
        private void record(
                long startedNanos,
                @Nullable Classification classification,
                @Nullable Exception failure) {
            long elapsed = System.nanoTime() - startedNanos;
            CircuitBreaker.State before = breaker.getState();
            if (classification != null && failure != null && classification.isRelayFailure()) {
                breaker.onError(elapsed, java.util.concurrent.TimeUnit.NANOSECONDS, failure);
            } else {
                breaker.onSuccess(elapsed, java.util.concurrent.TimeUnit.NANOSECONDS);
            }
            reportTransition(before);
        }

        private void reportTransition(CircuitBreaker.State before) {
            CircuitBreaker.State after = breaker.getState();
            if (after != before) {
                notifyListener(
                        l ->
                                l.onCircuitTransition(
                                        new ResilienceListener.CircuitTransition(
                                                relay, before, after)));
            }
        }

        /**
         * Updates each recipient from the failure and returns the cause of what is still pending.
         */
        private Classification apply(Classification overall, MessagingException failure) {
            if (!(failure instanceof SendFailedException)) {
                markPending(overall);
                return overall;
            }
            SendFailedException sendFailure = (SendFailedException) failure;
            // Angus reports every address as valid-sent once RCPT passed, even when DATA or the
            // final "." failed: only an accepted message makes them accepted.
            if (overall.outcome() != Outcome.FAILURE) {
                mark(sendFailure.getValidSentAddresses(), RecipientOutcome.Status.ACCEPTED, null);
            }
            Address[] invalid = sendFailure.getInvalidAddresses();
            Address[] unsent = sendFailure.getValidUnsentAddresses();
            if (isEmpty(invalid) && isEmpty(unsent)) {
                markPending(overall);
                return overall;
            }
            boolean recipientsRefused = hasRecipientFailure(failure);
            for (Address address : invalid == null ? new Address[0] : invalid) {
                Classification own = recipientClassification(failure, address);
                Classification why = own == null ? overall : own;
                mark(
                        new Address[] {address},
                        why.isTransient()
                                ? RecipientOutcome.Status.PENDING
                                : RecipientOutcome.Status.FAILED,
                        why);
            }
            for (Address address : unsent == null ? new Address[0] : unsent) {
                Classification own = recipientClassification(failure, address);
                // A recipient the server accepted at RCPT is pending only because another one
                // was refused (all or none): it has no failure of its own.
                mark(
                        new Address[] {address},
                        RecipientOutcome.Status.PENDING,
                        own != null ? own : recipientsRefused ? null : overall);
            }
            for (RecipientOutcome outcome : outcomes.values()) {
                Classification why = outcome.failure();
                if (outcome.status() == RecipientOutcome.Status.PENDING
                        && why != null
                        && why.outcome() == Outcome.FAILURE) {
                    return why;
                }
            }
            return overall;
        }

        private boolean isEmpty(Address @Nullable [] addresses) {
            return addresses == null || addresses.length == 0;
        }

        private boolean hasRecipientFailure(MessagingException failure) {
            for (Throwable link : Classifier.chain(failure)) {
                if (link instanceof SMTPAddressFailedException) {
                    return true;
                }
            }
            return false;
        }

        /** The classification of the recipient's own refusal, or null when it has none. */
        private @Nullable Classification recipientClassification(
                MessagingException failure, Address address) {
            for (Throwable link : Classifier.chain(failure)) {
                if (link instanceof SMTPAddressFailedException
                        && Objects.equals(
                                ((SMTPAddressFailedException) link).getAddress(), address)) {
                    return setup.classifier.classify((SMTPAddressFailedException) link);
                }
            }
            return null;
        }

        private void mark(
                Address @Nullable [] addresses,
                RecipientOutcome.Status status,
                @Nullable Classification why) {
            if (addresses == null) {
                return;
            }
            for (Address address : addresses) {
                RecipientOutcome current = outcomes.get(address);
                if (current != null && current.status() != RecipientOutcome.Status.ACCEPTED) {
                    outcomes.put(address, new RecipientOutcome(address, status, why));
                }
            }
        }

        private void markPending(Classification why) {
            for (Map.Entry<Address, RecipientOutcome> entry : outcomes.entrySet()) {
                if (entry.getValue().status() == RecipientOutcome.Status.PENDING) {
                    entry.setValue(
                            new RecipientOutcome(
                                    entry.getKey(), RecipientOutcome.Status.PENDING, why));
                }
            }
        }

        private List<Address> pending() {
            List<Address> pending = new ArrayList<>();
            for (RecipientOutcome outcome : outcomes.values()) {
                if (outcome.status() == RecipientOutcome.Status.PENDING) {
                    pending.add(outcome.address());
                }
            }
            return pending;
        }

        private boolean hasPermanentFailure() {
            for (RecipientOutcome outcome : outcomes.values()) {
                if (outcome.status() == RecipientOutcome.Status.FAILED) {
                    return true;
                }
            }
            return false;
        }

        private Classification firstFailure() {
            for (RecipientOutcome outcome : outcomes.values()) {
                if (outcome.status() == RecipientOutcome.Status.FAILED
                        && outcome.failure() != null) {
                    return outcome.failure();
                }
            }
            throw new IllegalStateException("no failed recipient");
        }

        private boolean sendsPartially() {
            return Relays.sendsPartially(innerSession, setup.innerProtocol, message);
        }

        /**
         * Every recipient is accepted or failed: success, or the typed exception of the failures.
         *
         * @param failure the exception that refused recipients, to chain, or null
         */
        private void finish(@Nullable MessagingException failure) throws MessagingException {
            if (message == null) {
                retryContext.onComplete();
                return;
            }
            for (Map.Entry<Address, RecipientOutcome> entry : outcomes.entrySet()) {
                if (entry.getValue().status() == RecipientOutcome.Status.PENDING) {
                    entry.setValue(
                            new RecipientOutcome(
                                    entry.getKey(), RecipientOutcome.Status.ACCEPTED, null));
                }
            }
            if (hasPermanentFailure()) {
                throw giveUp(firstFailure(), failure, "recipients were refused permanently");
            }
            retryContext.onComplete();
            notifyOutcome(TransportEvent.MESSAGE_DELIVERED);
        }

        private void retryOrThrow(Classification cause, MessagingException failure)
                throws MessagingException {
            String noRetry = noRetryReason(cause);
            long delay = retryContext.onError(new RetrySignal(noRetry == null));
            if (noRetry != null) {
                throw giveUp(cause, failure, noRetry);
            }
            if (delay < 0) {
                throw giveUp(cause, failure, "no attempts left (" + attempts + " made)");
            }
            Duration wait = Duration.ofMillis(delay);
            Duration hint = cause.retryAfter();
            if (hint != null && hint.compareTo(wait) > 0) {
                wait = hint;
            }
            Duration spent = Duration.ofMillis(setup.clock.millis() - startMillis);
            if (spent.plus(wait).compareTo(setup.settings.maxDuration()) > 0) {
                throw giveUp(
                        cause,
                        failure,
                        "waiting "
                                + wait
                                + " would exceed the time budget of "
                                + setup.settings.maxDuration());
            }
            Duration chosen = wait;
            notifyListener(
                    l ->
                            l.onRetry(
                                    new ResilienceListener.Retry(
                                            relay, attempts, chosen, shown(cause))));
            try {
                setup.sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw giveUp(cause, failure, "interrupted while waiting to retry");
            }
        }

        /** Why a transient failure is not worth a retry inside this call, or null when it is. */
        private @Nullable String noRetryReason(Classification cause) {
            if (!cause.isTransient()) {
                return "permanent failure";
            }
            Category category = cause.category();
            if (category == Category.MAILBOX_FULL) {
                return "a full mailbox does not empty in seconds";
            }
            if (category == Category.TOO_MANY_RECIPIENTS) {
                return "the same recipients would be refused again in this transaction";
            }
            if (category == Category.RATE_LIMITED && cause.reply().code() >= 500) {
                return "the quota resets later than a retry can wait";
            }
            return null;
        }

        private MessagingException giveUp(
                Classification cause, @Nullable Exception failure, String reason) {
            notifyListener(
                    l ->
                            l.onGiveUp(
                                    new ResilienceListener.GiveUp(
                                            relay, attempts, shown(cause), reason)));
            notifyFailed();
            return Failures.create(
                    new FailureDetails(
                            cause,
                            attempts,
                            List.copyOf(outcomes.values()),
                            setup.settings.hideRecipients()),
                    failure);
        }

        private boolean hasAccepted() {
            return outcomes.values().stream()
                    .anyMatch(o -> o.status() == RecipientOutcome.Status.ACCEPTED);
        }

        /** The one final event of a message that failed, for some recipients or all. */
        private void notifyFailed() {
            notifyOutcome(
                    hasAccepted()
                            ? TransportEvent.MESSAGE_PARTIALLY_DELIVERED
                            : TransportEvent.MESSAGE_NOT_DELIVERED);
        }

        /**
         * The exception of an open breaker; {@code lastFailure} is the failure of this send's
         * previous attempt, when one opened the breaker.
         */
        private MessagingException circuitOpen(@Nullable MessagingException lastFailure) {
            Duration open = setup.openStateWait();
            Classification classification =
                    new Classification(
                            Outcome.FAILURE,
                            Category.SERVICE_UNAVAILABLE,
                            Transience.TRANSIENT,
                            Scope.RELAY,
                            open,
                            new SmtpReply(
                                    0, null, "circuit breaker of " + relay + " is open", null),
                            List.of(),
                            "the relay failed too often recently; nothing was sent");
            notifyListener(
                    l ->
                            l.onGiveUp(
                                    new ResilienceListener.GiveUp(
                                            relay,
                                            attempts - 1,
                                            shown(classification),
                                            "circuit open")));
            notifyFailed();
            return new CircuitOpenException(
                    new FailureDetails(
                            classification,
                            attempts - 1,
                            List.copyOf(outcomes.values()),
                            setup.settings.hideRecipients()),
                    lastFailure);
        }

        private MessagingException deliveryUncertain(
                Classification classification, Exception failure) {
            Classification uncertain =
                    new Classification(
                            Outcome.FAILURE,
                            Category.NETWORK_ERROR,
                            Transience.TRANSIENT,
                            Scope.RELAY,
                            null,
                            classification.reply(),
                            classification.entries(),
                            "the connection ended after the final '.' before the server's reply (RFC 1047)");
            markPending(uncertain);
            notifyListener(
                    l ->
                            l.onGiveUp(
                                    new ResilienceListener.GiveUp(
                                            relay,
                                            attempts,
                                            shown(uncertain),
                                            "at-most-once delivery")));
            notifyFailed();
            return new DeliveryUncertainException(
                    new FailureDetails(
                            uncertain,
                            attempts,
                            List.copyOf(outcomes.values()),
                            setup.settings.hideRecipients()),
                    failure);
        }

        private void notifyOutcome(int type) {
            if (message == null || !connection.transportListeners) {
                return;
            }
            notifyTransportListeners(
                    type,
                    Failures.addresses(details(), RecipientOutcome.Status.ACCEPTED),
                    Failures.addresses(details(), RecipientOutcome.Status.PENDING),
                    Failures.addresses(details(), RecipientOutcome.Status.FAILED),
                    message);
        }

        private FailureDetails details() {
            return new FailureDetails(
                    Classifications.success(), attempts, List.copyOf(outcomes.values()));
        }
    }

    /**
     * Whether Angus dropped the connection because the message's own content could not be read (a
     * failing {@code DataSource}): its {@code "IOException while sending message"} cannot tell a
     * broken connection from a broken file, so the message is written once more, to nowhere. A
     * content failure must not be retried, nor counted against the relay's breaker.
     */
    private static boolean contentUnreadable(Message message, MessagingException failure) {
        boolean writing = false;
        for (Throwable link : Classifier.chain(failure)) {
            String text = link.getMessage();
            writing |=
                    link instanceof MessagingException
                            && text != null
                            && text.startsWith("IOException while sending message");
        }
        if (!writing) {
            return false;
        }
        try {
            message.writeTo(java.io.OutputStream.nullOutputStream());
            return false;
        } catch (java.io.IOException | MessagingException | RuntimeException unreadable) {
            return true;
        }
    }

    /**
     * Whether the server refused {@code MAIL FROM} as out of sequence ({@code 503}): a new
     * transaction cannot be out of sequence, so the connection is: typically the server refused the
     * {@code RSET} Angus sent after a failed transaction, and still holds that transaction. The
     * message itself is fine; a new connection clears it.
     */
    private static boolean isOutOfStep(Classification classification) {
        SmtpReply reply = classification.reply();
        return reply.code() == 503 && reply.command() == SmtpCommand.MAIL;
    }

    private static Classification outOfStep(Classification classification) {
        return new Classification(
                classification.outcome(),
                classification.category(),
                Transience.TRANSIENT,
                Scope.RELAY,
                classification.retryAfter(),
                classification.reply(),
                classification.entries(),
                classification.reason()
                        + "; 503 to MAIL FROM: the connection is out of step with the server"
                        + " (a refused RSET leaves a transaction open), retried on a new"
                        + " connection");
    }

    /** Closes the wrapped connection, so that the next attempt opens a new one. */
    private void dropConnection() {
        try {
            Transport inner = wrapped.ifCreated();
            if (inner != null) {
                inner.close();
            }
        } catch (MessagingException ignored) {
            // Closed anyway.
        }
        connection.healthy = false;
    }

    /** What listeners see of a classification: addresses masked with hide-recipients. */
    private Classification shown(Classification classification) {
        return setup.settings.hideRecipients()
                ? Masking.classification(classification)
                : classification;
    }

    /** What listeners see of recipients: masked with hide-recipients. */
    private List<Address> shown(List<Address> recipients) {
        return setup.settings.hideRecipients() ? Masking.addresses(recipients) : recipients;
    }

    private void notifyListener(java.util.function.Consumer<ResilienceListener> call) {
        if (setup.listener == ResilienceListener.NONE) {
            return;
        }
        try {
            call.accept(setup.listener);
        } catch (RuntimeException ignored) {
            // A listener must not change the outcome of a send.
        }
    }

    /**
     * The value the Resilience4j retry sees; its predicate retries only what the transport allows.
     */
    static final class RetrySignal extends Exception {
        private static final long serialVersionUID = 1L;
        final boolean retryable;

        RetrySignal(boolean retryable) {
            super(null, null, false, false);
            this.retryable = retryable;
        }
    }

    /**
     * Builds a transport configured in code.
     *
     * <p>Not thread-safe; the transport it builds is as thread-safe as any Jakarta Mail transport.
     */
    public static final class Builder {
        private final Session session;
        private String protocol = "smtp";
        private @Nullable RetryConfig retryConfig;
        private @Nullable CircuitBreakerConfig circuitBreakerConfig;
        private CircuitBreakerRegistry circuitBreakers = DEFAULT_BREAKERS;
        private RetryRegistry retries = DEFAULT_RETRIES;
        private Classifier classifier = Classifier.standard();
        private ResilienceListener listener = ResilienceListener.NONE;
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.THREAD;
        private @Nullable Duration maxDuration;
        private @Nullable DeliveryGuarantee guarantee;
        private @Nullable Boolean hideRecipients;

        private Builder(Session session) {
            this.session = Objects.requireNonNull(session, "session");
        }

        /**
         * The protocol of the wrapped transport.
         *
         * @param protocol {@code smtp} (the default) or {@code smtps}, or any other transport
         *     protocol of the session
         * @return this builder
         */
        public Builder protocol(String protocol) {
            this.protocol = Objects.requireNonNull(protocol, "protocol");
            return this;
        }

        /**
         * The retry configuration: attempts and backoff. Its exception predicate is replaced by the
         * transport's, which retries only transient failures. It decides even when the registry
         * holds a retry of the relay created with another configuration (the transport then retries
         * through a retry of its own, outside the registry): pass the same object to every builder
         * to share the relay's registered retry.
         *
         * @param config the configuration; default from the session's settings
         * @return this builder
         */
        public Builder retryConfig(RetryConfig config) {
            this.retryConfig = Objects.requireNonNull(config, "config");
            return this;
        }

        /**
         * The configuration of each relay's circuit breaker, used when the registry has no breaker
         * for the relay yet.
         *
         * @param config the configuration; default from the session's settings
         * @return this builder
         */
        public Builder circuitBreakerConfig(CircuitBreakerConfig config) {
            this.circuitBreakerConfig = Objects.requireNonNull(config, "config");
            return this;
        }

        /**
         * Where relays' circuit breakers live.
         *
         * @param registry the registry; default {@link #defaultCircuitBreakerRegistry()}
         * @return this builder
         */
        public Builder circuitBreakerRegistry(CircuitBreakerRegistry registry) {
            this.circuitBreakers = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * Where retries live (one per relay, for their metrics and events). The relay's retry is
         * created with the configuration of the first transport that uses it, and serves the
         * transports with that configuration: those given the same {@link RetryConfig} object, or
         * configured by the same session.
         *
         * @param registry the registry; default {@link #defaultRetryRegistry()}
         * @return this builder
         */
        public Builder retryRegistry(RetryRegistry registry) {
            this.retries = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * The classifier that decides what each failure means.
         *
         * @param classifier the classifier; default {@link Classifier#standard()}
         * @return this builder
         */
        public Builder classifier(Classifier classifier) {
            this.classifier = Objects.requireNonNull(classifier, "classifier");
            return this;
        }

        /**
         * Who observes attempts, retries, give-ups and breaker transitions.
         *
         * @param listener the listener; default none
         * @return this builder
         */
        public Builder listener(ResilienceListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * The clock of the time budget.
         *
         * @param clock the clock; default the system clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * How the transport waits between attempts.
         *
         * @param sleeper the sleeper; default {@link Sleeper#THREAD}
         * @return this builder
         */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /**
         * The time budget of one send, waits included.
         *
         * @param maxDuration a positive duration; default 2 minutes
         * @return this builder
         */
        public Builder maxDuration(Duration maxDuration) {
            if (maxDuration.isNegative() || maxDuration.isZero()) {
                throw new IllegalArgumentException("maxDuration must be positive: " + maxDuration);
            }
            this.maxDuration = maxDuration;
            return this;
        }

        /**
         * What to do when the connection drops after the final ".".
         *
         * @param guarantee the guarantee; default {@link DeliveryGuarantee#AT_LEAST_ONCE}
         * @return this builder
         */
        public Builder deliveryGuarantee(DeliveryGuarantee guarantee) {
            this.guarantee = Objects.requireNonNull(guarantee, "guarantee");
            return this;
        }

        /**
         * Whether listener events and exception messages mask recipient addresses: {@code
         * bob@example.com} shows as {@code b***@example.com}, in the recipients of {@link
         * ResilienceListener.Attempt} and in the reply text and reason of every event's and
         * exception's message. The caller's own objects keep the real addresses: {@link
         * SmtpFailure#recipients()}, {@link SmtpFailure#classification()}, the address arrays of
         * {@link SendFailedException}, Jakarta Mail's {@code TransportEvent}s and the chained Angus
         * Mail exception ({@link MessagingException#getNextException()}, which {@code toString()}
         * and stack traces print: log {@code getMessage()} when addresses must not reach the logs).
         *
         * @param hide true to mask; default from {@code mail.resilient-smtp.hide-recipients}, else
         *     false
         * @return this builder
         */
        public Builder hideRecipients(boolean hide) {
            this.hideRecipients = hide;
            return this;
        }

        /**
         * Builds the transport.
         *
         * @return a transport, not yet connected
         * @throws IllegalArgumentException when a session setting is invalid (the message names the
         *     key) or the protocol has no transport
         */
        public ResilientTransport build() {
            String outer = protocol.equals("smtps") ? PROTOCOL_SSL : PROTOCOL;
            // Frameworks build a transport per connection with every setting given: reading the
            // session's settings would only build configurations to throw away.
            TransportSettings base =
                    retryConfig != null
                                    && maxDuration != null
                                    && circuitBreakerConfig != null
                                    && guarantee != null
                                    && hideRecipients != null
                            ? TransportSettings.defaults()
                            : TransportSettings.from(session.getProperties(), outer);
            TransportSettings settings =
                    new TransportSettings(
                            retryConfig == null ? base.retry() : retryConfig,
                            maxDuration == null ? base.maxDuration() : maxDuration,
                            circuitBreakerConfig == null
                                    ? base.circuitBreaker()
                                    : circuitBreakerConfig,
                            guarantee == null ? base.guarantee() : guarantee,
                            hideRecipients == null ? base.hideRecipients() : hideRecipients);
            Setup setup =
                    new Setup(
                            outer,
                            protocol,
                            settings,
                            null,
                            circuitBreakers,
                            retries,
                            classifier,
                            listener,
                            clock,
                            sleeper);
            return new ResilientTransport(
                    session, new URLName(outer, null, -1, null, null, null), setup);
        }
    }
}
