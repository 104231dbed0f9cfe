package io.github.resilientmail;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The socket of a wrapped connection, which cuts a server that will not stop talking.
 *
 * <p>Angus Mail reads a reply until its last line, however long it is and however long it takes:
 * the read timeout only ends a silence. A server that sends an endless multi-line reply, or a reply
 * one byte at a time, would hold the sending thread forever and fill its memory. So this socket
 * measures each turn of the server, everything it sends between two writes of the client: a turn of
 * more than {@link #MAX_TURN_BYTES}, or one that lasts longer than the read timeout from its first
 * byte, closes the socket and fails the read with a {@link RunawayReplyException}.
 *
 * <p>It also enforces the connect timeout, the read timeout ({@link #setSoTimeout}) and the write
 * timeout, in place of the JDK and Angus Mail, for less (see {@link Deadlines}): a connect, read or
 * write blocked past its deadline closes the socket, and a connect or read then fails with a {@link
 * SocketTimeoutException}. The socket stays in blocking mode, where the JDK's timeouts switch it to
 * polling.
 *
 * <p>It sits below TLS (a TLS socket is layered over it), so it counts bytes on the wire. It is a
 * real socket, not a delegate, so that TLS layering works on it unchanged. One thread reads and
 * writes a connection at a time (Angus holds the transport's lock).
 */
final class BoundedReplySocket extends java.net.Socket {

    /**
     * Most bytes one turn of the server may hold: replies are a few hundred bytes, a TLS handshake
     * a few tens of kilobytes, and a reply line of 1 MiB is still read and classified.
     */
    static final int MAX_TURN_BYTES = 2 << 20;

    /** The longest a write may block, in nanoseconds; 0 for no limit. */
    private final long writeTimeoutNanos;

    /** The read timeout in milliseconds, kept here and not given to the JDK; 0 for none. */
    private volatile int readTimeoutMillis;

    /** When the read or write under way must end, in {@link System#nanoTime()}; 0 for none. */
    private volatile long deadline;

    /** Whether the watcher closed the socket because a read or write was overdue. */
    private volatile boolean timedOut;

    private boolean waiting;

    private long turnBytes;

    /** When the turn must end, in {@link System#nanoTime()}; 0 without a read timeout. */
    private long turnDeadline;

    private boolean turnStarted;

    private @Nullable InputStream input;
    private @Nullable OutputStream output;

    /**
     * A socket, not yet connected.
     *
     * @param writeTimeoutMillis the longest a write may block; 0 or less for no limit
     */
    BoundedReplySocket(int writeTimeoutMillis) {
        writeTimeoutNanos =
                writeTimeoutMillis > 0 ? TimeUnit.MILLISECONDS.toNanos(writeTimeoutMillis) : 0;
    }

    @Override
    public synchronized InputStream getInputStream() throws IOException {
        if (input == null) {
            input = new Counted(super.getInputStream());
        }
        return input;
    }

    @Override
    public synchronized OutputStream getOutputStream() throws IOException {
        if (output == null) {
            output = new TurnEnding(super.getOutputStream());
        }
        return output;
    }

    private void received(int bytes) throws IOException {
        if (bytes <= 0) {
            return;
        }
        long now = System.nanoTime();
        if (!turnStarted) {
            turnStarted = true;
            int timeout = readTimeoutMillis;
            turnDeadline = timeout > 0 ? now + TimeUnit.MILLISECONDS.toNanos(timeout) : 0;
        }
        turnBytes += bytes;
        if (turnBytes > MAX_TURN_BYTES) {
            cut(
                    "the server sent more than "
                            + MAX_TURN_BYTES
                            + " bytes without waiting for a command");
        }
        if (turnDeadline != 0 && now - turnDeadline > 0) {
            cut(
                    "the server kept sending for longer than the read timeout ("
                            + readTimeoutMillis
                            + " ms) without ending its reply");
        }
    }

    private void cut(String why) throws IOException {
        close();
        throw new RunawayReplyException(why);
    }

    private void sent() {
        turnStarted = false;
        turnBytes = 0;
    }

    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
        if (timeout < 0) {
            throw new IllegalArgumentException("connect: timeout can't be negative");
        }
        boolean timed = startWaiting(timeout > 0 ? TimeUnit.MILLISECONDS.toNanos(timeout) : 0);
        try {
            super.connect(endpoint, 0);
        } catch (IOException e) {
            if (timedOut) {
                throw new SocketTimeoutException("Connect timed out");
            }
            throw e;
        } finally {
            if (timed) {
                stopWaiting();
            }
        }
    }

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        if (isClosed()) {
            throw new SocketException("Socket is closed");
        }
        if (timeout < 0) {
            throw new IllegalArgumentException("timeout < 0");
        }
        readTimeoutMillis = timeout;
    }

    @Override
    public int getSoTimeout() throws SocketException {
        if (isClosed()) {
            throw new SocketException("Socket is closed");
        }
        return readTimeoutMillis;
    }

    /** Called by the watcher: a read or write blocked past its deadline closes the socket. */
    void closeIfOverdue(long now) {
        long due = deadline;
        if (due != 0 && now - due > 0) {
            timedOut = true;
            try {
                close();
            } catch (IOException ignored) {
                // The blocked read or write fails either way.
            }
        }
    }

    /**
     * Starts the deadline of a read or write, unless one is under way (a TLS socket may read while
     * it writes); returns whether it did.
     */
    private boolean startWaiting(long timeoutNanos) {
        if (timeoutNanos <= 0 || waiting) {
            return false;
        }
        waiting = true;
        // Never 0, which means no deadline.
        deadline = (System.nanoTime() + timeoutNanos) | 1;
        Deadlines.begin(this);
        return true;
    }

    private void stopWaiting() {
        deadline = 0;
        Deadlines.end(this);
        waiting = false;
    }

    /** A failure of a read the watcher ended is a timeout, as the JDK would report it. */
    private IOException readFailure(IOException failure) {
        if (timedOut && !(failure instanceof RunawayReplyException)) {
            // Not chained: the classifier reads the deepest cause, and this is the news.
            return new SocketTimeoutException("Read timed out");
        }
        return failure;
    }

    /** Counts what the server sends. */
    private final class Counted extends FilterInputStream {
        Counted(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int read = read(one, 0, 1);
            return read < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int timeout = readTimeoutMillis;
            boolean timed = startWaiting(timeout > 0 ? TimeUnit.MILLISECONDS.toNanos(timeout) : 0);
            int read;
            try {
                read = in.read(buffer, offset, length);
            } catch (IOException e) {
                throw readFailure(e);
            } finally {
                if (timed) {
                    stopWaiting();
                }
            }
            received(read);
            return read;
        }
    }

    /** Ends the server's turn whenever the client writes. */
    private final class TurnEnding extends FilterOutputStream {
        TurnEnding(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] buffer, int offset, int length) throws IOException {
            sent();
            boolean timed = startWaiting(writeTimeoutNanos);
            try {
                out.write(buffer, offset, length);
            } finally {
                if (timed) {
                    stopWaiting();
                }
            }
        }
    }

    /**
     * A server turn went past the size or time bound: the relay is broken or hostile, the
     * connection is closed.
     */
    static final class RunawayReplyException extends SocketException {
        private static final long serialVersionUID = 1L;

        RunawayReplyException(String message) {
            super(message);
        }
    }
}
