package io.github.resilientmail.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Serves one connection: the SMTP state machine, the script and the records. */
final class SmtpSession implements Runnable {

    /** Most recipients in one transaction; more get {@code 452}. */
    static final int MAX_RECIPIENTS = 1000;

    private static final String BAD_SEQUENCE = "503 5.5.1 Error: bad sequence of commands";
    private static final String MASK = "***";

    private final ScriptedSmtpServer server;
    private final Socket socket;
    private final int number;
    private final byte[] buffer = new byte[8192];
    private int position;
    private int limit;
    private @Nullable InputStream in;
    private @Nullable OutputStream out;

    private boolean greeted;
    private boolean authenticated;

    /** After a greeting other than {@code 2yz}: only {@code QUIT} is served (RFC 5321 §3.1). */
    private boolean rejected;

    /** After a scripted {@code 3yz} reply to {@code AUTH}: the next line is a credential. */
    private boolean maskNext;

    private @Nullable String sender;
    private final List<String> recipients = new ArrayList<>();

    SmtpSession(ScriptedSmtpServer server, Socket socket, int number) {
        this.server = server;
        this.socket = socket;
        this.number = number;
    }

    @Override
    public void run() {
        try {
            socket.setSoTimeout(server.idleMillis());
            socket.setTcpNoDelay(true);
            in = socket.getInputStream();
            out = socket.getOutputStream();
            serve();
        } catch (End | IOException ended) {
            // The connection is over.
        } catch (InterruptedException closing) {
            Thread.currentThread().interrupt();
        } finally {
            server.finished(socket);
        }
    }

    private void serve() throws IOException, End, InterruptedException {
        Action action = server.decide(SmtpStep.CONNECT, number, "");
        if (action == null) {
            send("220 " + server.name() + " ESMTP ready");
        } else {
            int code = perform(action);
            if (code != GARBAGE && code / 100 != 2) {
                rejected = true;
            }
        }
        while (true) {
            String line = readCommand();
            if (line == null) {
                send("500 5.5.2 Error: line too long");
                continue;
            }
            handle(line);
        }
    }

    private void handle(String line) throws IOException, End, InterruptedException {
        int space = line.indexOf(' ');
        String verb = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
        String rest = space < 0 ? "" : line.substring(space + 1).strip();
        if (maskNext) {
            maskNext = false;
            record(MASK);
        } else if (verb.equals("AUTH")) {
            String[] words = rest.split(" +", 2);
            record("AUTH " + words[0] + (words.length > 1 ? " " + MASK : ""));
        } else {
            record(line);
        }
        switch (verb) {
            case "EHLO":
            case "HELO":
                hello(verb, rest);
                break;
            case "AUTH":
                auth(rest);
                break;
            case "MAIL":
                mail(rest);
                break;
            case "RCPT":
                rcpt(rest);
                break;
            case "DATA":
                data(rest);
                break;
            case "RSET":
                rset();
                break;
            case "NOOP":
                send("250 2.0.0 Ok");
                break;
            case "QUIT":
                quit();
                break;
            default:
                send("500 5.5.2 Error: command not recognized");
                break;
        }
    }

    private void hello(String verb, String domain) throws IOException, End, InterruptedException {
        int code = scripted(SmtpStep.EHLO, domain);
        if (code != NOT_SCRIPTED) {
            if (code / 100 == 2) {
                greeted = true;
                resetTransaction();
            }
            return;
        }
        if (rejected) {
            send(BAD_SEQUENCE);
            return;
        }
        if (domain.isEmpty()) {
            send("501 5.5.4 Syntax: " + verb + " hostname");
            return;
        }
        greeted = true;
        resetTransaction();
        if (verb.equals("HELO")) {
            send("250 " + server.name());
            return;
        }
        StringBuilder reply = new StringBuilder();
        reply.append("250-").append(server.name()).append("\r\n");
        reply.append("250-SIZE ").append(server.maxSize()).append("\r\n");
        reply.append("250-8BITMIME\r\n");
        reply.append("250-ENHANCEDSTATUSCODES\r\n");
        if (server.requiresAuth()) {
            reply.append("250-AUTH PLAIN LOGIN\r\n");
        }
        reply.append("250 SMTPUTF8");
        send(reply.toString());
    }

    private void auth(String rest) throws IOException, End, InterruptedException {
        String[] words = rest.split(" +", 2);
        String mechanism = words[0].toUpperCase(Locale.ROOT);
        String initial = words.length > 1 ? words[1].strip() : null;
        int code = scripted(SmtpStep.AUTH, mechanism);
        if (code != NOT_SCRIPTED) {
            if (code / 100 == 2) {
                authenticated = true;
            } else if (code / 100 == 3) {
                maskNext = true;
            }
            return;
        }
        if (rejected || !greeted || sender != null) {
            send(BAD_SEQUENCE);
            return;
        }
        if (!server.requiresAuth()) {
            send("503 5.5.1 Error: authentication not enabled");
            return;
        }
        if (authenticated) {
            send("503 5.5.1 Error: already authenticated");
            return;
        }
        if (mechanism.isEmpty()) {
            send("501 5.5.4 Syntax: AUTH mechanism");
            return;
        }
        String user;
        String password;
        if (mechanism.equals("PLAIN")) {
            byte[] response = initial != null ? decode(initial) : challenge("334 ");
            if (response == null) {
                return;
            }
            String[] parts = new String(response, StandardCharsets.UTF_8).split("\u0000", -1);
            if (parts.length != 3) {
                send("535 5.7.8 Error: authentication failed");
                return;
            }
            user = parts[1];
            password = parts[2];
        } else if (mechanism.equals("LOGIN")) {
            byte[] name = initial != null ? decode(initial) : challenge("334 VXNlcm5hbWU6");
            if (name == null) {
                return;
            }
            byte[] secret = challenge("334 UGFzc3dvcmQ6");
            if (secret == null) {
                return;
            }
            user = new String(name, StandardCharsets.UTF_8);
            password = new String(secret, StandardCharsets.UTF_8);
        } else {
            send("504 5.5.4 Unrecognized authentication type");
            return;
        }
        if (server.checkCredentials(user, password)) {
            authenticated = true;
            send("235 2.7.0 Authentication successful");
        } else {
            send("535 5.7.8 Error: authentication failed");
        }
    }

    /**
     * Sends a challenge and reads the answer, masked in the transcript; replies and returns {@code
     * null} when the answer is a cancel, too long or not base64.
     */
    private byte @Nullable [] challenge(String prompt) throws IOException, End {
        send(prompt);
        String answer = readCommand();
        if (answer == null) {
            send("500 5.5.2 Error: line too long");
            return null;
        }
        record(MASK);
        if (answer.strip().equals("*")) {
            send("501 5.7.0 Error: authentication aborted");
            return null;
        }
        return decode(answer);
    }

    /** Decodes a base64 answer ({@code =} is empty); replies and returns {@code null} if bad. */
    private byte @Nullable [] decode(String base64) throws IOException {
        String text = base64.strip();
        if (text.equals("=")) {
            return new byte[0];
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            send("501 5.5.2 Error: cannot decode response");
            return null;
        }
    }

    private void mail(String rest) throws IOException, End, InterruptedException {
        Path path = Path.parse(rest, "FROM:");
        int code = scripted(SmtpStep.MAIL, path == null ? rest : path.address);
        if (code != NOT_SCRIPTED) {
            if (code / 100 == 2) {
                resetTransaction();
                sender = path == null ? SmtpScript.normalize(rest) : path.address;
            }
            return;
        }
        if (rejected || !greeted) {
            send(BAD_SEQUENCE);
            return;
        }
        if (server.requiresAuth() && !authenticated) {
            send("530 5.7.0 Authentication required");
            return;
        }
        if (sender != null) {
            send("503 5.5.1 Error: nested MAIL command");
            return;
        }
        if (path == null) {
            send("501 5.5.4 Syntax: MAIL FROM:<address>");
            return;
        }
        if (path.size > server.maxSize()) {
            send("552 5.3.4 Message size exceeds fixed limit");
            return;
        }
        sender = path.address;
        send("250 2.1.0 Ok");
    }

    private void rcpt(String rest) throws IOException, End, InterruptedException {
        Path path = Path.parse(rest, "TO:");
        String address = path == null ? SmtpScript.normalize(rest) : path.address;
        int code = scripted(SmtpStep.RCPT, address);
        if (code != NOT_SCRIPTED) {
            if (code / 100 == 2 && sender != null && recipients.size() < MAX_RECIPIENTS) {
                recipients.add(address);
            }
            return;
        }
        if (rejected || sender == null) {
            send(BAD_SEQUENCE);
            return;
        }
        if (path == null || path.address.isEmpty()) {
            send("501 5.5.4 Syntax: RCPT TO:<address>");
            return;
        }
        if (recipients.size() >= MAX_RECIPIENTS) {
            send("452 4.5.3 Error: too many recipients");
            return;
        }
        recipients.add(address);
        send("250 2.1.5 Ok");
    }

    private void data(String rest) throws IOException, End, InterruptedException {
        int code = scripted(SmtpStep.DATA, "");
        if (code != NOT_SCRIPTED) {
            if (code / 100 == 3) {
                receiveMessage();
            }
            return;
        }
        if (rejected || sender == null || recipients.isEmpty()) {
            send(BAD_SEQUENCE);
            return;
        }
        if (!rest.isEmpty()) {
            send("501 5.5.4 Syntax: DATA");
            return;
        }
        send("354 End data with <CR><LF>.<CR><LF>");
        receiveMessage();
    }

    private void receiveMessage() throws IOException, End, InterruptedException {
        Message message = readData();
        record(".");
        String from = sender == null ? "" : sender;
        List<String> to = List.copyOf(recipients);
        resetTransaction();
        Action action = server.decide(SmtpStep.END_OF_DATA, number, "");
        if (action == null) {
            if (message.tooBig) {
                send("552 5.3.4 Error: message file too big");
                return;
            }
            Upstream upstream = server.upstream();
            if (upstream != null) {
                Upstream.Outcome relayed = upstream.relay(server, from, to, message.bytes);
                if (!relayed.accepted()) {
                    if (relayed.undecided()) {
                        server.ledger()
                                .undecided(new Delivery(number, from, to, message.bytes, ""));
                    }
                    send(relayed.reply());
                    if (Action.codeOf(relayed.reply().getBytes(StandardCharsets.UTF_8)) == 421) {
                        throw End.INSTANCE;
                    }
                    return;
                }
            }
            String reply = "250 2.0.0 Ok: queued as " + server.nextQueueId();
            server.ledger().delivered(new Delivery(number, from, to, message.bytes, reply));
            send(reply);
            return;
        }
        switch (action.kind()) {
            case REPLY:
                if (action.code() / 100 == 2) {
                    server.ledger()
                            .delivered(
                                    new Delivery(
                                            number, from, to, message.bytes, action.replyText()));
                }
                break;
            case DROP:
            case HANG:
            case GARBAGE:
            default:
                server.ledger().undecided(new Delivery(number, from, to, message.bytes, ""));
                break;
        }
        perform(action);
    }

    private void rset() throws IOException, End, InterruptedException {
        int code = scripted(SmtpStep.RSET, "");
        if (code != NOT_SCRIPTED) {
            if (code / 100 == 2) {
                resetTransaction();
            }
            return;
        }
        if (rejected) {
            send(BAD_SEQUENCE);
            return;
        }
        resetTransaction();
        send("250 2.0.0 Ok");
    }

    private void quit() throws IOException, End, InterruptedException {
        int code = scripted(SmtpStep.QUIT, "");
        if (code == GARBAGE) {
            return;
        }
        if (code == NOT_SCRIPTED) {
            send("221 2.0.0 Bye");
        }
        throw End.INSTANCE;
    }

    private void resetTransaction() {
        sender = null;
        recipients.clear();
    }

    // Actions.

    /** {@link #scripted} result when no rule nor fault applied. */
    private static final int NOT_SCRIPTED = Integer.MIN_VALUE;

    /** {@link #perform} result for garbage. */
    private static final int GARBAGE = -1;

    /**
     * Performs the script's or fault injector's action for a step, if any.
     *
     * @return {@link #NOT_SCRIPTED}, {@link #GARBAGE} or the code of the reply sent (0 if none)
     */
    private int scripted(SmtpStep step, String argument)
            throws IOException, End, InterruptedException {
        Action action = server.decide(step, number, argument);
        return action == null ? NOT_SCRIPTED : perform(action);
    }

    /**
     * Performs an action; ends the connection after a drop, a hang or a {@code 421} reply.
     *
     * @return {@link #GARBAGE} or the code of the reply sent (0 if none)
     */
    private int perform(Action action) throws IOException, End, InterruptedException {
        OutputStream output = output();
        switch (action.kind()) {
            case DROP:
                throw End.INSTANCE;
            case HANG:
                hang();
                throw End.INSTANCE;
            case GARBAGE:
                output.write(action.bytes());
                output.flush();
                return GARBAGE;
            case REPLY:
            default:
                byte[] bytes = action.bytes();
                if (action.perByte().isZero()) {
                    output.write(bytes);
                    output.flush();
                } else {
                    for (int i = 0; i < bytes.length; i++) {
                        if (i > 0 && server.awaitClosing(action.perByte())) {
                            throw End.INSTANCE;
                        }
                        output.write(bytes[i]);
                        output.flush();
                    }
                }
                int code = action.code();
                if (code == 421) {
                    throw End.INSTANCE;
                }
                return code;
        }
    }

    /** Reads and discards until the client or the server closes the connection. */
    private void hang() throws IOException {
        InputStream input = input();
        while (!server.isClosed()) {
            try {
                if (input.read(buffer) < 0) {
                    return;
                }
            } catch (SocketTimeoutException stillThere) {
                // Hung connections ignore the idle timeout.
            }
        }
    }

    // Input and output.

    private void send(String reply) throws IOException {
        OutputStream output = output();
        output.write((reply + "\r\n").getBytes(StandardCharsets.UTF_8));
        output.flush();
    }

    private void record(String line) {
        server.ledger().command(number, line);
    }

    /**
     * Reads a command line without its line ending (a bare {@code LF} is accepted).
     *
     * @return the line, or {@code null} when it was longer than the limit (then discarded)
     * @throws End at the end of the stream, or after {@code 421} at the idle timeout
     */
    private @Nullable String readCommand() throws IOException, End {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        boolean tooLong = false;
        while (true) {
            int b = read();
            if (b == '\n') {
                break;
            }
            if (!tooLong) {
                line.write(b);
                // One more octet for a CR before the LF.
                tooLong = line.size() > ScriptedSmtpServer.MAX_LINE_LENGTH + 1;
            }
        }
        byte[] bytes = line.toByteArray();
        int length = bytes.length;
        if (length > 0 && bytes[length - 1] == '\r') {
            length--;
        }
        if (tooLong || length > ScriptedSmtpServer.MAX_LINE_LENGTH) {
            return null;
        }
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    /**
     * Reads a message up to its final dot, dot-unstuffed; keeps at most the configured size and
     * discards the rest.
     */
    private Message readData() throws IOException, End {
        int maxSize = server.maxSize();
        ByteArrayOutputStream message = new ByteArrayOutputStream(1024);
        byte[] line = new byte[1024];
        boolean tooBig = false;
        boolean lineStart = true;
        while (true) {
            int length = 0;
            boolean ended = false;
            while (length < line.length) {
                int b = read();
                line[length++] = (byte) b;
                if (b == '\n') {
                    ended = true;
                    break;
                }
            }
            int from = 0;
            if (lineStart && line[0] == '.') {
                if (ended && (length == 2 || (length == 3 && line[1] == '\r'))) {
                    return new Message(message.toByteArray(), tooBig);
                }
                from = 1;
            }
            int count = length - from;
            if (!tooBig && message.size() + count > maxSize) {
                tooBig = true;
            }
            if (!tooBig) {
                message.write(line, from, count);
            }
            lineStart = ended;
        }
    }

    /**
     * Reads one octet.
     *
     * @throws End at the end of the stream, or after {@code 421} at the idle timeout
     */
    private int read() throws IOException, End {
        if (position == limit) {
            int n;
            try {
                n = input().read(buffer);
            } catch (SocketTimeoutException idle) {
                send("421 4.4.2 " + server.name() + " Error: timeout exceeded");
                throw End.INSTANCE;
            }
            if (n <= 0) {
                throw End.INSTANCE;
            }
            position = 0;
            limit = n;
        }
        return buffer[position++] & 0xff;
    }

    private InputStream input() throws IOException {
        if (in == null) {
            throw new IOException("not connected");
        }
        return in;
    }

    private OutputStream output() throws IOException {
        if (out == null) {
            throw new IOException("not connected");
        }
        return out;
    }

    /** A message as read: its bytes (at most the configured size) and whether it was larger. */
    private record Message(byte[] bytes, boolean tooBig) {}

    /** A reverse- or forward-path and its {@code SIZE} parameter. */
    private static final class Path {
        final String address;
        final long size;

        private Path(String address, long size) {
            this.address = address;
            this.size = size;
        }

        /**
         * Parses {@code FROM:<address> SIZE=n …} or {@code TO:<address> …}, space allowed after the
         * colon and brackets optional.
         *
         * @return the path, or {@code null} on a syntax error
         */
        static @Nullable Path parse(String rest, String keyword) {
            if (!rest.regionMatches(true, 0, keyword, 0, keyword.length())) {
                return null;
            }
            String text = rest.substring(keyword.length()).strip();
            String address;
            String parameters;
            if (text.startsWith("<")) {
                int close = text.indexOf('>');
                if (close < 0) {
                    return null;
                }
                address = text.substring(1, close).strip();
                parameters = text.substring(close + 1);
            } else {
                int space = text.indexOf(' ');
                address = space < 0 ? text : text.substring(0, space);
                parameters = space < 0 ? "" : text.substring(space);
                if (address.isEmpty()) {
                    return null;
                }
            }
            long size = 0;
            for (String parameter : parameters.strip().split(" +")) {
                if (parameter.regionMatches(true, 0, "SIZE=", 0, 5)) {
                    try {
                        size = Long.parseLong(parameter.substring(5));
                    } catch (NumberFormatException e) {
                        return null;
                    }
                }
            }
            return new Path(address, size);
        }
    }

    /** Ends the connection; thrown without a stack trace. */
    private static final class End extends Exception {
        private static final long serialVersionUID = 1L;
        static final End INSTANCE = new End();

        private End() {
            super("connection ended", null, false, false);
        }
    }
}
