package io.github.resilientmail.reply;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

/** Whatever a server sends, parsing and classifying never throw and always give an answer. */
class ReplyPropertiesTest {

    private final ReplyClassifier classifier = ReplyClassifier.standard();

    @Property(tries = 2000)
    void anyStringGetsACategoryOrIsASuccess(@ForAll @StringLength(max = 600) String raw) {
        assertAnswered(raw);
    }

    @Property(tries = 2000)
    void anyReplyShapedStringGetsACategoryOrIsASuccess(@ForAll("replyShaped") String raw) {
        assertAnswered(raw);
    }

    @Property(tries = 500)
    void parsedTextIsBoundedAndFreeOfControlCharacters(@ForAll("replyShaped") String raw) {
        SmtpReply reply = SmtpReply.parse(raw);

        assertThat(reply.text()).hasSizeLessThanOrEqualTo(SmtpReply.MAX_TEXT_LENGTH);
        assertThat(reply.text().chars().noneMatch(Character::isISOControl)).isTrue();
    }

    private void assertAnswered(String raw) {
        Classification result = classifier.classify(raw);

        assertThat(result).isNotNull();
        if (result.isSuccess()) {
            assertThat(result.reply().code()).isBetween(200, 399);
        } else {
            assertThat(result.category()).isNotNull();
            assertThat(result.transience()).isNotNull();
            assertThat(result.scope()).isNotNull();
        }
    }

    @Provide
    Arbitrary<String> replyShaped() {
        Arbitrary<String> code = Arbitraries.integers().between(0, 999).map(String::valueOf);
        Arbitrary<String> separator = Arbitraries.of(" ", "-", "", "\r\n", "\t");
        Arbitrary<String> enhanced =
                Combinators.combine(
                                Arbitraries.integers().between(0, 9),
                                Arbitraries.integers().between(0, 1000),
                                Arbitraries.integers().between(0, 1000))
                        .as((c, s, d) -> c + "." + s + "." + d + " ");
        Arbitrary<String> text =
                Arbitraries.oneOf(
                        Arbitraries.strings().ofMaxLength(200),
                        Arbitraries.of(
                                "User unknown",
                                "Mailbox full",
                                "(#5.1.1)",
                                "[#4.16.1]",
                                "try again in 5 minutes",
                                "come back in 00:04:59",
                                "for 99999999999999999999 seconds",
                                "in 99:99:99",
                                "#",
                                "(#",
                                "[#5.",
                                "5.1.",
                                "\u0000\uFFFF\uD800"));
        return Combinators.combine(code, separator, enhanced.injectDuplicates(0.3), text)
                .as((c, s, e, t) -> c + s + e + t);
    }
}
