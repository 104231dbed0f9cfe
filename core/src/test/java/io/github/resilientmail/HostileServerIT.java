package io.github.resilientmail;

import static io.github.resilientmail.Mails.BOB;
import static io.github.resilientmail.Mails.commands;
import static io.github.resilientmail.Mails.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.management.UnixOperatingSystemMXBean;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilientmail.reply.Category;
import io.github.resilientmail.reply.SmtpReply;
import io.github.resilientmail.testing.Action;
import io.github.resilientmail.testing.ScriptedSmtpServer;
import io.github.resilientmail.testing.SmtpStep;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Servers that misbehave on purpose: each ends within the configured timeouts (here {@code
 * mail.smtp.timeout=} {@value #TIMEOUT_MILLIS} ms, 3 attempts, no backoff) with a clear typed
 * exception whose message stays short, and leaves no connection open.
 */
class HostileServerIT {

    private static final int TIMEOUT_MILLIS = 500;

    /** Longest exception message accepted: the reply text is cut at 4 KiB. */
    private static final int MAX_MESSAGE = SmtpReply.MAX_TEXT_LENGTH + 1024;

    private final FakeClock clock = new FakeClock();
    private final RecordingListener listener = new RecordingListener();
    private ScriptedSmtpServer server;
    private long descriptorsBefore;

    /**
     * Loads the classes (and opens the jars) a send needs, so that counting descriptors is fair.
     */
    @BeforeAll
    static void warmUp() throws Exception {
        try (ScriptedSmtpServer warm = ScriptedSmtpServer.start()) {
            warm.script().on(SmtpStep.RCPT).reply("550 5.1.1 unknown").once();
            Session session = Mails.session(warm);
            for (int i = 0; i < 2; i++) {
                try (ResilientTransport transport =
                        ResilientTransport.builder(session)
                                .circuitBreakerRegistry(CircuitBreakerRegistry.ofDefaults())
                                .retryRegistry(RetryRegistry.ofDefaults())
                                .build()) {
                    transport.connect();
                    MimeMessage message = message(session, BOB);
                    catchThrowable(
                            () -> transport.sendMessage(message, message.getAllRecipients()));
                }
            }
        }
    }

    @BeforeEach
    void start() {
        server = ScriptedSmtpServer.start();
        descriptorsBefore = openDescriptors();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Session session(String... settings) {
        Session session = Mails.session(server, settings);
        session.getProperties().setProperty("mail.smtp.timeout", String.valueOf(TIMEOUT_MILLIS));
        return session;
    }

    /** Sends as {@code Transport.send} does and returns what was thrown, within a deadline. */
    private Throwable sendWithin(Duration deadline, Session session, ResilientTransport.Builder b)
            throws Exception {
        MimeMessage message = message(session, BOB);
        return assertTimeoutPreemptively(
                deadline,
                () ->
                        catchThrowable(
                                () -> {
                                    try (ResilientTransport transport = b.build()) {
                                        transport.connect();
                                        transport.sendMessage(message, message.getAllRecipients());
                                    }
                                }));
    }

    private Throwable sendWithin(Duration deadline, Session session) throws Exception {
        return sendWithin(deadline, session, builder(session));
    }

    private ResilientTransport.Builder builder(Session session) {
        return Mails.isolated(session, clock).listener(listener);
    }

    /** The failure is typed, short, and the client holds no connection any more. */
    private void assertClearAndClosed(Throwable thrown) throws InterruptedException {
        assertThat(thrown).isInstanceOf(SmtpFailure.class);
        assertThat(thrown.getMessage()).hasSizeLessThan(MAX_MESSAGE);
        assertThat(((SmtpFailure) thrown).reply().text())
                .hasSizeLessThanOrEqualTo(SmtpReply.MAX_TEXT_LENGTH);
        listener.all.forEach(
                event -> assertThat(event.toString()).hasSizeLessThan(2 * MAX_MESSAGE));
        server.close();
        assertThat(awaitDescriptors(descriptorsBefore))
                .as("open file descriptors back to where they were: connections closed")
                .isLessThanOrEqualTo(descriptorsBefore);
    }

    @Test
    void aOneMegabyteReplyLineEndsInATypedExceptionWithAShortMessage() throws Exception {
        server.script()
                .on(SmtpStep.RCPT, BOB)
                .reply("550 5.1.1 <bob@example.com> " + "x".repeat(1 << 20));

        Throwable thrown = sendWithin(Duration.ofSeconds(10), session());

        assertThat(thrown).isExactlyInstanceOf(UnknownRecipientException.class);
        assertThat(((SmtpFailure) thrown).attempts()).isEqualTo(1);
        assertThat(server.deliveries()).isEmpty();
        assertClearAndClosed(thrown);
    }

    @Test
    void aMultiLineReplyOfFiveMegabytesIsCutAtTwoMebibytes() throws Exception {
        String line = "554-5.3.2 " + "y".repeat(40) + "\r\n";
        server.script()
                .on(SmtpStep.CONNECT)
                .reply(line.repeat(5 * (1 << 20) / line.length()) + "554 5.3.2 Go away");

        Throwable thrown = sendWithin(Duration.ofSeconds(10), session());

        assertThat(thrown).isExactlyInstanceOf(TemporaryFailureException.class);
        assertThat(((SmtpFailure) thrown).category()).isEqualTo(Category.NETWORK_ERROR);
        assertThat(((SmtpFailure) thrown).reply().text()).isEqualTo("server reply too long");
        assertClearAndClosed(thrown);
    }

    @Test
    void aServerSendingOneByteASecondIsCutByTheReadTimeout() throws Exception {
        server.script()
                .on(SmtpStep.CONNECT)
                .trickle("220 slow.example ESMTP ready", Duration.ofSeconds(1));
        long started = System.nanoTime();

        Throwable thrown = sendWithin(Duration.ofSeconds(10), session());

        assertThat(thrown).isExactlyInstanceOf(TemporaryFailureException.class);
        assertThat(((SmtpFailure) thrown).category()).isEqualTo(Category.NETWORK_ERROR);
        assertThat(((SmtpFailure) thrown).reply().text()).isEqualTo("read timed out");
        assertThat(((SmtpFailure) thrown).attempts()).isEqualTo(3);
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("3 attempts, each cut after %d ms", TIMEOUT_MILLIS)
                .isLessThan(Duration.ofMillis(3 * TIMEOUT_MILLIS + 2_000));
        assertClearAndClosed(thrown);
    }

    @Test
    void aSlowReplyToTheFinalDotWithAtMostOnceIsReportedAsUncertain() throws Exception {
        server.script()
                .on(SmtpStep.END_OF_DATA)
                .trickle("250 2.0.0 Ok: queued", Duration.ofSeconds(1))
                .once();
        Session session = session();

        Throwable thrown =
                sendWithin(
                        Duration.ofSeconds(10),
                        session,
                        builder(session).deliveryGuarantee(DeliveryGuarantee.AT_MOST_ONCE));

        assertThat(thrown).isExactlyInstanceOf(DeliveryUncertainException.class);
        assertThat(server.deliveries())
                .as("the server had accepted it: the case RFC 1047 describes")
                .hasSize(1);
        assertThat(commands(server, ".")).hasSize(1);
        assertClearAndClosed(thrown);
    }

    @Test
    void invalidUtf8InAReplyIsReadAndReported() throws Exception {
        byte[] reply =
                concat(
                        "550 5.1.1 <bob@example.com> ".getBytes(StandardCharsets.US_ASCII),
                        new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xFE},
                        " unknown\r\n".getBytes(StandardCharsets.US_ASCII));
        server.script().on(SmtpStep.RCPT, BOB).then(Action.garbage(reply));

        Throwable thrown = sendWithin(Duration.ofSeconds(10), session());

        assertThat(thrown).isExactlyInstanceOf(UnknownRecipientException.class);
        assertThat(((SmtpFailure) thrown).reply().code()).isEqualTo(550);
        assertThat(server.deliveries()).isEmpty();
        assertClearAndClosed(thrown);
    }

    @Test
    void invalidUtf8InAPositiveReplyDoesNotStopTheDelivery() throws Exception {
        byte[] greeting =
                concat(
                        "220 ".getBytes(StandardCharsets.US_ASCII),
                        new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF},
                        " ready\r\n".getBytes(StandardCharsets.US_ASCII));
        server.script().on(SmtpStep.CONNECT).then(Action.garbage(greeting));

        Throwable thrown = sendWithin(Duration.ofSeconds(10), session());

        assertThat(thrown).isNull();
        assertThat(server.deliveredTo(BOB)).isEqualTo(1);
    }

    @Test
    void aReplyCodeAboveFiveHundredNinetyNineIsAnUnreadableReply() throws Exception {
        server.script().on(SmtpStep.CONNECT).reply("999 9.9.9 Beyond the protocol");

        Throwable thrown = sendWithin(Duration.ofSeconds(10), session());

        assertThat(thrown).isExactlyInstanceOf(TemporaryFailureException.class);
        assertThat(((SmtpFailure) thrown).category()).isEqualTo(Category.NETWORK_ERROR);
        assertThat(((SmtpFailure) thrown).reply().text()).isEqualTo("unreadable server reply");
        assertThat(((SmtpFailure) thrown).attempts()).isEqualTo(3);
        assertThat(server.connections()).isEqualTo(3);
        assertClearAndClosed(thrown);
    }

    @Test
    void aReplyCodeAboveFiveHundredNinetyNineAtRcptIsAnUnreadableReply() throws Exception {
        server.script().on(SmtpStep.RCPT, BOB).reply("600 6.0.0 Not a reply code");

        Throwable thrown = sendWithin(Duration.ofSeconds(10), session());

        assertThat(thrown).isExactlyInstanceOf(TemporaryFailureException.class);
        assertThat(((SmtpFailure) thrown).category()).isEqualTo(Category.NETWORK_ERROR);
        assertThat(((SmtpFailure) thrown).reply().text()).isEqualTo("unreadable server reply");
        assertThat(server.deliveries()).isEmpty();
        assertClearAndClosed(thrown);
    }

    @Test
    void aReplyCodeBelowTwoHundredIsAProtocolError() throws Exception {
        server.script().on(SmtpStep.MAIL).reply("199 1.0.0 Preliminary");

        Throwable thrown = sendWithin(Duration.ofSeconds(10), session());

        assertThat(thrown).isInstanceOf(SmtpSendException.class);
        assertThat(((SmtpFailure) thrown).isTransient()).isFalse();
        assertThat(((SmtpFailure) thrown).reply().code()).isEqualTo(199);
        assertThat(server.deliveries()).isEmpty();
        assertClearAndClosed(thrown);
    }

    /**
     * Regression: a server that refuses the {@code RSET} sent after a failed transaction keeps that
     * transaction and answers the next {@code MAIL FROM} with {@code 503}; that message was thrown
     * as a permanent protocol error although a new connection delivers it.
     */
    @Test
    void aServerStillInTheLastTransactionAfterARefusedRsetIsLeftForANewConnection()
            throws Exception {
        server.script().on(SmtpStep.RCPT, BOB).reply("550 5.1.1 User unknown").once();
        server.script().on(SmtpStep.RSET).reply("451 4.3.0 Try again later").once();
        Session session = session();
        Throwable first;
        try (ResilientTransport transport = builder(session).build()) {
            transport.connect();
            MimeMessage refused = message(session, BOB);
            first =
                    catchThrowable(
                            () -> transport.sendMessage(refused, refused.getAllRecipients()));
            MimeMessage next = message(session, Mails.CAROL);
            transport.sendMessage(next, next.getAllRecipients());
        }

        assertThat(first).isExactlyInstanceOf(UnknownRecipientException.class);
        assertThat(server.deliveredTo(Mails.CAROL)).isEqualTo(1);
        assertThat(server.connections()).isEqualTo(2);
        assertThat(listener.retries)
                .singleElement()
                .satisfies(r -> assertThat(r.classification().reply().code()).isEqualTo(503));
    }

    @Test
    void anEndlessMultiLineReplyAtFullSpeedIsCutAtTwoMebibytes() throws Exception {
        Throwable thrown;
        try (ServerSocket endless = endlessGreeting(0)) {
            Session session = session("mail.smtp.port", String.valueOf(endless.getLocalPort()));

            thrown = sendWithin(Duration.ofSeconds(20), session);

            assertThat(thrown).isExactlyInstanceOf(TemporaryFailureException.class);
            assertThat(((SmtpFailure) thrown).category()).isEqualTo(Category.NETWORK_ERROR);
            assertThat(((SmtpFailure) thrown).reply().text()).isEqualTo("server reply too long");
            assertThat(((SmtpFailure) thrown).attempts()).isEqualTo(3);
        }
        assertClearAndClosed(thrown);
    }

    @Test
    void anEndlessMultiLineReplyTrickledFasterThanTheReadTimeoutIsCutByIt() throws Exception {
        Throwable thrown;
        try (ServerSocket endless = endlessGreeting(10)) {
            Session session = session("mail.smtp.port", String.valueOf(endless.getLocalPort()));
            long started = System.nanoTime();

            thrown = sendWithin(Duration.ofSeconds(20), session);

            assertThat(thrown).isExactlyInstanceOf(TemporaryFailureException.class);
            assertThat(((SmtpFailure) thrown).category()).isEqualTo(Category.NETWORK_ERROR);
            assertThat(((SmtpFailure) thrown).reply().text()).isEqualTo("server reply too slow");
            assertThat(((SmtpFailure) thrown).attempts()).isEqualTo(3);
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .as("3 attempts, each cut about %d ms after its first byte", TIMEOUT_MILLIS)
                    .isLessThan(Duration.ofMillis(3 * TIMEOUT_MILLIS + 3_000));
        }
        assertClearAndClosed(thrown);
    }

    @Test
    void aGreetingTrickledByteByByteWithinTheReadTimeoutIsCutByIt() throws Exception {
        server.script()
                .on(SmtpStep.CONNECT)
                .trickle("220 " + "s".repeat(60) + " ESMTP", Duration.ofMillis(50));

        Throwable thrown = sendWithin(Duration.ofSeconds(20), session());

        assertThat(thrown).isExactlyInstanceOf(TemporaryFailureException.class);
        assertThat(((SmtpFailure) thrown).reply().text()).isEqualTo("server reply too slow");
        assertClearAndClosed(thrown);
    }

    /**
     * A server greeting with {@code 220-} lines forever, a connection at a time, pausing {@code
     * pauseMillis} between lines.
     */
    private static ServerSocket endlessGreeting(long pauseMillis) throws IOException {
        ServerSocket endless = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
        byte[] line = "220-still greeting\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] lines = new byte[pauseMillis == 0 ? 64 * 1024 / line.length * line.length : 0];
        for (int at = 0; at < lines.length; at += line.length) {
            System.arraycopy(line, 0, lines, at, line.length);
        }
        Thread writer =
                new Thread(
                        () -> {
                            while (!endless.isClosed()) {
                                try (Socket socket = endless.accept()) {
                                    OutputStream out = socket.getOutputStream();
                                    while (true) {
                                        if (pauseMillis == 0) {
                                            out.write(lines);
                                        } else {
                                            out.write(line);
                                            out.flush();
                                            Thread.sleep(pauseMillis);
                                        }
                                    }
                                } catch (IOException ended) {
                                    // The client cut the connection, or the test closed the server.
                                } catch (InterruptedException stopped) {
                                    return;
                                }
                            }
                        });
        writer.setDaemon(true);
        writer.start();
        return endless;
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    /** Open file descriptors of this process, or 0 where the platform does not tell. */
    static long openDescriptors() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof UnixOperatingSystemMXBean unix ? unix.getOpenFileDescriptorCount() : 0;
    }

    /** Waits up to 5 s for the descriptors to drop to {@code target}; returns the last count. */
    static long awaitDescriptors(long target) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        long count = openDescriptors();
        while (count > target && System.nanoTime() < deadline) {
            Thread.sleep(20);
            count = openDescriptors();
        }
        return count;
    }
}
