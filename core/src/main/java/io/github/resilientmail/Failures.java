package io.github.resilientmail;

import io.github.resilientmail.reply.Category;
import io.github.resilientmail.reply.Classification;
import io.github.resilientmail.reply.Transience;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Builds the typed exception for a failure: the one place that maps categories to types. */
final class Failures {

    private static final Address[] NO_ADDRESSES = new Address[0];

    /** The exception types, each with the group it belongs to. */
    enum Kind {
        UNKNOWN_RECIPIENT(Group.RECIPIENT),
        MAILBOX_FULL(Group.RECIPIENT),
        MAILBOX_DISABLED(Group.RECIPIENT),
        MAILBOX_MOVED(Group.RECIPIENT),
        UNKNOWN_DOMAIN(Group.RECIPIENT),
        INVALID_ADDRESS(Group.RECIPIENT),
        RELAY_DENIED(Group.RECIPIENT),
        TOO_MANY_RECIPIENTS(Group.RECIPIENT),
        SPAM(Group.MESSAGE),
        VIRUS(Group.MESSAGE),
        POLICY(Group.MESSAGE),
        TOO_LARGE(Group.MESSAGE),
        CONTENT(Group.MESSAGE),
        SENDER_BLOCKED(Group.SENDER),
        SENDER_AUTHENTICATION(Group.SENDER),
        TLS_REQUIRED(Group.SENDER),
        SENDER_REJECTED(Group.SENDER),
        RATE_LIMITED(Group.SENDER),
        PROTOCOL(Group.SENDER),
        CREDENTIALS(Group.NONE),
        TEMPORARY(Group.NONE),
        PERMANENT(Group.NONE);

        final Group group;

        Kind(Group group) {
            this.group = group;
        }
    }

    enum Group {
        RECIPIENT,
        MESSAGE,
        SENDER,
        NONE
    }

    private Failures() {}

    static Kind kindOf(Classification classification) {
        Category category = classification.category();
        boolean transientFailure = classification.transience() == Transience.TRANSIENT;
        if (category == null) {
            return transientFailure ? Kind.TEMPORARY : Kind.PERMANENT;
        }
        switch (category) {
            case USER_UNKNOWN:
                return Kind.UNKNOWN_RECIPIENT;
            case MAILBOX_FULL:
                return Kind.MAILBOX_FULL;
            case MAILBOX_DISABLED:
                return Kind.MAILBOX_DISABLED;
            case MAILBOX_MOVED:
                return Kind.MAILBOX_MOVED;
            case HOST_UNKNOWN:
                return Kind.UNKNOWN_DOMAIN;
            case BAD_ADDRESS:
                return Kind.INVALID_ADDRESS;
            case NO_RELAYING:
                return Kind.RELAY_DENIED;
            case TOO_MANY_RECIPIENTS:
                return Kind.TOO_MANY_RECIPIENTS;
            case SPAM_DETECTED:
                return Kind.SPAM;
            case VIRUS_DETECTED:
                return Kind.VIRUS;
            case POLICY_VIOLATION:
                return Kind.POLICY;
            case MESSAGE_TOO_BIG:
                return Kind.TOO_LARGE;
            case CONTENT_ERROR:
                return Kind.CONTENT;
            case BLOCKED:
                return Kind.SENDER_BLOCKED;
            case SENDER_AUTH_FAILED:
                return Kind.SENDER_AUTHENTICATION;
            case TLS_REQUIRED:
                return Kind.TLS_REQUIRED;
            case SENDER_REJECTED:
                return Kind.SENDER_REJECTED;
            case RATE_LIMITED:
                return Kind.RATE_LIMITED;
            case SYNTAX_ERROR:
                return Kind.PROTOCOL;
            case CREDENTIALS_REJECTED:
                return Kind.CREDENTIALS;
            default:
                // GREYLISTED, SERVICE_UNAVAILABLE, SYSTEM_ERROR, SYSTEM_FULL, NETWORK_ERROR,
                // TOO_MANY_CONNECTIONS, UNDEFINED: only time can tell
                return transientFailure ? Kind.TEMPORARY : Kind.PERMANENT;
        }
    }

    /**
     * The exception for a failure; when recipients failed for several reasons, the most specific
     * type those reasons share.
     */
    static MessagingException create(FailureDetails details, @Nullable Exception cause) {
        Kind kind = kindOf(details.classification());
        boolean sameKind = true;
        boolean sameGroup = true;
        for (RecipientOutcome outcome : details.recipients()) {
            Classification failure = outcome.failure();
            if (outcome.status() != RecipientOutcome.Status.FAILED || failure == null) {
                continue;
            }
            Kind other = kindOf(failure);
            sameKind &= other == kind;
            sameGroup &= other.group == kind.group && kind.group != Group.NONE;
        }
        if (!sameKind) {
            switch (sameGroup ? kind.group : Group.NONE) {
                case RECIPIENT:
                    return new RecipientFailureException(details, cause);
                case MESSAGE:
                    return new MessageFailureException(details, cause);
                case SENDER:
                    return new SenderFailureException(details, cause);
                default:
                    return new SmtpSendException(details, cause);
            }
        }
        return create(kind, details, cause);
    }

    private static MessagingException create(
            Kind kind, FailureDetails details, @Nullable Exception cause) {
        switch (kind) {
            case UNKNOWN_RECIPIENT:
                return new UnknownRecipientException(details, cause);
            case MAILBOX_FULL:
                return new MailboxFullException(details, cause);
            case MAILBOX_DISABLED:
                return new MailboxDisabledException(details, cause);
            case MAILBOX_MOVED:
                return new MailboxMovedException(details, cause);
            case UNKNOWN_DOMAIN:
                return new UnknownDomainException(details, cause);
            case INVALID_ADDRESS:
                return new InvalidAddressException(details, cause);
            case RELAY_DENIED:
                return new RelayDeniedException(details, cause);
            case TOO_MANY_RECIPIENTS:
                return new TooManyRecipientsException(details, cause);
            case SPAM:
                return new SpamRejectedException(details, cause);
            case VIRUS:
                return new VirusDetectedException(details, cause);
            case POLICY:
                return new PolicyRejectedException(details, cause);
            case TOO_LARGE:
                return new MessageTooLargeException(details, cause);
            case CONTENT:
                return new ContentRejectedException(details, cause);
            case SENDER_BLOCKED:
                return new SenderBlockedException(details, cause);
            case SENDER_AUTHENTICATION:
                return new SenderAuthenticationException(details, cause);
            case TLS_REQUIRED:
                return new TlsRequiredException(details, cause);
            case SENDER_REJECTED:
                return new SenderRejectedException(details, cause);
            case RATE_LIMITED:
                return new RateLimitedException(details, cause);
            case PROTOCOL:
                return new SmtpProtocolException(details, cause);
            case CREDENTIALS:
                return new CredentialsRejectedException(details, cause);
            case TEMPORARY:
                return new TemporaryFailureException(details, cause);
            default:
                return new PermanentFailureException(details, cause);
        }
    }

    /**
     * The message of every failure exception: the reply, what it means, and who failed; with {@code
     * hide-recipients}, addresses masked ({@code b***@example.com}).
     */
    static String message(FailureDetails details) {
        Classification classification = details.classification();
        boolean hide = details.hideRecipients();
        StringBuilder message = new StringBuilder(160);
        String reply = classification.reply().toString();
        if (hide) {
            reply = Masking.text(reply);
        }
        message.append(reply.isEmpty() ? "no reply" : reply);
        message.append(" [")
                .append(classification.category())
                .append(", ")
                .append(
                        classification.transience() == null
                                ? "success"
                                : classification.transience().name().toLowerCase(Locale.ROOT))
                .append(']');
        List<String> failed = new ArrayList<>();
        for (RecipientOutcome outcome : details.recipients()) {
            if (outcome.status() != RecipientOutcome.Status.ACCEPTED) {
                Classification failure = outcome.failure();
                failed.add(
                        (hide ? Masking.address(outcome.address()) : outcome.address())
                                + (failure == null || failure.category() == null
                                        ? ""
                                        : " " + failure.category()));
            }
        }
        if (!failed.isEmpty()) {
            message.append(" for ").append(String.join(", ", failed));
        }
        int attempts = details.attempts();
        message.append(attempts == 1 ? " after 1 attempt" : " after " + attempts + " attempts");
        return message.toString();
    }

    static Address[] addresses(FailureDetails details, RecipientOutcome.Status status) {
        // A loop, not a stream: an open breaker builds three of these per refused send.
        List<Address> addresses = new ArrayList<>(details.recipients().size());
        for (RecipientOutcome outcome : details.recipients()) {
            if (outcome.status() == status) {
                addresses.add(outcome.address());
            }
        }
        return addresses.toArray(NO_ADDRESSES);
    }
}
