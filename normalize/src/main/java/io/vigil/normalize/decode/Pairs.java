package io.vigil.normalize.decode;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code key=value key=value with spaces} syntax of CEF extensions (and LEEF attributes
 * written without tabs): a key is a name ({@code [A-Za-z_][A-Za-z0-9_.-]*}) at the start or
 * after a blank, followed by an unescaped {@code =}; its value runs until the blank before the
 * next key, blanks around it removed. A backslash escapes the next character (so {@code \=}
 * never starts a value); how escapes are then decoded is the format's.
 */
final class Pairs {
    private Pairs() {}

    /** One key and its raw (still escaped) value. */
    record Pair(String key, String value) {}

    /** Result: the pairs in order, and any text before the first key (blank-stripped, null if none). */
    record Parsed(List<Pair> pairs, String leading) {}

    static Parsed parse(String s, int from, int to) {
        List<int[]> keys = new ArrayList<>(); // {keyStart, equalsAt}
        int i = from;
        while (i < to) {
            char c = s.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == '=') {
                int ks = i;
                while (ks > from && keyChar(s.charAt(ks - 1))) ks--;
                // a key starts the text or follows a blank that is not itself escaped
                if (ks < i && keyStart(s.charAt(ks))
                        && (ks == from || blank(s.charAt(ks - 1)) && !escaped(s, from, ks - 1))) {
                    keys.add(new int[] {ks, i});
                }
            }
            i++;
        }
        List<Pair> pairs = new ArrayList<>(keys.size());
        String leading = null;
        if (keys.isEmpty()) {
            String rest = s.substring(from, to).strip();
            return new Parsed(pairs, rest.isEmpty() ? null : rest);
        }
        String before = s.substring(from, keys.get(0)[0]).strip();
        if (!before.isEmpty()) leading = before;
        for (int k = 0; k < keys.size(); k++) {
            int[] key = keys.get(k);
            int end = k + 1 < keys.size() ? keys.get(k + 1)[0] : to;
            String value = strip(s, key[1] + 1, end);
            pairs.add(new Pair(s.substring(key[0], key[1]), value));
        }
        return new Parsed(pairs, leading);
    }

    /** The text between from and to without surrounding blanks, except a blank a trailing backslash escapes. */
    private static String strip(String s, int from, int to) {
        while (from < to && blank(s.charAt(from))) from++;
        while (to > from && blank(s.charAt(to - 1)) && !escaped(s, from, to - 1)) to--;
        return s.substring(from, to);
    }

    /** Whether the character at {@code at} is preceded by an odd number of backslashes (counting from {@code from}). */
    static boolean escaped(String s, int from, int at) {
        int n = 0;
        for (int j = at - 1; j >= from && s.charAt(j) == '\\'; j--) n++;
        return (n & 1) == 1;
    }

    static boolean keyChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-';
    }

    static boolean keyStart(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
    }

    static boolean blank(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    /** Whether {@code key=} (optionally blank-led) starts at {@code at}. */
    static boolean keyAt(String s, int at, int to) {
        int i = at;
        while (i < to && (s.charAt(i) == ' ')) i++;
        if (i >= to || !keyStart(s.charAt(i))) return false;
        while (i < to && keyChar(s.charAt(i))) i++;
        while (i < to && s.charAt(i) == ' ') i++;
        return i < to && s.charAt(i) == '=';
    }
}
