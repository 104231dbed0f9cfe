package io.github.resilientmail.reply;

import org.jspecify.annotations.Nullable;

/** Reads replies as servers send them; bounded work and memory whatever the input. */
final class ReplyParser {

    private ReplyParser() {}

    static SmtpReply parse(String raw, @Nullable SmtpCommand command) {
        SmtpReply singleLine = parseSingleLine(raw, command);
        return singleLine != null ? singleLine : parseLines(raw, command);
    }

    /**
     * The common case without copying characters one by one: one line, no control characters (but a
     * final line break), short enough to keep whole.
     */
    private static @Nullable SmtpReply parseSingleLine(String raw, @Nullable SmtpCommand command) {
        int end = raw.length();
        while (end > 0 && (raw.charAt(end - 1) == '\n' || raw.charAt(end - 1) == '\r')) {
            end--;
        }
        if (end > SmtpReply.MAX_TEXT_LENGTH) {
            return null;
        }
        for (int i = 0; i < end; i++) {
            if (Character.isISOControl(raw.charAt(i))) {
                return null;
            }
        }
        int code = codeAt(raw, 0, end);
        int restStart = 0;
        EnhancedStatusCode enhanced = null;
        if (code != 0) {
            restStart = skipSpaces(raw, Math.min(4, end), end);
            int tokenStart =
                    restStart < end && raw.charAt(restStart) == '#' ? restStart + 1 : restStart;
            int tokenEnd = tokenStart;
            while (tokenEnd < end && raw.charAt(tokenEnd) != ' ') {
                tokenEnd++;
            }
            enhanced = EnhancedStatusCode.parseAt(raw, tokenStart, tokenEnd);
            if (enhanced != null) {
                restStart = skipSpaces(raw, tokenEnd, end);
            }
        }
        String text = raw.substring(restStart, end).strip();
        if (enhanced == null) {
            enhanced = findEmbedded(text);
        }
        return new SmtpReply(code, enhanced, text, command);
    }

    private static SmtpReply parseLines(String raw, @Nullable SmtpCommand command) {
        int code = 0;
        EnhancedStatusCode enhanced = null;
        StringBuilder text = new StringBuilder(Math.min(raw.length(), SmtpReply.MAX_TEXT_LENGTH));
        int length = raw.length();
        int lineStart = 0;
        while (lineStart < length && text.length() < SmtpReply.MAX_TEXT_LENGTH) {
            int lineEnd = lineStart;
            while (lineEnd < length && raw.charAt(lineEnd) != '\n' && raw.charAt(lineEnd) != '\r') {
                lineEnd++;
            }
            int restStart = lineStart;
            int lineCode = codeAt(raw, lineStart, lineEnd);
            if (lineCode != 0 && (code == 0 || lineCode == code)) {
                code = lineCode;
                restStart = skipSpaces(raw, Math.min(lineStart + 4, lineEnd), lineEnd);
                // 550-5.1.1 and 550 #5.1.1: an enhanced code leads the text of each line.
                int tokenStart =
                        restStart < lineEnd && raw.charAt(restStart) == '#'
                                ? restStart + 1
                                : restStart;
                int tokenEnd = tokenStart;
                while (tokenEnd < lineEnd
                        && raw.charAt(tokenEnd) != ' '
                        && raw.charAt(tokenEnd) != '\t') {
                    tokenEnd++;
                }
                EnhancedStatusCode leading = EnhancedStatusCode.parseAt(raw, tokenStart, tokenEnd);
                if (leading != null && (enhanced == null || enhanced.equals(leading))) {
                    enhanced = leading;
                    restStart = skipSpaces(raw, tokenEnd, lineEnd);
                }
            }
            appendClean(text, raw, restStart, lineEnd);
            lineStart = lineEnd + 1;
        }
        if (text.length() > SmtpReply.MAX_TEXT_LENGTH) {
            text.setLength(SmtpReply.MAX_TEXT_LENGTH);
        }
        String cleaned = text.toString().strip();
        if (enhanced == null) {
            enhanced = findEmbedded(cleaned);
        }
        return new SmtpReply(code, enhanced, cleaned, command);
    }

    /** The basic code at the start of a line: three digits then a space, a dash or the end. */
    private static int codeAt(String raw, int start, int end) {
        if (end - start < 3) {
            return 0;
        }
        char a = raw.charAt(start);
        char b = raw.charAt(start + 1);
        char c = raw.charAt(start + 2);
        if (a < '1' || a > '5' || b < '0' || b > '9' || c < '0' || c > '9') {
            return 0;
        }
        if (end - start > 3) {
            char sep = raw.charAt(start + 3);
            if (sep != ' ' && sep != '-' && sep != '\t') {
                return 0;
            }
        }
        return (a - '0') * 100 + (b - '0') * 10 + (c - '0');
    }

    private static int skipSpaces(String raw, int from, int end) {
        int i = from;
        while (i < end && (raw.charAt(i) == ' ' || raw.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    /** Appends one line, joined by a space, with control characters turned into spaces. */
    private static void appendClean(StringBuilder text, String raw, int from, int to) {
        if (from >= to) {
            return;
        }
        if (text.length() > 0) {
            text.append(' ');
        }
        int limit = Math.min(to, from + SmtpReply.MAX_TEXT_LENGTH - text.length() + 1);
        for (int i = from; i < limit; i++) {
            char c = raw.charAt(i);
            text.append(Character.isISOControl(c) ? ' ' : c);
        }
    }

    /**
     * Codes some servers put inside the text: qmail's {@code (#5.1.1)}, Yahoo's {@code [#4.16.1]},
     * a bare {@code #5.1.0}, or {@code (5.7.1)} in parentheses.
     */
    private static @Nullable EnhancedStatusCode findEmbedded(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '#' && c != '(' && c != '[') {
                continue;
            }
            int start = i + 1;
            if (c != '#' && start < text.length() && text.charAt(start) == '#') {
                start++;
            }
            int end = start;
            while (end < text.length() && end - start < 10 && isCodeChar(text.charAt(end))) {
                end++;
            }
            EnhancedStatusCode found = EnhancedStatusCode.parseAt(text, start, end);
            if (found != null && (c == '#' || start > i + 1 || closes(text, end, c))) {
                return found;
            }
        }
        return null;
    }

    private static boolean isCodeChar(char c) {
        return (c >= '0' && c <= '9') || c == '.';
    }

    private static boolean closes(String text, int at, char open) {
        if (at >= text.length()) {
            return false;
        }
        char close = text.charAt(at);
        return open == '(' ? close == ')' : close == ']';
    }
}
