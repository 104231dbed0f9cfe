package io.github.resilientmail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilientmail.reply.Classification;
import io.github.resilientmail.reply.ReplyClassifier;
import jakarta.mail.internet.InternetAddress;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MaskingTest {

    @ParameterizedTest
    @CsvSource({
        "bob@example.com, b***@example.com",
        "b@example.com, b***@example.com",
        "postmaster, p***",
        "'\"bob smith\"@example.com', '\"***@example.com'",
        "élodie@exemple.fr, é***@exemple.fr"
    })
    void masksTheMailboxAndKeepsTheDomain(String address, String masked) {
        assertThat(Masking.address(address)).isEqualTo(masked);
    }

    @Test
    void masksEveryAddressInAReply() {
        assertThat(
                        Masking.text(
                                "550 5.1.1 <bob@example.com>: Recipient address rejected; see"
                                        + " carol.smith+tag@mail.example.org (#5.1.1)"))
                .isEqualTo(
                        "550 5.1.1 <b***@example.com>: Recipient address rejected; see"
                                + " c***@mail.example.org (#5.1.1)");
        assertThat(Masking.text("421 4.3.2 Service not available"))
                .isEqualTo("421 4.3.2 Service not available");
    }

    @Test
    void masksAnAddressObjectWithoutItsPersonalName() throws Exception {
        assertThat(Masking.address(new InternetAddress("Bob Smith <bob@example.com>")).toString())
                .isEqualTo("b***@example.com");
    }

    @Test
    void masksAClassificationsReplyAndReasonOnly() {
        Classification classification =
                ReplyClassifier.standard().classify("550 5.1.1 <bob@example.com> unknown");

        Classification masked = Masking.classification(classification);

        assertThat(masked.reply().text()).isEqualTo("<b***@example.com> unknown");
        assertThat(masked.reply().code()).isEqualTo(550);
        assertThat(masked.category()).isEqualTo(classification.category());
        assertThat(masked.transience()).isEqualTo(classification.transience());
        assertThat(masked.reason()).doesNotContain("bob@");
    }

    @Test
    void aVeryLongTextIsMaskedInLinearTime() {
        String text = "x".repeat(1 << 20) + "@example.com";

        assertThat(Masking.text(text)).endsWith("x***@example.com");
    }

    @Test
    void hideRecipientsIsReadFromTheSession() {
        Properties properties = new Properties();
        assertThat(TransportSettings.from(properties, "resilient-smtp").hideRecipients()).isFalse();

        properties.setProperty("mail.resilient-smtp.hide-recipients", " TRUE ");
        assertThat(TransportSettings.from(properties, "resilient-smtp").hideRecipients()).isTrue();
        assertThat(TransportSettings.isOwnKey("hide-recipients")).isTrue();

        properties.setProperty("mail.resilient-smtp.hide-recipients", "yes");
        assertThatThrownBy(() -> TransportSettings.from(properties, "resilient-smtp"))
                .hasMessageContaining("mail.resilient-smtp.hide-recipients='yes'")
                .hasMessageContaining("true or false");
    }
}
