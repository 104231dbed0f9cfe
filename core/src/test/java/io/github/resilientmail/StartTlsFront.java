package io.github.resilientmail;

import io.github.resilientmail.testing.ScriptedSmtpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A front for a {@link ScriptedSmtpServer}, which speaks no STARTTLS: on its first connection it
 * greets, advertises {@code STARTTLS} in its {@code EHLO} reply and answers the client's {@code
 * STARTTLS} with a fault; every later connection is passed through to the scripted server, which
 * does not advertise STARTTLS. So a client that falls back to plain text, or retries, is seen by
 * the scripted server's ledger.
 */
final class StartTlsFront implements AutoCloseable {

    /** What the front does when the client sends {@code STARTTLS} on the first connection. */
    sealed interface Answer {}

    /** Sends this reply, then reads and ignores what follows until the client closes. */
    record Reply(String line) implements Answer {}

    /** Sends these bytes, then reads and ignores what follows until the client closes. */
    record Garbage(byte[] bytes) implements Answer {}

    /** Closes the connection without a reply. */
    record Drop() implements Answer {}

    /** Never answers; reads and ignores what the client sends until it closes. */
    record Hang() implements Answer {}

    private final ScriptedSmtpServer backend;
    private final Answer answer;
    private final ServerSocket serverSocket;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> firstConnection = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    StartTlsFront(ScriptedSmtpServer backend, Answer answer) throws IOException {
        this.backend = backend;
        this.answer = answer;
        serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::accept, "starttls-front-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    /** The command lines the client sent on the first connection. */
    List<String> firstConnectionCommands() {
        return List.copyOf(firstConnection);
    }

    private void accept() {
        while (!serverSocket.isClosed()) {
            try {
                Socket socket = serverSocket.accept();
                open.add(socket);
                Runnable serve =
                        connections.incrementAndGet() == 1
                                ? () -> fault(socket)
                                : () -> passThrough(socket);
                Thread thread = new Thread(serve, "starttls-front-connection");
                thread.setDaemon(true);
                thread.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void fault(Socket socket) {
        try (socket) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            BufferedReader in =
                    new BufferedReader(
                            new InputStreamReader(
                                    socket.getInputStream(), StandardCharsets.ISO_8859_1));
            write(out, "220 front ESMTP ready\r\n");
            String line;
            while ((line = in.readLine()) != null) {
                firstConnection.add(line);
                String verb = line.split(" ", 2)[0].toUpperCase(java.util.Locale.ROOT);
                if (verb.equals("EHLO")) {
                    write(out, "250-front\r\n250-8BITMIME\r\n250 STARTTLS\r\n");
                } else if (verb.equals("HELO")) {
                    write(out, "250 front\r\n");
                } else if (verb.equals("STARTTLS")) {
                    if (answer instanceof Drop) {
                        return;
                    }
                    if (answer instanceof Reply reply) {
                        write(out, reply.line() + "\r\n");
                    } else if (answer instanceof Garbage garbage) {
                        out.write(garbage.bytes());
                        out.flush();
                    }
                    drain(socket.getInputStream());
                    return;
                } else if (verb.equals("QUIT")) {
                    write(out, "221 bye\r\n");
                    return;
                } else {
                    write(out, "503 5.5.1 STARTTLS first\r\n");
                }
            }
        } catch (IOException ended) {
            // The client went away.
        } finally {
            open.remove(socket);
        }
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[1024];
        while (in.read(buffer) >= 0) {
            // Ignored until the client closes.
        }
    }

    private void passThrough(Socket client) {
        try (client;
                Socket server = new Socket(backend.host(), backend.port())) {
            open.add(server);
            Thread upstream = new Thread(() -> copy(client, server), "starttls-front-upstream");
            upstream.setDaemon(true);
            upstream.start();
            copy(server, client);
            upstream.join(5_000);
        } catch (IOException | InterruptedException ended) {
            // One side went away.
        } finally {
            open.remove(client);
        }
    }

    private static void copy(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException ended) {
            // One side went away.
        } finally {
            try {
                to.shutdownOutput();
            } catch (IOException ignored) {
                // Closed already.
            }
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
        for (Socket socket : open) {
            socket.close();
        }
    }
}
