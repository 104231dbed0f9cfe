package io.github.resilientmail;

import io.github.resilientmail.reply.Category;
import io.github.resilientmail.reply.Classification;
import io.github.resilientmail.reply.Transience;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Checks the recipients before anything is sent, so bad input never reaches the server. */
final class Recipients {

    private Recipients() {}

    static List<Address> check(Message message, Address[] addresses) throws MessagingException {
        if (addresses == null || addresses.length == 0) {
            throw invalid("no recipient addresses", List.of());
        }
        Set<Address> unique = new LinkedHashSet<>();
        for (Address address : addresses) {
            if (address == null) {
                throw invalid("a recipient address is null", List.of());
            }
            if (address instanceof InternetAddress) {
                String text = ((InternetAddress) address).getAddress();
                if (text == null || text.isBlank() || containsLineBreak(text)) {
                    throw invalid(
                            "recipient address is empty or contains a line break",
                            List.of(address));
                }
            }
            unique.add(address);
        }
        return new ArrayList<>(unique);
    }

    private static boolean containsLineBreak(String text) {
        return text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\0') >= 0;
    }

    private static MessagingException invalid(String why, List<Address> bad) {
        Classification classification =
                Classifications.local(Category.BAD_ADDRESS, Transience.PERMANENT, why);
        List<RecipientOutcome> outcomes = new ArrayList<>();
        for (Address address : bad) {
            outcomes.add(
                    new RecipientOutcome(address, RecipientOutcome.Status.FAILED, classification));
        }
        return new InvalidAddressException(new FailureDetails(classification, 0, outcomes), null);
    }
}
