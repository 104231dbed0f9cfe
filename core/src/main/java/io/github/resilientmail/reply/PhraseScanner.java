package io.github.resilientmail.reply;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.function.Function;

/**
 * Finds which of many phrases occur in a text in one pass (an Aho-Corasick automaton compiled to a
 * dense table), so classification costs one table lookup per character whatever the number of
 * phrases.
 *
 * <p>Text and phrases are normalised the same way: ASCII letters lowercased, common accented Latin
 * letters folded to their base letter, every run of other characters (spaces, punctuation, line
 * breaks) turned into a single space, and the text padded with a space at each end. A phrase with a
 * leading or trailing space therefore matches only at a word boundary: {@code " bl "} matches the
 * word "BL" but not "bl" inside "blocked".
 *
 * @param <E> the label of a phrase: an enum of at most 64 constants, one bit each
 */
final class PhraseScanner<E extends Enum<E>> {

    private static final int SEPARATOR = 0;
    private static final int OTHER_LETTER = 37;
    private static final int ALPHABET = 38;
    private static final byte[] ASCII_CLASS = new byte[128];

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            ASCII_CLASS[c] = (byte) (c - 'a' + 1);
            ASCII_CLASS[Character.toUpperCase(c)] = (byte) (c - 'a' + 1);
        }
        for (char c = '0'; c <= '9'; c++) {
            ASCII_CLASS[c] = (byte) (c - '0' + 27);
        }
    }

    private final int[] transitions;
    private final long[] matches;

    private PhraseScanner(int[] transitions, long[] matches) {
        this.transitions = transitions;
        this.matches = matches;
    }

    /**
     * Compiles phrases.
     *
     * @param type the enum of labels; a match of a label sets the bit of its ordinal
     * @param phrasesOf the phrases of each label
     */
    static <E extends Enum<E>> PhraseScanner<E> compile(
            Class<E> type, Function<E, List<String>> phrasesOf) {
        E[] labels = type.getEnumConstants();
        if (labels.length > 64) {
            throw new IllegalArgumentException("at most 64 labels, got " + labels.length);
        }
        List<int[]> trie = new ArrayList<>();
        List<Long> output = new ArrayList<>();
        trie.add(newNode());
        output.add(0L);
        for (E label : labels) {
            for (String phrase : phrasesOf.apply(label)) {
                int[] symbols = normalisePhrase(phrase);
                if (symbols.length == 0) {
                    throw new IllegalArgumentException("empty phrase for " + label);
                }
                int state = 0;
                for (int symbol : symbols) {
                    int next = trie.get(state)[symbol];
                    if (next < 0) {
                        next = trie.size();
                        trie.add(newNode());
                        output.add(0L);
                        trie.get(state)[symbol] = next;
                    }
                    state = next;
                }
                output.set(state, output.get(state) | (1L << label.ordinal()));
            }
        }
        int states = trie.size();
        int[] table = new int[states * ALPHABET];
        long[] found = new long[states];
        int[] fail = new int[states];
        Queue<Integer> queue = new ArrayDeque<>();
        for (int symbol = 0; symbol < ALPHABET; symbol++) {
            int child = trie.get(0)[symbol];
            if (child > 0) {
                fail[child] = 0;
                table[symbol] = child;
                queue.add(child);
            } else {
                table[symbol] = 0;
            }
        }
        found[0] = output.get(0);
        // Breadth first, so a state's failure state is complete before the state itself.
        while (!queue.isEmpty()) {
            int state = queue.remove();
            found[state] = output.get(state) | found[fail[state]];
            for (int symbol = 0; symbol < ALPHABET; symbol++) {
                int child = trie.get(state)[symbol];
                if (child > 0) {
                    fail[child] = table[fail[state] * ALPHABET + symbol];
                    table[state * ALPHABET + symbol] = child;
                    queue.add(child);
                } else {
                    table[state * ALPHABET + symbol] = table[fail[state] * ALPHABET + symbol];
                }
            }
        }
        return new PhraseScanner<>(table, found);
    }

    private static int[] newNode() {
        int[] node = new int[ALPHABET];
        Arrays.fill(node, -1);
        return node;
    }

    private static int[] normalisePhrase(String phrase) {
        int[] symbols = new int[phrase.length()];
        int count = 0;
        boolean lastSeparator = false;
        for (int i = 0; i < phrase.length(); i++) {
            int symbol = classOf(phrase.charAt(i));
            if (symbol == SEPARATOR) {
                if (lastSeparator) {
                    continue;
                }
                lastSeparator = true;
            } else {
                lastSeparator = false;
            }
            symbols[count++] = symbol;
        }
        return Arrays.copyOf(symbols, count);
    }

    /**
     * Scans a text.
     *
     * @param text the text
     * @param limit how many characters to read at most
     * @return bit {@code i} set when a phrase of label {@code i} occurs
     */
    long scan(CharSequence text, int limit) {
        int end = Math.min(text.length(), limit);
        int state = transitions[SEPARATOR];
        long found = matches[state];
        boolean lastSeparator = true;
        for (int i = 0; i < end; i++) {
            int symbol = classOf(text.charAt(i));
            if (symbol == SEPARATOR) {
                if (lastSeparator) {
                    continue;
                }
                lastSeparator = true;
            } else {
                lastSeparator = false;
            }
            state = transitions[state * ALPHABET + symbol];
            found |= matches[state];
        }
        if (!lastSeparator) {
            found |= matches[transitions[state * ALPHABET + SEPARATOR]];
        }
        return found;
    }

    /** Whether the label is among the bits a scan returned. */
    static boolean has(long found, Enum<?> label) {
        return (found & (1L << label.ordinal())) != 0;
    }

    private static int classOf(char c) {
        if (c < 128) {
            return ASCII_CLASS[c];
        }
        switch (c) {
            case 'à':
            case 'á':
            case 'â':
            case 'ä':
            case 'À':
            case 'Â':
            case 'Ä':
                return 'a' - 'a' + 1;
            case 'ç':
            case 'Ç':
                return 'c' - 'a' + 1;
            case 'é':
            case 'è':
            case 'ê':
            case 'ë':
            case 'É':
            case 'È':
            case 'Ê':
            case 'Ë':
                return 'e' - 'a' + 1;
            case 'î':
            case 'ï':
            case 'Î':
            case 'Ï':
                return 'i' - 'a' + 1;
            case 'ô':
            case 'ö':
            case 'Ô':
            case 'Ö':
                return 'o' - 'a' + 1;
            case 'ù':
            case 'û':
            case 'ü':
            case 'Ù':
            case 'Û':
            case 'Ü':
                return 'u' - 'a' + 1;
            default:
                return Character.isLetterOrDigit(c) ? OTHER_LETTER : SEPARATOR;
        }
    }
}
