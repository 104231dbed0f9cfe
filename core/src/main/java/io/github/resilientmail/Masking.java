package io.github.resilientmail;

import io.github.resilientmail.reply.Classification;
import io.github.resilientmail.reply.SmtpReply;
import jakarta.mail.Address;
import jakarta.mail.internet.InternetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides e-mail addresses for {@code hide-recipients}: {@code bob@example.com} becomes {@code
 * b***@example.com}, in addresses and in free text such as a server's reply ({@code 550 5.1.1
 * <bob@example.com>: User unknown}). The domain stays, since it tells an operator which provider
 * refused; the mailbox does not.
 */
final class Masking {

    /** What replaces a local part after its first character. */
    static final String MASK = "***";

    /** An address in free text: a dot-atom local part, "@", a domain or an address literal. */
    private static final Pattern ADDRESS =
            Pattern.compile(
                    "[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}@(\\[[^\\]\\s]{1,64}\\]|[A-Za-z0-9.-]{1,255})");

    private Masking() {}

    /** {@code bob@example.com} → {@code b***@example.com}; without "@", the first character. */
    static String address(String address) {
        int at = address.lastIndexOf('@');
        String local = at < 0 ? address : address.substring(0, at);
        String first = local.isEmpty() ? "" : local.substring(0, local.offsetByCodePoints(0, 1));
        return first + MASK + (at < 0 ? "" : address.substring(at));
    }

    /** The address masked, without its personal name; never parsed, so it never fails. */
    static Address address(Address address) {
        String text =
                address instanceof InternetAddress
                        ? String.valueOf(((InternetAddress) address).getAddress())
                        : String.valueOf(address);
        InternetAddress masked = new InternetAddress();
        masked.setAddress(address(text));
        return masked;
    }

    static List<Address> addresses(List<Address> addresses) {
        List<Address> masked = new ArrayList<>(addresses.size());
        for (Address address : addresses) {
            masked.add(address(address));
        }
        return masked;
    }

    /** Every address in the text masked. */
    static String text(String text) {
        if (text.indexOf('@') < 0) {
            return text;
        }
        Matcher matcher = ADDRESS.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(address(matcher.group())));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** The classification with the addresses in its reply text and reason masked. */
    static Classification classification(Classification classification) {
        SmtpReply reply = classification.reply();
        return new Classification(
                classification.outcome(),
                classification.category(),
                classification.transience(),
                classification.scope(),
                classification.retryAfter(),
                new SmtpReply(
                        reply.code(), reply.enhancedCode(), text(reply.text()), reply.command()),
                classification.entries(),
                text(classification.reason()));
    }
}
