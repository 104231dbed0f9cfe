package io.github.resilientmail.cli;

import io.github.resilientmail.reply.Catalogue;
import io.github.resilientmail.reply.CatalogueEntry;
import io.github.resilientmail.reply.Category;
import io.github.resilientmail.reply.Classification;
import io.github.resilientmail.reply.EnhancedStatusCode;
import io.github.resilientmail.reply.ReplyClassifier;
import io.github.resilientmail.reply.Scope;
import io.github.resilientmail.reply.SmtpReply;
import io.github.resilientmail.reply.Transience;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * The {@code explain} command: what one reply means, for a person at a terminal, with labels and
 * texts in one of the catalogue's languages.
 */
final class Explain {

    static final String BUNDLE = "io.github.resilientmail.cli.messages";

    // Without this control, a missing language falls back to the JVM's default locale, so a French
    // default locale would turn English output French.
    private static final ResourceBundle.Control NO_DEFAULT_LOCALE_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private static final String[] LABELS = {
        "label.reply",
        "label.outcome",
        "label.category",
        "label.transience",
        "label.scope",
        "label.retryAfter",
        "label.reason",
        "label.code",
        "label.source",
        "label.standard",
        "label.meaning",
        "label.advice"
    };

    private final Locale locale;
    private final ResourceBundle messages;
    private final int labelWidth;

    Explain(Locale locale) {
        this.locale = locale;
        this.messages = messages(locale);
        int width = 0;
        for (String key : LABELS) {
            width = Math.max(width, label(key).length());
        }
        this.labelWidth = width + 1;
    }

    static ResourceBundle messages(Locale locale) {
        return ResourceBundle.getBundle(BUNDLE, locale, NO_DEFAULT_LOCALE_FALLBACK);
    }

    void print(String raw, PrintStream out) {
        SmtpReply reply = SmtpReply.parse(raw);
        Classification classification = ReplyClassifier.standard().classify(reply);
        line(out, "label.reply", reply.toString());
        line(out, "label.outcome", text("outcome." + classification.outcome().name()));
        Category category = classification.category();
        if (category != null) {
            line(
                    out,
                    "label.category",
                    described(category.name(), Catalogue.describe(category, locale)));
        }
        Transience transience = classification.transience();
        if (transience != null) {
            line(
                    out,
                    "label.transience",
                    described(transience.name(), Catalogue.describe(transience, locale)));
        }
        Scope scope = classification.scope();
        if (scope != null) {
            line(out, "label.scope", described(scope.name(), text("scope." + scope.name())));
        }
        Duration retryAfter = classification.retryAfter();
        if (retryAfter != null) {
            line(out, "label.retryAfter", duration(retryAfter));
        }
        line(out, "label.reason", classification.reason());

        List<String> missing = new ArrayList<>(2);
        if (reply.hasCode()) {
            missing.add(Integer.toString(reply.code()));
        }
        EnhancedStatusCode enhanced = reply.enhancedCode();
        if (enhanced != null) {
            missing.add(enhanced.key());
        }
        for (CatalogueEntry entry : classification.entries()) {
            missing.remove(entry.code());
            out.println();
            String code =
                    entry.isEnhanced() && enhanced != null && enhanced.key().equals(entry.code())
                            ? enhanced + " (" + entry.code() + ")"
                            : entry.code();
            line(out, "label.code", code);
            line(out, "label.source", entry.source());
            line(out, "label.standard", text(entry.standard() ? "yes" : "no"));
            line(out, "label.meaning", entry.meaning(locale));
            line(out, "label.advice", entry.advice(locale));
        }
        for (String code : missing) {
            out.println();
            String shown =
                    enhanced != null && enhanced.key().equals(code) ? enhanced.toString() : code;
            line(out, "label.code", shown + " - " + text("notInCatalogue"));
        }
        if (!reply.hasCode() && enhanced == null) {
            out.println();
            line(out, "label.code", text("noCode"));
        }
    }

    private void line(PrintStream out, String labelKey, String value) {
        String label = label(labelKey);
        StringBuilder line = new StringBuilder(labelWidth + value.length());
        line.append(label);
        while (line.length() < labelWidth) {
            line.append(' ');
        }
        out.println(line.append(value));
    }

    private String label(String key) {
        return text(key) + text("label.suffix");
    }

    private String text(String key) {
        return messages.getString(key);
    }

    private static String described(String name, String description) {
        return description.isEmpty() ? name : name + " - " + description;
    }

    private static String duration(Duration duration) {
        return duration.toMillis() % 1000 == 0
                ? duration.toSeconds() + " s"
                : duration.toMillis() + " ms";
    }
}
