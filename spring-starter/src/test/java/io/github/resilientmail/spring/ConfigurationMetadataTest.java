package io.github.resilientmail.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The metadata that gives IDEs completion, descriptions and defaults for {@code resilient-mail.*}.
 */
class ConfigurationMetadataTest {

    private static final Pattern ENTRY = Pattern.compile("\\{[^{}]*\"name\": \"([^\"]+)\"[^{}]*}");

    @Test
    void describesEveryPropertyWithItsDefault() throws IOException {
        String json = metadata();
        List<String> names = new ArrayList<>();
        Matcher entry = ENTRY.matcher(json);
        while (entry.find()) {
            String name = entry.group(1);
            if (name.startsWith("resilient-mail.") && !isGroup(name)) {
                names.add(name);
                assertThat(entry.group())
                        .as(name)
                        .contains("\"description\"")
                        .contains("\"defaultValue\"");
            }
        }
        assertThat(names)
                .containsExactlyInAnyOrder(
                        "resilient-mail.enabled",
                        "resilient-mail.delivery-guarantee",
                        "resilient-mail.hide-recipients",
                        "resilient-mail.connection-timeout",
                        "resilient-mail.read-timeout",
                        "resilient-mail.write-timeout",
                        "resilient-mail.retry.max-attempts",
                        "resilient-mail.retry.wait-duration",
                        "resilient-mail.retry.exponential-backoff-multiplier",
                        "resilient-mail.retry.exponential-max-wait-duration",
                        "resilient-mail.retry.randomized-wait-factor",
                        "resilient-mail.retry.max-duration",
                        "resilient-mail.circuit-breaker.failure-rate-threshold",
                        "resilient-mail.circuit-breaker.sliding-window-size",
                        "resilient-mail.circuit-breaker.minimum-number-of-calls",
                        "resilient-mail.circuit-breaker.wait-duration-in-open-state",
                        "resilient-mail.circuit-breaker.permitted-number-of-calls-in-half-open-state");
    }

    @Test
    void writesDurationsAndTheGuaranteeAsUsersTypeThem() throws IOException {
        String json = metadata();
        assertThat(json)
                .containsPattern(
                        "\"name\": \"resilient-mail.retry.wait-duration\"[^}]*\"defaultValue\": \"1s\"")
                .containsPattern(
                        "\"name\": \"resilient-mail.retry.max-duration\"[^}]*\"defaultValue\": \"2m\"")
                .containsPattern(
                        "\"name\": \"resilient-mail.delivery-guarantee\"[^}]*\"defaultValue\": \"at-least-once\"");
    }

    @Test
    void documentsTheHealthComponentsSwitch() throws IOException {
        assertThat(metadata()).contains("\"name\": \"management.health.resilient-mail.enabled\"");
    }

    private static boolean isGroup(String name) {
        return name.equals("resilient-mail")
                || name.equals("resilient-mail.retry")
                || name.equals("resilient-mail.circuit-breaker");
    }

    /** The starter's metadata; Boot's own jars have theirs under the same name. */
    private static String metadata() throws IOException {
        Enumeration<URL> files =
                ResilientMailAutoConfiguration.class
                        .getClassLoader()
                        .getResources("META-INF/spring-configuration-metadata.json");
        while (files.hasMoreElements()) {
            try (InputStream in = files.nextElement().openStream()) {
                String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (json.contains(ResilientMailProperties.class.getName())) {
                    return json;
                }
            }
        }
        throw new AssertionError("no generated metadata for " + ResilientMailProperties.class);
    }
}
