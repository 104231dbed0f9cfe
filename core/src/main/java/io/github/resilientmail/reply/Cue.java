package io.github.resilientmail.reply;

import java.util.List;

/**
 * Phrases of reply texts that signal a cause, as real servers write them.
 *
 * <p>Phrases are matched after normalisation (see {@link PhraseScanner}): lowercase, accents
 * folded, punctuation turned into spaces, so {@code "doesn't"} is written {@code "doesn t"} and
 * {@code "RFC.5321"} is {@code "rfc 5321"}. A leading or trailing space anchors a phrase to a word
 * boundary. Where a phrase comes from one server or provider, the comment names it.
 */
enum Cue {
    GREYLIST(
            // Postgrey, Postfix policyd-weight, rspamd, Exim greylistd, SpamAssassin milters
            "greylist", "graylist", "grey list", "gray list", "grey listed", "gray listed"),

    // Asked to authenticate before anything else: Postfix "not logged in", MessageLabs "not
    // permitted to relay through this server without authentication"
    AUTH_FIRST(
            "without authentication",
            "turn on smtp authentication",
            "must issue an auth",
            "authentication first",
            "please authenticate",
            "not logged in"),

    // "Duplicate header 'DKIM-Signature'" is about the format, not about DKIM (Amazon SES)
    HEADER_FORMAT("duplicate header"),

    // URI blocklists judge the links in the content, not the sending IP
    URL_BLOCK("uribl", "surbl", "url in message", "blacklisted url", "blacklisted link"),

    PROTOCOL(
            // Postfix: "Error: nested MAIL command", "Error: need RCPT command",
            // "SMTP protocol synchronization"; Gmail: "SMTP protocol violation", "No DATA after
            // BDAT"
            "protocol violation",
            "protocol synchronization",
            "synchronization error",
            "pipelin",
            "out of sequence",
            "bad sequence",
            "nested mail command",
            "need rcpt",
            "need mail",
            "no data after bdat",
            "no valid recipients specified"),

    RELAY_DENIED(
            // Postfix "Relay access denied"; qmail "not in my list of allowed rcpthosts";
            // Mimecast "Insecure Mail Relay"; Gmail Workspace "Email relay denied"; Exchange
            // "Unable to relay"
            "relay access denied",
            "relaying denied",
            "relay denied",
            "relay not permitted",
            "relaying not permitted",
            "relaying not allowed",
            "relay not allowed",
            "not allowed to relay",
            "unable to relay",
            "cannot relay",
            "can not relay",
            "not permitted to relay",
            "we do not relay",
            "does not relay",
            "relay prohibited",
            "relaying prohibited",
            "relaying disallowed",
            "insecure mail relay",
            "rcpthosts",
            "no relaying",
            "unauthorized relay",
            "relay refused",
            "relais refuse",
            "credentials for relay",
            "not configured to relay",
            "cannot deliver mail for"),

    SENDER_AUTH(
            // Gmail 4.7.23-4.7.32 and 5.7.26/5.7.40; Yahoo 5.7.9; iCloud [HME1]; Mail.ru;
            // Orange "SPF check failed"
            " spf",
            " dkim",
            " dmarc",
            "domainkeys",
            "sender policy framework",
            "unauthenticated email",
            "sender is unauthenticated",
            "it is unauthenticated",
            "authenticate with either",
            " arc validation",
            "isn t aligned",
            "not aligned with",
            "authentication checks",
            "authentication information",
            "fails to pass authentication"),

    TLS(
            // Gmail 5.7.29 "wasn't sent over a TLS connection"; Postfix "Must issue a STARTTLS
            // command first", "Session encryption is required"; Exchange "STARTTLS is required"
            " tls",
            "starttls",
            " ssl",
            "encryption",
            "encrypted",
            "secure connection",
            "transport layer security",
            "requiretls"),

    // Gmail 454 4.7.0 "Cannot authenticate due to a temporary system problem"
    SYSTEM_AT_AUTH("temporary system problem", "temporary system error"),

    CREDENTIALS(
            // Postfix/Dovecot "authentication failed"; Exchange Online "5.7.3 Authentication
            // unsuccessful", "5.7.57 Client not authenticated", "SmtpClientAuthentication is
            // disabled"; Gmail "Username and Password not accepted"; GoDaddy IB401
            "authentication failed",
            "authentication failure",
            "auth failed",
            "authentication unsuccessful",
            "authentication required",
            "authentication is required",
            "must authenticate",
            "auth required",
            "authentication not allowed",
            "authentication mechanism",
            "authentication rejected",
            "authentication credentials",
            "invalid credentials",
            "username and password",
            "password",
            "unauthenticated sender",
            "not authenticated",
            "invalid login",
            "bad login",
            "login denied",
            "smtp auth",
            "smtpclientauthentication",
            "basic authentication",
            "log in first",
            "please login",
            "cannot authenticate",
            "authentification",
            "unable to authenticate",
            "not logged in"),

    ACCESS_DENIED("access denied"),

    BLOCKLIST(
            // DNSBL names seen in Postfix/Exim/Sendmail rejections; Microsoft "block list (S3150)",
            // "banned sending IP" (5.7.606), "traffic not accepted from this IP" (5.7.708);
            // Gmail "low reputation of the sending IP", "PTR record", "IP not in whitelist";
            // Yahoo [TSS04]/[TSS09]/[BL21]; GoDaddy IB103/IB108/IB110; Orange "Adresse IP source
            // bloquee"; Postfix "Client host rejected", "Helo command rejected"
            "blocklist",
            "blacklist",
            "block list",
            "black list",
            "blocked using",
            "listed in",
            "listed on",
            "listed at",
            "spamhaus",
            "spamcop",
            "barracuda",
            "sorbs",
            " cbl",
            "abuseat",
            "dnsbl",
            " rbl",
            "uceprotect",
            "invaluement",
            "reputation",
            "cloudmark",
            "senderscore",
            "reverse dns",
            "reverse hostname",
            "reverse lookup",
            " rdns",
            " ptr",
            "client host",
            "client ip",
            "helo command rejected",
            "host network",
            "network not allowed",
            "whitelist",
            "allowlist",
            "temporarily blocked",
            "ip address has been blocked",
            "ip has been blocked",
            "ip address is blocked",
            "ip is blocked",
            "ip blocked",
            "ip source bloquee",
            "not accepted from this ip",
            " bl ",
            " bl2",
            " tss0",
            " tss1",
            "dynamic ip",
            "dynamic address",
            "dialup",
            "dial up",
            "residential",
            "connections will not be accepted",
            "blocked for spam",
            "refused to talk",
            "directly to our servers",
            "smtp relay at your",
            "smtp server of your isp",
            "block for spam",
            "banned sending",
            "banned sender"),

    CONNECTIONS(
            // Postfix "too many connections"; Exchange "concurrent connections per resource
            // forest";
            // QQ "Connection frequency limited"; Exim "Too many concurrent SMTP connections"
            "too many connections",
            "too many concurrent",
            "concurrent connections",
            "concurrent smtp connections",
            "simultaneous connections",
            "too many simultaneous",
            "connection limit",
            "connections from your",
            "connection frequency",
            "too many sessions",
            "number of connections",
            "ports are busy",
            "too many open connections",
            "maximum connections",
            "trop de connexions",
            "connection rate"),

    RATE(
            // Gmail 4.2.1 "receiving email too quickly", 5.4.5 "Daily user sending limit", "relay
            // limit"; QQ "Ip frequency limited"; GoDaddy IB504/IB510; Exchange 5.7.705 "tenant
            // has exceeded threshold", 4.7.500 "Server busy"; Yahoo "unexpected volume"
            "rate limit",
            "ratelimit",
            "too many messages",
            "too many mails",
            "too many emails",
            "too many e mails",
            "sent too many",
            "sending limit",
            "sending rate",
            "sending quota",
            "submission quota",
            "daily quota",
            "message quota",
            "relay limit",
            "too quickly",
            "too fast",
            "frequency limited",
            "throttl",
            "messages per",
            "emails per",
            "mails per",
            "per session",
            "exceeded threshold",
            "receiving mail at a rate",
            "receiving email at a rate",
            "unexpected volume",
            "excessive volume",
            "daily limit",
            "hourly limit",
            "message limit",
            "quota for sending",
            "same message id",
            "too much mail from",
            "too many recipients from",
            "sent to too many",
            "how many messages",
            "message per",
            "relay quota"),

    DISK_FULL(
            // RFC 5321 452 "Insufficient system storage"; qmail "qq write error or disk full"
            "disk full",
            "system storage",
            "space shortage",
            "out of disk",
            "no space left",
            "disk space",
            "insufficient disk",
            "file system full",
            "system full"),

    MAILBOX_FULL(
            // Sendmail/Postfix "Mailbox full"; Gmail "out of storage space", "over quota";
            // Exchange "QuotaExceededException"; NTT docomo "Too much mail data"; Orange/SFR
            // "boite pleine"
            "mailbox full",
            "mailbox is full",
            "mail box full",
            "mailbox size",
            "mailbox quota",
            "over quota",
            "overquota",
            "over the quota",
            "quota exceeded",
            "exceeded quota",
            "exceeds quota",
            "quota exceed",
            "exceeded its quota",
            "exceeded storage",
            "exceeds storage",
            "out of storage",
            "storage space",
            "storage quota",
            "storage allocation",
            "inbox is full",
            "mailbox has exceeded",
            "mailbox exceeded",
            "too much mail data",
            "full mailbox",
            "folder is full",
            "user is over",
            "disk quota",
            "not enough space",
            "mailbox is over",
            "account is full",
            "boite pleine",
            "boite aux lettres pleine",
            "quota depasse"),

    RECIPIENTS(
            // Postfix "too many recipients"; Gmail 4.5.3 "try this recipient in a separate
            // transaction"
            "too many recipients",
            "too many rcpt",
            "recipients per",
            "recipient limit",
            "maximum recipients",
            "maximum number of recipients",
            "number of recipients",
            "separate transaction",
            "trop de destinataires",
            "per transaction"),

    SENDER_REJECT(
            // Postfix "Sender address rejected"; qmail "badmailfrom"; Mimecast "Envelope blocked";
            // Exim "sender verify failed"; Exchange "send as this sender"
            "sender address rejected",
            "sender rejected",
            "sender blocked",
            "sender address blocked",
            "sender address is blocked",
            "sender denied",
            "sender verify",
            "sender verification",
            "envelope blocked",
            "envelope sender",
            "badmailfrom",
            "mail from rejected",
            "sender not allowed",
            "sender is not allowed",
            "as this sender",
            "rejected sender",
            "emetteur invalide",
            "expediteur",
            "sender account",
            "mail sending denied",
            "must be same as",
            "purported responsible",
            "address is not verified",
            "unroutable sender",
            "unrouteable sender"),

    ADDRESS_SYNTAX(
            // Postfix "Bad sender address syntax", "recipient address must contain a domain"
            "address syntax",
            "must contain a domain",
            "malformed address",
            "illegal address",
            "invalid address format",
            "address format",
            "fully qualified address",
            "not a valid address",
            "badly formatted",
            "malformed recipient",
            "malformed sender",
            "domain missing",
            "missing domain",
            "characters in address",
            "domain name required"),

    SENDER_CONTEXT(
            "sender address",
            "sender domain",
            "domain of sender",
            "from domain",
            "mailfrom",
            "mail from domain",
            "return path",
            "envelope from",
            "from address"),

    DISABLED(
            // Gmail 5.2.1 "inactive"/"disabled"; iCloud "inactive email address"; Yahoo "is no
            // longer valid", "This mailbox is disabled (554.30)"; Postfix "Disabled recipient"
            "disabled",
            "inactive",
            "suspended",
            "deactivated",
            "no longer valid",
            "no longer active",
            "no longer in use",
            "account is locked",
            "account locked",
            "account has been locked",
            "account expired",
            "expired account",
            "not active",
            "account closed",
            "closed account",
            "terminated",
            "frozen",
            "desactive",
            "compte inactif",
            "archived",
            "archivee",
            "account is blocked",
            "compte du destinataire est bloque",
            " locked"),

    MOVED(
            // RFC 5321 551 "User not local; please try"; Sendmail 5.1.6 "no longer on server"
            "no longer on server",
            "has moved",
            "moved to",
            "forwarding address",
            "not local",
            "address changed",
            "changed address"),

    USER_UNKNOWN(
            // Postfix "User unknown in local recipient table"; Sendmail "User unknown"; qmail
            // "no mailbox here by that name"; Exchange "RecipientNotFound"; Yahoo "doesn't have a
            // yahoo.com account"; Domino "not listed in Domino Directory"; French providers
            // "utilisateur inconnu", "destinataire inconnu"
            "user unknown",
            "unknown user",
            "no such user",
            "no such mailbox",
            "no such recipient",
            "no such account",
            "no such person",
            "no such address",
            "no mailbox here",
            "mailbox not found",
            "mailbox does not exist",
            "user not found",
            "recipient not found",
            "recipientnotfound",
            "address not found",
            "addressee unknown",
            "invalid recipient",
            "recipient invalid",
            "unknown recipient",
            "recipient unknown",
            "unknown address",
            "address unknown",
            "unknown mailbox",
            "mailbox unknown",
            "user does not exist",
            "user not exist",
            "user doesn t exist",
            "user doesn t have",
            "does not have an account",
            "account does not exist",
            "account that you tried to reach does not exist",
            "address does not exist",
            "recipient does not exist",
            "not a valid mailbox",
            "invalid mailbox",
            "unrouteable address",
            "unroutable address",
            "unknown local part",
            "unknown or illegal alias",
            "user is unknown",
            "not a known user",
            "invalid user",
            "unknown email address",
            "not listed in",
            "bad destination mailbox",
            "utilisateur inconnu",
            "adresse inconnue",
            "destinataire inconnu",
            "not a registered",
            "not a valid user",
            "validrcptto"),

    DOMAIN_UNKNOWN(
            // Sendmail "Host unknown"; Postfix "Domain not found"; RFC 7504 556 "Domain does not
            // accept mail"; RFC 7505 null MX
            "host unknown",
            "unknown host",
            "domain not found",
            "no such domain",
            "domain does not exist",
            "domain doesn t exist",
            "domain not exist",
            "unknown domain",
            "domain unknown",
            "invalid domain",
            "domain is invalid",
            "does not accept mail",
            "null mx",
            "no mx",
            "host not found",
            "name server",
            "unresolvable",
            "unrouteable domain",
            "unroutable domain",
            "domain name not found",
            "nxdomain",
            "domaine inconnu",
            "domain is not reachable"),

    SPAM(
            // Amavis "UBE"; SpamAssassin "scored as spam"; Exchange 5.7.350 "detected as spam";
            // Zoho "flagged as Spam"; generic filters
            "spam or virus",
            "scored as spam",
            "detected as spam",
            "flagged as spam",
            "identified as spam",
            "considered spam",
            "considered as spam",
            "classified as spam",
            "looks like spam",
            "likely spam",
            "suspected spam",
            "probable spam",
            "rejected as spam",
            "spam message",
            "spam content",
            "message is spam",
            "spam detected",
            "spam score",
            "spamassassin",
            "high spam",
            "spam filter",
            "junk mail",
            " ube",
            " uce",
            "phishing",
            "quarantined"),

    VIRUS("virus", "malware", "infected", "trojan", "malicious"),

    CONTENT(
            // Gmail 5.7.1 "not RFC 5322 compliant", "multiple From: headers"; Sendmail "Headers
            // too large", "improper use of 8-bit data"; Exim "Line limit exceeded"
            "rfc 5322",
            "rfc5322",
            "rfc 2822",
            "rfc 822",
            "malformed",
            "not compliant",
            "non compliant",
            "multiple from",
            "multiple addresses in from",
            "multiple subject",
            "duplicate header",
            "header error",
            "headers too large",
            "too many headers",
            "invalid header",
            "missing header",
            "8 bit",
            "8bit",
            "line limit",
            "line too long",
            "line length",
            "bare lf",
            "bare cr",
            "bare linefeed",
            "improper use",
            "invalid character",
            "non ascii",
            "corrupt",
            "unicode character",
            "disallowed header",
            "header syntax",
            "blank from",
            "empty from",
            "smtplf",
            "line feed"),

    POLICY(
            // Postfix "Administrative prohibition"; Mimecast "Anti-Spoofing policy"; Yahoo
            // "not accepted for policy reasons"; iCloud [CS01] "local policy"; Exchange 5.7.520
            // "does not allow external forwarding"
            " policy",
            "administrative prohibition",
            "administratively denied",
            "anti spoofing",
            "spoof",
            "message filtered",
            "violates our",
            "prohibited attachment",
            "attachment",
            "file type",
            "external forwarding",
            "politique",
            "recipient preferences",
            " banned"),

    SYSTEM(
            // RFC 5321 451 "local error in processing"; Postfix "Temporary lookup failure",
            // "Server configuration error"; Sendmail "Internal System Error", "unknown mailer
            // error"; Gmail "exceeded 50 hops"
            "internal error",
            "internal server error",
            "internal system error",
            "server error",
            "system error",
            "local error",
            "local problem",
            "error in processing",
            "lookup failure",
            "configuration error",
            "mailer error",
            "database error",
            "could not load",
            "local data error",
            "i o error",
            "write error",
            "unexpected error",
            "loop",
            " hops"),

    NETWORK(
            // Postfix "SMTP command timeout"; qmail "timeout"; Exchange 4.4.318 "Connection was
            // closed abruptly"
            "timeout",
            "timed out",
            "time out",
            "connection reset",
            "connection was closed",
            "closed abruptly",
            "connection dropped",
            "connection lost",
            "lost connection",
            "connection closed",
            "broken pipe",
            "no route to host",
            "network is unreachable",
            "host unreachable",
            "network error",
            "could not connect",
            "unable to connect",
            "connection expired",
            "try reconnecting",
            "message expired",
            "dns query failed",
            "unable to contact"),

    SERVICE(
            // RFC 5321 421/554 "Service not available", "No SMTP service here"; Postfix "Error:
            // too many errors"; Exim "Too much load"; Yahoo "Resources temporarily unavailable";
            // La Poste "Service refuse"
            "service unavailable",
            "service not available",
            "service is not available",
            "temporarily unavailable",
            "currently unavailable",
            "too much load",
            "load too high",
            "system load",
            "overload",
            "maintenance",
            "shutting down",
            "too many errors",
            "service refuse",
            "no smtp service",
            "busy",
            "not accepting"),

    SIZE(
            // Gmail 5.3.4 "size of your message"; Postfix "exceeds fixed maximum message size";
            // Sendmail "Message size exceeds maximum value", "Message length exceeds limit"
            "message size",
            "too large",
            "too big",
            "size limit",
            "exceeds size",
            "exceeds the size",
            "size exceeds",
            "exceeded size",
            "maximum size",
            "message length",
            "mail size",
            "size of your message",
            "file too large",
            "taille"),

    SYNTAX(
            // RFC 5321 500-504, 555 texts; Postfix "Syntax:"
            "syntax",
            "command unrecognized",
            "command not recognized",
            "unrecognized command",
            "unknown command",
            "invalid command",
            "not implemented",
            "unimplemented",
            "not recognized",
            "parameters not recognized"),

    // Weak cues: they decide only when no strong cue and no specific enhanced code did.
    BLOCKED_WEAK("blocked ip", "ip address", "your ip", "sending ip", "this ip", " ip "),
    REJECTION(
            "blocked",
            "rejected",
            "refused",
            "denied",
            "not accepted",
            "not allowed",
            "weren t sent",
            "were not sent"),
    SPAM_WEAK("spam", "unsolicited", "content rejected", "junk", "bulk mail"),
    POLICY_WEAK(
            "access denied",
            "not allowed",
            "not permitted",
            "prohibited",
            "forbidden",
            "not authorized",
            "unauthorized",
            "refused",
            "denied"),
    USER_UNKNOWN_WEAK(
            "mailbox unavailable",
            "mailbox not available",
            "address rejected",
            "recipient rejected",
            "does not exist",
            "not exist",
            "n existe pas",
            "invalid address",
            "could not be found"),
    CONTENT_WEAK("header", "mime", "encoding", "charset"),
    SERVICE_WEAK("closing connection", "closing transmission channel", "unavailable"),

    // Cues for transience and retry hints, not for the category.
    TEMPORARY("temporar", " later", "plus tard", "ulterieurement"),
    TIME_WINDOW(
            "daily",
            "per day",
            "a day",
            "24 hour",
            "hourly",
            "per hour",
            "this hour",
            "an hour",
            "per minute",
            "per session",
            "new session",
            "today",
            "tomorrow");

    private final List<String> phrases;

    Cue(String... phrases) {
        this.phrases = List.of(phrases);
    }

    List<String> phrases() {
        return phrases;
    }
}
