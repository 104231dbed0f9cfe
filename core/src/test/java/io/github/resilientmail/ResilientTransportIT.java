package io.github.resilientmail;

import static io.github.resilientmail.Mails.BOB;
import static io.github.resilientmail.Mails.CAROL;
import static io.github.resilientmail.Mails.DAVE;
import static io.github.resilientmail.Mails.addresses;
import static io.github.resilientmail.Mails.commands;
import static io.github.resilientmail.Mails.message;
import static io.github.resilientmail.Mails.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilientmail.reply.Category;
import io.github.resilientmail.reply.SmtpCommand;
import io.github.resilientmail.testing.ScriptedSmtpServer;
import io.github.resilientmail.testing.SmtpScript;
import io.github.resilientmail.testing.SmtpStep;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.event.ConnectionEvent;
import jakarta.mail.event.MailEvent;
import jakarta.mail.event.TransportEvent;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The transport against the scripted server: retries, typed exceptions, recipients, listeners. */
class ResilientTransportIT {

    private final FakeClock clock = new FakeClock();
    private final RecordingListener listener = new RecordingListener();
    private ScriptedSmtpServer server;

    @BeforeEach
    void start() {
        server = ScriptedSmtpServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Scripts the server for one case. */
    @FunctionalInterface
    interface Scripting {
        void apply(SmtpScript script);
    }

    private ResilientTransport.Builder builder(Session session) {
        return Mails.isolated(session, clock).listener(listener);
    }

    private void send(Session session, Message message) throws MessagingException {
        send(builder(session), message);
    }

    private static void send(ResilientTransport.Builder builder, Message message)
            throws MessagingException {
        try (ResilientTransport transport = builder.build()) {
            transport.connect();
            transport.sendMessage(message, message.getAllRecipients());
        }
    }

    // Transient failures: retried, then delivered exactly once.

    static Stream<Arguments> transientFailures() {
        return Stream.of(
                arguments(
                        named(
                                "greylisting 450 at RCPT",
                                (Scripting)
                                        s ->
                                                s.on(SmtpStep.RCPT, BOB)
                                                        .reply(
                                                                "450 4.2.0 Greylisted, try again"
                                                                        + " later")
                                                        .once()),
                        Category.GREYLISTED),
                arguments(
                        named(
                                "421 at the greeting",
                                (Scripting)
                                        s ->
                                                s.on(SmtpStep.CONNECT)
                                                        .reply("421 4.3.2 Service not available")
                                                        .once()),
                        Category.SERVICE_UNAVAILABLE),
                arguments(
                        named(
                                "421 4.7.0 too many connections at the greeting",
                                (Scripting)
                                        s ->
                                                s.on(SmtpStep.CONNECT)
                                                        .reply(
                                                                "421 4.7.0 Too many connections"
                                                                        + " from your host")
                                                        .once()),
                        Category.TOO_MANY_CONNECTIONS),
                arguments(
                        named(
                                "421 at MAIL, then the server closes",
                                (Scripting)
                                        s ->
                                                s.on(SmtpStep.MAIL)
                                                        .reply("421 4.3.2 Shutting down")
                                                        .once()),
                        Category.SERVICE_UNAVAILABLE),
                arguments(
                        named(
                                "451 4.3.0 at the end of data",
                                (Scripting)
                                        s ->
                                                s.on(SmtpStep.END_OF_DATA)
                                                        .reply("451 4.3.0 Temporary local problem")
                                                        .once()),
                        Category.SYSTEM_ERROR),
                arguments(
                        named(
                                "452 4.3.1 system full at MAIL",
                                (Scripting)
                                        s ->
                                                s.on(SmtpStep.MAIL)
                                                        .reply(
                                                                "452 4.3.1 Insufficient system"
                                                                        + " storage")
                                                        .once()),
                        Category.SYSTEM_FULL),
                arguments(
                        named(
                                "connection dropped at EHLO",
                                (Scripting) s -> s.on(SmtpStep.EHLO).drop().once()),
                        Category.NETWORK_ERROR),
                arguments(
                        named(
                                "server hangs at RCPT past the read timeout",
                                (Scripting) s -> s.on(SmtpStep.RCPT).hang().once()),
                        Category.NETWORK_ERROR),
                arguments(
                        named(
                                "connection dropped at MAIL",
                                (Scripting) s -> s.on(SmtpStep.MAIL).drop().once()),
                        Category.NETWORK_ERROR),
                arguments(
                        named(
                                "connection dropped at RCPT",
                                (Scripting) s -> s.on(SmtpStep.RCPT).drop().once()),
                        Category.NETWORK_ERROR),
                arguments(
                        named(
                                "connection dropped at DATA",
                                (Scripting) s -> s.on(SmtpStep.DATA).drop().once()),
                        Category.NETWORK_ERROR));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transientFailures")
    void retriesTransientFailureAndDeliversExactlyOnce(Scripting scripting, Category category)
            throws Exception {
        scripting.apply(server.script());
        Session session = session(server, "mail.smtp.timeout", "500");

        send(session, message(session, BOB, CAROL));

        assertThat(server.deliveries()).hasSize(1);
        assertThat(server.deliveredTo(BOB)).isEqualTo(1);
        assertThat(server.deliveredTo(CAROL)).isEqualTo(1);
        assertThat(listener.retries)
                .singleElement()
                .satisfies(
                        retry -> {
                            assertThat(retry.classification().category()).isEqualTo(category);
                            assertThat(retry.classification().isTransient()).isTrue();
                            assertThat(retry.delay()).isPositive();
                        });
        assertThat(listener.giveUps).isEmpty();
        assertThat(clock.elapsed()).isEqualTo(listener.retries.get(0).delay());
    }

    @Test
    void retriesWhenTheServerClosesBeforeTheGreeting() throws Exception {
        server.script().on(SmtpStep.CONNECT).drop().once();
        Session session = session(server);

        send(session, message(session, BOB));

        assertThat(server.deliveredTo(BOB)).isEqualTo(1);
        assertThat(listener.retries)
                .singleElement()
                .satisfies(
                        r ->
                                assertThat(r.classification().category())
                                        .isEqualTo(Category.NETWORK_ERROR));
    }

    @Test
    void retriesGreylistedRecipientOnTheSameConnection() throws Exception {
        server.script().on(SmtpStep.RCPT, BOB).reply("450 4.2.0 Greylisted").once();
        Session session = session(server);

        send(session, message(session, BOB));

        assertThat(server.deliveredTo(BOB)).isEqualTo(1);
        assertThat(server.connections()).isEqualTo(1);
        assertThat(commands(server, "RCPT")).hasSize(2);
        assertThat(listener.attempts).extracting(a -> a.number()).containsExactly(1, 1, 2);
    }

    @Test
    void reconnectsWhenTheServerClosedTheConnection() throws Exception {
        server.script().on(SmtpStep.MAIL).reply("421 4.3.2 Shutting down").once();
        Session session = session(server);

        send(session, message(session, BOB));

        assertThat(server.deliveredTo(BOB)).isEqualTo(1);
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void givesUpAfterMaxAttemptsWithTransientTemporaryFailure() throws Exception {
        server.script().on(SmtpStep.RCPT, BOB).reply("450 4.2.0 Greylisted");
        Session session = session(server);

        Throwable thrown =
                catchThrowable(
                        () ->
                                send(
                                        builder(session)
                                                .retryConfig(
                                                        RetryConfig.custom()
                                                                .maxAttempts(4)
                                                                .build()),
                                        message(session, BOB)));

        assertThat(thrown).isExactlyInstanceOf(TemporaryFailureException.class);
        TemporaryFailureException failure = (TemporaryFailureException) thrown;
        assertThat(failure.category()).isEqualTo(Category.GREYLISTED);
        assertThat(failure.isTransient()).isTrue();
        assertThat(failure.attempts()).isEqualTo(4);
        assertThat(failure.reply().code()).isEqualTo(450);
        assertThat(failure.reply().command()).isEqualTo(SmtpCommand.RCPT);
        assertThat(failure.recipients())
                .singleElement()
                .satisfies(o -> assertThat(o.status()).isEqualTo(RecipientOutcome.Status.PENDING));
        assertThat(commands(server, "RCPT")).hasSize(4);
        assertThat(server.deliveries()).isEmpty();
        assertThat(listener.retries).hasSize(3);
        assertThat(listener.giveUps)
                .singleElement()
                .satisfies(g -> assertThat(g.attempts()).isEqualTo(4));
    }

    // Permanent failures: typed exception, one attempt.

    static Stream<Arguments> permanentFailures() {
        return Stream.of(
                permanent(
                        "550 5.1.1 at RCPT",
                        SmtpStep.RCPT,
                        "550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown",
                        UnknownRecipientException.class,
                        Category.USER_UNKNOWN),
                permanent(
                        "550 5.2.1 at RCPT",
                        SmtpStep.RCPT,
                        "550 5.2.1 Mailbox disabled, not accepting messages",
                        MailboxDisabledException.class,
                        Category.MAILBOX_DISABLED),
                permanent(
                        "551 5.1.6 at RCPT",
                        SmtpStep.RCPT,
                        "551 5.1.6 User has moved; please try bob@example.org",
                        MailboxMovedException.class,
                        Category.MAILBOX_MOVED),
                permanent(
                        "550 5.1.2 at RCPT",
                        SmtpStep.RCPT,
                        "550 5.1.2 Host or domain name not found",
                        UnknownDomainException.class,
                        Category.HOST_UNKNOWN),
                permanent(
                        "553 5.1.3 at RCPT",
                        SmtpStep.RCPT,
                        "553 5.1.3 Bad recipient address syntax",
                        InvalidAddressException.class,
                        Category.BAD_ADDRESS),
                permanent(
                        "553 relay denied at RCPT",
                        SmtpStep.RCPT,
                        "553 5.7.1 <bob@example.com>: Relay access denied",
                        RelayDeniedException.class,
                        Category.NO_RELAYING),
                permanent(
                        "552 5.3.4 at the end of data",
                        SmtpStep.END_OF_DATA,
                        "552 5.3.4 Message size exceeds fixed limit",
                        MessageTooLargeException.class,
                        Category.MESSAGE_TOO_BIG),
                permanent(
                        "554 5.7.1 spam at the end of data",
                        SmtpStep.END_OF_DATA,
                        "554 5.7.1 Message rejected as spam",
                        SpamRejectedException.class,
                        Category.SPAM_DETECTED),
                permanent(
                        "554 5.7.0 virus at the end of data",
                        SmtpStep.END_OF_DATA,
                        "554 5.7.0 Virus found in message",
                        VirusDetectedException.class,
                        Category.VIRUS_DETECTED),
                permanent(
                        "550 5.7.1 policy at the end of data",
                        SmtpStep.END_OF_DATA,
                        "550 5.7.1 Message rejected due to content policy",
                        PolicyRejectedException.class,
                        Category.POLICY_VIOLATION),
                permanent(
                        "550 5.6.0 malformed headers at the end of data",
                        SmtpStep.END_OF_DATA,
                        "550 5.6.0 Malformed message headers",
                        ContentRejectedException.class,
                        Category.CONTENT_ERROR),
                permanent(
                        "550 5.7.26 DMARC at the end of data",
                        SmtpStep.END_OF_DATA,
                        "550 5.7.26 Unauthenticated email from example.com is not accepted due"
                                + " to domain's DMARC policy",
                        SenderAuthenticationException.class,
                        Category.SENDER_AUTH_FAILED),
                permanent(
                        "554 5.0.0 at the end of data",
                        SmtpStep.END_OF_DATA,
                        "554 5.0.0 Transaction failed",
                        PermanentFailureException.class,
                        Category.UNDEFINED),
                permanent(
                        "554 blocklisted at MAIL",
                        SmtpStep.MAIL,
                        "554 5.7.1 Service unavailable; Client host [127.0.0.1] blocked using"
                                + " zen.spamhaus.org",
                        SenderBlockedException.class,
                        Category.BLOCKED),
                permanent(
                        "550 5.7.1 sender rejected at MAIL",
                        SmtpStep.MAIL,
                        "550 5.7.1 Sender address rejected: access denied",
                        SenderRejectedException.class,
                        Category.SENDER_REJECTED),
                permanent(
                        "530 STARTTLS first at MAIL",
                        SmtpStep.MAIL,
                        "530 5.7.0 Must issue a STARTTLS command first",
                        TlsRequiredException.class,
                        Category.TLS_REQUIRED),
                permanent(
                        "500 at MAIL",
                        SmtpStep.MAIL,
                        "500 5.5.2 Error: command not recognized",
                        SmtpProtocolException.class,
                        Category.SYNTAX_ERROR),
                permanent(
                        "554 at DATA",
                        SmtpStep.DATA,
                        "554 5.7.1 Message rejected as spam",
                        SpamRejectedException.class,
                        Category.SPAM_DETECTED));
    }

    private static Arguments permanent(
            String name,
            SmtpStep step,
            String reply,
            Class<? extends SmtpSendException> type,
            Category category) {
        return arguments(named(name, step), reply, type, category);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("permanentFailures")
    void raisesTypedExceptionForPermanentFailureWithoutRetry(
            SmtpStep step, String reply, Class<? extends SmtpSendException> type, Category category)
            throws Exception {
        if (step == SmtpStep.RCPT) {
            server.script().on(step, BOB).reply(reply);
        } else {
            server.script().on(step).reply(reply);
        }
        Session session = session(server);

        Throwable thrown = catchThrowable(() -> send(session, message(session, BOB)));

        assertThat(thrown).isExactlyInstanceOf(type);
        SmtpSendException failure = (SmtpSendException) thrown;
        assertThat(failure.category()).isEqualTo(category);
        assertThat(failure.isTransient()).isFalse();
        assertThat(failure.attempts()).isEqualTo(1);
        assertThat(failure.reply().toString()).startsWith(reply.substring(0, 3));
        assertThat(failure.getNextException()).as("the Angus exception stays chained").isNotNull();
        assertThat(failure.getMessage()).contains(reply.substring(0, 9));
        assertThat(server.connections()).isEqualTo(1);
        assertThat(commands(server, "MAIL")).hasSize(1);
        assertThat(server.deliveries()).isEmpty();
        assertThat(listener.retries).isEmpty();
        assertThat(listener.giveUps)
                .singleElement()
                .satisfies(g -> assertThat(g.attempts()).isEqualTo(1));
        assertThat(clock.elapsed()).isZero();
    }

    // Transient failures that a short wait cannot cure: thrown at once, transient.

    static Stream<Arguments> transientWithoutRetry() {
        return Stream.of(
                arguments(
                        named("552 5.2.2 mailbox full at RCPT", SmtpStep.RCPT),
                        "552 5.2.2 Mailbox full",
                        MailboxFullException.class,
                        Category.MAILBOX_FULL),
                arguments(
                        named("452 4.5.3 too many recipients at RCPT", SmtpStep.RCPT),
                        "452 4.5.3 Too many recipients",
                        TooManyRecipientsException.class,
                        Category.TOO_MANY_RECIPIENTS),
                arguments(
                        named("550 5.4.5 daily quota at MAIL", SmtpStep.MAIL),
                        "550 5.4.5 Daily user sending quota exceeded",
                        RateLimitedException.class,
                        Category.RATE_LIMITED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transientWithoutRetry")
    void throwsAtOnceAsTransientWhenAShortWaitCannotHelp(
            SmtpStep step, String reply, Class<? extends SmtpSendException> type, Category category)
            throws Exception {
        if (step == SmtpStep.RCPT) {
            server.script().on(step, BOB).reply(reply);
        } else {
            server.script().on(step).reply(reply);
        }
        Session session = session(server);

        Throwable thrown = catchThrowable(() -> send(session, message(session, BOB)));

        assertThat(thrown).isExactlyInstanceOf(type);
        SmtpSendException failure = (SmtpSendException) thrown;
        assertThat(failure.category()).isEqualTo(category);
        assertThat(failure.isTransient()).isTrue();
        assertThat(failure.attempts()).isEqualTo(1);
        assertThat(commands(server, "MAIL")).hasSize(1);
        assertThat(server.deliveries()).isEmpty();
        assertThat(listener.retries).isEmpty();
        assertThat(clock.elapsed()).isZero();
    }

    @Test
    void mailboxFullIsRecipientFailureAndListsTheRecipientAsPending() throws Exception {
        server.script().on(SmtpStep.RCPT, BOB).reply("552 5.2.2 Mailbox full");
        Session session = session(server);

        Throwable thrown = catchThrowable(() -> send(session, message(session, BOB)));

        assertThat(thrown).isInstanceOf(RecipientFailureException.class);
        MailboxFullException failure = (MailboxFullException) thrown;
        assertThat(failure.recipients())
                .singleElement()
                .satisfies(
                        o -> {
                            assertThat(o.address()).isEqualTo(new InternetAddress(BOB));
                            assertThat(o.status()).isEqualTo(RecipientOutcome.Status.PENDING);
                            assertThat(o.failure().category()).isEqualTo(Category.MAILBOX_FULL);
                        });
        assertThat(failure.getValidUnsentAddresses()).containsExactly(new InternetAddress(BOB));
    }

    // Recipients.

    @Test
    void withoutSendPartialOneRefusedRecipientMeansNothingIsDelivered() throws Exception {
        server.script().on(SmtpStep.RCPT, BOB).reply("550 5.1.1 User unknown");
        Session session = session(server);

        Throwable thrown = catchThrowable(() -> send(session, message(session, CAROL, BOB)));

        assertThat(thrown).isExactlyInstanceOf(UnknownRecipientException.class);
        UnknownRecipientException failure = (UnknownRecipientException) thrown;
        assertThat(failure.recipients())
                .extracting(o -> o.address().toString(), RecipientOutcome::status)
                .containsExactly(
                        tuple(CAROL, RecipientOutcome.Status.PENDING),
                        tuple(BOB, RecipientOutcome.Status.FAILED));
        assertThat(failure.getInvalidAddresses()).containsExactly(new InternetAddress(BOB));
        assertThat(failure.getValidUnsentAddresses()).containsExactly(new InternetAddress(CAROL));
        assertThat(failure.getValidSentAddresses()).isEmpty();
        assertThat(failure.acceptedRecipients()).isEmpty();
        assertThat(server.deliveries()).isEmpty();
        assertThat(commands(server, "DATA")).isEmpty();
        assertThat(failure.attempts()).isEqualTo(1);
    }

    @Test
    void withoutSendPartialATransientRecipientFailureResendsToAll() throws Exception {
        server.script().on(SmtpStep.RCPT, BOB).reply("450 4.2.0 Greylisted").once();
        Session session = session(server);

        send(session, message(session, CAROL, BOB));

        assertThat(server.deliveries()).hasSize(1);
        assertThat(server.deliveredTo(CAROL)).isEqualTo(1);
        assertThat(server.deliveredTo(BOB)).isEqualTo(1);
    }

    @Test
    void withSendPartialDeliversOnceToAcceptedRecipientsRetriesTransientOnesAndReportsRefusal()
            throws Exception {
        server.script().on(SmtpStep.RCPT, BOB).reply("550 5.1.1 User unknown");
        server.script().on(SmtpStep.RCPT, DAVE).reply("450 4.2.0 Greylisted").once();
        Session session = session(server, "mail.smtp.sendpartial", "true");
        Mails.EventLog events = new Mails.EventLog();

        Throwable thrown;
        try (ResilientTransport transport = builder(session).build()) {
            transport.addTransportListener(events);
            transport.addConnectionListener(events);
            transport.connect();
            MimeMessage message = message(session, CAROL, BOB, DAVE);
            thrown =
                    catchThrowable(
                            () -> transport.sendMessage(message, message.getAllRecipients()));
        }

        assertThat(server.deliveredTo(CAROL)).isEqualTo(1);
        assertThat(server.deliveredTo(DAVE)).isEqualTo(1);
        assertThat(server.deliveredTo(BOB)).isZero();
        assertThat(server.deliveries())
                .extracting(d -> d.recipients())
                .containsExactly(List.of(CAROL), List.of(DAVE));
        assertThat(commands(server, "RCPT TO:<" + CAROL + ">")).hasSize(1);
        assertThat(thrown).isExactlyInstanceOf(UnknownRecipientException.class);
        UnknownRecipientException failure = (UnknownRecipientException) thrown;
        assertThat(failure.recipients())
                .extracting(o -> o.address().toString(), RecipientOutcome::status)
                .containsExactly(
                        tuple(CAROL, RecipientOutcome.Status.ACCEPTED),
                        tuple(BOB, RecipientOutcome.Status.FAILED),
                        tuple(DAVE, RecipientOutcome.Status.ACCEPTED));
        assertThat(failure.getValidSentAddresses())
                .containsExactly(new InternetAddress(CAROL), new InternetAddress(DAVE));
        assertThat(failure.getInvalidAddresses()).containsExactly(new InternetAddress(BOB));
        assertThat(failure.attempts()).isEqualTo(2);
        assertThat(listener.attempts.get(2).recipients())
                .containsExactly(new InternetAddress(DAVE));
        assertThat(Mails.EventLog.transportEventTypes(events.untilClosed()))
                .containsExactly(TransportEvent.MESSAGE_PARTIALLY_DELIVERED);
    }

    @Test
    void withSendPartialMailboxFullRecipientIsReportedAndTheOthersGetOneCopy() throws Exception {
        server.script().on(SmtpStep.RCPT, BOB).reply("552 5.2.2 Mailbox full");
        Session session = session(server, "mail.smtp.sendpartial", "true");

        Throwable thrown = catchThrowable(() -> send(session, message(session, CAROL, BOB)));

        assertThat(thrown).isExactlyInstanceOf(MailboxFullException.class);
        assertThat(((SmtpFailure) thrown).isTransient()).isTrue();
        assertThat(((MailboxFullException) thrown).acceptedRecipients())
                .containsExactly(new InternetAddress(CAROL));
        assertThat(server.deliveredTo(CAROL)).isEqualTo(1);
        assertThat(server.deliveredTo(BOB)).isZero();
        assertThat(commands(server, "MAIL")).hasSize(1);
    }

    @Test
    void recipientsFailingDifferentlyGiveTheGroupTheyShare() throws Exception {
        server.script().on(SmtpStep.RCPT, BOB).reply("550 5.1.1 User unknown");
        server.script().on(SmtpStep.RCPT, CAROL).reply("550 5.2.1 Mailbox disabled");
        Session session = session(server);

        Throwable thrown = catchThrowable(() -> send(session, message(session, BOB, CAROL)));

        assertThat(thrown).isExactlyInstanceOf(RecipientFailureException.class);
        assertThat(((SmtpFailure) thrown).recipients())
                .extracting(o -> o.failure().category())
                .containsExactly(Category.USER_UNKNOWN, Category.MAILBOX_DISABLED);
    }

    // Time.

    @Test
    void timeBudgetStopsRetriesAndTheExceptionSaysTransient() throws Exception {
        server.script().on(SmtpStep.RCPT, BOB).reply("450 4.2.0 Greylisted");
        Session session = session(server);
        ResilientTransport.Builder builder =
                builder(session)
                        .retryConfig(
                                RetryConfig.custom()
                                        .maxAttempts(100)
                                        .intervalFunction(
                                                IntervalFunction.of(Duration.ofSeconds(2)))
                                        .build())
                        .maxDuration(Duration.ofSeconds(5));

        Throwable thrown = catchThrowable(() -> send(builder, message(session, BOB)));

        assertThat(thrown).isExactlyInstanceOf(TemporaryFailureException.class);
        SmtpFailure failure = (SmtpFailure) thrown;
        assertThat(failure.isTransient()).isTrue();
        assertThat(failure.attempts()).isEqualTo(3);
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(4));
        assertThat(listener.giveUps)
                .singleElement()
                .satisfies(g -> assertThat(g.reason()).contains("time budget"));
        assertThat(commands(server, "RCPT")).hasSize(3);
        assertThat(server.deliveries()).isEmpty();
    }

    @Test
    void waitsAtLeastAsLongAsTheServerAsks() throws Exception {
        server.script()
                .on(SmtpStep.RCPT, BOB)
                .reply("450 4.7.1 Rate limit exceeded, try again in 30 seconds")
                .once();
        Session session = session(server);

        send(session, message(session, BOB));

        assertThat(server.deliveredTo(BOB)).isEqualTo(1);
        assertThat(listener.retries)
                .singleElement()
                .satisfies(
                        r -> assertThat(r.delay()).isGreaterThanOrEqualTo(Duration.ofSeconds(30)));
        assertThat(clock.elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void serverThatHangsAtMailTimesOutAsNetworkError() throws Exception {
        server.script().on(SmtpStep.MAIL).hang();
        Session session = session(server, "mail.smtp.timeout", "500");

        Throwable thrown =
                assertTimeoutPreemptively(
                        Duration.ofSeconds(15),
                        () -> catchThrowable(() -> send(session, message(session, BOB))));

        assertThat(thrown).isExactlyInstanceOf(TemporaryFailureException.class);
        SmtpFailure failure = (SmtpFailure) thrown;
        assertThat(failure.category()).isEqualTo(Category.NETWORK_ERROR);
        assertThat(failure.isTransient()).isTrue();
        assertThat(failure.attempts()).isEqualTo(3);
        assertThat(server.deliveries()).isEmpty();
    }

    // Invalid input: nothing is sent.

    @Test
    void nullMessageIsRefusedBeforeAnythingIsSent() throws Exception {
        Session session = session(server);
        try (ResilientTransport transport = builder(session).build()) {
            transport.connect();

            assertThatThrownBy(() -> transport.sendMessage(null, addresses(BOB)))
                    .isInstanceOf(MessagingException.class)
                    .hasMessageContaining("message");
        }
        assertThat(commands(server, "MAIL")).isEmpty();
    }

    @Test
    void emptyRecipientsAreRefusedBeforeAnythingIsSent() throws Exception {
        Session session = session(server);
        try (ResilientTransport transport = builder(session).build()) {
            transport.connect();
            MimeMessage message = message(session, BOB);

            assertThatThrownBy(() -> transport.sendMessage(message, new Address[0]))
                    .isInstanceOf(InvalidAddressException.class)
                    .hasMessageContaining("no recipient")
                    .satisfies(e -> assertThat(((SmtpFailure) e).attempts()).isZero());
            assertThatThrownBy(() -> transport.sendMessage(message, null))
                    .isInstanceOf(InvalidAddressException.class);
        }
        assertThat(commands(server, "MAIL")).isEmpty();
    }

    @Test
    void addressWithLineBreakIsRefusedBeforeAnythingIsSent() throws Exception {
        Session session = session(server);
        InternetAddress evil = new InternetAddress();
        evil.setAddress("bob@example.com>\r\nRCPT TO:<dave@example.com");
        try (ResilientTransport transport = builder(session).build()) {
            transport.connect();
            MimeMessage message = message(session, CAROL);

            assertThatThrownBy(
                            () ->
                                    transport.sendMessage(
                                            message,
                                            new Address[] {new InternetAddress(CAROL), evil}))
                    .isInstanceOf(InvalidAddressException.class)
                    .satisfies(
                            e ->
                                    assertThat(((SendFailedException) e).getInvalidAddresses())
                                            .containsExactly(evil));
        }
        assertThat(commands(server, "MAIL")).isEmpty();
        assertThat(commands(server, "RCPT")).isEmpty();
        assertThat(server.deliveries()).isEmpty();
    }

    // Listeners.

    @Test
    void transportListenersSeeOneFinalEventPerMessage() throws Exception {
        server.script().on(SmtpStep.RCPT, BOB).reply("450 4.2.0 Greylisted").once();
        server.script().on(SmtpStep.RCPT, DAVE).reply("550 5.1.1 User unknown");
        Session session = session(server);
        Mails.EventLog events = new Mails.EventLog();

        try (ResilientTransport transport = builder(session).build()) {
            transport.addTransportListener(events);
            transport.addConnectionListener(events);
            transport.connect();
            MimeMessage retried = message(session, BOB);
            transport.sendMessage(retried, retried.getAllRecipients());
            MimeMessage refused = message(session, DAVE);
            catchThrowable(() -> transport.sendMessage(refused, refused.getAllRecipients()));
            MimeMessage plain = message(session, CAROL);
            transport.sendMessage(plain, plain.getAllRecipients());
        }

        List<MailEvent> seen = events.untilClosed();
        assertThat(Mails.EventLog.transportEventTypes(seen))
                .containsExactly(
                        TransportEvent.MESSAGE_DELIVERED,
                        TransportEvent.MESSAGE_NOT_DELIVERED,
                        TransportEvent.MESSAGE_DELIVERED);
        assertThat(Mails.EventLog.connectionEventTypes(seen))
                .containsExactly(ConnectionEvent.OPENED, ConnectionEvent.CLOSED);
        assertThat(server.deliveries()).hasSize(2);
    }

    @Test
    void transportListenersSeeNotDeliveredWhenTheOnlyRecipientIsRefusedWithSendPartial()
            throws Exception {
        server.script().on(SmtpStep.RCPT, BOB).reply("550 5.1.1 User unknown");
        Session session = session(server, "mail.smtp.sendpartial", "true");
        Mails.EventLog events = new Mails.EventLog();

        Throwable thrown;
        try (ResilientTransport transport = builder(session).build()) {
            transport.addTransportListener(events);
            transport.addConnectionListener(events);
            transport.connect();
            MimeMessage message = message(session, BOB);
            thrown =
                    catchThrowable(
                            () -> transport.sendMessage(message, message.getAllRecipients()));
        }

        assertThat(thrown).isExactlyInstanceOf(UnknownRecipientException.class);
        assertThat(Mails.EventLog.transportEventTypes(events.untilClosed()))
                .containsExactly(TransportEvent.MESSAGE_NOT_DELIVERED);
    }

    @Test
    void aListenerThatThrowsDoesNotChangeTheOutcome() throws Exception {
        server.script().on(SmtpStep.RCPT, BOB).reply("450 4.2.0 Greylisted").once();
        Session session = session(server);
        ResilienceListener failing =
                new ResilienceListener() {
                    @Override
                    public void onRetry(Retry retry) {
                        throw new IllegalStateException("listener bug");
                    }
                };

        send(builder(session).listener(failing), message(session, BOB));

        assertThat(server.deliveredTo(BOB)).isEqualTo(1);
    }

    @Test
    void connectedTransportSendsSeveralMessagesOnOneConnection() throws Exception {
        Session session = session(server);
        try (ResilientTransport transport = builder(session).build()) {
            transport.connect();
            for (int i = 0; i < 5; i++) {
                MimeMessage message = message(session, BOB);
                transport.sendMessage(message, message.getAllRecipients());
            }
            assertThat(transport.isConnected()).isTrue();
        }
        assertThat(server.deliveredTo(BOB)).isEqualTo(5);
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void connectionListenersSeeDisconnectedWhenTheServerClosesTheConnection() throws Exception {
        server.script().on(SmtpStep.MAIL).reply("421 4.3.2 Shutting down").once();
        Session session = session(server);
        Mails.EventLog events = new Mails.EventLog();

        try (ResilientTransport transport = builder(session).build()) {
            transport.addConnectionListener(events);
            transport.connect();
            MimeMessage message = message(session, BOB);
            transport.sendMessage(message, message.getAllRecipients());
        }

        assertThat(Mails.EventLog.connectionEventTypes(events.untilClosed()))
                .containsExactly(
                        ConnectionEvent.OPENED,
                        ConnectionEvent.DISCONNECTED,
                        ConnectionEvent.CLOSED);
        assertThat(server.deliveredTo(BOB)).isEqualTo(1);
    }

    @Test
    void sendingWithoutConnectingIsRefused() throws Exception {
        Session session = session(server);
        try (ResilientTransport transport = builder(session).build()) {
            MimeMessage message = message(session, BOB);

            assertThatThrownBy(() -> transport.sendMessage(message, message.getAllRecipients()))
                    .isInstanceOf(IllegalStateException.class);
        }
        assertThat(server.connections()).isZero();
    }

    @Test
    void recipientPendingOnlyBecauseAnotherWasRefusedHasNoFailureOfItsOwn() throws Exception {
        server.script().on(SmtpStep.RCPT, BOB).reply("550 5.1.1 User unknown");
        Session session = session(server);

        Throwable thrown = catchThrowable(() -> send(session, message(session, CAROL, BOB)));

        assertThat(((SmtpFailure) thrown).recipients())
                .extracting(RecipientOutcome::failure)
                .first()
                .isNull();
        assertThat(thrown.getMessage())
                .contains(BOB + " USER_UNKNOWN")
                .doesNotContain(CAROL + " USER_UNKNOWN");
    }

    @Test
    void retryConfigOfTheBuilderDecidesEvenWhenTheRegistryAlreadyKnowsTheRelay() throws Exception {
        server.script().on(SmtpStep.RCPT, BOB).reply("450 4.2.0 Greylisted");
        Session session = session(server);
        RetryRegistry shared = RetryRegistry.ofDefaults();
        RetryConfig twice = RetryConfig.custom().maxAttempts(2).build();

        for (int maxAttempts : new int[] {2, 4}) {
            RetryConfig config =
                    maxAttempts == 2 ? twice : RetryConfig.custom().maxAttempts(4).build();
            Throwable thrown =
                    catchThrowable(
                            () ->
                                    send(
                                            builder(session)
                                                    .retryRegistry(shared)
                                                    .retryConfig(config),
                                            message(session, BOB)));
            assertThat(((SmtpFailure) thrown).attempts()).isEqualTo(maxAttempts);
        }
        catchThrowable(
                () ->
                        send(
                                builder(session).retryRegistry(shared).retryConfig(twice),
                                message(session, BOB)));

        assertThat(commands(server, "RCPT")).hasSize(2 + 4 + 2);
        assertThat(
                        shared.retry("127.0.0.1:" + server.port())
                                .getMetrics()
                                .getNumberOfFailedCallsWithRetryAttempt())
                .as("transports given the same configuration share the registered retry")
                .isEqualTo(2);
    }
}
