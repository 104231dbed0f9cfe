package io.github.resilientmail;

import io.github.resilientmail.reply.Catalogue;
import io.github.resilientmail.reply.Category;
import io.github.resilientmail.reply.Classification;
import io.github.resilientmail.reply.Outcome;
import io.github.resilientmail.reply.ReplyClassifier;
import io.github.resilientmail.reply.Scope;
import io.github.resilientmail.reply.SmtpCommand;
import io.github.resilientmail.reply.SmtpReply;
import io.github.resilientmail.reply.Transience;
import jakarta.activation.UnsupportedDataTypeException;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import java.io.CharConversionException;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UnsupportedEncodingException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.FileSystemException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPAddressSucceededException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.util.MailConnectException;
import org.jspecify.annotations.Nullable;

/**
 * Classifies what Jakarta Mail and Angus Mail throw when a send fails: the SMTP reply it carries,
 * or the network or TLS failure that left no reply at all.
 *
 * <p>{@link #classify(MessagingException)} walks the exception chain ({@link
 * MessagingException#getNextException()}, then {@link Throwable#getCause()} below the first
 * exception that is not a {@code MessagingException}), at most 1,000 links and each link once, so
 * cyclic and very long chains are safe. It then decides, in this order:
 *
 * <ol>
 *   <li><b>Reported success.</b> An {@code SMTPSendFailedException} with a 2yz code at the end of
 *       data is what {@code mail.smtp.reportsuccess} and {@code mail.smtp.sendpartial} throw after
 *       the server accepted the message: {@link Outcome#SUCCESS} when no recipient was refused,
 *       {@link Outcome#PARTIAL_SUCCESS} when some were, with the category, transience and scope of
 *       the most significant refused recipient (see below). A chain of nothing but {@code
 *       SMTPAddressSucceededException}s is a success too.
 *   <li><b>A failed step of the transaction.</b> An {@code SMTPSendFailedException} with a failure
 *       code (Angus throws it when {@code MAIL FROM}, {@code DATA} or the end of data is refused):
 *       its reply, with the command it answered, decides. Address exceptions chained below it
 *       (sendpartial, reportsuccess) do not: the whole message failed.
 *   <li><b>Refused recipients.</b> Without {@code mail.smtp.sendpartial}, Angus throws a plain
 *       {@code SendFailedException("Invalid Addresses")} whose chain holds one {@code
 *       SMTPAddressFailedException} per refused recipient: the most significant one decides.
 *   <li><b>Refused sender.</b> An {@code SMTPSenderFailedException}: its reply decides, scope
 *       {@link Scope#MESSAGE}.
 *   <li><b>Refused authentication.</b> An {@code AuthenticationFailedException}, whose message is
 *       the server's last reply ({@code 535 5.7.8 …}): that reply decides, read as an answer to
 *       {@code AUTH}; when the rules know nothing more specific, {@link
 *       Category#CREDENTIALS_REJECTED}, transient for 4yz replies and permanent otherwise, with the
 *       rules' scope. When the message holds no reply ({@code "failed to connect, no password
 *       specified?"}), {@link Category#CREDENTIALS_REJECTED}, permanent, scope {@link
 *       Scope#MESSAGE} as the rules give a permanent {@code 535}. A network failure chained inside,
 *       or an end of stream, is a network error instead.
 *   <li><b>A reply in a message.</b> A plain {@code MessagingException} whose message is a reply
 *       ({@code "454 4.7.0 TLS not available"}, thrown by Angus when {@code EHLO}, {@code HELO} or
 *       {@code STARTTLS} are refused) or a bad greeting ({@code "Got bad greeting from SMTP host:
 *       …, response: 421 …"}, read as an answer to {@link SmtpCommand#CONNECT}), and an {@code
 *       IOException} whose message is a reply (Angus's {@code BDAT} refusals, read as answers to
 *       {@link SmtpCommand#DATA}). When such a message, a bad greeting or an {@code
 *       AuthenticationFailedException} holds what the server sent but no reply code (garbage,
 *       another protocol's banner, a code outside 1yz to 5yz), Angus closed the connection: a
 *       network error, transient, like a dropped connection (an unreadable reply at any other step
 *       is one already).
 *   <li><b>No reply: the network or TLS.</b> See below.
 *   <li><b>Anything else</b> (an {@code AddressException}, a message that cannot be written, a
 *       client-side error): {@link Transience#PERMANENT}, scope {@link Scope#MESSAGE}, because
 *       sending the same message again would fail the same way.
 * </ol>
 *
 * <p><b>Most significant refused recipient.</b> When several recipients were refused, the first
 * whose failure belongs to the {@link Scope#RELAY relay} wins (a {@code 421} at {@code RCPT}
 * affects every message), else the first permanent one (the message cannot be delivered as it is),
 * else the first one. A recipient's failure has scope {@link Scope#RECIPIENT} when its category
 * names the recipient ({@link Category#USER_UNKNOWN}, {@link Category#MAILBOX_FULL}, {@link
 * Category#MAILBOX_DISABLED}, {@link Category#MAILBOX_MOVED}, {@link Category#HOST_UNKNOWN}, {@link
 * Category#BAD_ADDRESS}, {@link Category#NO_RELAYING}, {@link Category#TOO_MANY_RECIPIENTS}) or is
 * {@link Category#UNDEFINED} (Angus reported it for that one address); otherwise the reply
 * classifier's scope stands. Failures of {@code MAIL FROM}, {@code DATA} and the end of data never
 * have scope {@link Scope#RECIPIENT}.
 *
 * <p><b>Failures without a reply</b> get a reply with code {@code 0}, no enhanced code and a short
 * text built from the exception's type (never from its message, which may hold a host, a proxy user
 * or a file name), such as {@code "connection refused"} or {@code "read timed out"}:
 *
 * <ul>
 *   <li>connection refused, timeouts ({@link SocketTimeoutException}, any {@link
 *       InterruptedIOException}), a connection reset or closed ({@link SocketException}, {@link
 *       EOFException}, Angus's {@code "[EOF]"}, {@code "Can't send command to SMTP host"}, {@code
 *       "Exception reading response"}), a reply the transport cut because it would not end ({@code
 *       "server reply too long"}: more than 2 MiB; {@code "server reply too slow"}: still coming
 *       after the read timeout), any other {@link IOException}, and a relay host name that does not
 *       resolve ({@link UnknownHostException}): {@link Category#NETWORK_ERROR}, {@link
 *       Transience#TRANSIENT}, {@link Scope#RELAY}. An unknown host is transient because the client
 *       cannot tell a typo in the configuration from a resolver that is down for a minute; the
 *       relay's circuit breaker, not the retry policy, is what stops a misconfigured relay from
 *       being tried forever. Angus resolves no other host than the relay's.
 *   <li>a TLS failure ({@link SSLException}, a certificate error, a server Angus does not trust or
 *       whose identity does not match): {@link Category#TLS_REQUIRED}, {@link
 *       Transience#PERMANENT}, {@link Scope#RELAY}. Handshake failures come from configuration (an
 *       untrusted or expired certificate, a wrong host name, no common protocol, TLS spoken to a
 *       plain-text port) and no retry clears them; the category names what must be fixed. A
 *       connection reset, closed or timed out during the handshake (an {@code SSLException} caused
 *       by a socket error) is a network error instead. {@code "STARTTLS is required but host does
 *       not support STARTTLS"} is {@link Category#TLS_REQUIRED} too.
 *   <li>an {@link IOException} raised while reading the message itself ({@link
 *       FileNotFoundException}, {@link FileSystemException}, {@link UnsupportedEncodingException},
 *       {@link CharacterCodingException}, {@link CharConversionException}, {@link
 *       UnsupportedDataTypeException}) is not a network failure: {@link Category#UNDEFINED},
 *       permanent, scope {@link Scope#MESSAGE}.
 * </ul>
 *
 * <p>Every classification's {@link Classification#reason() reason} names the exception type and the
 * rule that decided. Instances are immutable and safe to share between threads.
 *
 * <pre>{@code
 * try {
 *     transport.sendMessage(message, message.getAllRecipients());
 * } catch (MessagingException e) {
 *     Classification c = Classifier.standard().classify(e);
 *     if (c.isTransient()) {
 *         // try again later
 *     }
 * }
 * }</pre>
 */
public final class Classifier {

    /** Longest exception chain read; links past it are ignored. */
    static final int MAX_LINKS = 1000;

    /** Categories that name one recipient, so that a refusal at RCPT concerns that one only. */
    private static final Set<Category> RECIPIENT_CATEGORIES =
            Collections.unmodifiableSet(
                    EnumSet.of(
                            Category.USER_UNKNOWN,
                            Category.MAILBOX_FULL,
                            Category.MAILBOX_DISABLED,
                            Category.MAILBOX_MOVED,
                            Category.HOST_UNKNOWN,
                            Category.BAD_ADDRESS,
                            Category.NO_RELAYING,
                            Category.TOO_MANY_RECIPIENTS,
                            Category.UNDEFINED));

    private static final String EOF = "[EOF]";

    private final ReplyClassifier replies;
    private final Catalogue catalogue;

    private Classifier(ReplyClassifier replies, Catalogue catalogue) {
        this.replies = replies;
        this.catalogue = catalogue;
    }

    /**
     * The classifier with the standard reply rules ({@link ReplyClassifier#standard()}) and
     * catalogue ({@link Catalogue#standard()}).
     *
     * @return the shared instance; thread-safe
     */
    public static Classifier standard() {
        return Holder.STANDARD;
    }

    /**
     * A classifier that reads replies with other rules; catalogue entries still come from {@link
     * Catalogue#standard()}.
     *
     * @param replies the rules for SMTP replies
     * @return a new classifier; immutable and thread-safe when {@code replies} is
     */
    public static Classifier of(ReplyClassifier replies) {
        return new Classifier(Objects.requireNonNull(replies, "replies"), Catalogue.standard());
    }

    /**
     * Classifies an SMTP reply, exactly as the reply classifier does.
     *
     * @param reply the reply
     * @return its classification; never throws
     */
    public Classification classify(SmtpReply reply) {
        return replies.classify(Objects.requireNonNull(reply, "reply"));
    }

    /**
     * Classifies a failed send, a failed connection or a reported success (see the class
     * description for the rules).
     *
     * @param failure what Jakarta Mail or Angus Mail threw; its messages may be {@code null} and
     *     its chain cyclic or very long
     * @return its classification; never throws for any {@code MessagingException}
     * @throws NullPointerException if {@code failure} is {@code null}
     */
    public Classification classify(MessagingException failure) {
        Objects.requireNonNull(failure, "failure");
        try {
            return classifyChain(chain(failure));
        } catch (RuntimeException unexpected) {
            // A guard for exception subclasses that misbehave (a getMessage() that throws…).
            return failure(
                    Category.UNDEFINED,
                    Transience.PERMANENT,
                    Scope.MESSAGE,
                    noReply("unclassifiable failure", null),
                    typeName(failure)
                            + ": could not be read ("
                            + typeName(unexpected)
                            + "); treated as permanent");
        }
    }

    // ---------------------------------------------------------------------------------------
    // The chain.

    /** The chain from {@code failure} down, each link once, at most {@value #MAX_LINKS}. */
    static List<Throwable> chain(Throwable failure) {
        List<Throwable> links = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Throwable link = failure;
        while (link != null && links.size() < MAX_LINKS && seen.add(link)) {
            links.add(link);
            link =
                    link instanceof MessagingException
                            ? ((MessagingException) link).getNextException()
                            : link.getCause();
        }
        return links;
    }

    private Classification classifyChain(List<Throwable> links) {
        SMTPSendFailedException send = first(links, SMTPSendFailedException.class);
        if (send != null && isAcceptance(send)) {
            return accepted(send, links);
        }
        if (links.stream().allMatch(SMTPAddressSucceededException.class::isInstance)) {
            return recipientAccepted((SMTPAddressSucceededException) links.get(0));
        }
        if (send != null) {
            return transactionFailure(send, links);
        }
        Classification recipients = mostSignificantRecipient(links);
        if (recipients != null) {
            return prefixed(recipients, "recipients refused; most significant: ");
        }
        SMTPSenderFailedException sender = first(links, SMTPSenderFailedException.class);
        if (sender != null) {
            return senderFailure(sender);
        }
        AuthenticationFailedException auth = first(links, AuthenticationFailedException.class);
        if (auth != null) {
            return authenticationFailure(auth, links);
        }
        Classification reply = replyInMessage(links);
        if (reply != null) {
            return reply;
        }
        Classification connection = connectionFailure(links, null);
        if (connection != null) {
            return connection;
        }
        return otherFailure(links);
    }

    // ---------------------------------------------------------------------------------------
    // Successes.

    /** Angus's reportsuccess and sendpartial throw this after the end of data was accepted. */
    private static boolean isAcceptance(SMTPSendFailedException send) {
        int code = send.getReturnCode();
        SmtpCommand command = SmtpCommand.of(send.getCommand());
        return code >= 200
                && code <= 299
                && (command == null || command == SmtpCommand.END_OF_DATA);
    }

    private Classification accepted(SMTPSendFailedException send, List<Throwable> links) {
        Classification refused = mostSignificantRecipient(links);
        if (refused != null) {
            return new Classification(
                    Outcome.PARTIAL_SUCCESS,
                    refused.category(),
                    refused.transience(),
                    refused.scope(),
                    refused.retryAfter(),
                    refused.reply(),
                    refused.entries(),
                    "SMTPSendFailedException "
                            + send.getReturnCode()
                            + " at end of data (mail.smtp.sendpartial): message accepted for"
                            + " some recipients; most significant refusal: "
                            + refused.reason());
        }
        SmtpReply reply = reply(send.getMessage(), send.getReturnCode(), SmtpCommand.END_OF_DATA);
        if (hasAny(send.getInvalidAddresses()) || hasAny(send.getValidUnsentAddresses())) {
            boolean invalid = hasAny(send.getInvalidAddresses());
            return failure(
                    Outcome.PARTIAL_SUCCESS,
                    Category.UNDEFINED,
                    invalid ? Transience.PERMANENT : Transience.TRANSIENT,
                    Scope.RECIPIENT,
                    reply,
                    "SMTPSendFailedException "
                            + send.getReturnCode()
                            + " at end of data lists "
                            + (invalid ? "invalid" : "valid unsent")
                            + " addresses but carries no SMTPAddressFailedException");
        }
        return success(
                reply,
                "SMTPSendFailedException "
                        + send.getReturnCode()
                        + " at end of data with no refused recipient"
                        + " (mail.smtp.reportsuccess): message accepted");
    }

    private Classification recipientAccepted(SMTPAddressSucceededException accepted) {
        SmtpCommand command = commandOr(accepted.getCommand(), SmtpCommand.RCPT);
        int code = accepted.getReturnCode();
        SmtpReply reply =
                isReplyCode(code)
                        ? reply(accepted.getMessage(), code, command)
                        : SmtpReply.parse(accepted.getMessage(), command);
        return success(
                reply,
                "SMTPAddressSucceededException (mail.smtp.reportsuccess): recipient accepted");
    }

    // ---------------------------------------------------------------------------------------
    // Failures with an SMTP reply.

    private Classification transactionFailure(SMTPSendFailedException send, List<Throwable> links) {
        SmtpCommand command = SmtpCommand.of(send.getCommand());
        SMTPSenderFailedException sender = first(links, SMTPSenderFailedException.class);
        if (sender != null && (command == SmtpCommand.MAIL || command == null)) {
            return senderFailure(sender);
        }
        String type = "SMTPSendFailedException";
        if (!isReplyCode(send.getReturnCode())) {
            return noValidReply(type, send.getReturnCode(), send.getMessage(), command);
        }
        SmtpReply reply = reply(send.getMessage(), send.getReturnCode(), command);
        Classification classified = replies.classify(reply);
        if (classified.outcome() == Outcome.SUCCESS) {
            return unexpectedPositive(type, reply);
        }
        Scope scope = classified.scope();
        if (scope == Scope.RECIPIENT && command != SmtpCommand.RCPT) {
            scope = Scope.MESSAGE;
        }
        return rescoped(classified, scope, type + " at " + name(command) + ": ");
    }

    private Classification senderFailure(SMTPSenderFailedException sender) {
        String type = "SMTPSenderFailedException";
        SmtpCommand command = commandOr(sender.getCommand(), SmtpCommand.MAIL);
        if (!isReplyCode(sender.getReturnCode())) {
            return noValidReply(type, sender.getReturnCode(), sender.getMessage(), command);
        }
        SmtpReply reply = reply(sender.getMessage(), sender.getReturnCode(), command);
        Classification classified = replies.classify(reply);
        if (classified.outcome() == Outcome.SUCCESS) {
            return unexpectedPositive(type, reply);
        }
        Scope scope = classified.scope() == Scope.RELAY ? Scope.RELAY : Scope.MESSAGE;
        return rescoped(classified, scope, type + " at " + name(command) + ": ");
    }

    /** The refused recipient that matters most, or {@code null} when none was refused. */
    private @Nullable Classification mostSignificantRecipient(List<Throwable> links) {
        Classification best = null;
        for (Throwable link : links) {
            if (!(link instanceof SMTPAddressFailedException)) {
                continue;
            }
            Classification candidate = recipientFailure((SMTPAddressFailedException) link);
            if (candidate.scope() == Scope.RELAY) {
                return candidate;
            }
            if (best == null
                    || (best.transience() != Transience.PERMANENT
                            && candidate.transience() == Transience.PERMANENT)) {
                best = candidate;
            }
        }
        return best;
    }

    private Classification recipientFailure(SMTPAddressFailedException refused) {
        String type = "SMTPAddressFailedException";
        SmtpCommand command = commandOr(refused.getCommand(), SmtpCommand.RCPT);
        if (!isReplyCode(refused.getReturnCode())) {
            return noValidReply(type, refused.getReturnCode(), refused.getMessage(), command);
        }
        SmtpReply reply = reply(refused.getMessage(), refused.getReturnCode(), command);
        Classification classified = replies.classify(reply);
        if (classified.outcome() == Outcome.SUCCESS) {
            return unexpectedPositive(type, reply);
        }
        Scope scope = classified.scope();
        if (scope != Scope.RELAY && RECIPIENT_CATEGORIES.contains(classified.category())) {
            scope = Scope.RECIPIENT;
        }
        return rescoped(classified, scope, type + " at " + name(command) + ": ");
    }

    private Classification authenticationFailure(
            AuthenticationFailedException auth, List<Throwable> links) {
        String type = "AuthenticationFailedException";
        String message = auth.getMessage();
        SmtpReply reply = SmtpReply.parse(message, SmtpCommand.AUTH);
        if (reply.hasCode() && !reply.isPositive()) {
            Classification classified = replies.classify(reply);
            if (classified.outcome() == Outcome.FAILURE
                    && classified.category() != Category.UNDEFINED) {
                return prefixed(classified, type + ": ");
            }
            return new Classification(
                    Outcome.FAILURE,
                    Category.CREDENTIALS_REJECTED,
                    reply.code() < 500 ? Transience.TRANSIENT : Transience.PERMANENT,
                    classified.scope() == null ? Scope.MESSAGE : classified.scope(),
                    classified.retryAfter(),
                    reply,
                    catalogue.entriesFor(reply),
                    type
                            + " with reply "
                            + reply.code()
                            + ": the relay did not accept the credentials");
        }
        Classification connection = connectionFailure(links, SmtpCommand.AUTH);
        if (connection != null) {
            return connection;
        }
        if (message != null && message.strip().equals(EOF)) {
            return noValidReply(type, -1, message, SmtpCommand.AUTH);
        }
        if (isUnreadableReply(message)) {
            return noValidReply(type, leadingCode(message), message, SmtpCommand.AUTH);
        }
        String text;
        String why;
        if (reply.isPositive()) {
            text = "authentication did not complete";
            why = "the exchange stopped after a " + reply.code() + " reply";
        } else if (message != null && message.startsWith("failed to connect, no ")) {
            text = "no user name or password";
            why = "the session has no user name or password for a relay that requires them";
        } else if (message != null && message.startsWith("No authentication mechanisms")) {
            text = "no common authentication mechanism";
            why = "the relay offers no mechanism the client may use";
        } else {
            text = "authentication failed";
            why = "no SMTP reply in the message";
        }
        return failure(
                Category.CREDENTIALS_REJECTED,
                Transience.PERMANENT,
                Scope.MESSAGE,
                noReply(text, SmtpCommand.AUTH),
                type + ": " + why + "; credentials rejected");
    }

    /** Angus's plain MessagingException(reply), bad greeting, and BDAT's IOException(reply). */
    private @Nullable Classification replyInMessage(List<Throwable> links) {
        for (Throwable link : links) {
            String message = link.getMessage();
            if (message == null) {
                continue;
            }
            SmtpCommand command = null;
            String raw = message;
            if (link instanceof IOException) {
                command = SmtpCommand.DATA;
            } else if (!(link instanceof MessagingException)
                    || link instanceof SMTPAddressSucceededException) {
                continue;
            } else if (message.startsWith("Got bad greeting from SMTP host")) {
                int at = message.lastIndexOf("response: ");
                if (at < 0) {
                    continue;
                }
                raw = message.substring(at + "response: ".length());
                command = SmtpCommand.CONNECT;
                if (raw.isBlank() || raw.strip().equals(EOF)) {
                    return network(
                            "connection closed before the greeting",
                            command,
                            "the server closed the connection before greeting");
                }
                if (!startsWithCode(raw)) {
                    return noValidReply(typeName(link), leadingCode(raw), raw, command);
                }
            } else if (isUnreadableReply(message)) {
                return noValidReply(typeName(link), leadingCode(message), message, null);
            }
            if (!startsWithCode(raw)) {
                continue;
            }
            SmtpReply reply = SmtpReply.parse(raw, command);
            String type = typeName(link);
            Classification classified = replies.classify(reply);
            if (classified.outcome() == Outcome.SUCCESS) {
                return unexpectedPositive(type, reply);
            }
            return prefixed(
                    classified,
                    type
                            + (command == null ? "" : " at " + command)
                            + " with a reply as its message: ");
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------
    // Failures without a reply.

    /**
     * A network or TLS failure found in the chain, or {@code null}.
     *
     * @param known the command that failed when the caller knows it
     */
    private @Nullable Classification connectionFailure(
            List<Throwable> links, @Nullable SmtpCommand known) {
        IOException deepest = null;
        Throwable runtime = null;
        Throwable tls = null;
        boolean connect = false;
        String dropped = null;
        SmtpCommand command = known;
        for (Throwable link : links) {
            if (link instanceof IOException) {
                deepest = (IOException) link;
            } else if (link instanceof RuntimeException && runtime == null) {
                runtime = link;
            }
            if (link instanceof SSLException
                    || link instanceof GeneralSecurityException
                    || isTlsMessage(link)) {
                tls = link;
            }
            if (link instanceof MailConnectException || link instanceof UnknownHostException) {
                connect = true;
                command = command == null ? SmtpCommand.CONNECT : command;
            }
            if (link instanceof MessagingException && link.getMessage() != null) {
                String message = link.getMessage();
                if (message.startsWith("Could not convert socket to TLS")) {
                    tls = tls == null ? link : tls;
                    command = command == null ? SmtpCommand.STARTTLS : command;
                } else if (message.startsWith("Could not connect to SMTP host")
                        || message.startsWith("Could not start protocol to SMTP host")
                        || message.startsWith("Unknown SMTP host")) {
                    connect = true;
                    command = command == null ? SmtpCommand.CONNECT : command;
                } else if (dropped == null) {
                    dropped = droppedText(message);
                }
            }
        }
        if (deepest != null && isLocal(deepest)) {
            return local(deepest, "could not read the message content");
        }
        if (tls != null && !(deepest != null && isSocketLevel(deepest))) {
            return tlsFailure(deepest instanceof SSLException ? deepest : tls, command);
        }
        if (deepest != null) {
            return networkFailure(deepest, command, connect);
        }
        if (runtime != null && (dropped != null || connect)) {
            return local(runtime, "the client refused to send a command");
        }
        if (connect) {
            return network(
                    "could not connect",
                    command,
                    typeName(links.get(0)) + ": could not connect to the relay");
        }
        if (dropped != null) {
            return network(
                    dropped,
                    command,
                    typeName(links.get(0)) + ": " + dropped + " (Angus message, no cause)");
        }
        return null;
    }

    private Classification networkFailure(
            IOException failure, @Nullable SmtpCommand command, boolean connecting) {
        String type = typeName(failure);
        String detail = lower(failure.getMessage());
        String text;
        String why;
        if (failure instanceof UnknownHostException) {
            text = "unknown host";
            why =
                    "the relay's host name does not resolve; transient because a resolver"
                            + " outage looks the same as a typo";
        } else if (failure instanceof NoRouteToHostException) {
            text = "no route to host";
            why = "the relay cannot be reached";
        } else if (failure instanceof ConnectException) {
            text = detail.contains("timed out") ? "connect timed out" : "connection refused";
            why = "the relay did not accept the connection";
        } else if (failure instanceof SocketTimeoutException) {
            boolean onConnect =
                    detail.contains("connect") || (connecting && command == SmtpCommand.CONNECT);
            text = onConnect ? "connect timed out" : "read timed out";
            why = "the relay did not answer in time";
        } else if (failure instanceof InterruptedIOException) {
            text = "I/O interrupted";
            why = "a read or write was interrupted or timed out";
        } else if (failure instanceof BoundedReplySocket.RunawayReplyException) {
            text = detail.contains("bytes") ? "server reply too long" : "server reply too slow";
            why = "the relay would not end its reply (" + detail + "); the connection was closed";
        } else if (failure instanceof EOFException) {
            text = "connection closed";
            why = "the connection closed unexpectedly";
        } else if (failure instanceof SocketException) {
            text =
                    detail.contains("reset")
                            ? "connection reset"
                            : detail.contains("broken pipe") ? "broken pipe" : "connection lost";
            why = "the connection broke";
        } else {
            text = connecting ? "could not connect" : "network failure";
            why = "an I/O failure while talking to the relay";
        }
        if (text.equals("network failure") || text.equals("could not connect")) {
            text += " (" + type + ")";
        }
        return network(text, command, type + ": " + why);
    }

    private Classification network(String text, @Nullable SmtpCommand command, String reason) {
        return failure(
                Category.NETWORK_ERROR,
                Transience.TRANSIENT,
                Scope.RELAY,
                noReply(text, command),
                reason + "; network error, transient, relay");
    }

    private Classification tlsFailure(Throwable failure, @Nullable SmtpCommand command) {
        String type = typeName(failure);
        String text =
                failure instanceof SSLHandshakeException
                        ? "TLS handshake failed"
                        : failure instanceof SSLPeerUnverifiedException
                                ? "TLS peer not verified"
                                : "TLS failure";
        return failure(
                Category.TLS_REQUIRED,
                Transience.PERMANENT,
                Scope.RELAY,
                noReply(text, command),
                type
                        + ": TLS could not be established (certificate, host name, protocol or"
                        + " port configuration); permanent until the configuration changes");
    }

    /** A reply code Angus read but that is no reply: -1 for end of stream or garbage. */
    private Classification noValidReply(
            String type, int code, @Nullable String message, @Nullable SmtpCommand command) {
        boolean eof = message == null || message.isBlank() || message.strip().equals(EOF);
        String text = eof ? "connection closed by server" : "unreadable server reply";
        String reason =
                type
                        + " with return code "
                        + code
                        + (command == null ? "" : " at " + command)
                        + ": "
                        + (eof
                                ? "the connection closed before a reply"
                                : "the server's reply could not be read");
        if (command == SmtpCommand.END_OF_DATA) {
            reason += " (the server may have accepted the message before the connection broke)";
        }
        return network(text, command, reason);
    }

    private Classification local(Throwable failure, String what) {
        String type = typeName(failure);
        return failure(
                Category.UNDEFINED,
                Transience.PERMANENT,
                Scope.MESSAGE,
                noReply(what + " (" + type + ")", null),
                type + ": " + what + "; a local failure, not the relay's; permanent");
    }

    private Classification otherFailure(List<Throwable> links) {
        Throwable top = links.get(0);
        if (first(links, AddressException.class) != null) {
            return failure(
                    Category.BAD_ADDRESS,
                    Transience.PERMANENT,
                    Scope.MESSAGE,
                    noReply("invalid address", null),
                    "AddressException: an address of the message is not valid; permanent");
        }
        for (Throwable link : links) {
            String message = link.getMessage();
            if (message != null && message.startsWith("STARTTLS is required but host")) {
                return failure(
                        Category.TLS_REQUIRED,
                        Transience.PERMANENT,
                        Scope.RELAY,
                        noReply("STARTTLS not offered", SmtpCommand.STARTTLS),
                        typeName(link)
                                + ": STARTTLS is required (mail.smtp.starttls.required) but the"
                                + " relay does not offer it; permanent");
            }
        }
        return failure(
                Category.UNDEFINED,
                Transience.PERMANENT,
                Scope.MESSAGE,
                noReply("failure without SMTP reply (" + typeName(top) + ")", null),
                typeName(top)
                        + ": no SMTP reply, network or TLS failure in the exception chain;"
                        + " treated as permanent");
    }

    private Classification unexpectedPositive(String type, SmtpReply reply) {
        return failure(
                Category.UNDEFINED,
                Transience.PERMANENT,
                Scope.MESSAGE,
                reply,
                type
                        + ": positive reply "
                        + reply.code()
                        + (reply.command() == null ? "" : " to " + reply.command())
                        + " where Angus expected another; protocol error, permanent");
    }

    // ---------------------------------------------------------------------------------------
    // Building blocks.

    private Classification success(SmtpReply reply, String reason) {
        return new Classification(
                Outcome.SUCCESS,
                null,
                null,
                null,
                null,
                reply,
                catalogue.entriesFor(reply),
                reason);
    }

    private Classification failure(
            Category category, Transience transience, Scope scope, SmtpReply reply, String reason) {
        return failure(Outcome.FAILURE, category, transience, scope, reply, reason);
    }

    private Classification failure(
            Outcome outcome,
            Category category,
            Transience transience,
            Scope scope,
            SmtpReply reply,
            String reason) {
        return new Classification(
                outcome,
                category,
                transience,
                scope,
                null,
                reply,
                catalogue.entriesFor(reply),
                reason);
    }

    private static Classification rescoped(
            Classification classified, @Nullable Scope scope, String prefix) {
        String reason = prefix + classified.reason();
        if (scope != classified.scope()) {
            reason += "; scope " + scope + " rather than " + classified.scope();
        }
        return new Classification(
                classified.outcome(),
                classified.category(),
                classified.transience(),
                scope,
                classified.retryAfter(),
                classified.reply(),
                classified.entries(),
                reason);
    }

    private static Classification prefixed(Classification classified, String prefix) {
        return new Classification(
                classified.outcome(),
                classified.category(),
                classified.transience(),
                classified.scope(),
                classified.retryAfter(),
                classified.reply(),
                classified.entries(),
                prefix + classified.reason());
    }

    private static SmtpReply noReply(String text, @Nullable SmtpCommand command) {
        return new SmtpReply(0, null, text, command);
    }

    /** The reply Angus read, with the code it reported when the text has none. */
    private static SmtpReply reply(@Nullable String message, int code, @Nullable SmtpCommand cmd) {
        SmtpReply parsed = SmtpReply.parse(message, cmd);
        if (parsed.code() == code || !isReplyCode(code)) {
            return parsed;
        }
        return new SmtpReply(code, parsed.enhancedCode(), parsed.text(), cmd);
    }

    private static boolean isReplyCode(int code) {
        return code >= 100 && code <= 599;
    }

    private static boolean startsWithCode(String text) {
        return text.length() >= 3
                && text.charAt(0) >= '1'
                && text.charAt(0) <= '5'
                && Character.isDigit(text.charAt(1))
                && Character.isDigit(text.charAt(2))
                && (text.length() == 3 || " -\t\r\n".indexOf(text.charAt(3)) >= 0);
    }

    private static SmtpCommand commandOr(@Nullable String sent, SmtpCommand otherwise) {
        SmtpCommand command = SmtpCommand.of(sent);
        return command == null ? otherwise : command;
    }

    private static String name(@Nullable SmtpCommand command) {
        return command == null ? "an unknown command" : command.name();
    }

    private static boolean hasAny(Address @Nullable [] addresses) {
        return addresses != null && addresses.length > 0;
    }

    /** Angus's messages for a connection that broke; {@code null} for any other message. */
    private static @Nullable String droppedText(String message) {
        if (message.strip().equals(EOF)) {
            return "connection closed by server";
        }
        if (message.startsWith("Can't send command to SMTP host")) {
            return "connection lost while sending a command";
        }
        if (message.startsWith("Exception reading response")) {
            return "connection lost while reading a reply";
        }
        if (message.startsWith("IOException while sending message")) {
            return "connection lost while sending the message";
        }
        return null;
    }

    /**
     * A server's reply that is none: Angus throws {@code MessagingException(lastServerResponse)}
     * when {@code EHLO}, {@code HELO}, {@code STARTTLS} or {@code AUTH} get an unexpected answer,
     * and it ends every response it read with a line feed, which none of its own messages do. A
     * response without a reply code (garbage, another protocol's banner, a code outside 1yz-5yz)
     * made Angus close the connection: a network failure like a dropped connection.
     */
    private static boolean isUnreadableReply(@Nullable String message) {
        return message != null
                && message.endsWith("\n")
                && !message.isBlank()
                && !startsWithCode(message);
    }

    /** The three digits a response starts with, as Angus reads them, or -1. */
    private static int leadingCode(String response) {
        if (response.length() >= 3
                && isAsciiDigit(response.charAt(0))
                && isAsciiDigit(response.charAt(1))
                && isAsciiDigit(response.charAt(2))) {
            return Integer.parseInt(response.substring(0, 3));
        }
        return -1;
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Angus's IOExceptions about TLS trust and identity, which are no SSLException. */
    private static boolean isTlsMessage(Throwable link) {
        if (!(link instanceof IOException) || link.getMessage() == null) {
            return false;
        }
        String message = link.getMessage();
        return message.startsWith("Server is not trusted")
                || message.startsWith("Unable to check server identity")
                || message.startsWith("Unable to set endpoint identification")
                || message.startsWith("Can't create MailSSLSocketFactory")
                || message.startsWith("Exception in startTLS");
    }

    /** The connection itself broke, even in the middle of a TLS handshake. */
    private static boolean isSocketLevel(IOException failure) {
        return failure instanceof SocketException
                || failure instanceof EOFException
                || failure instanceof InterruptedIOException
                || failure instanceof UnknownHostException;
    }

    /** Failures to read the message's own content, which no retry cures. */
    private static boolean isLocal(IOException failure) {
        return failure instanceof FileNotFoundException
                || failure instanceof FileSystemException
                || failure instanceof UnsupportedEncodingException
                || failure instanceof CharacterCodingException
                || failure instanceof CharConversionException
                || failure instanceof UnsupportedDataTypeException;
    }

    private static <T> @Nullable T first(List<Throwable> links, Class<T> type) {
        for (Throwable link : links) {
            if (type.isInstance(link)) {
                return type.cast(link);
            }
        }
        return null;
    }

    private static String lower(@Nullable String text) {
        return text == null ? "" : text.toLowerCase(Locale.ROOT);
    }

    private static String typeName(Throwable failure) {
        String simple = failure.getClass().getSimpleName();
        return simple.isEmpty() ? failure.getClass().getName() : simple;
    }

    private static final class Holder {
        static final Classifier STANDARD =
                new Classifier(ReplyClassifier.standard(), Catalogue.standard());
    }
}
