package io.github.resilientmail.examples.demo;

import io.github.resilientmail.reply.Catalogue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The demo's command line: the language of the explanations and, optionally, a real SMTP server to
 * send the batch to instead of the embedded one. Immutable; {@link #toString()} never shows the
 * password.
 */
final class DemoOptions {

    /** The environment variable read for the password when {@code --password} is not given. */
    static final String PASSWORD_VARIABLE = "RESILIENT_MAIL_PASSWORD";

    static final String USAGE =
            String.join(
                    System.lineSeparator(),
                    "Usage: demo [--lang en|fr] [--smtp host:port --to address[,address...]",
                    "            [--user name] [--password secret] [--ssl] [--from address]]",
                    "",
                    "  --lang      language of the explanations from the catalogue (default en)",
                    "  --smtp      send the batch to this SMTP server instead of the embedded one",
                    "              (STARTTLS when the server offers it; --ssl for implicit TLS)",
                    "  --to        the recipients of the batch, used in turn (required with --smtp)",
                    "  --user      log in with this user name",
                    "  --password  its password (default: the environment variable "
                            + PASSWORD_VARIABLE
                            + "); never printed",
                    "  --from      the sender (default: the user name when it is an address)");

    final Locale locale;
    final @Nullable String host;
    final int port;
    final @Nullable String user;
    final @Nullable String password;
    final boolean ssl;
    final String from;
    final List<String> to;
    final boolean help;

    private DemoOptions(
            Locale locale,
            @Nullable String host,
            int port,
            @Nullable String user,
            @Nullable String password,
            boolean ssl,
            String from,
            List<String> to,
            boolean help) {
        this.locale = locale;
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.ssl = ssl;
        this.from = from;
        this.to = List.copyOf(to);
        this.help = help;
    }

    /** The embedded servers, explanations in this language. */
    static DemoOptions local(Locale locale) {
        return new DemoOptions(locale, null, 0, null, null, false, Demo.SENDER, List.of(), false);
    }

    /** Whether the batch goes to the embedded servers, with their faults. */
    boolean isLocal() {
        return host == null;
    }

    /**
     * Parses the command line.
     *
     * @param args the arguments
     * @param environment where {@value #PASSWORD_VARIABLE} is looked up
     * @throws IllegalArgumentException with a message for the user when an argument is wrong
     */
    static DemoOptions parse(String[] args, Map<String, String> environment) {
        Locale locale = Locale.ENGLISH;
        String smtp = null;
        String user = null;
        String password = null;
        boolean ssl = false;
        String from = null;
        List<String> to = new ArrayList<>();
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--lang":
                    locale = language(value(args, ++i, arg));
                    break;
                case "--smtp":
                    smtp = value(args, ++i, arg);
                    break;
                case "--user":
                    user = value(args, ++i, arg);
                    break;
                case "--password":
                    password = value(args, ++i, arg);
                    break;
                case "--ssl":
                    ssl = true;
                    break;
                case "--from":
                    from = value(args, ++i, arg);
                    break;
                case "--to":
                    for (String address : value(args, ++i, arg).split(",")) {
                        if (!address.isBlank()) {
                            to.add(address.strip());
                        }
                    }
                    break;
                case "-h":
                case "--help":
                    help = true;
                    break;
                default:
                    throw new IllegalArgumentException("unknown argument: " + arg);
            }
        }
        if (help) {
            return new DemoOptions(locale, null, 0, null, null, false, Demo.SENDER, to, true);
        }
        if (smtp == null) {
            if (user != null || password != null || ssl || from != null || !to.isEmpty()) {
                throw new IllegalArgumentException(
                        "--user, --password, --ssl, --from and --to go with --smtp");
            }
            return local(locale);
        }
        int colon = smtp.lastIndexOf(':');
        if (colon <= 0 || colon == smtp.length() - 1) {
            throw new IllegalArgumentException("--smtp takes host:port, got " + smtp);
        }
        String host = smtp.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(smtp.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--smtp takes host:port, got " + smtp, e);
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("the port must be 1 to 65535, got " + port);
        }
        if (to.isEmpty()) {
            throw new IllegalArgumentException("--smtp needs --to: who should receive the batch?");
        }
        if (user == null && password != null) {
            throw new IllegalArgumentException("--password goes with --user");
        }
        if (user != null && password == null) {
            password = environment.get(PASSWORD_VARIABLE);
            if (password == null) {
                throw new IllegalArgumentException(
                        "--user needs --password or the environment variable " + PASSWORD_VARIABLE);
            }
        }
        if (from == null) {
            from = user != null && user.contains("@") ? user : Demo.SENDER;
        }
        return new DemoOptions(locale, host, port, user, password, ssl, from, to, false);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length || args[index].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static Locale language(String tag) {
        for (Locale language : Catalogue.languages()) {
            if (language.getLanguage().equals(tag)) {
                return language;
            }
        }
        throw new IllegalArgumentException(
                "--lang takes one of " + Catalogue.languages() + ", got " + tag);
    }

    /** The options, the password masked. */
    @Override
    public String toString() {
        return "DemoOptions[locale="
                + locale
                + (host == null ? ", embedded servers" : ", smtp=" + host + ":" + port)
                + (user == null ? "" : ", user=" + user + ", password=***")
                + (ssl ? ", ssl" : "")
                + ", from="
                + from
                + ", to="
                + to
                + "]";
    }
}
