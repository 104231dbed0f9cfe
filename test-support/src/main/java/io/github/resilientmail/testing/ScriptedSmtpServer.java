package io.github.resilientmail.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * An SMTP server on loopback that answers what a test scripts, and counts what it really received.
 *
 * <p>Unscripted, it speaks ordinary ESMTP: the greeting {@code 220 <name> ESMTP ready}; {@code
 * EHLO} advertising {@code SIZE}, {@code 8BITMIME}, {@code ENHANCEDSTATUSCODES}, {@code AUTH PLAIN
 * LOGIN} (when credentials are set) and {@code SMTPUTF8}, but not {@code PIPELINING} nor {@code
 * STARTTLS}; {@code HELO}, {@code AUTH PLAIN} and {@code AUTH LOGIN}, {@code MAIL}, {@code RCPT},
 * {@code DATA} (dot-unstuffed), {@code RSET}, {@code NOOP} and {@code QUIT}; {@code 500} for
 * unknown commands and for lines longer than {@value #MAX_LINE_LENGTH} octets, {@code 503} for
 * commands out of order, {@code 552} for a message larger than the configured size, and {@code 421}
 * then close after the idle timeout (60 seconds by default). Each message answered with {@code 2yz}
 * is recorded as a {@link Delivery}. With {@link Builder#forwardTo(String, int)} it relays each
 * message it would accept to an upstream server, such as GreenMail, and accepts only what the
 * upstream accepted.
 *
 * <p>{@link #script()} replaces answers at any {@link SmtpStep} with an {@link Action}: a chosen
 * reply, a dropped connection, a hang, garbage or a slow trickle.
 *
 * <pre>{@code
 * try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().credentials("user", "secret").start()) {
 *     server.script().on(SmtpStep.RCPT, "bob@example.com").reply("450 4.2.0 Greylisted").once();
 *     // ... send to 127.0.0.1:server.port() with the client under test ...
 *     assertThat(server.awaitDeliveries(1, Duration.ofSeconds(5))).isTrue();
 *     assertThat(server.deliveredTo("bob@example.com")).isEqualTo(1);
 * }
 * }</pre>
 *
 * <p>Each connection is served by a thread of a pool of at most {@link Builder#maxConnections(int)}
 * threads; further connections get {@code 421} and are closed. Thread-safe: the accessors can be
 * called at any time from any thread and return snapshots.
 */
public final class ScriptedSmtpServer implements AutoCloseable {

    /** The size advertised in {@code EHLO} and enforced unless configured: 10 MiB. */
    public static final int DEFAULT_MAX_SIZE = 10_485_760;

    /** The largest size that can be configured: 64 MiB. */
    public static final int MAX_SIZE_LIMIT = 64 * 1024 * 1024;

    /** The longest command line accepted, in octets, without its {@code CRLF}. */
    public static final int MAX_LINE_LENGTH = 4096;

    private static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    private static final int DEFAULT_MAX_CONNECTIONS = 32;
    private static final long JOIN_MILLIS = 5_000;
    private static final AtomicInteger SERVERS = new AtomicInteger();

    private final String name;
    private final @Nullable String user;
    private final @Nullable String password;
    private final int maxSize;
    private final int idleMillis;
    private final @Nullable FaultInjector faults;
    private final @Nullable Upstream upstream;

    private final SmtpScript script = new SmtpScript();
    private final Ledger ledger = new Ledger();
    private final ServerSocket serverSocket;
    private final ThreadPoolExecutor pool;
    private final Thread acceptor;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final AtomicLong queueIds = new AtomicLong();

    private ScriptedSmtpServer(Builder builder, ServerSocket serverSocket) {
        this.name = builder.name;
        this.user = builder.user;
        this.password = builder.password;
        this.maxSize = builder.maxSize;
        this.idleMillis = (int) Math.min(Integer.MAX_VALUE, builder.idleTimeout.toMillis());
        this.faults = builder.faults;
        this.upstream = builder.upstream;
        this.serverSocket = serverSocket;
        int serverNumber = SERVERS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        this.pool =
                new ThreadPoolExecutor(
                        0,
                        builder.maxConnections,
                        10,
                        TimeUnit.SECONDS,
                        new SynchronousQueue<>(),
                        task -> {
                            Thread thread =
                                    new Thread(
                                            task,
                                            "scripted-smtp-"
                                                    + serverNumber
                                                    + "-connection-"
                                                    + threads.incrementAndGet());
                            thread.setDaemon(true);
                            return thread;
                        });
        this.acceptor = new Thread(this::acceptLoop, "scripted-smtp-" + serverNumber + "-accept");
        this.acceptor.setDaemon(true);
    }

    /**
     * Starts a server with the defaults: no credentials, no faults, {@value #DEFAULT_MAX_SIZE}
     * octets, 60 seconds idle timeout.
     *
     * @return the running server, listening on 127.0.0.1 on an ephemeral port
     * @throws UncheckedIOException if the port cannot be bound
     */
    public static ScriptedSmtpServer start() {
        return builder().start();
    }

    /**
     * A builder for a server with other settings.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The address the server listens on.
     *
     * @return {@code "127.0.0.1"}
     */
    public String host() {
        return "127.0.0.1";
    }

    /**
     * The port the server listens on.
     *
     * @return the ephemeral port chosen at start
     */
    public int port() {
        return serverSocket.getLocalPort();
    }

    /**
     * The rules that replace normal answers; they can change while the server runs.
     *
     * @return the script, the same object every time
     */
    public SmtpScript script() {
        return script;
    }

    /**
     * The messages delivered, in the order the server answered them with {@code 2yz}.
     *
     * @return a snapshot
     */
    public List<Delivery> deliveries() {
        return ledger.deliveries();
    }

    /**
     * The messages received in full but neither delivered nor refused: the server dropped the
     * connection, hung or sent garbage instead of answering the final dot, or its {@linkplain
     * Builder#forwardTo(String, int) upstream} did not answer it, so the client cannot know whether
     * they were delivered (RFC 1047). Not counted in {@link #deliveries()}.
     *
     * @return a snapshot
     */
    public List<Delivery> undecided() {
        return ledger.undecided();
    }

    /**
     * How many delivered messages went to an address: each recipient accepted in a delivered
     * transaction counts once, so an address accepted twice in one transaction counts twice.
     *
     * @param address the address, compared ignoring case, angle brackets optional
     * @return the count, 0 when none
     */
    public int deliveredTo(String address) {
        return ledger.deliveredTo(address);
    }

    /**
     * How many connections the server has accepted, including ones it refused with {@code 421}
     * because all its threads were busy.
     *
     * @return the count
     */
    public int connections() {
        return ledger.connections();
    }

    /**
     * Every command line received, in order, across connections, with its connection number. The
     * message content is not included (its final dot is, as {@code "."}); {@code AUTH} payloads are
     * masked: {@code AUTH PLAIN ***} for an initial response and {@code ***} for each answer to a
     * challenge. Lines longer than {@value #MAX_LINE_LENGTH} octets and lines read while hanging
     * are not included.
     *
     * @return a snapshot
     */
    public List<TranscriptLine> transcript() {
        return ledger.transcript();
    }

    /**
     * Waits until the server has accepted at least {@code n} connections.
     *
     * @param n the count to reach
     * @param timeout how long to wait at most
     * @return whether the count was reached in time
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    public boolean awaitConnections(int n, Duration timeout) throws InterruptedException {
        return ledger.awaitConnections(n, timeout);
    }

    /**
     * Waits until at least {@code n} messages have been delivered.
     *
     * @param n the count to reach
     * @param timeout how long to wait at most
     * @return whether the count was reached in time
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    public boolean awaitDeliveries(int n, Duration timeout) throws InterruptedException {
        return ledger.awaitDeliveries(n, timeout);
    }

    /**
     * Waits until at least {@code n} messages are {@linkplain #undecided() undecided}.
     *
     * @param n the count to reach
     * @param timeout how long to wait at most
     * @return whether the count was reached in time
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    public boolean awaitUndecided(int n, Duration timeout) throws InterruptedException {
        return ledger.awaitUndecided(n, timeout);
    }

    /**
     * Stops the server: closes the listening socket and every open connection, hung ones included,
     * and waits a few seconds at most for its threads to end. Idempotent; the records stay
     * readable.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closing.countDown();
        closeQuietly(serverSocket);
        for (Socket socket : open) {
            closeQuietly(socket);
        }
        pool.shutdownNow();
        boolean interrupted = false;
        try {
            acceptor.join(JOIN_MILLIS);
            pool.awaitTermination(JOIN_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Describes the server.
     *
     * @return its address and counts
     */
    @Override
    public String toString() {
        return "ScriptedSmtpServer[127.0.0.1:"
                + port()
                + ", connections="
                + connections()
                + ", deliveries="
                + deliveries().size()
                + (closed.get() ? ", closed" : "")
                + "]";
    }

    // Used by the sessions.

    String name() {
        return name;
    }

    boolean requiresAuth() {
        return user != null;
    }

    boolean checkCredentials(String givenUser, String givenPassword) {
        return givenUser.equals(user) && givenPassword.equals(password);
    }

    int maxSize() {
        return maxSize;
    }

    int idleMillis() {
        return idleMillis;
    }

    Ledger ledger() {
        return ledger;
    }

    boolean isClosed() {
        return closed.get();
    }

    @Nullable Upstream upstream() {
        return upstream;
    }

    /** Tracks a socket of the server's own, closed when the server closes. */
    void opened(Socket socket) {
        open.add(socket);
        if (closed.get()) {
            finished(socket);
        }
    }

    /** Waits for the pause or until the server closes; returns whether it is closing. */
    boolean awaitClosing(Duration pause) throws InterruptedException {
        return closing.await(pause.toNanos(), TimeUnit.NANOSECONDS);
    }

    String nextQueueId() {
        return String.format("%08X", queueIds.incrementAndGet());
    }

    @Nullable Action decide(SmtpStep step, int connection, String argument) {
        Action action = script.take(step, argument, connection);
        if (action == null && faults != null) {
            action = faults.decide(step, connection, argument);
        }
        return action;
    }

    void finished(Socket socket) {
        open.remove(socket);
        closeQuietly(socket);
    }

    private void startAccepting() {
        acceptor.start();
    }

    private void acceptLoop() {
        while (!closed.get()) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (closed.get() || serverSocket.isClosed()) {
                    return;
                }
                continue;
            }
            int number = ledger.connectionAccepted();
            open.add(socket);
            if (closed.get()) {
                finished(socket);
                return;
            }
            try {
                pool.execute(new SmtpSession(this, socket, number));
            } catch (RejectedExecutionException busy) {
                refuse(socket);
            }
        }
    }

    private void refuse(Socket socket) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(
                    ("421 4.3.2 " + name + " Error: too many connections\r\n")
                            .getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException ignored) {
            // The client is gone already.
        } finally {
            finished(socket);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // Closing anyway.
        }
    }

    /**
     * One command line received.
     *
     * @param connection the number of the connection, from 1
     * @param line the line without its {@code CRLF}, {@code AUTH} payloads masked
     */
    public record TranscriptLine(int connection, String line) {

        /**
         * Validates the parts.
         *
         * @param connection the connection's number
         * @param line the line
         * @throws NullPointerException if {@code line} is {@code null}
         */
        public TranscriptLine {
            Objects.requireNonNull(line, "line");
        }
    }

    /**
     * Settings of a server; {@link #start()} binds it. Not thread-safe.
     *
     * <pre>{@code
     * ScriptedSmtpServer server = ScriptedSmtpServer.builder()
     *         .credentials("user", "secret")
     *         .maxSize(1_000_000)
     *         .start();
     * }</pre>
     */
    public static final class Builder {

        private String name = "localhost";
        private @Nullable String user;
        private @Nullable String password;
        private int maxSize = DEFAULT_MAX_SIZE;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private @Nullable FaultInjector faults;
        private @Nullable Upstream upstream;

        private Builder() {}

        /**
         * The name in the greeting and the {@code EHLO} reply; {@code localhost} by default.
         *
         * @param serverName the name, without spaces or line breaks
         * @return this builder
         * @throws IllegalArgumentException if the name is empty or holds white space
         */
        public Builder name(String serverName) {
            if (serverName.isEmpty() || serverName.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException(
                        "the name must be one word, got '" + serverName + "'");
            }
            this.name = serverName;
            return this;
        }

        /**
         * Requires authentication with these credentials: {@code AUTH PLAIN LOGIN} is advertised,
         * {@code MAIL} before a successful {@code AUTH} gets {@code 530} and wrong credentials
         * {@code 535}. None by default.
         *
         * @param username the user name
         * @param secret the password
         * @return this builder
         * @throws NullPointerException if an argument is {@code null}
         */
        public Builder credentials(String username, String secret) {
            this.user = Objects.requireNonNull(username, "username");
            this.password = Objects.requireNonNull(secret, "secret");
            return this;
        }

        /**
         * The largest message accepted, advertised as {@code SIZE}; {@code MAIL FROM} with a larger
         * {@code SIZE=} and larger messages get {@code 552}. {@value
         * ScriptedSmtpServer#DEFAULT_MAX_SIZE} by default.
         *
         * @param octets the size, 1 to {@link ScriptedSmtpServer#MAX_SIZE_LIMIT}
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder maxSize(int octets) {
            if (octets < 1 || octets > MAX_SIZE_LIMIT) {
                throw new IllegalArgumentException(
                        "maxSize must be 1 to " + MAX_SIZE_LIMIT + ", got " + octets);
            }
            this.maxSize = octets;
            return this;
        }

        /**
         * How long the server waits for a command or data before it answers {@code 421} and closes
         * the connection; 60 seconds by default. A hung connection ignores it.
         *
         * @param timeout the timeout, at least one millisecond
         * @return this builder
         * @throws IllegalArgumentException if shorter than one millisecond
         */
        public Builder idleTimeout(Duration timeout) {
            if (timeout.toMillis() < 1) {
                throw new IllegalArgumentException(
                        "idleTimeout must be at least 1 ms, got " + timeout);
            }
            this.idleTimeout = timeout;
            return this;
        }

        /**
         * How many connections are served at once (hung ones included); further connections get
         * {@code 421} and are closed. 32 by default.
         *
         * @param n the count, at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code n} is less than 1
         */
        public Builder maxConnections(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxConnections must be at least 1, got " + n);
            }
            this.maxConnections = n;
            return this;
        }

        /**
         * Asks this injector what to do at each step that no script rule matched; none by default.
         *
         * @param injector the injector
         * @return this builder
         * @throws NullPointerException if {@code injector} is {@code null}
         */
        public Builder faults(FaultInjector injector) {
            this.faults = Objects.requireNonNull(injector, "injector");
            return this;
        }

        /**
         * Relays each message the server would accept to an upstream SMTP server, such as
         * GreenMail, and answers the final dot with {@code 250} only once the upstream accepted it:
         * the scripted faults then stand in front of a real server. None by default.
         *
         * <p>For each message the server opens a new connection to the upstream and sends {@code
         * EHLO} (or {@code HELO}), {@code MAIL FROM}, one {@code RCPT TO} per accepted recipient,
         * {@code DATA}, the message as received (dot-stuffed again) and {@code QUIT}, without TLS,
         * authentication or extensions, waiting {@value Upstream#TIMEOUT_MILLIS} ms at most for the
         * connection and each reply. The message is recorded in {@link #deliveries()} when the
         * upstream accepted it. When the upstream refuses a step, the client gets the upstream's
         * reply and the message is recorded nowhere; one refused recipient refuses them all, since
         * one reply to the final dot stands for every recipient. When the upstream cannot be
         * reached the client gets {@code 451 4.4.1}; when it does not answer the final dot, {@code
         * 451 4.4.2} and the message is {@linkplain #undecided() undecided}.
         *
         * <p>Scripted actions and the fault injector replace the normal answer, relaying included:
         * a message whose final dot is answered by a rule is never relayed (a {@code 2yz} rule then
         * records a delivery that the upstream never saw, as a server that loses mail would).
         *
         * @param host the upstream's host name or address
         * @param port the upstream's port
         * @return this builder
         * @throws NullPointerException if {@code host} is {@code null}
         * @throws IllegalArgumentException if {@code host} is empty or {@code port} is not 1 to
         *     65535
         */
        public Builder forwardTo(String host, int port) {
            Objects.requireNonNull(host, "host");
            if (host.isBlank()) {
                throw new IllegalArgumentException("host must not be empty");
            }
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("port must be 1 to 65535, got " + port);
            }
            this.upstream = new Upstream(host, port);
            return this;
        }

        /**
         * Binds 127.0.0.1 on an ephemeral port and starts serving.
         *
         * @return the running server; close it when done
         * @throws UncheckedIOException if the port cannot be bound
         */
        public ScriptedSmtpServer start() {
            ServerSocket serverSocket;
            try {
                serverSocket =
                        new ServerSocket(
                                0, 50, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot bind 127.0.0.1", e);
            }
            ScriptedSmtpServer server = new ScriptedSmtpServer(this, serverSocket);
            server.startAccepting();
            return server;
        }
    }
}
