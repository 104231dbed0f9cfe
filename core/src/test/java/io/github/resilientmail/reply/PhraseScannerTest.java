package io.github.resilientmail.reply;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PhraseScannerTest {

    private enum Label {
        FULL,
        BL,
        GREY,
        UNUSED
    }

    private static final PhraseScanner<Label> SCANNER =
            PhraseScanner.compile(
                    Label.class,
                    label -> {
                        switch (label) {
                            case FULL:
                                return List.of("mailbox full", "boite pleine", "over quota");
                            case BL:
                                return List.of(" bl ");
                            case GREY:
                                return List.of("greylist");
                            default:
                                return List.of("never ever here");
                        }
                    });

    @Test
    void findsPhrasesWhateverTheCasePunctuationAndSpacing() {
        long found = SCANNER.scan("550 5.2.2 <a@example.com>... MAILBOX   Full!!", 1000);

        assertThat(PhraseScanner.has(found, Label.FULL)).isTrue();
        assertThat(PhraseScanner.has(found, Label.UNUSED)).isFalse();
    }

    @Test
    void foldsFrenchAccents() {
        assertThat(PhraseScanner.has(SCANNER.scan("Boîte pleine", 1000), Label.FULL)).isTrue();
    }

    @Test
    void aPhraseWithSpacesAroundMatchesOnlyAWholeWord() {
        assertThat(PhraseScanner.has(SCANNER.scan("554 A problem occurred. (BL)", 1000), Label.BL))
                .isTrue();
        assertThat(PhraseScanner.has(SCANNER.scan("554 blocked", 1000), Label.BL)).isFalse();
        assertThat(PhraseScanner.has(SCANNER.scan("BL", 1000), Label.BL)).isTrue();
    }

    @Test
    void aPhraseWithoutSpacesMatchesInsideWords() {
        assertThat(PhraseScanner.has(SCANNER.scan("450 Greylisted for 300 s", 1000), Label.GREY))
                .isTrue();
    }

    @Test
    void findsOverlappingPhrasesThroughFailureLinks() {
        long found = SCANNER.scan("user is over quota and greylisted", 1000);

        assertThat(PhraseScanner.has(found, Label.FULL)).isTrue();
        assertThat(PhraseScanner.has(found, Label.GREY)).isTrue();
    }

    @Test
    void readsNoFurtherThanTheLimit() {
        assertThat(PhraseScanner.has(SCANNER.scan("xxxxxxxxxx mailbox full", 10), Label.FULL))
                .isFalse();
    }
}
