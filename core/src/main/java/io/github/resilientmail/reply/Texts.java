package io.github.resilientmail.reply;

import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/** The catalogue's human texts, from the resource bundles {@code catalogue*.properties}. */
final class Texts {

    static final String BUNDLE = "io.github.resilientmail.reply.catalogue";

    // Without this control, a missing language falls back to the JVM's default locale, not English.
    private static final ResourceBundle.Control NO_DEFAULT_LOCALE_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private Texts() {}

    static String get(Locale locale, String key) {
        ResourceBundle bundle =
                ResourceBundle.getBundle(BUNDLE, locale, NO_DEFAULT_LOCALE_FALLBACK);
        try {
            return bundle.getString(key);
        } catch (MissingResourceException e) {
            return "";
        }
    }

    static boolean has(Locale locale, String key) {
        ResourceBundle bundle =
                ResourceBundle.getBundle(BUNDLE, locale, NO_DEFAULT_LOCALE_FALLBACK);
        return bundle.containsKey(key);
    }
}
