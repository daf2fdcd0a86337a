package io.vigil.sigma.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A Sigma string value: literal text and the wildcards {@code *} (any run) and {@code ?} (one
 * character). As the specification's escape rules say, a backslash escapes a following
 * wildcard or backslash, and stands for itself before anything else ({@code C:\Windows}).
 */
public final class SigmaString {
    /** How the value can be tested without a regular expression. */
    public enum Shape { EXACT, PREFIX, SUFFIX, CONTAINS, PATTERN }

    private static final Object STAR = new Object();
    private static final Object ONE = new Object();

    /** Literal strings and the STAR/ONE markers, adjacent literals merged. */
    private final List<Object> parts;
    /** Base64 output: its letters' case is meaning, not spelling, so it is always compared as written. */
    private final boolean encoded;

    private SigmaString(List<Object> parts) {
        this(parts, false);
    }

    private SigmaString(List<Object> parts, boolean encoded) {
        this.parts = parts;
        this.encoded = encoded;
    }

    public boolean encoded() {
        return encoded;
    }

    /** Parses wildcards and escapes. */
    public static SigmaString parse(String s) {
        List<Object> parts = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() && (s.charAt(i + 1) == '*' || s.charAt(i + 1) == '?' || s.charAt(i + 1) == '\\')) {
                lit.append(s.charAt(++i));
            } else if (c == '*' || c == '?') {
                if (!lit.isEmpty()) {
                    parts.add(lit.toString());
                    lit.setLength(0);
                }
                if (c == '*' && !parts.isEmpty() && parts.get(parts.size() - 1) == STAR) continue;
                parts.add(c == '*' ? STAR : ONE);
            } else {
                lit.append(c);
            }
        }
        if (!lit.isEmpty() || parts.isEmpty()) parts.add(lit.toString());
        return new SigmaString(parts);
    }

    /** Base64 text: a literal with no wildcards (it must not be read as a pattern), compared case-sensitively. */
    public static SigmaString encodedLiteral(String s) {
        List<Object> p = new ArrayList<>();
        p.add(s);
        return new SigmaString(p, true);
    }

    /** This value with a {@code *} before it (endswith, contains). */
    public SigmaString starBefore() {
        if (!parts.isEmpty() && parts.get(0) == STAR) return this;
        List<Object> p = new ArrayList<>(parts.size() + 1);
        p.add(STAR);
        p.addAll(parts);
        return new SigmaString(p, encoded);
    }

    /** This value with a {@code *} after it (startswith, contains). */
    public SigmaString starAfter() {
        if (!parts.isEmpty() && parts.get(parts.size() - 1) == STAR) return this;
        List<Object> p = new ArrayList<>(parts);
        p.add(STAR);
        return new SigmaString(p, encoded);
    }

    public Shape shape() {
        int literals = 0;
        for (Object o : parts) {
            if (o == ONE) return Shape.PATTERN;
            if (o instanceof String) literals++;
        }
        if (literals > 1) return Shape.PATTERN;
        boolean lead = parts.get(0) == STAR;
        boolean trail = parts.get(parts.size() - 1) == STAR;
        if (literals == 0) return Shape.PATTERN; // "*" alone
        if (lead && trail) return Shape.CONTAINS;
        if (lead) return Shape.SUFFIX;
        if (trail) return Shape.PREFIX;
        return Shape.EXACT;
    }

    /** The one literal of a value whose shape is not PATTERN; null otherwise. */
    public String singleLiteral() {
        if (shape() == Shape.PATTERN) return null;
        for (Object o : parts) if (o instanceof String s) return s;
        return null;
    }

    /** The whole value as a {@link Glob} (lower-cased unless {@code cased}, to run on lowered text). */
    public Glob toGlob(boolean cased) {
        List<String> split = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (Object o : parts) {
            if (o == STAR) {
                split.add(cur.toString());
                cur.setLength(0);
            } else if (o == ONE) {
                cur.append(Glob.ANY);
            } else {
                cur.append(cased ? (String) o : ((String) o).toLowerCase(java.util.Locale.ROOT));
            }
        }
        split.add(cur.toString());
        return Glob.fromStarSplit(split);
    }

    /** The whole value as a regular expression for {@link java.util.regex.Matcher#matches()}. */
    public Pattern toPattern(boolean cased) {
        StringBuilder re = new StringBuilder();
        for (Object o : parts) {
            if (o == STAR) re.append(".*");
            else if (o == ONE) re.append('.');
            else re.append(Pattern.quote((String) o));
        }
        int flags = Pattern.DOTALL | (cased ? 0 : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        return Pattern.compile(re.toString(), flags);
    }

    /** The literal text with wildcards dropped (for hunting: a term to look up). */
    public List<String> literals() {
        List<String> out = new ArrayList<>();
        for (Object o : parts) if (o instanceof String s && !s.isEmpty()) out.add(s);
        return out;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (Object o : parts) b.append(o == STAR ? "*" : o == ONE ? "?" : o);
        return b.toString();
    }
}
