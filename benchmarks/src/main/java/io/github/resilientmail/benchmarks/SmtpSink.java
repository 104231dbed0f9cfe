package io.github.resilientmail.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A minimal SMTP server on the loopback interface that accepts every message and discards it, so
 * that the client's cost dominates: no parsing beyond the command verb, no storage, one reply per
 * command, one thread per open connection (threads are reused from one connection to the next).
 *
 * <p>It answers EHLO/HELO, MAIL, RCPT, DATA, the final ".", RSET and NOOP with a positive reply,
 * QUIT with 221 before it closes the connection, and anything else with 502. It counts the
 * connections it accepted and the messages it received. Thread-safe.
 */
final class SmtpSink implements AutoCloseable {

    private static final byte[] GREETING = ascii("220 sink ESMTP\r\n");
    private static final byte[] EHLO = ascii("250-sink\r\n250 8BITMIME\r\n");
    private static final byte[] OK = ascii("250 2.0.0 OK\r\n");
    private static final byte[] START_DATA = ascii("354 End data with <CR><LF>.<CR><LF>\r\n");
    private static final byte[] QUEUED = ascii("250 2.0.0 OK queued\r\n");
    private static final byte[] BYE = ascii("221 2.0.0 Bye\r\n");
    private static final byte[] UNKNOWN = ascii("502 5.5.2 Command not recognized\r\n");

    private final ServerSocket server;
    private final ExecutorService workers;
    private final Thread acceptor;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong connections = new AtomicLong();
    private final LongAdder messages = new LongAdder();
    private volatile boolean closed;

    private SmtpSink() throws IOException {
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        workers =
                Executors.newCachedThreadPool(
                        task -> {
                            Thread thread = new Thread(task, "smtp-sink-connection");
                            thread.setDaemon(true);
                            return thread;
                        });
        acceptor = new Thread(this::acceptLoop, "smtp-sink-acceptor");
        acceptor.setDaemon(true);
    }

    /**
     * Starts a sink on an ephemeral port of the loopback interface.
     *
     * @return the running sink
     * @throws IOException when the port cannot be bound
     */
    static SmtpSink start() throws IOException {
        SmtpSink sink = new SmtpSink();
        sink.acceptor.start();
        return sink;
    }

    /** The host to connect to: the loopback address, as a literal. */
    String host() {
        return server.getInetAddress().getHostAddress();
    }

    /** The port to connect to. */
    int port() {
        return server.getLocalPort();
    }

    /** How many connections the sink accepted since it started. */
    long connections() {
        return connections.get();
    }

    /** How many messages the sink accepted (final "." answered) since it started. */
    long messages() {
        return messages.sum();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            connections.incrementAndGet();
            open.add(socket);
            try {
                workers.execute(() -> serve(socket));
            } catch (RuntimeException e) {
                // Rejected after close.
                closeQuietly(socket);
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            Connection connection =
                    new Connection(socket.getInputStream(), socket.getOutputStream());
            connection.run();
        } catch (IOException e) {
            // The client went away; nothing to clean up beyond the socket.
        } finally {
            open.remove(socket);
        }
    }

    /** Closes the server socket and every open connection. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        for (Socket socket : open) {
            closeQuietly(socket);
        }
        workers.shutdownNow();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // Closing anyway.
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** One connection: reads lines from its own buffer and writes one reply per command. */
    private final class Connection {
        private final InputStream in;
        private final OutputStream out;
        private final byte[] buffer = new byte[64 * 1024];
        private int start;
        private int end;
        private int lineStart;
        private int lineEnd;

        Connection(InputStream in, OutputStream out) {
            this.in = in;
            this.out = out;
        }

        void run() throws IOException {
            out.write(GREETING);
            while (nextLine()) {
                byte[] reply = reply();
                if (reply == START_DATA) {
                    out.write(START_DATA);
                    if (!skipData()) {
                        return;
                    }
                    messages.increment();
                    out.write(QUEUED);
                } else {
                    out.write(reply);
                    if (reply == BYE) {
                        return;
                    }
                }
            }
        }

        private byte[] reply() {
            if (lineEnd - lineStart < 4) {
                return UNKNOWN;
            }
            int verb =
                    (upper(buffer[lineStart]) << 24)
                            | (upper(buffer[lineStart + 1]) << 16)
                            | (upper(buffer[lineStart + 2]) << 8)
                            | upper(buffer[lineStart + 3]);
            switch (verb) {
                case 0x45484C4F: // EHLO
                case 0x48454C4F: // HELO
                    return EHLO;
                case 0x4D41494C: // MAIL
                case 0x52435054: // RCPT
                case 0x52534554: // RSET
                case 0x4E4F4F50: // NOOP
                    return OK;
                case 0x44415441: // DATA
                    return START_DATA;
                case 0x51554954: // QUIT
                    return BYE;
                default:
                    return UNKNOWN;
            }
        }

        /** Skips the message up to the line ".", false when the connection ended first. */
        private boolean skipData() throws IOException {
            while (nextLine()) {
                if (lineEnd - lineStart == 1 && buffer[lineStart] == '.') {
                    return true;
                }
            }
            return false;
        }

        /**
         * Finds the next line, without its CR LF, in {@code [lineStart, lineEnd)}; false at the end
         * of the stream. Lines longer than the buffer are split, which only matters for the data,
         * where a split line is not "." anyway.
         */
        private boolean nextLine() throws IOException {
            while (true) {
                for (int i = start; i < end; i++) {
                    if (buffer[i] == '\n') {
                        lineStart = start;
                        lineEnd = i > start && buffer[i - 1] == '\r' ? i - 1 : i;
                        start = i + 1;
                        return true;
                    }
                }
                if (start > 0) {
                    System.arraycopy(buffer, start, buffer, 0, end - start);
                    end -= start;
                    start = 0;
                }
                if (end == buffer.length) {
                    // A line longer than the buffer: hand out what we have.
                    lineStart = 0;
                    lineEnd = end;
                    start = end = 0;
                    return true;
                }
                int read;
                try {
                    read = in.read(buffer, end, buffer.length - end);
                } catch (SocketException e) {
                    return false;
                }
                if (read < 0) {
                    return false;
                }
                end += read;
            }
        }

        private int upper(byte b) {
            return b >= 'a' && b <= 'z' ? b - ('a' - 'A') : b;
        }
    }
}
