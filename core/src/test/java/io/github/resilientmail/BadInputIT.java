package io.github.resilientmail;

import static io.github.resilientmail.Mails.BOB;
import static io.github.resilientmail.Mails.CAROL;
import static io.github.resilientmail.Mails.commands;
import static io.github.resilientmail.Mails.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilientmail.reply.Category;
import io.github.resilientmail.testing.ScriptedSmtpServer;
import io.github.resilientmail.testing.SmtpStep;
import jakarta.activation.DataHandler;
import jakarta.activation.DataSource;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input from callers: refused with a clear exception before anything is sent, or with a typed
 * one after the server says so; never half-sent.
 */
class BadInputIT {

    private final FakeClock clock = new FakeClock();
    private final RecordingListener listener = new RecordingListener();
    private final CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
    private ScriptedSmtpServer server;
    private Session session;

    @BeforeEach
    void start() {
        server = ScriptedSmtpServer.start();
        session = Mails.session(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ResilientTransport transport() {
        return ResilientTransport.builder(session)
                .clock(clock)
                .sleeper(clock::advance)
                .circuitBreakerRegistry(breakers)
                .retryRegistry(RetryRegistry.ofDefaults())
                .listener(listener)
                .build();
    }

    /** Connects, then sends; returns what was thrown. */
    private Throwable send(MimeMessage message, Address[] recipients) throws MessagingException {
        try (ResilientTransport transport = transport()) {
            transport.connect();
            return catchThrowable(() -> transport.sendMessage(message, recipients));
        }
    }

    private void assertNothingSent() {
        assertThat(commands(server, "MAIL")).as("MAIL commands").isEmpty();
        assertThat(commands(server, "RCPT")).as("RCPT commands").isEmpty();
        assertThat(server.deliveries()).isEmpty();
        assertThat(server.undecided()).isEmpty();
        assertThat(listener.attempts).as("attempts to send").hasSize(1);
    }

    private static InternetAddress unchecked(String address) {
        InternetAddress unchecked = new InternetAddress();
        unchecked.setAddress(address);
        return unchecked;
    }

    // Refused before anything is sent.

    @Test
    void aNullMessageIsRefused() throws Exception {
        Throwable thrown = send(null, Mails.addresses(BOB));

        assertThat(thrown).isInstanceOf(MessagingException.class).hasMessageContaining("message");
        assertNothingSent();
    }

    static Stream<Arguments> badRecipients() {
        return Stream.of(
                arguments(named("null array", null), "no recipient addresses"),
                arguments(named("no recipient", new Address[0]), "no recipient addresses"),
                arguments(named("a null recipient", new Address[] {null}), "is null"),
                arguments(named("an empty address", new Address[] {unchecked("")}), "empty"),
                arguments(
                        named(
                                "CR/LF injecting a recipient",
                                new Address[] {
                                    unchecked("bob@example.com>\r\nRCPT TO:<dave@example.com")
                                }),
                        "line break"),
                arguments(
                        named("a lone LF", new Address[] {unchecked("bob@example.com\n")}),
                        "line break"),
                arguments(
                        named("a NUL", new Address[] {unchecked("bob\0@example.com")}),
                        "line break"),
                arguments(
                        named(
                                "'>' injecting an ESMTP parameter",
                                new Address[] {unchecked("bob@example.com> NOTIFY=NEVER")}),
                        "'>'"),
                arguments(
                        named(
                                "angle brackets inside the address",
                                new Address[] {unchecked("<bob@example.com>")}),
                        "'<'"),
                arguments(
                        named("white space", new Address[] {unchecked("bob smith@example.com")}),
                        "white space"),
                arguments(
                        named("a tab", new Address[] {unchecked("bob\t@example.com")}),
                        "control character"),
                arguments(
                        named("DEL", new Address[] {unchecked("bob\u007f@example.com")}),
                        "control character"),
                arguments(
                        named(
                                "a Unicode line separator",
                                new Address[] {unchecked("bob\u2028@example.com")}),
                        "white space"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRecipients")
    void aBadRecipientIsRefusedBeforeAnythingIsSent(Address[] recipients, String why)
            throws Exception {
        Throwable thrown = send(message(session, CAROL), recipients);

        assertThat(thrown).isExactlyInstanceOf(InvalidAddressException.class);
        assertThat(thrown.getMessage()).contains(why);
        InvalidAddressException invalid = (InvalidAddressException) thrown;
        assertThat(invalid.attempts()).isZero();
        assertThat(invalid.isTransient()).isFalse();
        if (recipients != null && recipients.length == 1 && recipients[0] != null) {
            assertThat(invalid.getInvalidAddresses()).containsExactly(recipients[0]);
        }
        assertNothingSent();
    }

    @Test
    void aGoodRecipientNextToABadOneIsNotSentEither() throws Exception {
        Throwable thrown =
                send(
                        message(session, CAROL),
                        new Address[] {
                            new InternetAddress(CAROL), unchecked("bob@example.com> NOTIFY=NEVER")
                        });

        assertThat(thrown).isExactlyInstanceOf(InvalidAddressException.class);
        assertNothingSent();
    }

    @Test
    void aQuotedLocalPartWithASpaceIsSent() throws Exception {
        String quoted = "\"bob smith\"@example.com";

        Throwable thrown = send(message(session, CAROL), new Address[] {unchecked(quoted)});

        assertThat(thrown).isNull();
        assertThat(server.deliveredTo(quoted)).isEqualTo(1);
    }

    static Stream<Arguments> injectedHeaders() {
        return Stream.of(
                arguments(
                        named("CR/LF in a header adding Bcc", "X-Campaign"),
                        "spring\r\nBcc: eve@example.com"),
                arguments(named("a lone LF in a header", "X-Campaign"), "spring\nBcc: eve"),
                arguments(named("a lone CR in a header", "X-Campaign"), "spring\rBcc: eve"),
                arguments(named("a line break at the end", "X-Campaign"), "spring\r\n"),
                arguments(named("a NUL in a header", "X-Campaign"), "spring\0"),
                arguments(named("CR/LF in a header name", "X-A\r\nBcc"), "eve@example.com"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("injectedHeaders")
    void aLineBreakThatIsNoFoldInAHeaderIsRefusedBeforeAnythingIsSent(String name, String value)
            throws Exception {
        MimeMessage message = message(session, CAROL);
        message.setHeader(name, value);

        Throwable thrown = send(message, message.getAllRecipients());

        assertThat(thrown).isExactlyInstanceOf(ContentRejectedException.class);
        ContentRejectedException rejected = (ContentRejectedException) thrown;
        assertThat(rejected.category()).isEqualTo(Category.CONTENT_ERROR);
        assertThat(rejected.attempts()).isZero();
        assertThat(rejected.recipients())
                .singleElement()
                .satisfies(o -> assertThat(o.status()).isEqualTo(RecipientOutcome.Status.PENDING));
        assertThat(rejected.getMessage()).doesNotContain("eve@example.com");
        assertNothingSent();
    }

    @Test
    void aSenderWithAnInjectedLineIsRefusedBeforeAnythingIsSent() throws Exception {
        MimeMessage message = message(session, CAROL);
        message.setFrom(unchecked("alice@example.com>\r\nRCPT TO:<eve@example.com"));

        Throwable thrown = send(message, message.getAllRecipients());

        assertThat(thrown).isInstanceOf(SmtpSendException.class);
        assertThat(((SmtpFailure) thrown).isTransient()).isFalse();
        assertThat(((SmtpFailure) thrown).category())
                .isIn(Category.BAD_ADDRESS, Category.CONTENT_ERROR);
        assertThat(commands(server, "MAIL")).isEmpty();
        assertThat(commands(server, "RCPT")).isEmpty();
        assertThat(server.deliveries()).isEmpty();
    }

    @Test
    void aSubjectWithALineBreakIsFoldedOrRefusedButNeverInjected() throws Exception {
        MimeMessage message = message(session, CAROL);
        message.setSubject("Hello\r\nBcc: eve@example.com");

        Throwable thrown = send(message, message.getAllRecipients());

        if (thrown == null) {
            assertThat(server.deliveries())
                    .singleElement()
                    .satisfies(d -> assertThat(d.text()).doesNotContain("\r\nBcc:"));
        } else {
            assertThat(thrown).isExactlyInstanceOf(ContentRejectedException.class);
            assertNothingSent();
        }
    }

    @Test
    void aFoldedHeaderIsSent() throws Exception {
        MimeMessage message = message(session, CAROL);
        message.setHeader("X-Long", "first part\r\n second part\r\n\tthird part");

        Throwable thrown = send(message, message.getAllRecipients());

        assertThat(thrown).isNull();
        assertThat(server.deliveredTo(CAROL)).isEqualTo(1);
    }

    // Refused by the server: a typed exception after it says so.

    @Test
    void anAddressTheServerCannotParseGetsATypedExceptionAfterItSaysSo() throws Exception {
        server.script().on(SmtpStep.RCPT, "bob").reply("553 5.1.3 Bad recipient address syntax");

        Throwable thrown = send(message(session, CAROL), new Address[] {unchecked("bob")});

        assertThat(thrown).isExactlyInstanceOf(InvalidAddressException.class);
        assertThat(((SmtpFailure) thrown).attempts()).isEqualTo(1);
        assertThat(((SmtpFailure) thrown).reply().code()).isEqualTo(553);
        assertThat(server.deliveries()).isEmpty();
    }

    @Test
    void aFiftyMegabyteMessageAgainstATenMegabyteSizeIsRefusedAndNeverDelivered() throws Exception {
        byte[] line =
                ("x".repeat(76) + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] body = new byte[50 * 1024 * 1024 / line.length * line.length];
        for (int at = 0; at < body.length; at += line.length) {
            System.arraycopy(line, 0, body, at, line.length);
        }
        MimeMessage message = message(session, CAROL);
        message.setDataHandler(new DataHandler(new ByteArrayDataSource(body, "text/plain")));
        message.saveChanges();

        Throwable thrown = send(message, message.getAllRecipients());

        assertThat(thrown).isExactlyInstanceOf(MessageTooLargeException.class);
        SmtpFailure failure = (SmtpFailure) thrown;
        assertThat(failure.isTransient()).isFalse();
        assertThat(failure.attempts()).isEqualTo(1);
        assertThat(failure.reply().code()).isEqualTo(552);
        assertThat(commands(server, "DATA")).hasSize(1);
        assertThat(server.deliveries()).isEmpty();
        assertThat(server.undecided()).isEmpty();
        assertThat(onlyBreaker().getMetrics().getNumberOfFailedCalls())
                .as("a message too large says nothing about the relay")
                .isZero();
    }

    // Never half-sent.

    /**
     * Regression: a failing {@code DataSource} was retried as a network error and counted against
     * the relay's breaker, so that enough broken attachments opened it for all mail.
     */
    @Test
    void contentThatFailsWhileBeingWrittenIsNeverDeliveredInPart() throws Exception {
        MimeMessage message = message(session, CAROL);
        message.setDataHandler(new DataHandler(new FailingSource(64 * 1024)));
        message.saveChanges();

        Throwable thrown = send(message, message.getAllRecipients());

        assertThat(thrown).isInstanceOf(SmtpSendException.class);
        SmtpFailure failure = (SmtpFailure) thrown;
        assertThat(failure.isTransient())
                .as("the content fails the same way every time: " + failure.classification())
                .isFalse();
        assertThat(failure.attempts()).isEqualTo(1);
        assertThat(commands(server, ".")).as("no final dot was sent").isEmpty();
        assertThat(server.deliveries()).isEmpty();
        assertThat(server.undecided()).isEmpty();
        assertThat(onlyBreaker().getMetrics().getNumberOfFailedCalls())
                .as("the content's failure says nothing about the relay")
                .isZero();
    }

    private CircuitBreaker onlyBreaker() {
        assertThat(breakers.getAllCircuitBreakers()).hasSize(1);
        return breakers.getAllCircuitBreakers().iterator().next();
    }

    /** Content whose stream fails after some bytes, as a file on a failing disk would. */
    private static final class FailingSource implements DataSource {
        private final int failAfter;

        FailingSource(int failAfter) {
            this.failAfter = failAfter;
        }

        @Override
        public InputStream getInputStream() {
            return new InputStream() {
                private int read;

                @Override
                public int read() throws IOException {
                    if (read++ >= failAfter) {
                        throw new IOException("disk read error");
                    }
                    return read % 78 == 0 ? '\n' : 'x';
                }
            };
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            throw new IOException("read only");
        }

        @Override
        public String getContentType() {
            return "application/octet-stream";
        }

        @Override
        public String getName() {
            return "failing";
        }
    }
}
