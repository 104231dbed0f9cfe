package io.github.resilientmail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.resilientmail.reply.Category;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The connect timeout ends a connection attempt to a relay that does not complete the handshake,
 * now that the wrapped connection's socket enforces it: a listening socket whose accept queue is
 * full leaves further connections unanswered.
 */
class ConnectTimeoutIT {

    @Test
    void aRelayThatNeverCompletesTheHandshakeTimesOutAsNetworkError() throws Exception {
        List<Socket> queued = new ArrayList<>();
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            InetSocketAddress address =
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), full.getLocalPort());
            assumeTrue(
                    fillAcceptQueue(address, queued),
                    "this kernel answers every handshake: no connect to time out");
            Properties properties = new Properties();
            properties.setProperty("mail.smtp.host", "127.0.0.1");
            properties.setProperty("mail.smtp.port", String.valueOf(full.getLocalPort()));
            properties.setProperty("mail.smtp.connectiontimeout", "500");
            Session session = Session.getInstance(properties);
            FakeClock clock = new FakeClock();
            long started = System.nanoTime();

            Throwable thrown =
                    assertTimeoutPreemptively(
                            Duration.ofSeconds(20),
                            () ->
                                    catchThrowable(
                                            () -> {
                                                try (Transport transport =
                                                        Mails.isolated(session, clock).build()) {
                                                    transport.connect();
                                                }
                                            }));

            assertThat(thrown).isExactlyInstanceOf(TemporaryFailureException.class);
            assertThat(((SmtpFailure) thrown).category()).isEqualTo(Category.NETWORK_ERROR);
            assertThat(((SmtpFailure) thrown).reply().text()).isEqualTo("connect timed out");
            assertThat(((SmtpFailure) thrown).attempts()).isEqualTo(3);
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .as("3 attempts, each cut about 500 ms after it began")
                    .isLessThan(Duration.ofSeconds(6));
        } finally {
            for (Socket socket : queued) {
                socket.close();
            }
        }
    }

    /**
     * Connects until a connection does not complete within 300 ms; returns whether one did not,
     * keeping the completed ones open.
     */
    private static boolean fillAcceptQueue(InetSocketAddress address, List<Socket> queued)
            throws Exception {
        for (int i = 0; i < 16; i++) {
            Socket socket = new Socket();
            try {
                socket.connect(address, 300);
                queued.add(socket);
            } catch (java.net.SocketTimeoutException stuck) {
                socket.close();
                return true;
            }
        }
        return false;
    }
}
