package io.github.resilientmail.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ScriptedSmtpServerTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeResources() throws Exception {
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }

    private ScriptedSmtpServer server() {
        return server(ScriptedSmtpServer.builder());
    }

    private ScriptedSmtpServer server(ScriptedSmtpServer.Builder builder) {
        ScriptedSmtpServer server = builder.start();
        resources.add(server);
        return server;
    }

    private Client connect(ScriptedSmtpServer server) throws IOException {
        Client client = new Client(server);
        resources.add(0, client);
        return client;
    }

    // Normal conversation.

    @Test
    void deliversMessageWithSenderRecipientsAndDotUnstuffedBody() throws Exception {
        ScriptedSmtpServer server = server();
        Client client = connect(server);

        assertThat(client.reply()).isEqualTo("220 localhost ESMTP ready");
        assertThat(client.send("EHLO client.example")).startsWith("250-localhost");
        assertThat(client.send("MAIL FROM:<alice@example.com> SIZE=100")).isEqualTo("250 2.1.0 Ok");
        assertThat(client.send("RCPT TO:<bob@example.com>")).isEqualTo("250 2.1.5 Ok");
        assertThat(client.send("RCPT TO:<carol@example.com>")).isEqualTo("250 2.1.5 Ok");
        assertThat(client.send("DATA")).isEqualTo("354 End data with <CR><LF>.<CR><LF>");
        client.write("Subject: hi\r\n\r\n..leading dot\r\nbody\r\n");
        assertThat(client.send(".")).matches("250 2\\.0\\.0 Ok: queued as [0-9A-F]{8}");
        assertThat(client.send("QUIT")).isEqualTo("221 2.0.0 Bye");
        assertThat(client.atEnd()).isTrue();

        assertThat(server.deliveries())
                .singleElement()
                .satisfies(
                        delivery -> {
                            assertThat(delivery.connection()).isEqualTo(1);
                            assertThat(delivery.sender()).isEqualTo("alice@example.com");
                            assertThat(delivery.recipients())
                                    .containsExactly("bob@example.com", "carol@example.com");
                            assertThat(delivery.text())
                                    .isEqualTo("Subject: hi\r\n\r\n.leading dot\r\nbody\r\n");
                            assertThat(delivery.reply()).startsWith("250 2.0.0 Ok: queued as ");
                        });
        assertThat(server.deliveredTo("BOB@example.com")).isEqualTo(1);
        assertThat(server.deliveredTo("<carol@example.com>")).isEqualTo(1);
        assertThat(server.deliveredTo("dave@example.com")).isZero();
        assertThat(server.connections()).isEqualTo(1);
        assertThat(server.undecided()).isEmpty();
    }

    @Test
    void advertisesSizeAndExtensionsButNeitherPipeliningNorAuthWithoutCredentials()
            throws Exception {
        ScriptedSmtpServer server = server(ScriptedSmtpServer.builder().maxSize(1000));
        Client client = connect(server);
        client.reply();

        assertThat(client.send("EHLO client.example"))
                .isEqualTo(
                        "250-localhost\n"
                                + "250-SIZE 1000\n"
                                + "250-8BITMIME\n"
                                + "250-ENHANCEDSTATUSCODES\n"
                                + "250 SMTPUTF8");
        assertThat(client.send("HELO client.example")).isEqualTo("250 localhost");
        assertThat(client.send("AUTH PLAIN")).startsWith("503 ");
    }

    @Test
    void answersUnknownCommandsAndCommandsOutOfOrder() throws Exception {
        ScriptedSmtpServer server = server();
        Client client = connect(server);
        client.reply();

        assertThat(client.send("MAIL FROM:<alice@example.com>"))
                .isEqualTo("503 5.5.1 Error: bad sequence of commands");
        assertThat(client.send("FROB")).isEqualTo("500 5.5.2 Error: command not recognized");
        client.send("HELO client.example");
        assertThat(client.send("RCPT TO:<bob@example.com>")).startsWith("503 5.5.1");
        assertThat(client.send("DATA")).startsWith("503 5.5.1");
        assertThat(client.send("NOOP")).isEqualTo("250 2.0.0 Ok");
        client.send("MAIL FROM:<>");
        assertThat(client.send("DATA")).startsWith("503 5.5.1");
        assertThat(client.send("RSET")).isEqualTo("250 2.0.0 Ok");
        assertThat(client.send("RCPT TO:<bob@example.com>")).startsWith("503 5.5.1");
    }

    @Test
    void refusesLinesLongerThan4096Octets() throws Exception {
        ScriptedSmtpServer server = server();
        Client client = connect(server);
        client.reply();

        assertThat(client.send("NOOP " + "x".repeat(4092))).startsWith("500 ");
        assertThat(client.send("NOOP " + "x".repeat(4091))).isEqualTo("250 2.0.0 Ok");
        assertThat(server.transcript()).hasSize(1);
    }

    @Test
    void refusesMessagesLargerThanTheSizeLimit() throws Exception {
        ScriptedSmtpServer server = server(ScriptedSmtpServer.builder().maxSize(100));
        Client client = connect(server);
        client.reply();
        client.send("EHLO client.example");

        assertThat(client.send("MAIL FROM:<alice@example.com> SIZE=101")).startsWith("552 5.3.4");
        client.send("MAIL FROM:<alice@example.com>");
        client.send("RCPT TO:<bob@example.com>");
        client.send("DATA");
        client.write(("x".repeat(99) + "\r\n").repeat(3));
        assertThat(client.send(".")).startsWith("552 5.3.4");
        assertThat(server.deliveries()).isEmpty();
    }

    @Test
    void closesAfterTheIdleTimeoutWith421() throws Exception {
        ScriptedSmtpServer server =
                server(ScriptedSmtpServer.builder().idleTimeout(Duration.ofMillis(100)));
        Client client = connect(server);
        client.reply();

        assertThat(client.reply()).startsWith("421 4.4.2");
        assertThat(client.atEnd()).isTrue();
    }

    // Scripting.

    @Test
    void scriptedRecipientRefusalLeavesOnlyTheOtherRecipientInTheDelivery() throws Exception {
        ScriptedSmtpServer server = server();
        server.script()
                .on(SmtpStep.RCPT, "Bob@Example.com")
                .reply("550-5.1.1 first\r\n550 5.1.1 second");
        Client client = connect(server);

        client.sendMessage("alice@example.com", List.of("bob@example.com", "carol@example.com"));

        assertThat(client.replies()).contains("550-5.1.1 first\n550 5.1.1 second", "250 2.1.5 Ok");
        assertThat(server.deliveries())
                .singleElement()
                .satisfies(d -> assertThat(d.recipients()).containsExactly("carol@example.com"));
        assertThat(server.deliveredTo("bob@example.com")).isZero();
        assertThat(server.deliveredTo("carol@example.com")).isEqualTo(1);
    }

    @Test
    void greetingRefusedOnceWith421ThenNormalOnTheNextConnection() throws Exception {
        ScriptedSmtpServer server = server();
        SmtpScript.Rule rule =
                server.script().on(SmtpStep.CONNECT).reply("421 4.3.2 Service busy").once();

        Client first = connect(server);
        assertThat(first.reply()).isEqualTo("421 4.3.2 Service busy");
        assertThat(first.atEnd()).isTrue();

        Client second = connect(server);
        second.sendMessage("alice@example.com", List.of("bob@example.com"));
        assertThat(second.replies()).first().isEqualTo("220 localhost ESMTP ready");

        assertThat(rule.used()).isEqualTo(1);
        assertThat(server.connections()).isEqualTo(2);
        assertThat(server.deliveries())
                .singleElement()
                .extracting(Delivery::connection)
                .isEqualTo(2);
    }

    @Test
    void greetingRefusedWith554ServesOnlyQuit() throws Exception {
        ScriptedSmtpServer server = server();
        server.script().on(SmtpStep.CONNECT).reply("554 5.7.1 Go away");
        Client client = connect(server);

        assertThat(client.reply()).isEqualTo("554 5.7.1 Go away");
        assertThat(client.send("EHLO client.example")).startsWith("503 ");
        assertThat(client.send("QUIT")).isEqualTo("221 2.0.0 Bye");
    }

    @Test
    void droppedAfterTheFinalDotIsUndecidedNotDelivered() throws Exception {
        ScriptedSmtpServer server = server();
        server.script().on(SmtpStep.END_OF_DATA).drop().once();
        Client client = connect(server);
        client.reply();
        client.send("EHLO client.example");
        client.send("MAIL FROM:<alice@example.com>");
        client.send("RCPT TO:<bob@example.com>");
        client.send("DATA");
        client.write("Subject: lost?\r\n\r\nbody\r\n.\r\n");

        assertThat(client.atEnd()).isTrue();
        assertThat(server.deliveries()).isEmpty();
        assertThat(server.undecided())
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.recipients()).containsExactly("bob@example.com");
                            assertThat(d.text()).isEqualTo("Subject: lost?\r\n\r\nbody\r\n");
                            assertThat(d.reply()).isEmpty();
                        });
    }

    @Test
    void hangAtMailTimesTheClientOutAndCloseStillReturnsPromptly() throws Exception {
        ScriptedSmtpServer server = server();
        server.script().on(SmtpStep.MAIL).hang();
        Client client = connect(server);
        client.reply();
        client.send("EHLO client.example");
        client.timeout(Duration.ofMillis(200));

        assertThatThrownBy(() -> client.send("MAIL FROM:<alice@example.com>"))
                .isInstanceOf(SocketTimeoutException.class);

        long start = System.nanoTime();
        server.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        client.timeout(WAIT);
        assertThat(client.atEnd()).isTrue();
        server.close();
    }

    @Test
    void garbageReplacesTheReplyAndTheConversationGoesOn() throws Exception {
        ScriptedSmtpServer server = server();
        server.script()
                .on(SmtpStep.MAIL)
                .garbage(
                        new byte[] {
                            (byte) 0xC3, (byte) 0x28, 'n', 'o', ' ', 'c', 'o', 'd', 'e', '\r', '\n'
                        })
                .once();
        Client client = connect(server);
        client.reply();
        client.send("EHLO client.example");

        assertThat(client.send("MAIL FROM:<alice@example.com>")).endsWith("no code");
        assertThat(client.send("RCPT TO:<bob@example.com>")).startsWith("503 ");
        assertThat(client.send("MAIL FROM:<alice@example.com>")).isEqualTo("250 2.1.0 Ok");
    }

    @Test
    void trickledReplyArrivesWhole() throws Exception {
        ScriptedSmtpServer server = server();
        server.script().on(SmtpStep.RSET).trickle("250 2.0.0 Slowly", Duration.ofMillis(1));
        Client client = connect(server);
        client.reply();

        assertThat(client.send("RSET")).isEqualTo("250 2.0.0 Slowly");
    }

    @Test
    void rulesApplyInOrderUntilUsedUpAndOnlyOnTheirConnection() throws Exception {
        ScriptedSmtpServer server = server();
        server.script().on(SmtpStep.EHLO).onConnection(2).reply("554 5.7.1 Not you");
        server.script().on(SmtpStep.MAIL).reply("451 4.3.0 First").times(2);
        server.script().on(SmtpStep.MAIL).reply("452 4.3.1 Second").once();
        Client first = connect(server);
        first.reply();

        assertThat(first.send("EHLO client.example")).startsWith("250-");
        assertThat(first.send("MAIL FROM:<a@example.com>")).isEqualTo("451 4.3.0 First");
        assertThat(first.send("MAIL FROM:<a@example.com>")).isEqualTo("451 4.3.0 First");
        assertThat(first.send("MAIL FROM:<a@example.com>")).isEqualTo("452 4.3.1 Second");
        assertThat(first.send("MAIL FROM:<a@example.com>")).isEqualTo("250 2.1.0 Ok");

        Client second = connect(server);
        second.reply();
        assertThat(second.send("EHLO client.example")).isEqualTo("554 5.7.1 Not you");

        server.script().clear();
        assertThat(second.send("EHLO client.example")).startsWith("250-");
        assertThat(server.script().rules()).isEmpty();
    }

    @Test
    void scripted421ClosesTheConnection() throws Exception {
        ScriptedSmtpServer server = server();
        server.script().on(SmtpStep.RCPT).reply("421 4.4.5 Shutting down");
        Client client = connect(server);
        client.reply();
        client.send("EHLO client.example");
        client.send("MAIL FROM:<a@example.com>");

        assertThat(client.send("RCPT TO:<b@example.com>")).isEqualTo("421 4.4.5 Shutting down");
        assertThat(client.atEnd()).isTrue();
    }

    @Test
    void faultInjectorDecidesStepsThatNoRuleMatched() throws Exception {
        List<String> asked = new ArrayList<>();
        FaultInjector faults =
                (step, connection, argument) -> {
                    synchronized (asked) {
                        asked.add(step + " " + connection + " " + argument);
                    }
                    return step == SmtpStep.RCPT && argument.startsWith("bad")
                            ? Action.reply("550 5.1.1 Injected")
                            : null;
                };
        ScriptedSmtpServer server = server(ScriptedSmtpServer.builder().faults(faults));
        server.script().on(SmtpStep.RCPT, "bad2@example.com").reply("450 4.2.0 Scripted");
        Client client = connect(server);

        client.sendMessage(
                "a@example.com", List.of("bad1@example.com", "bad2@example.com", "ok@example.com"));

        assertThat(client.replies())
                .contains("550 5.1.1 Injected", "450 4.2.0 Scripted", "250 2.1.5 Ok");
        assertThat(server.deliveries())
                .singleElement()
                .satisfies(d -> assertThat(d.recipients()).containsExactly("ok@example.com"));
        synchronized (asked) {
            assertThat(asked)
                    .contains(
                            "CONNECT 1 ",
                            "EHLO 1 client.example",
                            "MAIL 1 a@example.com",
                            "RCPT 1 bad1@example.com",
                            "END_OF_DATA 1 ")
                    .doesNotContain("RCPT 1 bad2@example.com");
        }
    }

    // Authentication.

    @Test
    void authPlainWithInitialResponseAuthenticates() throws Exception {
        ScriptedSmtpServer server = authServer();
        Client client = connect(server);
        client.reply();

        assertThat(client.send("EHLO client.example")).contains("250-AUTH PLAIN LOGIN");
        assertThat(client.send("MAIL FROM:<a@example.com>"))
                .isEqualTo("530 5.7.0 Authentication required");
        assertThat(client.send("AUTH PLAIN " + base64("\0user\0secret")))
                .isEqualTo("235 2.7.0 Authentication successful");
        assertThat(client.send("MAIL FROM:<a@example.com>")).isEqualTo("250 2.1.0 Ok");
    }

    @Test
    void authPlainAfterAChallengeAuthenticates() throws Exception {
        ScriptedSmtpServer server = authServer();
        Client client = connect(server);
        client.reply();
        client.send("EHLO client.example");

        assertThat(client.send("AUTH PLAIN")).isEqualTo("334 ");
        assertThat(client.send(base64("\0user\0secret"))).startsWith("235 ");
    }

    @Test
    void authLoginAuthenticates() throws Exception {
        ScriptedSmtpServer server = authServer();
        Client client = connect(server);
        client.reply();
        client.send("EHLO client.example");

        assertThat(client.send("AUTH LOGIN")).isEqualTo("334 VXNlcm5hbWU6");
        assertThat(client.send(base64("user"))).isEqualTo("334 UGFzc3dvcmQ6");
        assertThat(client.send(base64("secret"))).startsWith("235 ");
        assertThat(client.send("MAIL FROM:<a@example.com>")).isEqualTo("250 2.1.0 Ok");
    }

    @Test
    void wrongCredentialsAreRefusedAndMailStillRequiresAuthentication() throws Exception {
        ScriptedSmtpServer server = authServer();
        Client client = connect(server);
        client.reply();
        client.send("EHLO client.example");

        assertThat(client.send("AUTH PLAIN " + base64("\0user\0wrong")))
                .isEqualTo("535 5.7.8 Error: authentication failed");
        client.send("AUTH LOGIN");
        client.send(base64("user"));
        assertThat(client.send(base64("wrong"))).startsWith("535 5.7.8");
        assertThat(client.send("MAIL FROM:<a@example.com>")).startsWith("530 5.7.0");
    }

    @Test
    void transcriptNeverHoldsThePasswordNorItsBase64() throws Exception {
        ScriptedSmtpServer server = authServer();
        Client client = connect(server);
        client.reply();
        client.send("EHLO client.example");
        client.send("AUTH PLAIN " + base64("\0user\0wrong"));
        client.send("AUTH PLAIN");
        client.send(base64("\0user\0secret"));
        client.send("QUIT");
        client = connect(server);
        client.reply();
        client.send("EHLO client.example");
        client.send("AUTH LOGIN " + base64("user"));
        client.send(base64("secret"));

        List<String> lines =
                server.transcript().stream().map(ScriptedSmtpServer.TranscriptLine::line).toList();
        assertThat(lines)
                .containsExactly(
                        "EHLO client.example",
                        "AUTH PLAIN ***",
                        "AUTH PLAIN",
                        "***",
                        "QUIT",
                        "EHLO client.example",
                        "AUTH LOGIN ***",
                        "***");
        assertThat(server.transcript())
                .extracting(ScriptedSmtpServer.TranscriptLine::connection)
                .containsExactly(1, 1, 1, 1, 1, 2, 2, 2);
        assertThat(String.join("\n", lines))
                .doesNotContain("secret", base64("secret"), base64("\0user\0secret"), "wrong");
    }

    // Waiting.

    @Test
    void awaitDeliveriesReturnsWhenADeliveryArrives() throws Exception {
        ScriptedSmtpServer server = server();
        assertThat(server.awaitDeliveries(1, Duration.ofMillis(50))).isFalse();

        CompletableFuture<Void> sending =
                CompletableFuture.runAsync(
                        () -> {
                            try (Client client = new Client(server)) {
                                client.sendMessage("a@example.com", List.of("b@example.com"));
                            } catch (IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        });

        assertThat(server.awaitConnections(1, WAIT)).isTrue();
        assertThat(server.awaitDeliveries(1, WAIT)).isTrue();
        assertThat(server.deliveredTo("b@example.com")).isEqualTo(1);
        sending.get();
    }

    @Test
    void closeIsIdempotentAndKeepsTheRecords() throws Exception {
        ScriptedSmtpServer server = server();
        try (Client client = new Client(server)) {
            client.sendMessage("a@example.com", List.of("b@example.com"));
        }

        server.close();
        server.close();

        assertThat(server.deliveries()).hasSize(1);
        assertThatThrownBy(() -> new Socket(server.host(), server.port()).close())
                .isInstanceOf(IOException.class);
    }

    // Forwarding to an upstream server.

    private ScriptedSmtpServer frontOf(ScriptedSmtpServer upstream) {
        return server(
                ScriptedSmtpServer.builder()
                        .name("front.example")
                        .forwardTo(upstream.host(), upstream.port()));
    }

    /** Greeting, EHLO, envelope and DATA; the caller writes the message and the final dot. */
    private static void startMessage(Client client, String from, String... to) throws IOException {
        client.reply();
        client.send("EHLO client.example");
        client.send("MAIL FROM:<" + from + ">");
        for (String address : to) {
            assertThat(client.send("RCPT TO:<" + address + ">")).startsWith("250");
        }
        assertThat(client.send("DATA")).startsWith("354");
    }

    @Test
    void forwardedMessageIsAcceptedOnlyOnceTheUpstreamAcceptedIt() throws Exception {
        ScriptedSmtpServer upstream = server();
        ScriptedSmtpServer front = frontOf(upstream);
        Client client = connect(front);

        startMessage(client, "alice@example.com", "bob@example.com", "carol@example.com");
        client.write("Subject: hi\r\n\r\n..leading dot\r\n..\r\nlast line\r\n");

        assertThat(client.send(".")).matches("250 2\\.0\\.0 Ok: queued as [0-9A-F]{8}");
        for (ScriptedSmtpServer server : List.of(front, upstream)) {
            assertThat(server.deliveries())
                    .singleElement()
                    .satisfies(
                            d -> {
                                assertThat(d.sender()).isEqualTo("alice@example.com");
                                assertThat(d.recipients())
                                        .containsExactly("bob@example.com", "carol@example.com");
                            });
        }
        assertThat(upstream.deliveries().get(0).text())
                .isEqualTo("Subject: hi\r\n\r\n.leading dot\r\n.\r\nlast line\r\n");
        assertThat(upstream.transcript())
                .extracting(ScriptedSmtpServer.TranscriptLine::line)
                .containsExactly(
                        "EHLO front.example",
                        "MAIL FROM:<alice@example.com>",
                        "RCPT TO:<bob@example.com>",
                        "RCPT TO:<carol@example.com>",
                        "DATA",
                        ".",
                        "QUIT");
        assertThat(client.send("QUIT")).isEqualTo("221 2.0.0 Bye");
    }

    @Test
    void forwardsTheNullSenderAndEachMessageOnAConnectionOfItsOwn() throws Exception {
        ScriptedSmtpServer upstream = server();
        ScriptedSmtpServer front = frontOf(upstream);
        Client client = connect(front);

        client.sendMessage("", List.of("bob@example.com"));
        client = connect(front);
        client.sendMessage("alice@example.com", List.of("bob@example.com"));

        assertThat(upstream.connections()).isEqualTo(2);
        assertThat(upstream.deliveries())
                .extracting(Delivery::sender)
                .containsExactly("", "alice@example.com");
        assertThat(upstream.deliveredTo("bob@example.com")).isEqualTo(2);
        assertThat(front.deliveredTo("bob@example.com")).isEqualTo(2);
    }

    @Test
    void upstreamRefusalOfTheMessageReachesTheClientAndNothingIsRecorded() throws Exception {
        ScriptedSmtpServer upstream = server();
        upstream.script()
                .on(SmtpStep.END_OF_DATA)
                .reply("554-5.7.1 Message rejected as spam\r\n554 5.7.1 See our policy")
                .once();
        ScriptedSmtpServer front = frontOf(upstream);
        Client client = connect(front);

        startMessage(client, "alice@example.com", "bob@example.com");
        client.write("Subject: hi\r\n\r\nbody\r\n");

        assertThat(client.send("."))
                .isEqualTo("554-5.7.1 Message rejected as spam\n554 5.7.1 See our policy");
        assertThat(front.deliveries()).isEmpty();
        assertThat(front.undecided()).isEmpty();
        assertThat(upstream.deliveries()).isEmpty();

        assertThat(client.send("MAIL FROM:<alice@example.com>")).isEqualTo("250 2.1.0 Ok");
        assertThat(client.send("RCPT TO:<bob@example.com>")).isEqualTo("250 2.1.5 Ok");
        assertThat(client.send("DATA")).startsWith("354");
        client.write("Subject: again\r\n\r\nbody\r\n");
        assertThat(client.send(".")).startsWith("250 2.0.0 Ok");
        assertThat(upstream.deliveredTo("bob@example.com")).isEqualTo(1);
        assertThat(front.deliveredTo("bob@example.com")).isEqualTo(1);
    }

    @Test
    void recipientRefusedUpstreamRefusesTheWholeMessage() throws Exception {
        ScriptedSmtpServer upstream = server();
        upstream.script()
                .on(SmtpStep.RCPT, "carol@example.com")
                .reply("550 5.1.1 <carol@example.com>: User unknown");
        ScriptedSmtpServer front = frontOf(upstream);
        Client client = connect(front);

        startMessage(client, "alice@example.com", "bob@example.com", "carol@example.com");
        client.write("Subject: hi\r\n\r\nbody\r\n");

        assertThat(client.send(".")).isEqualTo("550 5.1.1 <carol@example.com>: User unknown");
        assertThat(front.deliveries()).isEmpty();
        assertThat(upstream.deliveries()).isEmpty();
        assertThat(upstream.transcript())
                .extracting(ScriptedSmtpServer.TranscriptLine::line)
                .doesNotContain("DATA")
                .endsWith("QUIT");
    }

    @Test
    void upstream421ReachesTheClientAndClosesItsConnection() throws Exception {
        ScriptedSmtpServer upstream = server();
        upstream.script().on(SmtpStep.CONNECT).reply("421 4.3.2 Service not available").once();
        ScriptedSmtpServer front = frontOf(upstream);
        Client client = connect(front);

        startMessage(client, "alice@example.com", "bob@example.com");
        client.write("Subject: hi\r\n\r\nbody\r\n");

        assertThat(client.send(".")).isEqualTo("421 4.3.2 Service not available");
        assertThat(client.atEnd()).isTrue();
        assertThat(front.deliveries()).isEmpty();
    }

    @Test
    void unreachableUpstreamIsATransientFailureOfTheMessage() throws Exception {
        ScriptedSmtpServer gone = server();
        int port = gone.port();
        gone.close();
        ScriptedSmtpServer front =
                server(ScriptedSmtpServer.builder().forwardTo("127.0.0.1", port));
        Client client = connect(front);

        startMessage(client, "alice@example.com", "bob@example.com");
        client.write("Subject: hi\r\n\r\nbody\r\n");

        assertThat(client.send(".")).startsWith("451 4.4.1 Upstream 127.0.0.1:" + port);
        assertThat(front.deliveries()).isEmpty();
        assertThat(front.undecided()).isEmpty();
    }

    @Test
    void upstreamSilentAfterTheFinalDotLeavesTheMessageUndecided() throws Exception {
        ScriptedSmtpServer upstream = server();
        upstream.script().on(SmtpStep.END_OF_DATA).drop().once();
        ScriptedSmtpServer front = frontOf(upstream);
        Client client = connect(front);

        startMessage(client, "alice@example.com", "bob@example.com");
        client.write("Subject: hi\r\n\r\nbody\r\n");

        assertThat(client.send(".")).startsWith("451 4.4.2 Upstream");
        assertThat(front.deliveries()).isEmpty();
        assertThat(front.undecided())
                .singleElement()
                .satisfies(d -> assertThat(d.recipients()).containsExactly("bob@example.com"));
        assertThat(upstream.undecided()).hasSize(1);
    }

    @Test
    void ruleAtTheFinalDotAnswersInsteadOfRelaying() throws Exception {
        ScriptedSmtpServer upstream = server();
        ScriptedSmtpServer front = frontOf(upstream);
        front.script().on(SmtpStep.END_OF_DATA).drop().once();

        assertThatThrownBy(() -> Transport.send(message(front, "bob@example.com")))
                .isInstanceOf(MessagingException.class);
        Transport.send(message(front, "bob@example.com"));

        assertThat(front.undecided()).hasSize(1);
        assertThat(upstream.connections()).isEqualTo(1);
        assertThat(upstream.deliveredTo("bob@example.com")).isEqualTo(1);
        assertThat(front.deliveredTo("bob@example.com")).isEqualTo(1);
    }

    @Test
    void closingTheServerClosesAConnectionToAHungUpstream() throws Exception {
        ScriptedSmtpServer upstream = server();
        upstream.script().on(SmtpStep.END_OF_DATA).hang();
        ScriptedSmtpServer front = frontOf(upstream);
        Client client = connect(front);
        startMessage(client, "alice@example.com", "bob@example.com");
        client.write("Subject: hi\r\n\r\nbody\r\n.\r\n");
        assertThat(upstream.awaitUndecided(1, WAIT)).isTrue();

        long started = System.nanoTime();
        front.close();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(WAIT);
        assertThat(front.deliveries()).isEmpty();
    }

    @Test
    void forwardToRefusesAnEmptyHostAndAnInvalidPort() {
        ScriptedSmtpServer.Builder builder = ScriptedSmtpServer.builder();

        assertThatThrownBy(() -> builder.forwardTo(" ", 25))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.forwardTo("localhost", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 0");
        assertThatThrownBy(() -> builder.forwardTo("localhost", 65_536))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // Angus Mail as the client.

    @Test
    void angusMailDeliversThroughTheServer() throws Exception {
        ScriptedSmtpServer server = server();

        Transport.send(message(server, "bob@example.com", "carol@example.com"));

        assertThat(server.deliveries())
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.sender()).isEqualTo("alice@example.com");
                            assertThat(d.recipients())
                                    .containsExactly("bob@example.com", "carol@example.com");
                            assertThat(d.text()).contains("Subject: Hello", "Line one");
                        });
        assertThat(server.deliveredTo("bob@example.com")).isEqualTo(1);
    }

    @Test
    void angusMailReportsARecipientRefusedWith550AsInvalid() throws Exception {
        ScriptedSmtpServer server = server();
        server.script()
                .on(SmtpStep.RCPT, "bob@example.com")
                .reply("550 5.1.1 <bob@example.com>: Recipient address rejected");

        MimeMessage message = message(server, "bob@example.com", "carol@example.com");

        assertThatThrownBy(() -> Transport.send(message))
                .isInstanceOfSatisfying(
                        SendFailedException.class,
                        e -> {
                            assertThat(e.getInvalidAddresses())
                                    .extracting(Address::toString)
                                    .containsExactly("bob@example.com");
                            assertThat(e.getValidUnsentAddresses())
                                    .extracting(Address::toString)
                                    .containsExactly("carol@example.com");
                        });
        assertThat(server.deliveries()).isEmpty();
    }

    @Test
    void angusMailFailsWhenTheServerDropsAfterTheFinalDot() throws Exception {
        ScriptedSmtpServer server = server();
        server.script().on(SmtpStep.END_OF_DATA).drop().once();

        MimeMessage message = message(server, "bob@example.com");

        // Angus reads EOF after the final dot, then sends RSET before throwing. Usually that RSET
        // meets the closed connection ("Can't send command to SMTP host", Broken pipe) and hides
        // the
        // EOF; sometimes the RSET gets EOF too and the SMTPSendFailedException for "." arrives.
        assertThatThrownBy(() -> Transport.send(message))
                .isInstanceOf(MessagingException.class)
                .satisfiesAnyOf(
                        e ->
                                assertThat(e)
                                        .isInstanceOfSatisfying(
                                                SMTPSendFailedException.class,
                                                failed -> {
                                                    assertThat(failed.getCommand()).isEqualTo(".");
                                                    assertThat(failed.getReturnCode())
                                                            .isEqualTo(-1);
                                                    assertThat(failed.getMessage())
                                                            .isEqualTo("[EOF]");
                                                }),
                        e -> assertThat(e).cause().isInstanceOf(SocketException.class));
        assertThat(server.deliveries()).isEmpty();
        assertThat(server.undecided())
                .singleElement()
                .satisfies(d -> assertThat(d.recipients()).containsExactly("bob@example.com"));
    }

    @Test
    void angusMailTimesOutWhenTheServerHangsAfterTheFinalDot() throws Exception {
        ScriptedSmtpServer server = server();
        server.script().on(SmtpStep.END_OF_DATA).hang();

        MimeMessage message = message(server, 300, "bob@example.com");

        assertThatThrownBy(() -> Transport.send(message))
                .isInstanceOf(MessagingException.class)
                .hasMessage("Exception reading response")
                .cause()
                .isInstanceOf(SocketTimeoutException.class);
        assertThat(server.deliveries()).isEmpty();
        assertThat(server.undecided()).hasSize(1);
    }

    // Helpers.

    private ScriptedSmtpServer authServer() {
        return server(ScriptedSmtpServer.builder().credentials("user", "secret"));
    }

    private static MimeMessage message(ScriptedSmtpServer server, String... to)
            throws MessagingException {
        return message(server, 5000, to);
    }

    private static MimeMessage message(ScriptedSmtpServer server, int timeoutMillis, String... to)
            throws MessagingException {
        Properties properties = new Properties();
        properties.setProperty("mail.smtp.host", server.host());
        properties.setProperty("mail.smtp.port", Integer.toString(server.port()));
        properties.setProperty("mail.smtp.connectiontimeout", "5000");
        properties.setProperty("mail.smtp.timeout", Integer.toString(timeoutMillis));
        MimeMessage message = new MimeMessage(Session.getInstance(properties));
        message.setFrom(new InternetAddress("alice@example.com"));
        for (String address : to) {
            message.addRecipient(Message.RecipientType.TO, new InternetAddress(address));
        }
        message.setSubject("Hello");
        message.setText("Line one\r\n.Line two starts with a dot\r\n");
        return message;
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A raw SMTP client: writes lines, reads replies, with a read timeout of its own. */
    private static final class Client implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final List<String> replies = new ArrayList<>();

        Client(ScriptedSmtpServer server) throws IOException {
            socket = new Socket(server.host(), server.port());
            socket.setSoTimeout((int) WAIT.toMillis());
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        void timeout(Duration timeout) throws IOException {
            socket.setSoTimeout((int) timeout.toMillis());
        }

        void write(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** Sends a command and reads its reply. */
        String send(String command) throws IOException {
            write(command + "\r\n");
            return reply();
        }

        /** Reads a reply, its lines joined with {@code \n}. */
        String reply() throws IOException {
            StringBuilder reply = new StringBuilder();
            while (true) {
                String line = line();
                if (line == null) {
                    throw new EOFException("closed after: " + reply);
                }
                reply.append(line);
                if (line.length() < 4 || line.charAt(3) != '-') {
                    break;
                }
                reply.append('\n');
            }
            replies.add(reply.toString());
            return reply.toString();
        }

        List<String> replies() {
            return replies;
        }

        /** Whether the server closed the connection (the next read sees the end). */
        boolean atEnd() throws IOException {
            return in.read() < 0;
        }

        /** A whole conversation: greeting, EHLO, envelope, a small message, QUIT. */
        void sendMessage(String from, List<String> to) throws IOException {
            reply();
            send("EHLO client.example");
            send("MAIL FROM:<" + from + ">");
            for (String address : to) {
                send("RCPT TO:<" + address + ">");
            }
            send("DATA");
            write("Subject: test\r\n\r\nbody\r\n");
            send(".");
            send("QUIT");
        }

        private @Nullable String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            while (true) {
                int b = in.read();
                if (b < 0) {
                    return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
                }
                if (b == '\n') {
                    String text = line.toString(StandardCharsets.UTF_8);
                    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
                }
                line.write(b);
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
