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
 */
final class BoundedReplySockets extends SocketFactory {

    static final BoundedReplySockets FACTORY = new BoundedReplySockets();

    private BoundedReplySockets() {}

    /** Installs the factory in the wrapped session's properties, unless the application chose. */
    static void install(Properties properties, String prefix) {
        for (String chosen :
                List.of(
                        "socketFactory",
                        "socketFactory.class",
                        "socketFactory.port",
                        "ssl.socketFactory",
                        "ssl.socketFactory.class",
                        "socks.host")) {
            if (properties.get(prefix + chosen) != null) {
                return;
            }
        }
        if (Boolean.parseBoolean(properties.getProperty(prefix + "usesocketchannels"))) {
            return;
        }
        properties.put(prefix + "socketFactory", FACTORY);
        // Angus retries a failed connect with a plain socket when fallback is on: twice the
        // connections and twice the connect timeout for a relay that is down.
        properties.put(prefix + "socketFactory.fallback", "false");
    }

    @Override
    public Socket createSocket() {
        return new BoundedReplySocket();
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

    private static Socket connected(InetSocketAddress remote, @Nullable InetSocketAddress local)
            throws IOException {
        Socket socket = new BoundedReplySocket();
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
        return "resilient-mail bounded reply sockets";
    }
}
