package io.github.resilientmail;

import io.github.resilientmail.reply.Category;
import io.github.resilientmail.reply.Classification;
import io.github.resilientmail.reply.Transience;
import jakarta.mail.Address;
import jakarta.mail.Header;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Checks the recipients and the headers before anything is sent, so that bad input never reaches
 * the server: a recipient that would break out of {@code RCPT TO:<…>} (a line break, a control
 * character, white space, {@code <} or {@code >} outside a quoted local part) and a header whose
 * line break is not a fold (header injection) are refused with nothing sent. Whether an address
 * exists, or is well formed beyond that, is the server's to say.
 */
final class Recipients {

    private Recipients() {}

    static List<Address> check(Message message, Address[] addresses, boolean hide)
            throws MessagingException {
        if (addresses == null || addresses.length == 0) {
            throw invalid("no recipient addresses", List.of(), hide);
        }
        Set<Address> unique = new LinkedHashSet<>();
        for (Address address : addresses) {
            if (address == null) {
                throw invalid("a recipient address is null", List.of(), hide);
            }
            if (address instanceof InternetAddress) {
                String text = ((InternetAddress) address).getAddress();
                if (text == null || text.isBlank() || containsLineBreak(text)) {
                    throw invalid(
                            "recipient address is empty or contains a line break",
                            List.of(address),
                            hide);
                }
                String unsafe = unsafe(text);
                if (unsafe != null) {
                    throw invalid("recipient address contains " + unsafe, List.of(address), hide);
                }
            }
            unique.add(address);
        }
        List<Address> recipients = new ArrayList<>(unique);
        checkHeaders(message, recipients, hide);
        return recipients;
    }

    private static boolean containsLineBreak(String text) {
        return text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\0') >= 0;
    }

    /** What in the address would change the SMTP command, or null. */
    private static @Nullable String unsafe(String address) {
        boolean quoted = false;
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return "a control character";
            }
            if (c == '"' && (i == 0 || address.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            } else if (!quoted && (c == '<' || c == '>')) {
                return "'" + c + "'";
            } else if (!quoted && Character.isWhitespace(c)) {
                return "white space";
            }
        }
        return null;
    }

    /**
     * Refuses a header whose name is not printable or whose value holds a line break that is not
     * followed by a space or a tab (a fold): written as it is, it would start a header of its own.
     */
    private static void checkHeaders(Message message, List<Address> recipients, boolean hide)
            throws MessagingException {
        Enumeration<Header> headers = message.getAllHeaders();
        while (headers.hasMoreElements()) {
            Header header = headers.nextElement();
            String name = header.getName();
            if (!isFieldName(name)) {
                throw injected("a header name is empty or not printable", recipients, hide);
            }
            String value = header.getValue();
            if (value != null && !isFolded(value)) {
                throw injected(
                        "header " + name + " contains a line break that is not a fold",
                        recipients,
                        hide);
            }
        }
    }

    /** RFC 5322 §2.2: printable US-ASCII but the colon. */
    private static boolean isFieldName(@Nullable String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c >= 0x7f || c == ':') {
                return false;
            }
        }
        return true;
    }

    /** Whether every CR, LF or CRLF of the value is followed by a space or a tab. */
    private static boolean isFolded(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\0') {
                return false;
            }
            if (c != '\r' && c != '\n') {
                continue;
            }
            int next =
                    c == '\r' && i + 1 < value.length() && value.charAt(i + 1) == '\n'
                            ? i + 2
                            : i + 1;
            if (next >= value.length()
                    || (value.charAt(next) != ' ' && value.charAt(next) != '\t')) {
                return false;
            }
            i = next - 1;
        }
        return true;
    }

    private static MessagingException invalid(String why, List<Address> bad, boolean hide) {
        Classification classification =
                Classifications.local(Category.BAD_ADDRESS, Transience.PERMANENT, why);
        return new InvalidAddressException(
                details(classification, bad, RecipientOutcome.Status.FAILED, hide), null);
    }

    private static MessagingException injected(String why, List<Address> recipients, boolean hide) {
        Classification classification =
                Classifications.local(Category.CONTENT_ERROR, Transience.PERMANENT, why);
        return new ContentRejectedException(
                details(classification, recipients, RecipientOutcome.Status.PENDING, hide), null);
    }

    /** A refusal before anything was sent: every recipient in one state, no attempt made. */
    private static FailureDetails details(
            Classification classification,
            List<Address> recipients,
            RecipientOutcome.Status status,
            boolean hide) {
        List<RecipientOutcome> outcomes = new ArrayList<>();
        for (Address address : recipients) {
            outcomes.add(new RecipientOutcome(address, status, classification));
        }
        return new FailureDetails(classification, 0, outcomes, hide);
    }
}
