package io.github.resilientmail.reply;

/**
 * Why an SMTP transaction failed, in the vocabulary of bounce classifiers (the reasons of Sisimai).
 *
 * <p>A category says who must act: the recipient address ({@link #USER_UNKNOWN}, {@link
 * #MAILBOX_FULL}…), the message ({@link #MESSAGE_TOO_BIG}, {@link #SPAM_DETECTED}…), the sender or
 * its configuration ({@link #CREDENTIALS_REJECTED}, {@link #SENDER_AUTH_FAILED}…) or time ({@link
 * #GREYLISTED}, {@link #SERVICE_UNAVAILABLE}…). Whether the same message may succeed later is told
 * apart by {@link Transience}.
 */
public enum Category {
    /** The recipient mailbox does not exist (5.1.1). */
    USER_UNKNOWN,
    /** The recipient mailbox is over its quota (X.2.2). */
    MAILBOX_FULL,
    /** The recipient mailbox exists but is disabled, inactive or suspended (X.2.1). */
    MAILBOX_DISABLED,
    /** The recipient has moved and left no forwarding address (X.1.6, 551). */
    MAILBOX_MOVED,
    /** The recipient's domain does not exist or accepts no mail (X.1.2, null MX, 556). */
    HOST_UNKNOWN,
    /** An address, sender or recipient, is syntactically invalid (X.1.3, X.1.7). */
    BAD_ADDRESS,
    /** The message was judged to be spam. */
    SPAM_DETECTED,
    /** The message carries a virus or malware. */
    VIRUS_DETECTED,
    /** The sending IP or host is blocklisted, has a bad reputation or no reverse DNS. */
    BLOCKED,
    /** A local policy of the receiving system refused the message. */
    POLICY_VIOLATION,
    /** The sender's domain failed SPF, DKIM or DMARC. */
    SENDER_AUTH_FAILED,
    /** The relay refused the SMTP AUTH credentials, or requires them. */
    CREDENTIALS_REJECTED,
    /** The server requires TLS (or a stronger TLS) for this connection or message. */
    TLS_REQUIRED,
    /** The envelope sender (MAIL FROM) was refused. */
    SENDER_REJECTED,
    /** The server does not relay for this recipient domain. */
    NO_RELAYING,
    /** The message exceeds a size limit (X.3.4, 552). */
    MESSAGE_TOO_BIG,
    /** The transaction has more recipients than the server accepts (X.5.3). */
    TOO_MANY_RECIPIENTS,
    /** The sender, IP or recipient exceeded a rate or quota (messages per hour, per day…). */
    RATE_LIMITED,
    /** The sender opened more concurrent connections than the server allows. */
    TOO_MANY_CONNECTIONS,
    /** Greylisting: the server defers unknown senders on purpose; a later retry succeeds. */
    GREYLISTED,
    /** The service is not available now (421, maintenance, overload, shutdown). */
    SERVICE_UNAVAILABLE,
    /** The receiving system failed internally (X.3.x, local error, lookup failure). */
    SYSTEM_ERROR,
    /** The receiving system is out of storage (452, X.3.1). */
    SYSTEM_FULL,
    /** The network failed: connection refused or dropped, timeout, no route (X.4.x). */
    NETWORK_ERROR,
    /** The message content or format was refused (headers, encoding, 8-bit data, media). */
    CONTENT_ERROR,
    /** An SMTP command or its arguments were not understood or out of sequence (5.5.x). */
    SYNTAX_ERROR,
    /** Nothing more specific is known. */
    UNDEFINED
}
