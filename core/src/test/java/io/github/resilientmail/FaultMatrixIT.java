package io.github.resilientmail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.github.resilientmail.FaultMatrix.Observed;
import io.github.resilientmail.FaultMatrix.Row;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every cell of the {@link FaultMatrix}: each SMTP step × each kind of fault gives the outcome the
 * table says, and {@code docs/fault-matrix.md} is the same table. Regenerate the document with
 * {@code ./mvnw -pl core verify -Dit.test=FaultMatrixIT -Dfault-matrix.write=true}.
 */
class FaultMatrixIT {

    static Stream<Arguments> rows() {
        return FaultMatrix.ROWS.stream().map(row -> arguments(named(row.name(), row)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void behavesAsTheMatrixSays(Row row) {
        RecordingListener listener = new RecordingListener();

        Observed observed =
                assertTimeoutPreemptively(
                        Duration.ofSeconds(20), () -> FaultMatrix.run(row, listener, s -> {}));

        switch (row.result()) {
            case RETRIED_DELIVERED_ONCE:
                assertThat(observed.thrown()).as("thrown").isNull();
                assertThat(observed.retries()).as("retries").isEqualTo(1);
                assertDeliveredOnce(observed, 0);
                break;
            case RESENT_DELIVERED_ONCE:
                assertThat(observed.thrown()).as("thrown").isNull();
                assertThat(observed.retries()).as("retries").isEqualTo(1);
                assertDeliveredOnce(observed, 1);
                break;
            case DELIVERED_QUIT_IGNORED:
                assertThat(observed.thrown()).as("thrown").isNull();
                assertThat(observed.retries()).as("retries").isZero();
                assertDeliveredOnce(observed, 0);
                break;
            case FAILED:
            default:
                assertThat(observed.thrown()).isExactlyInstanceOf(row.exception());
                assertThat(observed.category()).isEqualTo(row.category());
                assertThat(((SmtpFailure) observed.thrown()).attempts()).isEqualTo(1);
                assertThat(observed.retries()).as("retries").isZero();
                assertThat(observed.deliveredToBob()).as("copies to Bob").isZero();
                assertThat(observed.deliveredToCarol()).as("copies to Carol").isZero();
                assertThat(observed.undecided()).as("undecided copies").isZero();
                break;
        }
        assertThat(observed.breakerFailures() > 0)
                .as("the breaker counted a failure: " + observed)
                .isEqualTo(row.breakerCounted());
    }

    private static void assertDeliveredOnce(Observed observed, int undecided) {
        assertThat(observed.deliveredToBob()).as("copies to Bob").isEqualTo(1);
        assertThat(observed.deliveredToCarol()).as("copies to Carol").isEqualTo(1);
        assertThat(observed.undecided()).as("undecided copies").isEqualTo(undecided);
    }

    @Test
    void checkedInMatrixIsTheTestedTable() throws IOException {
        String rendered = FaultMatrix.render();
        Path path = Path.of("..", "docs", "fault-matrix.md");

        if (Boolean.getBoolean("fault-matrix.write")) {
            Files.writeString(path, rendered, StandardCharsets.UTF_8);
        }

        assertThat(path).as(path + " exists (regenerate it, see the javadoc)").exists();
        assertThat(Files.readString(path, StandardCharsets.UTF_8))
                .as(path + " is generated from FaultMatrix.ROWS: regenerate it, see the javadoc")
                .isEqualTo(rendered);
    }
}
