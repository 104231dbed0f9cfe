package io.github.resilientmail.cli;

import io.github.resilientmail.reply.Catalogue;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The command line of the core jar: {@code java -jar resilient-mail-core.jar <command>}.
 *
 * <ul>
 *   <li>{@code explain [--lang en|fr] <reply…>}: explains one reply, given as the remaining
 *       arguments joined by spaces ({@code explain 550 5.1.1 User unknown}).
 *   <li>{@code classify}: reads one reply per line on standard input and prints one line per input
 *       line: {@code CATEGORY<TAB>TRANSIENT}, {@code CATEGORY<TAB>PERMANENT}, or {@code
 *       NONE<TAB>SUCCESS} for 2yz and 3yz replies.
 *   <li>{@code --help}: prints the usage.
 * </ul>
 *
 * <p>Input and output are UTF-8. The exit status is 0 on success, 1 when standard input cannot be
 * read or standard output cannot be written, and 2 for a wrong command line (the usage is then
 * printed on standard error). Only the JDK is needed on the class path.
 */
public final class Main {

    static final int OK = 0;
    static final int IO_ERROR = 1;
    static final int USAGE = 2;

    private static final int BUFFER_SIZE = 1 << 16;

    private Main() {}

    /**
     * Runs one command and exits the JVM with its status.
     *
     * @param args the command and its arguments; see the class description
     */
    public static void main(String[] args) {
        PrintStream out =
                new PrintStream(
                        new BufferedOutputStream(
                                new FileOutputStream(FileDescriptor.out), BUFFER_SIZE),
                        false,
                        StandardCharsets.UTF_8);
        PrintStream err =
                new PrintStream(
                        new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        int status = run(args, System.in, out, err);
        out.flush();
        err.flush();
        System.exit(status);
    }

    /**
     * Runs one command without touching the JVM's streams or exiting, for tests.
     *
     * @return the exit status
     */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.print(usage());
            return USAGE;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        switch (args[0]) {
            case "--help":
            case "-h":
            case "help":
                out.print(usage());
                out.flush();
                return checked(out, err);
            case "explain":
                return explain(rest, out, err);
            case "classify":
                if (!rest.isEmpty()) {
                    return usageError(err, "classify takes no arguments: " + rest.get(0));
                }
                return Classify.run(in, out, err);
            default:
                return usageError(err, "unknown command: " + args[0]);
        }
    }

    private static int explain(List<String> args, PrintStream out, PrintStream err) {
        Locale locale = Locale.ENGLISH;
        int i = 0;
        while (i < args.size() && args.get(i).startsWith("--")) {
            String option = args.get(i);
            if (option.equals("--")) {
                i++;
                break;
            }
            String value;
            if (option.equals("--lang")) {
                if (i + 1 >= args.size()) {
                    return usageError(err, "--lang needs a language: " + languages());
                }
                value = args.get(i + 1);
                i += 2;
            } else if (option.startsWith("--lang=")) {
                value = option.substring("--lang=".length());
                i++;
            } else {
                return usageError(err, "unknown option for explain: " + option);
            }
            Locale chosen = language(value);
            if (chosen == null) {
                err.println("unsupported language: " + value + " (supported: " + languages() + ")");
                return USAGE;
            }
            locale = chosen;
        }
        if (i >= args.size()) {
            return usageError(
                    err, "explain needs a reply, for example: explain 550 5.1.1 User unknown");
        }
        String reply = String.join(" ", args.subList(i, args.size()));
        new Explain(locale).print(reply, out);
        out.flush();
        return checked(out, err);
    }

    private static @Nullable Locale language(String tag) {
        for (Locale language : Catalogue.languages()) {
            if (language.getLanguage().equals(tag)) {
                return language;
            }
        }
        return null;
    }

    private static String languages() {
        StringBuilder names = new StringBuilder();
        for (Locale language : Catalogue.languages()) {
            if (names.length() > 0) {
                names.append(", ");
            }
            names.append(language.getLanguage());
        }
        return names.toString();
    }

    static int checked(PrintStream out, PrintStream err) {
        if (out.checkError()) {
            err.println("cannot write to standard output");
            return IO_ERROR;
        }
        return OK;
    }

    private static int usageError(PrintStream err, String message) {
        err.println(message);
        err.print(usage());
        return USAGE;
    }

    static String usage() {
        return Explain.messages(Locale.ENGLISH).getString("usage");
    }
}
