package io.github.resilientmail.reply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SmtpReplyTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "550 5.1.1 User unknown|550|5.1.1|User unknown",
                "550-5.1.1 The email account does not exist|550|5.1.1|The email account does not exist",
                "452 4.2.2 Over quota|452|4.2.2|Over quota",
                "550 #5.1.0 Address rejected.|550|5.1.0|Address rejected.",
                "451 timeout (#4.4.2)|451|4.4.2|timeout (#4.4.2)",
                "550 sorry, no mailbox here by that name (#5.1.1 - chkusr)|550|5.1.1|sorry, no mailbox here by that name (#5.1.1 - chkusr)",
                "451 Resources temporarily unavailable. [#4.16.1].|451|4.16.1|Resources temporarily unavailable. [#4.16.1].",
                "421 Service not available|421||Service not available",
                "250 OK|250||OK",
                "550|550||",
                "552 1 Requested mail action aborted|552||1 Requested mail action aborted",
            })
    void parsesBasicCodeEnhancedCodeAndText(String raw, int code, String enhanced, String text) {
        SmtpReply reply = SmtpReply.parse(raw);

        assertThat(reply.code()).isEqualTo(code);
        assertThat(reply.enhancedCode() == null ? null : reply.enhancedCode().toString())
                .isEqualTo(enhanced);
        assertThat(reply.text()).isEqualTo(text == null ? "" : text);
    }

    @Test
    void joinsTheLinesOfAMultiLineReplyWithoutTheirPrefixes() {
        SmtpReply reply =
                SmtpReply.parse(
                        "550-5.7.1 This message is blocked.\r\n"
                                + "550-5.7.1 Please visit the help page\r\n"
                                + "550 5.7.1 for more information. - gsmtp\r\n");

        assertThat(reply.code()).isEqualTo(550);
        assertThat(reply.enhancedCode()).isEqualTo(new EnhancedStatusCode(5, 7, 1));
        assertThat(reply.text())
                .isEqualTo(
                        "This message is blocked. Please visit the help page for more information. - gsmtp");
    }

    @Test
    void aReplyWithoutACodeKeepsItsTextAndHasNoCode() {
        SmtpReply reply = SmtpReply.parse("Mailbox full, try later");

        assertThat(reply.hasCode()).isFalse();
        assertThat(reply.code()).isZero();
        assertThat(reply.enhancedCode()).isNull();
        assertThat(reply.text()).isEqualTo("Mailbox full, try later");
    }

    @Test
    void garbageControlCharactersAndNullNeverThrow() {
        assertThat(SmtpReply.parse(null).text()).isEmpty();
        assertThat(SmtpReply.parse("").hasCode()).isFalse();
        assertThat(SmtpReply.parse("\u0000\u0007\u001b[31m550\r\n").text())
                .doesNotContain("\u0000");
        assertThat(SmtpReply.parse("999 not a code").hasCode()).isFalse();
        assertThat(SmtpReply.parse("5501 too many digits").hasCode()).isFalse();
        assertThat(SmtpReply.parse("550 9.9.9 bad class").enhancedCode()).isNull();
    }

    @Test
    void keepsNonAsciiText() {
        SmtpReply reply = SmtpReply.parse("550 5.1.1 Adresse inconnue : boîte « réservée »");

        assertThat(reply.text()).isEqualTo("Adresse inconnue : boîte « réservée »");
    }

    @Test
    void boundsTheTextOfAMegabyteReply() {
        String huge = "550 5.1.1 " + "x".repeat(1_000_000);

        SmtpReply reply = SmtpReply.parse(huge);

        assertThat(reply.code()).isEqualTo(550);
        assertThat(reply.text()).hasSizeLessThanOrEqualTo(SmtpReply.MAX_TEXT_LENGTH);
    }

    @Test
    void boundsAnEndlessMultiLineReply() {
        String endless = "421-4.3.2 busy\r\n".repeat(200_000) + "421 4.3.2 busy";

        SmtpReply reply = SmtpReply.parse(endless);

        assertThat(reply.code()).isEqualTo(421);
        assertThat(reply.text()).hasSizeLessThanOrEqualTo(SmtpReply.MAX_TEXT_LENGTH);
    }

    @Test
    void doesNotMistakeAnIpAddressForAnEnhancedCode() {
        assertThat(SmtpReply.parse("554 Client host [192.0.2.4] blocked").enhancedCode()).isNull();
        assertThat(SmtpReply.parse("554 rejected (192.0.2.4)").enhancedCode()).isNull();
    }

    @Test
    void printsAsAServerWouldWriteIt() {
        assertThat(SmtpReply.parse("550 5.1.1 User unknown")).hasToString("550 5.1.1 User unknown");
        assertThat(SmtpReply.parse("451 timeout (#4.4.2)")).hasToString("451 timeout (#4.4.2)");
    }

    @Test
    void carriesTheCommandItAnswered() {
        SmtpReply reply = SmtpReply.parse("552 Too many recipients", SmtpCommand.RCPT);

        assertThat(reply.command()).isEqualTo(SmtpCommand.RCPT);
        assertThat(reply.withCommand(null).command()).isNull();
    }

    @Test
    void rejectsCodesOutsideTheSmtpRange() {
        assertThatThrownBy(() -> new SmtpReply(999, null, "", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("999");
        assertThatThrownBy(() -> new EnhancedStatusCode(3, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2, 4 or 5");
    }

    @ParameterizedTest
    @CsvSource({
        "'RCPT TO:<a@example.com>', RCPT",
        "'MAIL FROM:<a@example.com> SIZE=10', MAIL",
        "'ehlo client.example', HELO",
        "'\r\n.\r\n', END_OF_DATA",
        "'.', END_OF_DATA",
        "'DATA', DATA",
        "'BDAT 100 LAST', DATA",
        "'AUTH PLAIN', AUTH",
        "'NOOP', OTHER",
    })
    void readsTheCommandFromWhatTheClientSent(String sent, SmtpCommand expected) {
        assertThat(SmtpCommand.of(sent)).isEqualTo(expected);
    }
}
