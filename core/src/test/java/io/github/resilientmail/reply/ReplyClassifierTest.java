package io.github.resilientmail.reply;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Table tests of the rules, beyond the corpora: quirks, commands, scope and retry hints. */
class ReplyClassifierTest {

    private final ReplyClassifier classifier = ReplyClassifier.standard();

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                // RFC 5321: every 4yz is transient
                "421 4.7.0 Try again later, closing connection|SERVICE_UNAVAILABLE|TRANSIENT|RELAY",
                "450 4.2.0 <a@example.com>: Recipient address rejected: Greylisted|GREYLISTED|TRANSIENT|RECIPIENT",
                "452 4.2.2 The email account that you tried to reach is over quota|MAILBOX_FULL|TRANSIENT|RECIPIENT",
                "451 4.4.2 timeout|NETWORK_ERROR|TRANSIENT|RELAY",
                // 5yz that clear with time
                "552 5.2.2 Mailbox full|MAILBOX_FULL|TRANSIENT|RECIPIENT",
                "550 5.4.5 Daily user sending limit exceeded|RATE_LIMITED|TRANSIENT|MESSAGE",
                "554 This IP has been temporarily blocked|BLOCKED|TRANSIENT|MESSAGE",
                // 5yz that do not
                "550 5.1.1 <a@example.com>: Recipient address rejected: User unknown|USER_UNKNOWN|PERMANENT|RECIPIENT",
                "550 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org|BLOCKED|PERMANENT|MESSAGE",
                "535 5.7.8 Error: authentication failed|CREDENTIALS_REJECTED|PERMANENT|MESSAGE",
                "554 5.7.1 <a@example.com>: Relay access denied|NO_RELAYING|PERMANENT|RECIPIENT",
                "552 5.3.4 Message size exceeds fixed limit|MESSAGE_TOO_BIG|PERMANENT|MESSAGE",
                // Exchange Online directory-based edge blocking
                "550 5.4.1 Recipient address rejected: Access denied. AS(201806281)|USER_UNKNOWN|PERMANENT|RECIPIENT",
                // French providers
                "550 5.1.1 Utilisateur inconnu / user unknown|USER_UNKNOWN|PERMANENT|RECIPIENT",
                "452 4.2.2 Boîte aux lettres pleine|MAILBOX_FULL|TRANSIENT|RECIPIENT",
                // Nothing to go on
                "550 Rejected|UNDEFINED|PERMANENT|MESSAGE",
                "450 4.0.0 Temporary failure|UNDEFINED|TRANSIENT|MESSAGE",
            })
    void classifiesRealReplies(String raw, Category category, Transience transience, Scope scope) {
        Classification result = classifier.classify(raw);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILURE);
        assertThat(result.category()).as(result.reason()).isEqualTo(category);
        assertThat(result.transience()).as(result.reason()).isEqualTo(transience);
        assertThat(result.scope()).as(result.reason()).isEqualTo(scope);
        assertThat(result.reason()).isNotBlank();
    }

    @Test
    void successAndIntermediateRepliesAreSuccesses() {
        for (String raw :
                new String[] {
                    "250 2.0.0 OK queued", "354 End data with <CR><LF>.<CR><LF>", "221 Bye"
                }) {
            Classification result = classifier.classify(raw);

            assertThat(result.isSuccess()).as(raw).isTrue();
            assertThat(result.category()).isNull();
            assertThat(result.transience()).isNull();
        }
    }

    @Test
    void treats552AtRcptAsTooManyRecipientsLikeAngusDoes() {
        Classification result = classifier.classify(SmtpReply.parse("552 Sorry", SmtpCommand.RCPT));

        assertThat(result.category()).isEqualTo(Category.TOO_MANY_RECIPIENTS);
        assertThat(result.transience()).isEqualTo(Transience.TRANSIENT);
        assertThat(result.reason()).contains("4.5.3.1.10");
    }

    @Test
    void anUnexplainedRefusalOfTheSenderIsASenderRejection() {
        Classification result = classifier.classify(SmtpReply.parse("553 Sorry", SmtpCommand.MAIL));

        assertThat(result.category()).isEqualTo(Category.SENDER_REJECTED);
    }

    @Test
    void anUnexplainedRefusalAtAuthIsARejectionOfCredentials() {
        Classification result = classifier.classify(SmtpReply.parse("554 No", SmtpCommand.AUTH));

        assertThat(result.category()).isEqualTo(Category.CREDENTIALS_REJECTED);
    }

    @Test
    void aTransientFailureAtTheGreetingBelongsToTheRelay() {
        Classification result =
                classifier.classify(SmtpReply.parse("450 Not now", SmtpCommand.CONNECT));

        assertThat(result.isRelayFailure()).isTrue();
    }

    @Test
    void aPermanentRecipientFailureNeverBelongsToTheRelay() {
        Classification result =
                classifier.classify(SmtpReply.parse("550 5.1.1 User unknown", SmtpCommand.RCPT));

        assertThat(result.isRelayFailure()).isFalse();
        assertThat(result.scope()).isEqualTo(Scope.RECIPIENT);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "450 Recipient address rejected greylisted for 300 seconds|PT5M",
                "451 4.7.1 Please try again in 5 minutes|PT5M",
                "421 4.7.0 Too many connections, come back in 00:04:59|PT4M59S",
                "450 4.7.1 Greylisted, retry after 120s|PT2M",
                "421 Service indisponible, réessayez dans 10 minutes|PT10M",
                "451 4.3.0 Try again in an hour|PT1H",
            })
    void readsTheServersRetryAfterHint(String raw, Duration expected) {
        assertThat(classifier.classify(raw).retryAfter()).isEqualTo(expected);
    }

    @Test
    void ignoresRetryHintsOfPermanentFailuresAndAbsurdOnes() {
        assertThat(classifier.classify("550 5.1.1 try again in 5 minutes").retryAfter()).isNull();
        assertThat(classifier.classify("451 try again in 999999 hours").retryAfter()).isNull();
        assertThat(classifier.classify("451 4.3.0 Temporary lookup failure").retryAfter()).isNull();
    }

    @Test
    void explainsBothTheBasicAndTheEnhancedCode() {
        Classification result = classifier.classify("550 5.1.1 User unknown");

        assertThat(result.entries())
                .extracting(CatalogueEntry::code)
                .containsExactly("550", "X.1.1");
    }

    @Test
    void aReplyWithoutAnyCodeIsClassifiedFromItsText() {
        Classification result = classifier.classify("Connection timed out");

        assertThat(result.category()).isEqualTo(Category.NETWORK_ERROR);
        assertThat(result.transience()).isEqualTo(Transience.TRANSIENT);
        assertThat(result.entries()).isEmpty();
    }
}
