package io.github.resilientmail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.resilience4j.retry.RetryConfig;
import io.github.resilientmail.reply.Category;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * The write timeout still ends a send to a server that stops reading, now that the wrapped
 * connection's socket enforces it with one watcher thread for all connections (Angus Mail started a
 * thread per connection, and scheduled a task per write).
 */
class WriteTimeoutIT {

    @Test
    void serverThatStopsReadingDuringTheMessageTimesOutAsNetworkError() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread peer = new Thread(() -> answerUpToDataThenStopReading(server, done));
            peer.setDaemon(true);
            peer.start();
            Properties properties = new Properties();
            properties.setProperty("mail.smtp.host", "127.0.0.1");
            properties.setProperty("mail.smtp.port", String.valueOf(server.getLocalPort()));
            properties.setProperty("mail.smtp.writetimeout", "500");
            Session session = Session.getInstance(properties);
            MimeMessage message = new MimeMessage(session);
            message.setFrom(new InternetAddress("alice@example.com"));
            message.setRecipient(Message.RecipientType.TO, new InternetAddress("bob@example.com"));
            // Far more than the socket buffers of both ends hold.
            message.setText(("x".repeat(998) + "\r\n").repeat(24 * 1024));

            Throwable thrown;
            try (Transport transport =
                    ResilientTransport.builder(session)
                            .retryConfig(RetryConfig.custom().maxAttempts(1).build())
                            .build()) {
                transport.connect();
                thrown =
                        assertTimeoutPreemptively(
                                Duration.ofSeconds(30),
                                () ->
                                        catchThrowable(
                                                () ->
                                                        transport.sendMessage(
                                                                message,
                                                                message.getAllRecipients())));
            } finally {
                done.countDown();
            }

            assertThat(thrown).isInstanceOf(TemporaryFailureException.class);
            assertThat(((SmtpFailure) thrown).category()).isEqualTo(Category.NETWORK_ERROR);
            assertThat(Thread.getAllStackTraces().keySet())
                    .extracting(Thread::getName)
                    .contains("resilient-mail-timeouts");
        }
    }

    private static void answerUpToDataThenStopReading(ServerSocket server, CountDownLatch done) {
        try (Socket socket = server.accept()) {
            BufferedReader in =
                    new BufferedReader(
                            new InputStreamReader(
                                    socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            out.write("220 peer ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
            String line;
            while ((line = in.readLine()) != null) {
                String verb = line.length() < 4 ? line : line.substring(0, 4).toUpperCase();
                if (verb.equals("DATA")) {
                    out.write("354 go ahead\r\n".getBytes(StandardCharsets.US_ASCII));
                    // Stops reading: the client's writes block once the buffers are full.
                    done.await();
                    return;
                }
                out.write(
                        (verb.equals("EHLO") ? "250 peer\r\n" : "250 OK\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
            }
        } catch (IOException e) {
            // The client went away.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
