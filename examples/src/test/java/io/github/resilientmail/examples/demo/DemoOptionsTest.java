package io.github.resilientmail.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoOptionsTest {

    private static DemoOptions parse(String... args) {
        return DemoOptions.parse(args, Map.of());
    }

    @Test
    void withoutArgumentsRunsOnTheEmbeddedServersInEnglish() {
        DemoOptions options = parse();

        assertThat(options.isLocal()).isTrue();
        assertThat(options.locale).isEqualTo(Locale.ENGLISH);
        assertThat(options.help).isFalse();
    }

    @Test
    void langFrExplainsInFrench() {
        assertThat(parse("--lang", "fr").locale.getLanguage()).isEqualTo("fr");
    }

    @Test
    void refusesALanguageTheCatalogueDoesNotSpeak() {
        assertThatThrownBy(() -> parse("--lang", "de"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--lang takes one of");
    }

    @Test
    void smtpTakesHostPortRecipientsAndCredentials() {
        DemoOptions options =
                parse(
                        "--smtp", "smtp.example.com:587",
                        "--user", "me@example.com",
                        "--password", "secret",
                        "--to", "a@example.net, b@example.net");

        assertThat(options.isLocal()).isFalse();
        assertThat(options.host).isEqualTo("smtp.example.com");
        assertThat(options.port).isEqualTo(587);
        assertThat(options.to).containsExactly("a@example.net", "b@example.net");
        assertThat(options.from).isEqualTo("me@example.com");
        assertThat(options.ssl).isFalse();
    }

    @Test
    void passwordComesFromTheEnvironmentWhenNotGiven() {
        DemoOptions options =
                DemoOptions.parse(
                        new String[] {"--smtp", "h:25", "--user", "u", "--to", "a@example.net"},
                        Map.of(DemoOptions.PASSWORD_VARIABLE, "from-env"));

        assertThat(options.password).isEqualTo("from-env");
        assertThat(options.from).isEqualTo(Demo.SENDER);
    }

    @Test
    void toStringNeverShowsThePassword() {
        DemoOptions options =
                parse(
                        "--smtp",
                        "h:465",
                        "--ssl",
                        "--user",
                        "u",
                        "--password",
                        "hunter2",
                        "--to",
                        "a@x");

        assertThat(options.toString()).doesNotContain("hunter2").contains("password=***", "ssl");
    }

    @Test
    void refusesWrongCommandLines() {
        assertThatThrownBy(() -> parse("--smtp", "h:25"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--to");
        assertThatThrownBy(() -> parse("--smtp", "h", "--to", "a@x"))
                .hasMessageContaining("host:port");
        assertThatThrownBy(() -> parse("--smtp", "h:0", "--to", "a@x"))
                .hasMessageContaining("1 to 65535");
        assertThatThrownBy(() -> parse("--smtp", "h:25", "--user", "u", "--to", "a@x"))
                .hasMessageContaining(DemoOptions.PASSWORD_VARIABLE);
        assertThatThrownBy(() -> parse("--user", "u")).hasMessageContaining("go with --smtp");
        assertThatThrownBy(() -> parse("--lang")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> parse("--verbose")).hasMessageContaining("unknown argument");
    }

    @Test
    void helpWinsOverEverythingElse() {
        assertThat(parse("--smtp", "h:25", "--help").help).isTrue();
    }
}
