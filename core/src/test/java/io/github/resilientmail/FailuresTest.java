package io.github.resilientmail;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilientmail.reply.Category;
import io.github.resilientmail.reply.Classification;
import io.github.resilientmail.reply.Transience;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FailuresTest {

    private static final Map<Category, Class<?>> TYPES = new EnumMap<>(Category.class);

    static {
        TYPES.put(Category.USER_UNKNOWN, UnknownRecipientException.class);
        TYPES.put(Category.MAILBOX_FULL, MailboxFullException.class);
        TYPES.put(Category.MAILBOX_DISABLED, MailboxDisabledException.class);
        TYPES.put(Category.MAILBOX_MOVED, MailboxMovedException.class);
        TYPES.put(Category.HOST_UNKNOWN, UnknownDomainException.class);
        TYPES.put(Category.BAD_ADDRESS, InvalidAddressException.class);
        TYPES.put(Category.SPAM_DETECTED, SpamRejectedException.class);
        TYPES.put(Category.VIRUS_DETECTED, VirusDetectedException.class);
        TYPES.put(Category.BLOCKED, SenderBlockedException.class);
        TYPES.put(Category.POLICY_VIOLATION, PolicyRejectedException.class);
        TYPES.put(Category.SENDER_AUTH_FAILED, SenderAuthenticationException.class);
        TYPES.put(Category.CREDENTIALS_REJECTED, CredentialsRejectedException.class);
        TYPES.put(Category.TLS_REQUIRED, TlsRequiredException.class);
        TYPES.put(Category.SENDER_REJECTED, SenderRejectedException.class);
        TYPES.put(Category.NO_RELAYING, RelayDeniedException.class);
        TYPES.put(Category.MESSAGE_TOO_BIG, MessageTooLargeException.class);
        TYPES.put(Category.TOO_MANY_RECIPIENTS, TooManyRecipientsException.class);
        TYPES.put(Category.RATE_LIMITED, RateLimitedException.class);
        TYPES.put(Category.CONTENT_ERROR, ContentRejectedException.class);
        TYPES.put(Category.SYNTAX_ERROR, SmtpProtocolException.class);
    }

    private static Classification classification(Category category, Transience transience) {
        return Classifications.local(category, transience, "test reply");
    }

    private static RecipientOutcome failed(String address, Category category)
            throws AddressException {
        return new RecipientOutcome(
                new InternetAddress(address),
                RecipientOutcome.Status.FAILED,
                classification(category, Transience.PERMANENT));
    }

    private static RecipientOutcome outcome(String address, RecipientOutcome.Status status)
            throws AddressException {
        return new RecipientOutcome(new InternetAddress(address), status, null);
    }

    @ParameterizedTest
    @EnumSource(Category.class)
    void eachCategoryHasItsExceptionType(Category category) {
        for (Transience transience : Transience.values()) {
            Exception cause = new MessagingException("angus");
            MessagingException created =
                    Failures.create(
                            new FailureDetails(classification(category, transience), 3, List.of()),
                            cause);

            Class<?> expected = TYPES.get(category);
            if (expected == null) {
                expected =
                        transience == Transience.TRANSIENT
                                ? TemporaryFailureException.class
                                : PermanentFailureException.class;
            }
            assertThat(created).isExactlyInstanceOf(expected);
            assertThat(created).isInstanceOf(SmtpFailure.class);
            assertThat(created.getNextException()).isSameAs(cause);
            SmtpFailure failure = (SmtpFailure) created;
            assertThat(failure.category()).isEqualTo(category);
            assertThat(failure.transience()).isEqualTo(transience);
            assertThat(failure.attempts()).isEqualTo(3);
            if (category == Category.CREDENTIALS_REJECTED) {
                assertThat(created).isInstanceOf(AuthenticationFailedException.class);
            } else {
                assertThat(created).isInstanceOf(SendFailedException.class);
            }
        }
    }

    @Test
    void recipientsRefusedForTheSameReasonGiveTheLeafType() throws Exception {
        MessagingException created =
                Failures.create(
                        new FailureDetails(
                                classification(Category.USER_UNKNOWN, Transience.PERMANENT),
                                1,
                                List.of(
                                        failed("bob@example.com", Category.USER_UNKNOWN),
                                        failed("carol@example.com", Category.USER_UNKNOWN))),
                        null);

        assertThat(created).isExactlyInstanceOf(UnknownRecipientException.class);
    }

    @Test
    void recipientsRefusedForReasonsOfOneGroupGiveTheGroupType() throws Exception {
        MessagingException created =
                Failures.create(
                        new FailureDetails(
                                classification(Category.USER_UNKNOWN, Transience.PERMANENT),
                                1,
                                List.of(
                                        failed("bob@example.com", Category.USER_UNKNOWN),
                                        failed("carol@example.com", Category.MAILBOX_DISABLED),
                                        outcome(
                                                "dave@example.com",
                                                RecipientOutcome.Status.ACCEPTED))),
                        null);

        assertThat(created).isExactlyInstanceOf(RecipientFailureException.class);
        SmtpSendException failure = (SmtpSendException) created;
        assertThat(failure.recipients()).hasSize(3);
        assertThat(failure.getInvalidAddresses())
                .containsExactly(
                        new InternetAddress("bob@example.com"),
                        new InternetAddress("carol@example.com"));
        assertThat(failure.getValidSentAddresses())
                .containsExactly(new InternetAddress("dave@example.com"));
        assertThat(failure.acceptedRecipients())
                .containsExactly(new InternetAddress("dave@example.com"));
    }

    @Test
    void messageFailuresOfOneGroupGiveTheMessageGroup() throws Exception {
        MessagingException created =
                Failures.create(
                        new FailureDetails(
                                classification(Category.SPAM_DETECTED, Transience.PERMANENT),
                                1,
                                List.of(
                                        failed("bob@example.com", Category.SPAM_DETECTED),
                                        failed("carol@example.com", Category.POLICY_VIOLATION))),
                        null);

        assertThat(created).isExactlyInstanceOf(MessageFailureException.class);
    }

    @Test
    void senderFailuresOfOneGroupGiveTheSenderGroup() throws Exception {
        MessagingException created =
                Failures.create(
                        new FailureDetails(
                                classification(Category.BLOCKED, Transience.PERMANENT),
                                1,
                                List.of(
                                        failed("bob@example.com", Category.BLOCKED),
                                        failed("carol@example.com", Category.SENDER_AUTH_FAILED))),
                        null);

        assertThat(created).isExactlyInstanceOf(SenderFailureException.class);
    }

    @Test
    void failuresOfDifferentGroupsGiveTheRoot() throws Exception {
        MessagingException created =
                Failures.create(
                        new FailureDetails(
                                classification(Category.USER_UNKNOWN, Transience.PERMANENT),
                                1,
                                List.of(
                                        failed("bob@example.com", Category.USER_UNKNOWN),
                                        failed("carol@example.com", Category.SPAM_DETECTED))),
                        null);

        assertThat(created).isExactlyInstanceOf(SmtpSendException.class);
        assertThat(((SmtpFailure) created).recipients())
                .extracting(o -> o.failure().category())
                .containsExactly(Category.USER_UNKNOWN, Category.SPAM_DETECTED);
    }

    @Test
    void undefinedFailuresMixedWithRecipientFailuresGiveTheRoot() throws Exception {
        MessagingException created =
                Failures.create(
                        new FailureDetails(
                                classification(Category.USER_UNKNOWN, Transience.PERMANENT),
                                1,
                                List.of(
                                        failed("bob@example.com", Category.USER_UNKNOWN),
                                        failed("carol@example.com", Category.UNDEFINED))),
                        null);

        assertThat(created).isExactlyInstanceOf(SmtpSendException.class);
    }

    @Test
    void pendingRecipientsDoNotChangeTheType() throws Exception {
        MessagingException created =
                Failures.create(
                        new FailureDetails(
                                classification(Category.MAILBOX_FULL, Transience.TRANSIENT),
                                1,
                                List.of(
                                        new RecipientOutcome(
                                                new InternetAddress("bob@example.com"),
                                                RecipientOutcome.Status.PENDING,
                                                classification(
                                                        Category.MAILBOX_FULL,
                                                        Transience.TRANSIENT)),
                                        outcome(
                                                "carol@example.com",
                                                RecipientOutcome.Status.PENDING))),
                        null);

        assertThat(created).isExactlyInstanceOf(MailboxFullException.class);
        assertThat(((SendFailedException) created).getValidUnsentAddresses()).hasSize(2);
    }

    @Test
    void messageNamesTheReplyTheCategoryTheRecipientsAndTheAttempts() throws Exception {
        String message =
                Failures.message(
                        new FailureDetails(
                                classification(Category.USER_UNKNOWN, Transience.PERMANENT),
                                2,
                                List.of(
                                        failed("bob@example.com", Category.USER_UNKNOWN),
                                        outcome(
                                                "carol@example.com",
                                                RecipientOutcome.Status.ACCEPTED))));

        assertThat(message)
                .contains("test reply")
                .contains("USER_UNKNOWN")
                .contains("permanent")
                .contains("bob@example.com")
                .doesNotContain("carol@example.com")
                .endsWith("after 2 attempts");
    }
}
