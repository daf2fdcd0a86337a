package io.vigil.sigma.rule;

import java.util.ArrayList;
import java.util.List;

/**
 * A wildcard pattern ({@code *} any run, {@code ?} one character) matched without regular
 * expressions: the literal runs between stars are found left to right with no backtracking,
 * which is exact for such patterns (the leftmost place of each run leaves the most room for the
 * rest) and linear in practice. A regex {@code .*a.*b.*} over a long log line, the first
 * version, took 80% of the engine's time.
 */
public final class Glob {
    /** Stands for {@code ?} inside a segment; never compared with the text. */
    static final char ANY = '\uFFFF';

    private final char[][] segments;
    /** The segments without {@code ?} as strings, for String.indexOf (vectorised); null where a segment has one. */
    private final String[] plain;
    /** The upper-case first character of each segment, for case-blind search. */
    private final char[] upperFirst;
    /**
     * Where in each segment a character without case is (punctuation: '=', '(', '%'), or -1:
     * a case-blind search looks for that one character, not for the first one in two cases
     * ("type=" was looked for at every 't' and 'T' of a log line).
     */
    private final int[] caseless;
    private final boolean anchoredStart;
    private final boolean anchoredEnd;
    private final int minLength;

    /**
     * @param segments the literal runs between stars, in order, with {@link #ANY} for {@code ?}
     * @param anchoredStart no star before the first run
     * @param anchoredEnd no star after the last run
     */
    Glob(List<String> segments, boolean anchoredStart, boolean anchoredEnd) {
        this.segments = new char[segments.size()][];
        int min = 0;
        for (int i = 0; i < segments.size(); i++) {
            this.segments[i] = segments.get(i).toCharArray();
            min += this.segments[i].length;
        }
        this.anchoredStart = anchoredStart;
        this.anchoredEnd = anchoredEnd;
        this.minLength = min;
        this.plain = new String[this.segments.length];
        this.upperFirst = new char[this.segments.length];
        this.caseless = new int[this.segments.length];
        for (int i = 0; i < this.segments.length; i++) {
            String seg = segments.get(i);
            plain[i] = seg.indexOf(ANY) < 0 ? seg : null;
            upperFirst[i] = seg.isEmpty() ? ANY : Character.toUpperCase(seg.charAt(0));
            caseless[i] = caselessAt(seg);
        }
    }

    /** A glob of plain text where {@code *} and {@code ?} are wildcards (no escapes): the mapping's "when" values. */
    public static Glob of(String pattern, boolean lowerCase) {
        String p = lowerCase ? pattern.toLowerCase(java.util.Locale.ROOT) : pattern;
        List<String> segs = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '*') {
                segs.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c == '?' ? ANY : c);
            }
        }
        segs.add(cur.toString());
        return fromStarSplit(segs);
    }

    /** From the runs between stars: empty first/last runs mean a leading/trailing star. */
    static Glob fromStarSplit(List<String> split) {
        boolean start = !split.get(0).isEmpty() || split.size() == 1;
        boolean end = !split.get(split.size() - 1).isEmpty() || split.size() == 1;
        List<String> segs = new ArrayList<>();
        for (String s : split) if (!s.isEmpty()) segs.add(s);
        if (split.size() == 1) return new Glob(segs, true, true);
        return new Glob(segs, start, end);
    }

    /**
     * Like {@link #matches} for a glob made lower-case, on text in any case, without lowering
     * the text first (the mapping tests long log lines this way).
     */
    public boolean matchesIgnoreCase(String s) {
        return match(s, true);
    }

    public boolean matches(String s) {
        return match(s, false);
    }

    /** The anchored ends first, then each run between stars, leftmost, left to right. */
    private boolean match(String s, boolean ignoreCase) {
        if (s == null) return false;
        int n = s.length();
        if (n < minLength) return false;
        if (segments.length == 0) return !anchoredStart || n == 0; // "*" or ""
        int pos = 0;
        int first = 0;
        int last = segments.length;
        if (anchoredStart) {
            if (!at(s, 0, segments[0], ignoreCase)) return false;
            pos = segments[0].length;
            first = 1;
            if (segments.length == 1 && anchoredEnd) return n == pos;
        }
        int endLimit = n;
        if (anchoredEnd) {
            char[] tail = segments[segments.length - 1];
            int at = n - tail.length;
            if (at < pos || !at(s, at, tail, ignoreCase)) return false;
            endLimit = at;
            last = segments.length - 1;
        }
        for (int i = first; i < last; i++) {
            int found = ignoreCase ? findIgnoreCase(s, segments[i], upperFirst[i], caseless[i], pos, endLimit) : find(s, i, pos, endLimit);
            if (found < 0) return false;
            pos = found + segments[i].length;
        }
        return true;
    }

    private static boolean at(String s, int offset, char[] seg, boolean ignoreCase) {
        return ignoreCase ? atIgnoreCase(s, offset, seg) : at(s, offset, seg);
    }

    /** The first character of the segment that no case mapping touches (ASCII punctuation, not space), or -1. */
    private static int caselessAt(String seg) {
        for (int i = 0; i < seg.length(); i++) {
            char c = seg.charAt(i);
            if (c < 0x80 && c > ' ' && !Character.isLetterOrDigit(c)) return i;
        }
        return -1;
    }

    /**
     * Leftmost case-blind place of {@code seg}: candidates from indexOf of its caseless
     * character, else of its first character in either case. Candidates come in order of
     * where they start, so the first that matches is the leftmost.
     */
    private static int findIgnoreCase(String s, char[] seg, char upper, int caseless, int from, int limit) {
        int max = limit - seg.length;
        if (caseless >= 0) {
            char c = seg[caseless];
            for (int k = s.indexOf(c, from + caseless); k >= 0 && k - caseless <= max; k = s.indexOf(c, k + 1)) {
                if (atIgnoreCase(s, k - caseless, seg)) return k - caseless;
            }
            return -1;
        }
        char lower = seg[0];
        if (lower == ANY) {
            for (int k = from; k <= max; k++) if (atIgnoreCase(s, k, seg)) return k;
            return -1;
        }
        int a = s.indexOf(lower, from);
        int b = upper == lower ? -1 : s.indexOf(upper, from);
        while (true) {
            int k = a < 0 ? b : b < 0 ? a : Math.min(a, b);
            if (k < 0 || k > max) return -1;
            if (atIgnoreCase(s, k, seg)) return k;
            if (k == a) a = s.indexOf(lower, k + 1);
            else b = s.indexOf(upper, k + 1);
        }
    }

    private static boolean atIgnoreCase(String s, int offset, char[] seg) {
        for (int i = 0; i < seg.length; i++) {
            char c = seg[i];
            if (c == ANY) continue;
            char t = s.charAt(offset + i);
            if (t != c && Character.toLowerCase(t) != c) return false;
        }
        return true;
    }

    private static boolean at(String s, int offset, char[] seg) {
        for (int i = 0; i < seg.length; i++) {
            char c = seg[i];
            if (c != ANY && s.charAt(offset + i) != c) return false;
        }
        return true;
    }

    /** The leftmost place of run {@code i} in {@code s} from {@code from}, ending by {@code limit}; -1 if none. */
    private int find(String s, int i0, int from, int limit) {
        char[] seg = segments[i0];
        int max = limit - seg.length;
        if (plain[i0] != null) {
            int found = s.indexOf(plain[i0], from);
            return found > max ? -1 : found;
        }
        if (seg.length > 0 && seg[0] != ANY) {
            char c0 = seg[0];
            for (int i = s.indexOf(c0, from); i >= 0 && i <= max; i = s.indexOf(c0, i + 1)) {
                if (at(s, i, seg)) return i;
            }
            return -1;
        }
        for (int i = from; i <= max; i++) if (at(s, i, seg)) return i;
        return -1;
    }
}
