package io.github.resilientmail.testing;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The SMTP server a {@link ScriptedSmtpServer} relays accepted messages to, and the plain socket
 * client that relays them: one connection per message, {@code EHLO} (or {@code HELO}), {@code
 * MAIL}, one {@code RCPT} per recipient, {@code DATA}, the message dot-stuffed, {@code QUIT}.
 * Immutable and thread-safe.
 */
final class Upstream {

    /** How long the client waits to connect and for each reply. */
    static final int TIMEOUT_MILLIS = 30_000;

    /** Longest reply line read from the upstream; longer ones are cut. */
    private static final int MAX_REPLY_LINE = 4096;

    private final String host;
    private final int port;

    Upstream(String host, int port) {
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
    }

    /**
     * What became of a relayed message.
     *
     * @param accepted whether the upstream answered the final dot with {@code 2yz}
     * @param reply the upstream's reply that decided (its lines joined with {@code CRLF}), or a
     *     {@code 451} reply of our own when the upstream could not be reached or failed to answer
     * @param undecided whether the message was sent in full and the upstream's reply to the final
     *     dot never came, so that it may or may not have been delivered
     */
    record Outcome(boolean accepted, String reply, boolean undecided) {}

    /**
     * Relays one message; never throws for a failure of the upstream.
     *
     * @param server the server that relays, which closes the socket when it closes
     * @param sender the envelope sender, empty for the null sender
     * @param recipients the recipients, at least one
     * @param message the message, dot-unstuffed, with its line endings
     * @return what became of it
     */
    Outcome relay(
            ScriptedSmtpServer server, String sender, List<String> recipients, byte[] message) {
        Socket socket = new Socket();
        server.opened(socket);
        boolean dotSent = false;
        try {
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            String reply = read(in);
            if (!positive(reply)) {
                return refused(in, out, reply);
            }
            reply = command(in, out, "EHLO " + server.name());
            if (code(reply) / 100 == 5) {
                reply = command(in, out, "HELO " + server.name());
            }
            if (!positive(reply)) {
                return refused(in, out, reply);
            }
            reply = command(in, out, "MAIL FROM:<" + sender + ">");
            if (!positive(reply)) {
                return refused(in, out, reply);
            }
            for (String recipient : recipients) {
                reply = command(in, out, "RCPT TO:<" + recipient + ">");
                if (!positive(reply)) {
                    // One reply to the final dot stands for every recipient: all or none.
                    return refused(in, out, reply);
                }
            }
            reply = command(in, out, "DATA");
            if (code(reply) / 100 != 3) {
                return refused(in, out, reply);
            }
            writeStuffed(out, message);
            out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            dotSent = true;
            reply = read(in);
            boolean accepted = positive(reply);
            quit(in, out);
            return new Outcome(accepted, reply, false);
        } catch (IOException e) {
            String where = host + ":" + port;
            return dotSent
                    ? new Outcome(
                            false,
                            "451 4.4.2 Upstream " + where + " did not answer the final dot",
                            true)
                    : new Outcome(
                            false, "451 4.4.1 Upstream " + where + " not reachable: " + e, false);
        } finally {
            server.finished(socket);
        }
    }

    /**
     * Ends the conversation after a refusal; the refusal is passed on as it is, unless its code is
     * not a failure's (a {@code 2yz} or {@code 3yz} where another was due).
     */
    private Outcome refused(InputStream in, OutputStream out, String reply) {
        quit(in, out);
        int code = code(reply) / 100;
        return new Outcome(
                false,
                code == 4 || code == 5
                        ? reply
                        : "451 4.3.0 Unexpected reply from upstream " + this + ": " + reply,
                false);
    }

    private static boolean positive(String reply) {
        return code(reply) / 100 == 2;
    }

    private static int code(String reply) {
        return Action.codeOf(reply.getBytes(StandardCharsets.UTF_8));
    }

    private static String command(InputStream in, OutputStream out, String line)
            throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return read(in);
    }

    /** Says goodbye; the message's fate is decided already, so errors do not matter. */
    private static void quit(InputStream in, OutputStream out) {
        try {
            command(in, out, "QUIT");
        } catch (IOException ignored) {
            // The socket is closed by the caller anyway.
        }
    }

    /**
     * Reads a reply, possibly multi-line, and returns its lines joined with {@code CRLF}.
     *
     * @throws IOException when the connection ends first, or a line has no three-digit code
     */
    private static String read(InputStream in) throws IOException {
        StringBuilder reply = new StringBuilder();
        while (true) {
            String line = readLine(in);
            if (line == null) {
                throw new IOException("connection closed by the upstream");
            }
            if (Action.codeOf(line.getBytes(StandardCharsets.UTF_8)) == 0) {
                throw new IOException("not an SMTP reply: " + line);
            }
            if (reply.length() > 0) {
                reply.append("\r\n");
            }
            reply.append(line);
            if (line.length() < 4 || line.charAt(3) != '-') {
                return reply.toString();
            }
        }
    }

    private static @Nullable String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        while (true) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            if (b == '\n') {
                String text = line.toString(StandardCharsets.UTF_8);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            if (line.size() < MAX_REPLY_LINE) {
                line.write(b);
            }
        }
    }

    /**
     * Writes the message with a dot added before every line that starts with one (RFC 5321 §4.5.2);
     * as read by the server, it ends with a line ending.
     */
    private static void writeStuffed(OutputStream out, byte[] message) throws IOException {
        boolean lineStart = true;
        for (byte b : message) {
            if (lineStart && b == '.') {
                out.write('.');
            }
            out.write(b);
            lineStart = b == '\n';
        }
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
