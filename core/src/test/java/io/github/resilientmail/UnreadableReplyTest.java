package io.github.resilientmail;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilientmail.reply.Category;
import io.github.resilientmail.reply.Classification;
import io.github.resilientmail.reply.Scope;
import io.github.resilientmail.reply.SmtpCommand;
import io.github.resilientmail.reply.Transience;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Regression: a server's reply without a reply code, which Angus Mail puts in the message of a
 * plain {@code MessagingException} (EHLO, HELO, STARTTLS), of a bad greeting or of an {@code
 * AuthenticationFailedException}, was a permanent failure; Angus has closed the connection, as for
 * garbage at any other step, which is a transient network error.
 */
class UnreadableReplyTest {

    private static final Classifier CLASSIFIER = Classifier.standard();

    @ParameterizedTest
    @CsvSource({
        "'\u0000\u00ff\u00fe?? HTTP/1.1 400 Bad Request\n'",
        "'999 9.9.9 Beyond the protocol\n'",
        "'+OK POP3 server ready\n'",
        "'600 x\n'"
    })
    void aReplyWithoutACodeIsANetworkError(String response) {
        assertNetworkError(CLASSIFIER.classify(new MessagingException(response)), null);
        assertNetworkError(
                CLASSIFIER.classify(new AuthenticationFailedException(response)), SmtpCommand.AUTH);
        assertNetworkError(
                CLASSIFIER.classify(
                        new MessagingException(
                                "Got bad greeting from SMTP host: smtp.example.com, port: 25,"
                                        + " response: "
                                        + response)),
                SmtpCommand.CONNECT);
    }

    @ParameterizedTest
    @CsvSource({
        "'STARTTLS is required but host does not support STARTTLS'",
        "'No authentication mechanisms supported by both server and client'",
        "'password=hunter2'"
    })
    void angusOwnMessagesAreNoReplies(String message) {
        Classification classification = CLASSIFIER.classify(new MessagingException(message));

        assertThat(classification.reply().text()).isNotEqualTo("unreadable server reply");
    }

    private static void assertNetworkError(Classification classification, SmtpCommand command) {
        assertThat(classification.category()).isEqualTo(Category.NETWORK_ERROR);
        assertThat(classification.transience()).isEqualTo(Transience.TRANSIENT);
        assertThat(classification.scope()).isEqualTo(Scope.RELAY);
        assertThat(classification.reply().text()).isEqualTo("unreadable server reply");
        assertThat(classification.reply().command()).isEqualTo(command);
        assertThat(classification.reason()).doesNotContain("HTTP", "POP3");
    }
}
