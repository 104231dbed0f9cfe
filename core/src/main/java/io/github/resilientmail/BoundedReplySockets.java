package io.github.resilientmail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Properties;
import javax.net.SocketFactory;
import org.jspecify.annotations.Nullable;

/**
 * Gives Angus Mail {@link BoundedReplySocket}s through {@code mail.smtp.socketFactory}, where that
 * changes nothing else about the connection.
 *
 * <p>Angus layers TLS (SSL on connect and STARTTLS) over a socket from this factory exactly as over
 * its own plain socket: it only takes an SSL socket factory from {@code ssl.socketFactory}, or from
 * {@code socketFactory} when that is one. The factory stays out when the application chose how
 * sockets are made (its own factory, a SOCKS proxy, socket channels, a factory port), since Angus
 * would otherwise ignore that choice, or when it gave its own SSL socket factory, whose fallback
 * behaviour must not change.
 *
 * <p>Where it is installed, the session's {@code writetimeout} moves from Angus Mail to the sockets
 * (same effect: a write blocked for longer closes the connection).
 */
final class BoundedReplySockets extends SocketFactory {

    /** The write timeout of the sockets, in milliseconds; 0 or less for none. */
    private final int writeTimeoutMillis;

    BoundedReplySockets(int writeTimeoutMillis) {
        this.writeTimeoutMillis = writeTimeoutMillis;
    }

    /**
     * Installs a factory in the wrapped session's properties, unless the application chose.
     *
     * @return whether it did
     */
    static boolean install(Properties properties, String prefix) {
        for (String chosen :
                List.of(
                        "socketFactory",
                        "socketFactory.class",
                        "socketFactory.port",
                        "ssl.socketFactory",
                        "ssl.socketFactory.class",
                        "socks.host")) {
            if (properties.get(prefix + chosen) != null) {
                return false;
            }
        }
        if (Boolean.parseBoolean(properties.getProperty(prefix + "usesocketchannels"))) {
            return false;
        }
        int writeTimeout;
        Object value = properties.get(prefix + "writetimeout");
        try {
            writeTimeout = value == null ? -1 : Integer.parseInt(value.toString().trim());
        } catch (NumberFormatException e) {
            // Angus Mail reads it its own way.
            return false;
        }
        // The sockets enforce it, for less than Angus Mail's timer task per write.
        properties.remove(prefix + "writetimeout");
        properties.put(prefix + "socketFactory", new BoundedReplySockets(writeTimeout));
        // Angus retries a failed connect with a plain socket when fallback is on: twice the
        // connections and twice the connect timeout for a relay that is down.
        properties.put(prefix + "socketFactory.fallback", "false");
        return true;
    }

    int writeTimeoutMillis() {
        return writeTimeoutMillis;
    }

    @Override
    public Socket createSocket() {
        return new BoundedReplySocket(writeTimeoutMillis);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
            throws IOException {
        return connected(
                new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(InetAddress host, int port, InetAddress localHost, int localPort)
            throws IOException {
        return connected(
                new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
    }

    private Socket connected(InetSocketAddress remote, @Nullable InetSocketAddress local)
            throws IOException {
        Socket socket = new BoundedReplySocket(writeTimeoutMillis);
        try {
            if (local != null) {
                socket.bind(local);
            }
            socket.connect(remote);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    @Override
    public String toString() {
        return "resilient-mail bounded reply sockets, write timeout " + writeTimeoutMillis + " ms";
    }
}
