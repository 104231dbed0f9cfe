package io.github.resilientmail;

import static io.github.resilientmail.Mails.BOB;
import static io.github.resilientmail.Mails.CAROL;
import static io.github.resilientmail.Mails.commands;
import static io.github.resilientmail.Mails.message;
import static io.github.resilientmail.Mails.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.resilientmail.reply.Category;
import io.github.resilientmail.testing.ScriptedSmtpServer;
import io.github.resilientmail.testing.SmtpStep;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.event.TransportEvent;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The one ambiguous case: the connection drops after the final "." (RFC 1047). */
class DeliveryGuaranteeIT {

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

    private ResilientTransport.Builder builder(Session session) {
        return Mails.isolated(session, clock).listener(listener);
    }

    private static void send(ResilientTransport.Builder builder, Message message)
            throws MessagingException {
        try (ResilientTransport transport = builder.build()) {
            transport.connect();
            transport.sendMessage(message, message.getAllRecipients());
        }
    }

    @Test
    void dropAfterTheFinalDotIsResentByDefault() throws Exception {
        server.script().on(SmtpStep.END_OF_DATA).drop().once();
        Session session = session(server);

        send(builder(session), message(session, BOB));

        assertThat(server.undecided()).hasSize(1);
        assertThat(server.deliveries()).hasSize(1);
        assertThat(server.deliveredTo(BOB)).isEqualTo(1);
        assertThat(commands(server, ".")).hasSize(2);
        assertThat(listener.retries)
                .singleElement()
                .satisfies(
                        r ->
                                assertThat(r.classification().category())
                                        .isEqualTo(Category.NETWORK_ERROR));
    }

    @Test
    void atMostOnceThrowsDeliveryUncertainAndDoesNotResend() throws Exception {
        server.script().on(SmtpStep.END_OF_DATA).drop().once();
        Session session = session(server);
        Mails.EventLog events = new Mails.EventLog();

        Throwable thrown;
        try (ResilientTransport transport =
                builder(session).deliveryGuarantee(DeliveryGuarantee.AT_MOST_ONCE).build()) {
            transport.addTransportListener(events);
            transport.addConnectionListener(events);
            transport.connect();
            MimeMessage message = message(session, BOB, CAROL);
            thrown =
                    catchThrowable(
                            () -> transport.sendMessage(message, message.getAllRecipients()));
        }

        assertThat(thrown).isExactlyInstanceOf(DeliveryUncertainException.class);
        DeliveryUncertainException uncertain = (DeliveryUncertainException) thrown;
        assertThat(uncertain.isTransient()).isTrue();
        assertThat(uncertain.attempts()).isEqualTo(1);
        assertThat(uncertain.recipients())
                .extracting(RecipientOutcome::status)
                .containsOnly(RecipientOutcome.Status.PENDING);
        assertThat(uncertain.getNextException()).isNotNull();
        assertThat(server.undecided()).hasSize(1);
        assertThat(server.deliveries()).isEmpty();
        assertThat(commands(server, ".")).hasSize(1);
        assertThat(listener.retries).isEmpty();
        assertThat(Mails.EventLog.transportEventTypes(events.untilClosed()))
                .containsExactly(TransportEvent.MESSAGE_NOT_DELIVERED);
    }

    @Test
    void atMostOnceIsChosenBySessionProperty() throws Exception {
        server.script().on(SmtpStep.END_OF_DATA).drop().once();
        Session session =
                session(
                        server,
                        "mail.transport.protocol.rfc822",
                        "resilient-smtp",
                        "mail.resilient-smtp.delivery-guarantee",
                        "at-most-once",
                        "mail.resilient-smtp.retry.wait-duration",
                        "1ms");

        Throwable thrown = catchThrowable(() -> Transport.send(message(session, BOB)));

        assertThat(thrown).isExactlyInstanceOf(DeliveryUncertainException.class);
        assertThat(server.undecided()).hasSize(1);
        assertThat(server.deliveries()).isEmpty();
    }

    @Test
    void atMostOnceStillRetriesADropBeforeTheFinalDot() throws Exception {
        server.script().on(SmtpStep.DATA).drop().once();
        Session session = session(server);

        send(
                builder(session).deliveryGuarantee(DeliveryGuarantee.AT_MOST_ONCE),
                message(session, BOB));

        assertThat(server.undecided()).isEmpty();
        assertThat(server.deliveredTo(BOB)).isEqualTo(1);
    }

    @Test
    void atMostOnceStillRetriesARefusalOfTheFinalDot() throws Exception {
        server.script().on(SmtpStep.END_OF_DATA).reply("451 4.3.0 Temporary local problem").once();
        Session session = session(server);

        send(
                builder(session).deliveryGuarantee(DeliveryGuarantee.AT_MOST_ONCE),
                message(session, BOB));

        assertThat(server.deliveredTo(BOB)).isEqualTo(1);
        assertThat(commands(server, ".")).hasSize(2);
    }

    @Test
    void atMostOnceForgetsAnEarlierUncertaintyOnTheNextMessage() throws Exception {
        server.script().on(SmtpStep.END_OF_DATA).drop().once();
        server.script().on(SmtpStep.MAIL).onConnection(2).reply("451 4.3.0 Try again").once();
        Session session = session(server);

        try (ResilientTransport transport =
                builder(session).deliveryGuarantee(DeliveryGuarantee.AT_MOST_ONCE).build()) {
            transport.connect();
            MimeMessage first = message(session, BOB);
            assertThat(catchThrowable(() -> transport.sendMessage(first, first.getAllRecipients())))
                    .isExactlyInstanceOf(DeliveryUncertainException.class);
            MimeMessage second = message(session, CAROL);
            transport.sendMessage(second, second.getAllRecipients());
        }

        assertThat(server.deliveredTo(CAROL)).isEqualTo(1);
    }
}
