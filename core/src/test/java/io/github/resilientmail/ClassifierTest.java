package io.github.resilientmail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.github.resilientmail.reply.Category;
import io.github.resilientmail.reply.Classification;
import io.github.resilientmail.reply.EnhancedStatusCode;
import io.github.resilientmail.reply.Outcome;
import io.github.resilientmail.reply.ReplyClassifier;
import io.github.resilientmail.reply.Scope;
import io.github.resilientmail.reply.SmtpCommand;
import io.github.resilientmail.reply.SmtpReply;
import io.github.resilientmail.reply.Transience;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPAddressSucceededException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.util.MailConnectException;
import org.eclipse.angus.mail.util.SocketConnectException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Exception chains built the way Angus Mail 2.0 builds them (see {@code SMTPTransport}), no
 * sockets.
 */
class ClassifierTest {

    private static final Classifier CLASSIFIER = Classifier.standard();

    /** A password that must never appear in a classification. */
    private static final String SECRET = "hunter2";

    // -------------------------------------------------------------------------------------------
    // Failures without a reply.

    static Stream<Arguments> networkFailures() {
        return Stream.of(
                Arguments.of(
                        "connection refused (MailConnectException)",
                        connectFailure(new ConnectException("Connection refused")),
                        "connection refused",
                        SmtpCommand.CONNECT),
                Arguments.of(
                        "connect timeout (MailConnectException)",
                        connectFailure(new SocketTimeoutException("Connect timed out")),
                        "connect timed out",
                        SmtpCommand.CONNECT),
                Arguments.of(
                        "relay host name does not resolve (MailConnectException)",
                        connectFailure(new UnknownHostException("smtp.example.invalid")),
                        "unknown host",
                        SmtpCommand.CONNECT),
                Arguments.of(
                        "relay host name does not resolve (Unknown SMTP host)",
                        new MessagingException(
                                "Unknown SMTP host: smtp.example.invalid",
                                new UnknownHostException("smtp.example.invalid")),
                        "unknown host",
                        SmtpCommand.CONNECT),
                Arguments.of(
                        "no route to host",
                        new MessagingException(
                                "Could not connect to SMTP host: smtp.example.com, port: 25",
                                new NoRouteToHostException("No route to host")),
                        "no route to host",
                        SmtpCommand.CONNECT),
                Arguments.of(
                        "read timeout nested in a MessagingException",
                        new MessagingException(
                                "Exception reading response",
                                new SocketTimeoutException("Read timed out")),
                        "read timed out",
                        null),
                Arguments.of(
                        "read timeout below BDAT's IOException",
                        new MessagingException(
                                "IOException while sending message",
                                new IOException(
                                        "BDAT write exception",
                                        new MessagingException(
                                                "Exception reading response",
                                                new SocketTimeoutException("Read timed out")))),
                        "read timed out",
                        null),
                Arguments.of(
                        "connection closed at end of data",
                        new SMTPSendFailedException(
                                ".", -1, "[EOF]", null, null, addresses("a@example.com"), null),
                        "connection closed by server",
                        SmtpCommand.END_OF_DATA),
                Arguments.of(
                        "connection closed at RCPT",
                        new SMTPAddressFailedException(
                                address("a@example.com"), "RCPT TO:<a@example.com>", -1, "[EOF]"),
                        "connection closed by server",
                        SmtpCommand.RCPT),
                Arguments.of(
                        "connection closed at EHLO",
                        new MessagingException("[EOF]"),
                        "connection closed by server",
                        null),
                Arguments.of(
                        "garbled reply at MAIL FROM",
                        new SMTPSendFailedException(
                                "MAIL FROM:<s@example.com>",
                                -1,
                                "+OK POP3 server ready\n",
                                null,
                                null,
                                null,
                                null),
                        "unreadable server reply",
                        SmtpCommand.MAIL),
                Arguments.of(
                        "broken pipe while sending a command",
                        new MessagingException(
                                "Can't send command to SMTP host",
                                new SocketException("Broken pipe")),
                        "broken pipe",
                        null),
                Arguments.of(
                        "connection reset while sending the message",
                        new MessagingException(
                                "IOException while sending message",
                                new SocketException("Connection reset")),
                        "connection reset",
                        null),
                Arguments.of(
                        "any other IOException",
                        new MessagingException(
                                "IOException while sending message",
                                new IOException("Stream closed")),
                        "network failure (IOException)",
                        null),
                Arguments.of(
                        "connection closed during the TLS handshake",
                        new MessagingException(
                                "Could not convert socket to TLS",
                                causedBy(
                                        new SSLHandshakeException(
                                                "Remote host terminated the handshake"),
                                        new EOFException("SSL peer shut down incorrectly"))),
                        "connection closed",
                        SmtpCommand.STARTTLS),
                Arguments.of(
                        "read timeout during AUTH",
                        new AuthenticationFailedException(
                                "",
                                new MessagingException(
                                        "Exception reading response",
                                        new SocketTimeoutException("Read timed out"))),
                        "read timed out",
                        SmtpCommand.AUTH),
                Arguments.of(
                        "connection closed during AUTH",
                        new AuthenticationFailedException("[EOF]"),
                        "connection closed by server",
                        SmtpCommand.AUTH));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networkFailures")
    void failureWithoutReplyIsTransientNetworkErrorOfTheRelay(
            String name, MessagingException failure, String text, @Nullable SmtpCommand command) {
        Classification classification = CLASSIFIER.classify(failure);

        assertThat(classification.outcome()).isEqualTo(Outcome.FAILURE);
        assertThat(classification.category()).isEqualTo(Category.NETWORK_ERROR);
        assertThat(classification.transience()).isEqualTo(Transience.TRANSIENT);
        assertThat(classification.scope()).isEqualTo(Scope.RELAY);
        assertThat(classification.reply()).isEqualTo(new SmtpReply(0, null, text, command));
        assertThat(classification.entries()).isEmpty();
        assertThat(classification.reason()).isNotBlank();
    }

    @Test
    void namesTheExceptionTypeInTheReason() {
        Classification classification =
                CLASSIFIER.classify(
                        new MessagingException(
                                "Exception reading response",
                                new SocketTimeoutException("Read timed out")));

        assertThat(classification.reason()).contains("SocketTimeoutException");
    }

    @Test
    void warnsThatAConnectionLostAtEndOfDataMayHaveDeliveredTheMessage() {
        Classification classification =
                CLASSIFIER.classify(
                        new SMTPSendFailedException(".", -1, "[EOF]", null, null, null, null));

        assertThat(classification.reason()).contains("may have accepted the message");
    }

    static Stream<Arguments> tlsFailures() {
        return Stream.of(
                Arguments.of(
                        "untrusted certificate at STARTTLS",
                        new MessagingException(
                                "Could not convert socket to TLS",
                                causedBy(
                                        new SSLHandshakeException("PKIX path building failed"),
                                        new CertificateException("unable to find a path"))),
                        "TLS handshake failed",
                        SmtpCommand.STARTTLS),
                Arguments.of(
                        "TLS spoken to a plain-text port",
                        new MessagingException(
                                "Could not connect to SMTP host: smtp.example.com, port: 465",
                                new SSLException("Unsupported or unrecognized SSL message")),
                        "TLS failure",
                        SmtpCommand.CONNECT),
                Arguments.of(
                        "server identity does not match",
                        new MessagingException(
                                "Could not convert socket to TLS",
                                new IOException(
                                        "Unable to check server identity for: smtp.example.com",
                                        new SSLException("Server identity does not match"))),
                        "TLS failure",
                        SmtpCommand.STARTTLS),
                Arguments.of(
                        "server not trusted by mail.smtp.ssl.trust",
                        new MessagingException(
                                "Could not convert socket to TLS",
                                new IOException("Server is not trusted: smtp.example.com")),
                        "TLS failure",
                        SmtpCommand.STARTTLS),
                Arguments.of(
                        "STARTTLS required but not offered",
                        new MessagingException(
                                "STARTTLS is required but host does not support STARTTLS"),
                        "STARTTLS not offered",
                        SmtpCommand.STARTTLS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tlsFailures")
    void tlsFailureIsPermanentTlsRequiredOfTheRelay(
            String name, MessagingException failure, String text, SmtpCommand command) {
        Classification classification = CLASSIFIER.classify(failure);

        assertThat(classification.outcome()).isEqualTo(Outcome.FAILURE);
        assertThat(classification.category()).isEqualTo(Category.TLS_REQUIRED);
        assertThat(classification.transience()).isEqualTo(Transience.PERMANENT);
        assertThat(classification.scope()).isEqualTo(Scope.RELAY);
        assertThat(classification.reply()).isEqualTo(new SmtpReply(0, null, text, command));
    }

    static Stream<Arguments> localFailures() {
        return Stream.of(
                Arguments.of(
                        "attachment file missing",
                        new MessagingException(
                                "IOException while sending message",
                                new FileNotFoundException(
                                        "/home/alice/report.pdf (No such file or directory)")),
                        Category.UNDEFINED),
                Arguments.of(
                        "line break in a command",
                        new MessagingException(
                                "Can't send command to SMTP host",
                                new IllegalArgumentException(
                                        "Command contains illegal character: 0x0a")),
                        Category.UNDEFINED),
                Arguments.of(
                        "invalid address",
                        new AddressException("Illegal address", "alice@"),
                        Category.BAD_ADDRESS),
                Arguments.of(
                        "no recipients",
                        new SendFailedException("No recipient addresses"),
                        Category.UNDEFINED),
                Arguments.of(
                        "not a MIME message",
                        new MessagingException("SMTP can only send RFC822 messages"),
                        Category.UNDEFINED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("localFailures")
    void localFailureIsPermanentAndNeverBlamesTheRelay(
            String name, MessagingException failure, Category category) {
        Classification classification = CLASSIFIER.classify(failure);

        assertThat(classification.outcome()).isEqualTo(Outcome.FAILURE);
        assertThat(classification.category()).isEqualTo(category);
        assertThat(classification.transience()).isEqualTo(Transience.PERMANENT);
        assertThat(classification.scope()).isEqualTo(Scope.MESSAGE);
        assertThat(classification.reply().code()).isZero();
        assertThat(classification.reply().text()).doesNotContain("alice");
    }

    // -------------------------------------------------------------------------------------------
    // Authentication.

    @Test
    void authenticationFailedWithoutReplyIsPermanentCredentialsRejected() {
        Classification classification =
                CLASSIFIER.classify(
                        new AuthenticationFailedException(
                                "failed to connect, no password specified?"));

        assertThat(classification.category()).isEqualTo(Category.CREDENTIALS_REJECTED);
        assertThat(classification.transience()).isEqualTo(Transience.PERMANENT);
        assertThat(classification.scope()).isEqualTo(Scope.MESSAGE);
        assertThat(classification.reply())
                .isEqualTo(new SmtpReply(0, null, "no user name or password", SmtpCommand.AUTH));
    }

    @Test
    void authenticationFailedWithNullMessageIsCredentialsRejected() {
        Classification classification =
                CLASSIFIER.classify(new AuthenticationFailedException(null));

        assertThat(classification.category()).isEqualTo(Category.CREDENTIALS_REJECTED);
        assertThat(classification.transience()).isEqualTo(Transience.PERMANENT);
    }

    @Test
    void authenticationStoppedAfterAChallengeIsNoSuccess() {
        Classification classification =
                CLASSIFIER.classify(
                        new AuthenticationFailedException(
                                "334 UGFzc3dvcmQ6\n", new IllegalStateException("no provider")));

        assertThat(classification.outcome()).isEqualTo(Outcome.FAILURE);
        assertThat(classification.category()).isEqualTo(Category.CREDENTIALS_REJECTED);
        assertThat(classification.transience()).isEqualTo(Transience.PERMANENT);
    }

    @Test
    void authenticationReplyIsReadAsAnAnswerToAuth() {
        Classification classification =
                CLASSIFIER.classify(
                        new AuthenticationFailedException(
                                "535 5.7.8 Error: authentication failed: authentication"
                                        + " failure\n"));

        assertThat(classification.outcome()).isEqualTo(Outcome.FAILURE);
        assertThat(classification.transience()).isEqualTo(Transience.PERMANENT);
        assertThat(classification.reply().code()).isEqualTo(535);
        assertThat(classification.reply().enhancedCode())
                .isEqualTo(new EnhancedStatusCode(5, 7, 8));
        assertThat(classification.reply().command()).isEqualTo(SmtpCommand.AUTH);
    }

    @Test
    void temporaryAuthenticationFailureIsTransient() {
        Classification classification =
                CLASSIFIER.classify(
                        new AuthenticationFailedException(
                                "454 4.7.0 Temporary authentication failure\n"));

        assertThat(classification.transience()).isEqualTo(Transience.TRANSIENT);
        assertThat(classification.reply().code()).isEqualTo(454);
        assertThat(classification.reply().command()).isEqualTo(SmtpCommand.AUTH);
    }

    // -------------------------------------------------------------------------------------------
    // Reported successes and partial successes.

    @Test
    void reportSuccessWithOnlyAcceptedRecipientsIsSuccess() {
        SMTPAddressSucceededException accepted = accepted("a@example.com");
        accepted.setNextException(accepted("b@example.com"));
        SMTPSendFailedException reported =
                new SMTPSendFailedException(
                        ".",
                        250,
                        "250 2.0.0 Ok: queued as 4Xyz\n",
                        accepted,
                        addresses("a@example.com", "b@example.com"),
                        new Address[0],
                        new Address[0]);

        Classification classification = CLASSIFIER.classify(reported);

        assertThat(classification.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(classification.isSuccess()).isTrue();
        assertThat(classification.category()).isNull();
        assertThat(classification.reply().code()).isEqualTo(250);
        assertThat(classification.reply().command()).isEqualTo(SmtpCommand.END_OF_DATA);
    }

    @Test
    void addressSucceededAloneIsSuccess() {
        Classification classification = CLASSIFIER.classify(accepted("a@example.com"));

        assertThat(classification.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(classification.reply().code()).isEqualTo(250);
        assertThat(classification.reply().command()).isEqualTo(SmtpCommand.RCPT);
    }

    @Test
    void sendPartialWithOneRefusedRecipientIsPartialSuccessOfThatRecipient() {
        Classification classification = CLASSIFIER.classify(sendPartialRefusingUnknownUser());

        assertThat(classification.outcome()).isEqualTo(Outcome.PARTIAL_SUCCESS);
        assertThat(classification.transience()).isEqualTo(Transience.PERMANENT);
        assertThat(classification.scope()).isEqualTo(Scope.RECIPIENT);
        assertThat(classification.reply().code()).isEqualTo(550);
        assertThat(classification.reply().command()).isEqualTo(SmtpCommand.RCPT);
        assertThat(classification.reason()).contains("sendpartial");
    }

    @Test
    void sendPartialWithReportSuccessSkipsTheAcceptedRecipients() {
        SMTPAddressSucceededException chain = accepted("a@example.com");
        chain.setNextException(
                refused(
                        "b@example.com",
                        452,
                        "452 4.2.2 <b@example.com>: Recipient address rejected: Mailbox full"));
        SMTPSendFailedException reported =
                new SMTPSendFailedException(
                        ".",
                        250,
                        "250 2.0.0 Ok: queued as 4Xyz\n",
                        chain,
                        addresses("a@example.com"),
                        addresses("b@example.com"),
                        new Address[0]);

        Classification classification = CLASSIFIER.classify(reported);

        assertThat(classification.outcome()).isEqualTo(Outcome.PARTIAL_SUCCESS);
        assertThat(classification.transience()).isEqualTo(Transience.TRANSIENT);
        assertThat(classification.scope()).isEqualTo(Scope.RECIPIENT);
        assertThat(classification.reply().code()).isEqualTo(452);
    }

    @Test
    void permanentRefusalOutranksAnEarlierTransientOne() {
        SMTPAddressFailedException chain =
                refused("c@example.com", 450, "450 4.2.1 <c@example.com>: try again later");
        chain.setNextException(
                refused("b@example.com", 550, "550 5.1.1 <b@example.com>: User unknown"));
        SendFailedException failure =
                new SendFailedException(
                        "Invalid Addresses",
                        chain,
                        null,
                        addresses("c@example.com"),
                        addresses("b@example.com"));

        Classification classification = CLASSIFIER.classify(failure);

        assertThat(classification.outcome()).isEqualTo(Outcome.FAILURE);
        assertThat(classification.transience()).isEqualTo(Transience.PERMANENT);
        assertThat(classification.reply().code()).isEqualTo(550);
    }

    @Test
    void acceptanceListingRefusedAddressesWithoutDetailsIsPartialSuccess() {
        SMTPSendFailedException reported =
                new SMTPSendFailedException(
                        ".",
                        250,
                        "250 Ok\n",
                        null,
                        addresses("a@example.com"),
                        new Address[0],
                        addresses("b@example.com"));

        Classification classification = CLASSIFIER.classify(reported);

        assertThat(classification.outcome()).isEqualTo(Outcome.PARTIAL_SUCCESS);
        assertThat(classification.category()).isEqualTo(Category.UNDEFINED);
        assertThat(classification.transience()).isEqualTo(Transience.PERMANENT);
        assertThat(classification.scope()).isEqualTo(Scope.RECIPIENT);
    }

    @Test
    void twoHundredFiftyToDataIsNoSuccess() {
        Classification classification =
                CLASSIFIER.classify(
                        new SMTPSendFailedException(
                                "DATA", 250, "250 Ok\n", null, null, null, null));

        assertThat(classification.outcome()).isEqualTo(Outcome.FAILURE);
    }

    // -------------------------------------------------------------------------------------------
    // Failures with a reply.

    @Test
    void refusedRecipientCarriesRcptToItsReply() {
        Classification classification = CLASSIFIER.classify(invalidAddresses());

        assertThat(classification.outcome()).isEqualTo(Outcome.FAILURE);
        assertThat(classification.transience()).isEqualTo(Transience.PERMANENT);
        assertThat(classification.scope()).isEqualTo(Scope.RECIPIENT);
        assertThat(classification.reply().command()).isEqualTo(SmtpCommand.RCPT);
        assertThat(classification.reply().code()).isEqualTo(550);
        assertThat(classification.reply().enhancedCode())
                .isEqualTo(new EnhancedStatusCode(5, 1, 1));
    }

    @Test
    void refusedSenderIsAFailureOfTheMessage() {
        String reply = "553 5.1.8 <s@example.com>: Sender address rejected: Domain not found\n";
        SMTPSendFailedException failure =
                new SMTPSendFailedException(
                        "MAIL FROM:<s@example.com>",
                        553,
                        reply,
                        null,
                        null,
                        addresses("a@example.com"),
                        null);
        failure.setNextException(
                new SMTPSenderFailedException(
                        address("s@example.com"), "MAIL FROM:<s@example.com>", 553, reply));

        Classification classification = CLASSIFIER.classify(failure);

        assertThat(classification.outcome()).isEqualTo(Outcome.FAILURE);
        assertThat(classification.transience()).isEqualTo(Transience.PERMANENT);
        assertThat(classification.scope()).isEqualTo(Scope.MESSAGE);
        assertThat(classification.reply().code()).isEqualTo(553);
        assertThat(classification.reply().command()).isEqualTo(SmtpCommand.MAIL);
        assertThat(classification.reason()).contains("SMTPSenderFailedException");
    }

    @Test
    void refusalAtEndOfDataOutranksChainedRecipientRefusals() {
        SMTPSendFailedException failure =
                new SMTPSendFailedException(
                        ".",
                        554,
                        "554 5.7.1 Message rejected as spam\n",
                        refused("b@example.com", 550, "550 5.1.1 <b@example.com>: User unknown"),
                        null,
                        addresses("a@example.com"),
                        addresses("b@example.com"));

        Classification classification = CLASSIFIER.classify(failure);

        assertThat(classification.outcome()).isEqualTo(Outcome.FAILURE);
        assertThat(classification.transience()).isEqualTo(Transience.PERMANENT);
        assertThat(classification.scope()).isNotEqualTo(Scope.RECIPIENT);
        assertThat(classification.reply().code()).isEqualTo(554);
        assertThat(classification.reply().command()).isEqualTo(SmtpCommand.END_OF_DATA);
    }

    @Test
    void replyInAPlainMessagingExceptionIsRead() {
        Classification classification =
                CLASSIFIER.classify(
                        new MessagingException(
                                "454 4.7.0 TLS not available due to local problem\n"));

        assertThat(classification.outcome()).isEqualTo(Outcome.FAILURE);
        assertThat(classification.transience()).isEqualTo(Transience.TRANSIENT);
        assertThat(classification.reply().code()).isEqualTo(454);
    }

    @Test
    void badGreetingIsReadAsAnAnswerToTheConnection() {
        Classification classification = CLASSIFIER.classify(badGreeting421());

        assertThat(classification.transience()).isEqualTo(Transience.TRANSIENT);
        assertThat(classification.reply().code()).isEqualTo(421);
        assertThat(classification.reply().command()).isEqualTo(SmtpCommand.CONNECT);
        assertThat(classification.reply().text()).doesNotContain("smtp.example.com");
    }

    @Test
    void bdatRefusalIsReadAsAnAnswerToData() {
        Classification classification =
                CLASSIFIER.classify(
                        new MessagingException(
                                "IOException while sending message",
                                new IOException("554 5.7.1 Message rejected\n")));

        assertThat(classification.outcome()).isEqualTo(Outcome.FAILURE);
        assertThat(classification.transience()).isEqualTo(Transience.PERMANENT);
        assertThat(classification.reply().code()).isEqualTo(554);
        assertThat(classification.reply().command()).isEqualTo(SmtpCommand.DATA);
    }

    @Test
    void entriesComeFromTheCatalogue() {
        Classification classification = CLASSIFIER.classify(invalidAddresses());

        assertThat(classification.entries())
                .isEqualTo(
                        io.github.resilientmail.reply.Catalogue.standard()
                                .entriesFor(classification.reply()));
    }

    // -------------------------------------------------------------------------------------------
    // Categories decided by the reply rules (ReplyClassifier): these fail against the placeholder.

    /**
     * Categories that the reply rule engine decides; the {@code ReplyClassifier} placeholder
     * answers {@code UNDEFINED}, so these fail until the rules are in.
     */
    @Nested
    @Tag("reply-rules")
    class DecidedByTheReplyRules {

        @Test
        void refusedUnknownUserIsUserUnknown() {
            assertThat(CLASSIFIER.classify(invalidAddresses()).category())
                    .isEqualTo(Category.USER_UNKNOWN);
        }

        @Test
        void sendPartialRefusingUnknownUserIsUserUnknown() {
            assertThat(CLASSIFIER.classify(sendPartialRefusingUnknownUser()).category())
                    .isEqualTo(Category.USER_UNKNOWN);
        }

        @Test
        void refusedFullMailboxIsMailboxFull() {
            SMTPAddressFailedException refused =
                    refused(
                            "b@example.com",
                            452,
                            "452 4.2.2 <b@example.com>: Recipient address rejected: Mailbox"
                                    + " full");
            Classification classification =
                    CLASSIFIER.classify(
                            new SendFailedException(
                                    "Invalid Addresses",
                                    refused,
                                    null,
                                    addresses("b@example.com"),
                                    null));

            assertThat(classification.category()).isEqualTo(Category.MAILBOX_FULL);
            assertThat(classification.transience()).isEqualTo(Transience.TRANSIENT);
            assertThat(classification.scope()).isEqualTo(Scope.RECIPIENT);
        }

        @Test
        void rejectedCredentialsAreCredentialsRejected() {
            Classification classification =
                    CLASSIFIER.classify(
                            new AuthenticationFailedException(
                                    "535 5.7.8 Error: authentication failed: authentication"
                                            + " failure\n"));

            assertThat(classification.category()).isEqualTo(Category.CREDENTIALS_REJECTED);
            assertThat(classification.transience()).isEqualTo(Transience.PERMANENT);
        }

        @Test
        void badGreeting421IsServiceUnavailableOfTheRelay() {
            Classification classification = CLASSIFIER.classify(badGreeting421());

            assertThat(classification.category()).isEqualTo(Category.SERVICE_UNAVAILABLE);
            assertThat(classification.scope()).isEqualTo(Scope.RELAY);
        }

        @Test
        void serviceUnavailableAtRcptOutranksEveryRecipientRefusal() {
            SMTPAddressFailedException chain =
                    refused("a@example.com", 550, "550 5.1.1 <a@example.com>: User unknown");
            chain.setNextException(
                    refused(
                            "b@example.com",
                            421,
                            "421 4.3.2 Service not available, closing transmission channel"));
            Classification classification =
                    CLASSIFIER.classify(
                            new SendFailedException(
                                    "Invalid Addresses",
                                    chain,
                                    null,
                                    addresses("b@example.com"),
                                    addresses("a@example.com")));

            assertThat(classification.category()).isEqualTo(Category.SERVICE_UNAVAILABLE);
            assertThat(classification.transience()).isEqualTo(Transience.TRANSIENT);
            assertThat(classification.scope()).isEqualTo(Scope.RELAY);
            assertThat(classification.reply().code()).isEqualTo(421);
        }

        @Test
        void messageTooBigAtEndOfDataIsAFailureOfTheMessage() {
            Classification classification =
                    CLASSIFIER.classify(
                            new SMTPSendFailedException(
                                    ".",
                                    552,
                                    "552 5.3.4 Error: message file too big\n",
                                    null,
                                    null,
                                    addresses("a@example.com"),
                                    null));

            assertThat(classification.category()).isEqualTo(Category.MESSAGE_TOO_BIG);
            assertThat(classification.transience()).isEqualTo(Transience.PERMANENT);
            assertThat(classification.scope()).isEqualTo(Scope.MESSAGE);
        }
    }

    // -------------------------------------------------------------------------------------------
    // Secrets and robustness.

    @Test
    void neverCopiesTheMessageOfAnExceptionWithoutReply() {
        List<MessagingException> failures =
                List.of(
                        new MessagingException(
                                "Could not connect to SMTP host: alice:" + SECRET + "@smtp",
                                new ConnectException("Connection refused " + SECRET)),
                        new MailConnectException(
                                new SocketConnectException(
                                        "Using SOCKS host, port: alice:" + SECRET + "@proxy",
                                        new ConnectException("Connection refused"),
                                        "smtp.example.com",
                                        25,
                                        0)),
                        new AuthenticationFailedException("login alice/" + SECRET + " refused"),
                        new MessagingException("password=" + SECRET),
                        new MessagingException(
                                "IOException while sending message", new IOException(SECRET)),
                        new MessagingException(
                                "Could not convert socket to TLS", new SSLException(SECRET)));

        for (MessagingException failure : failures) {
            Classification classification = CLASSIFIER.classify(failure);

            assertThat(classification.reply().text()).doesNotContain(SECRET);
            assertThat(classification.reason()).doesNotContain(SECRET);
        }
    }

    static Stream<Arguments> malformedFailures() {
        MessagingException self = new MessagingException("self");
        self.setNextException(self);
        MessagingException first = new MessagingException("Exception reading response");
        MessagingException second = new MessagingException(null);
        first.setNextException(second);
        second.setNextException(first);
        IOException io = new IOException("read failed");
        MessagingException throughCause = new MessagingException("Exception reading response", io);
        io.initCause(throughCause);
        SMTPAddressFailedException refused = refused("a@example.com", 550, "550 no");
        SMTPSendFailedException partial =
                new SMTPSendFailedException(".", 250, "250 Ok", refused, null, null, null);
        refused.setNextException(partial);
        return Stream.of(
                Arguments.of("null message", new MessagingException()),
                Arguments.of("self cycle", self),
                Arguments.of("two-link cycle", first),
                Arguments.of("cycle through getCause()", throughCause),
                Arguments.of("cycle back to the reported acceptance", partial),
                Arguments.of(
                        "address failure with nulls",
                        new SMTPAddressFailedException(null, null, 550, null)),
                Arguments.of(
                        "send failure with nulls",
                        new SMTPSendFailedException(null, 0, null, null, null, null, null)),
                Arguments.of(
                        "sender failure with nulls",
                        new SMTPSenderFailedException(null, null, -1, null)),
                Arguments.of(
                        "address success with nulls",
                        new SMTPAddressSucceededException(null, null, 0, null)),
                Arguments.of(
                        "return code 999",
                        new SMTPSendFailedException(".", 999, "999 x", null, null, null, null)),
                Arguments.of(
                        "return code 42",
                        new SMTPAddressFailedException(address("a@example.com"), "RCPT", 42, "42")),
                Arguments.of(
                        "code disagreeing with the text",
                        new SMTPAddressFailedException(
                                address("a@example.com"), "RCPT", 450, "550 5.1.1 no")),
                Arguments.of("null authentication message", new AuthenticationFailedException()),
                Arguments.of(
                        "mail connect exception without cause",
                        new MailConnectException(
                                new SocketConnectException(null, null, null, -1, -1))),
                Arguments.of(
                        "a megabyte of reply",
                        new MessagingException("550 " + "x".repeat(1 << 20))),
                Arguments.of(
                        "bad greeting without response",
                        new MessagingException("Got bad greeting from SMTP host")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedFailures")
    void neverThrowsOnMalformedChains(String name, MessagingException failure) {
        assertThatCode(() -> CLASSIFIER.classify(failure)).doesNotThrowAnyException();
        assertThat(CLASSIFIER.classify(failure).reason()).isNotBlank();
    }

    @Test
    void readsAtMostMaxLinksOfAVeryLongChain() {
        MessagingException bottom = new MessagingException("Exception reading response");
        for (int i = 0; i < 100_000; i++) {
            bottom = new MessagingException("level " + i, bottom);
        }
        MessagingException deep = bottom;

        assertThat(Classifier.chain(deep)).hasSize(Classifier.MAX_LINKS);
        assertThatCode(() -> CLASSIFIER.classify(deep)).doesNotThrowAnyException();
    }

    @Test
    void neverThrowsOnRandomChains() {
        Random random = new Random(20_240_601L);
        for (int run = 0; run < 2_000; run++) {
            String message = randomMessage(random);
            int code = random.nextInt(1_010) - 10;
            List<MessagingException> links = new ArrayList<>();
            links.add(new MessagingException(randomMessage(random)));
            int length = random.nextInt(7);
            for (int i = 0; i < length; i++) {
                links.add(arbitrary(random.nextInt(10), code, message));
            }
            for (int i = 0; i + 1 < links.size(); i++) {
                links.get(i).setNextException(links.get(i + 1));
            }
            if (random.nextBoolean() && links.size() > 1) {
                links.get(links.size() - 1).setNextException(links.get(random.nextInt(2)));
            }

            Classification classification = CLASSIFIER.classify(links.get(0));

            assertThat(classification.reason()).isNotBlank();
        }
    }

    private static @Nullable String randomMessage(Random random) {
        String[] fragments = {
            "550",
            "5.1.1",
            "4.2.2",
            "250",
            "421 ",
            "[EOF]",
            "\r\n",
            "\n",
            "-",
            " ",
            "#",
            "(",
            "Got bad greeting from SMTP host",
            "response: ",
            "Could not connect to SMTP host",
            "Exception reading response",
            "Could not convert socket to TLS",
            "\u0000",
            "é",
            "ß"
        };
        if (random.nextInt(10) == 0) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        int parts = random.nextInt(6);
        for (int i = 0; i < parts; i++) {
            text.append(
                    random.nextBoolean()
                            ? fragments[random.nextInt(fragments.length)]
                            : String.valueOf((char) random.nextInt(0x3000)));
        }
        return text.toString();
    }

    // -------------------------------------------------------------------------------------------
    // The API.

    @Test
    void standardIsShared() {
        assertThat(Classifier.standard()).isSameAs(Classifier.standard());
    }

    @Test
    void classifiesRepliesLikeTheReplyClassifier() {
        SmtpReply reply = SmtpReply.parse("550 5.1.1 User unknown", SmtpCommand.RCPT);

        assertThat(Classifier.of(ReplyClassifier.standard()).classify(reply))
                .isEqualTo(ReplyClassifier.standard().classify(reply));
        assertThat(CLASSIFIER.classify(SmtpReply.parse("250 2.0.0 Ok")).isSuccess()).isTrue();
    }

    // -------------------------------------------------------------------------------------------
    // Exceptions as Angus builds them.

    private static MessagingException arbitrary(int kind, int code, @Nullable String message) {
        switch (kind) {
            case 0:
                return refused("a@example.com", code, message);
            case 1:
                return accepted("a@example.com");
            case 2:
                return new SMTPSendFailedException(".", code, message, null, null, null, null);
            case 3:
                return new SMTPSenderFailedException(null, message, code, message);
            case 4:
                return new AuthenticationFailedException(message);
            case 5:
                return new MessagingException(message, new IOException(message));
            case 6:
                return new MessagingException(message, new SSLException(message));
            case 7:
                return connectFailure(new SocketTimeoutException(message));
            case 8:
                return new SendFailedException(message);
            default:
                return new MessagingException(message, new IllegalStateException(message));
        }
    }

    private static SendFailedException invalidAddresses() {
        return new SendFailedException(
                "Invalid Addresses",
                refused(
                        "b@example.com",
                        550,
                        "550 5.1.1 <b@example.com>: Recipient address rejected: User unknown in"
                                + " virtual mailbox table\n"),
                null,
                addresses("a@example.com"),
                addresses("b@example.com"));
    }

    private static SMTPSendFailedException sendPartialRefusingUnknownUser() {
        return new SMTPSendFailedException(
                ".",
                250,
                "250 2.0.0 Ok: queued as 4Xyz\n",
                refused(
                        "b@example.com",
                        550,
                        "550 5.1.1 <b@example.com>: Recipient address rejected: User unknown\n"),
                addresses("a@example.com"),
                new Address[0],
                addresses("b@example.com"));
    }

    private static MessagingException badGreeting421() {
        return new MessagingException(
                "Got bad greeting from SMTP host: smtp.example.com, port: 25, response: 421 4.3.2"
                        + " Service not available\n");
    }

    private static MailConnectException connectFailure(Exception cause) {
        return new MailConnectException(
                new SocketConnectException(
                        "Using SOCKS host, port: proxy.example.com, 1080",
                        cause,
                        "smtp.example.com",
                        25,
                        10_000));
    }

    private static SMTPAddressFailedException refused(String to, int code, @Nullable String reply) {
        return new SMTPAddressFailedException(address(to), "RCPT TO:<" + to + ">", code, reply);
    }

    private static SMTPAddressSucceededException accepted(String to) {
        return new SMTPAddressSucceededException(
                address(to), "RCPT TO:<" + to + ">", 250, "250 2.1.5 Ok\n");
    }

    private static <T extends Throwable> T causedBy(T failure, Throwable cause) {
        failure.initCause(cause);
        return failure;
    }

    private static Address[] addresses(String... emails) {
        Address[] result = new Address[emails.length];
        for (int i = 0; i < emails.length; i++) {
            result[i] = address(emails[i]);
        }
        return result;
    }

    private static InternetAddress address(String email) {
        try {
            return new InternetAddress(email);
        } catch (AddressException e) {
            throw new IllegalArgumentException(email, e);
        }
    }
}
