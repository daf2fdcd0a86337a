package io.vigil.normalize.ossim;

import io.vigil.normalize.ossim.PyRegex.Alt;
import io.vigil.normalize.ossim.PyRegex.At;
import io.vigil.normalize.ossim.PyRegex.CharClass;
import io.vigil.normalize.ossim.PyRegex.ClassItem;
import io.vigil.normalize.ossim.PyRegex.Group;
import io.vigil.normalize.ossim.PyRegex.Lit;
import io.vigil.normalize.ossim.PyRegex.Look;
import io.vigil.normalize.ossim.PyRegex.Node;
import io.vigil.normalize.ossim.PyRegex.Repeat;
import io.vigil.normalize.ossim.PyRegex.Seq;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A line in outline: every digit written {@code 0}, every letter {@code a}, every white space
 * a space, anything else as itself, and each run of one symbol as one. {@code Dec  4 05:30:01
 * 10.1.2.3 dovecot: Login} is {@code a 0 0:0:0 0.0.0.0 a: a}.
 *
 * <p>Why: most of the regexp time of normalization went into rules failing on lines they were
 * not written for, and those failures pass every literal test. BlueCoat's and Dovecot's rules
 * need the syslog host to be an address ({@code \d\d:\d\d:\d\d\s+\d{1,3}\.\d{1,3}...}): on a
 * line whose host is a name they contain all their literals and fail only deep in the
 * regexp, 1-3 µs a line (docs/benchmarks.md). In outline such a rule requires
 * {@code " 0:0:0 0.0.0.0 "}, which one {@code indexOf} in the line's outline rules out.
 *
 * <p>{@link #required} works out, from the pattern, outlines that the outline of every match
 * contains, the way {@link PythonRegexTranslator.RequiredLiterals} does for literals. It holds
 * because the outline of a piece of text is a substring of the outline of any text containing
 * it (runs only merge at the edges, into the same symbol); a character class counts only when
 * all its members have one symbol ({@code \d}, {@code \s}, {@code [a-z]}: {@code \d{1,3}} is
 * exactly {@code 0} however many digits it takes), so {@code \S}, {@code \w}, {@code .} and
 * negated classes end a run.
 */
final class LineShape {
    /** Outlines shorter than this, or of letters and spaces only, are in nearly every line: not kept. */
    static final int MIN_LENGTH = 3;
    /** A repeat's outline is written out to this length; beyond it, what is written begins and ends every match's. */
    private static final int MAX_LENGTH = 256;
    /** A code point beyond the BMP that is neither a letter nor a digit (no pattern outline uses it). */
    private static final char OTHER_SUPPLEMENTARY = '\uFFFF';
    private static final char[] SYMBOL = symbols();
    private static final Map<String, Character> CLASS_SYMBOL = new ConcurrentHashMap<>();

    private LineShape() {}

    /** The outline of {@code text}. */
    static String of(CharSequence text) {
        int n = text.length();
        StringBuilder b = new StringBuilder(n);
        char last = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            char s;
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                // classes match code points: a letter beyond the BMP is one letter
                int cp = Character.toCodePoint(c, text.charAt(++i));
                s = Character.isDigit(cp) ? '0' : Character.isLetter(cp) ? 'a' : OTHER_SUPPLEMENTARY;
            } else {
                s = SYMBOL[c];
            }
            if (s != last || b.isEmpty()) b.append(s);
            last = s;
        }
        return b.toString();
    }

    private static char[] symbols() {
        BitSet space = ClassMembers.of("[" + PythonRegexTranslator.SPACE + "]", TranslatedRegex.JAVA_FLAGS);
        char[] t = new char[0x10000];
        for (int c = 0; c < t.length; c++) {
            t[c] = Character.isDigit(c) ? '0' : Character.isLetter(c) ? 'a' : space.get(c) ? ' ' : (char) c;
        }
        return t;
    }

    /**
     * Outlines every match of the pattern contains (longest first, none inside another, none
     * shorter than {@link #MIN_LENGTH} or of letters and spaces only); empty when nothing
     * certain selects.
     */
    static List<String> required(Alt root, int javaFlags, Function<CharClass, String> classText) {
        Info info = new Analysis(javaFlags, classText).analyze(root);
        List<String> all = new ArrayList<>(info.required);
        if (info.exact) {
            all.add(info.text);
        } else {
            all.add(info.prefix);
            all.add(info.suffix);
        }
        List<String> sorted = new ArrayList<>(new LinkedHashSet<>(all));
        sorted.removeIf(s -> s.length() < MIN_LENGTH || s.chars().allMatch(c -> c == 'a' || c == ' '));
        sorted.sort((a, b) -> b.length() != a.length() ? b.length() - a.length() : a.compareTo(b));
        List<String> kept = new ArrayList<>();
        for (String s : sorted) {
            if (kept.stream().noneMatch(k -> k.contains(s))) kept.add(s);
        }
        return List.copyOf(kept);
    }

    /** {@code a} then {@code b}, in outline: the run at the seam is one. */
    private static String join(String a, String b) {
        if (a.isEmpty()) return b;
        if (b.isEmpty()) return a;
        return a.charAt(a.length() - 1) == b.charAt(0) ? a + b.substring(1) : a + b;
    }

    /**
     * What a node's matches look like in outline: all the same ({@code exact}, {@code text}), or
     * beginning with {@code prefix}, ending with {@code suffix} and containing {@code required}.
     */
    private record Info(boolean exact, String text, String prefix, String suffix, List<String> required) {
        static final Info NONE = new Info(false, "", "", "", List.of());

        static Info exact(String s) {
            return new Info(true, s, s, s, List.of());
        }
    }

    private static final class Analysis {
        private final int flags;
        private final Function<CharClass, String> classText;

        Analysis(int flags, Function<CharClass, String> classText) {
            this.flags = flags;
            this.classText = classText;
        }

        Info analyze(Node n) {
            if (n instanceof Lit l) {
                return Character.isBmpCodePoint(l.cp) ? single(Pattern.quote(String.valueOf((char) l.cp))) : Info.NONE;
            }
            if (n instanceof CharClass c) {
                // a negated class, or one reaching beyond the BMP, may match what its BMP members do not show
                if (c.negated) return Info.NONE;
                for (ClassItem i : c.items) if (!i.isCategory() && i.hi() > 0xFFFF) return Info.NONE;
                return single(classText.apply(c));
            }
            if (n instanceof At || n instanceof Look) return Info.exact(""); // zero-width
            if (n instanceof Group g) return analyze(g.body);
            if (n instanceof Alt a) return a.branches.size() == 1 ? analyze(a.branches.get(0)) : alternation(a);
            if (n instanceof Seq s) return sequence(s);
            if (n instanceof Repeat r) return repeat(r);
            return Info.NONE; // AnyChar, Backref, Cond
        }

        /** A single character of a class: exact when all its members have one symbol. */
        private Info single(String javaClass) {
            char s = CLASS_SYMBOL.computeIfAbsent(flags + "\u0000" + javaClass, k -> {
                BitSet members = ClassMembers.of(javaClass, flags);
                int symbol = -1;
                for (int c = members.nextSetBit(0); c >= 0; c = members.nextSetBit(c + 1)) {
                    if (symbol < 0) symbol = SYMBOL[c];
                    else if (symbol != SYMBOL[c]) return '\0';
                }
                return symbol < 0 ? '\0' : (char) symbol;
            });
            return s == '\0' ? Info.NONE : Info.exact(String.valueOf(s));
        }

        private Info repeat(Repeat r) {
            if (r.min == 0) return Info.NONE;
            Info item = analyze(r.item);
            if (!item.exact) {
                // the first copy begins with the item's prefix, the last ends with its suffix
                List<String> req = new ArrayList<>(item.required);
                req.add(item.prefix);
                req.add(item.suffix);
                return new Info(false, "", item.prefix, item.suffix, req);
            }
            String once = item.text;
            if (once.length() <= 1) return item; // \d{1,3}, \s+: one symbol however many
            // k copies in outline begin and end with min copies in outline, for every k >= min
            String min = "";
            for (long k = 0; k < r.min && min.length() < MAX_LENGTH; k++) min = join(min, once);
            if (r.max == r.min && min.length() < MAX_LENGTH) return Info.exact(min);
            return new Info(false, "", min, min, List.of(min));
        }

        private Info sequence(Seq s) {
            List<Info> infos = new ArrayList<>(s.items.size());
            boolean allExact = true;
            for (Node n : s.items) {
                Info i = analyze(n);
                infos.add(i);
                allExact &= i.exact;
            }
            if (allExact) {
                String text = "";
                for (Info i : infos) text = join(text, i.text);
                return Info.exact(text);
            }
            List<String> req = new ArrayList<>();
            String run = "";
            String prefix = null;
            for (Info i : infos) {
                if (i.exact) {
                    run = join(run, i.text);
                    continue;
                }
                run = join(run, i.prefix);
                if (prefix == null) prefix = run;
                req.add(run);
                req.addAll(i.required);
                run = i.suffix;
            }
            req.add(run);
            return new Info(false, "", prefix, run, req);
        }

        private Info alternation(Alt a) {
            List<Info> infos = new ArrayList<>();
            for (Seq s : a.branches) infos.add(analyze(s));
            Info first = infos.get(0);
            if (infos.stream().allMatch(i -> i.exact && i.text.equals(first.text))) return first;
            // what every alternative requires: a candidate of the first inside one of each other's
            List<List<String>> each = new ArrayList<>();
            for (Info i : infos) {
                List<String> r = new ArrayList<>(i.required);
                if (i.exact) {
                    r.add(i.text);
                } else {
                    r.add(i.prefix);
                    r.add(i.suffix);
                }
                r.removeIf(String::isEmpty);
                each.add(r);
            }
            List<String> common = new ArrayList<>();
            for (String cand : each.get(0)) {
                if (each.stream().allMatch(r -> r.stream().anyMatch(o -> o.contains(cand)))) common.add(cand);
            }
            String prefix = infos.get(0).prefix;
            String suffix = infos.get(0).suffix;
            for (Info i : infos) {
                prefix = commonPrefix(prefix, i.prefix);
                suffix = commonSuffix(suffix, i.suffix);
            }
            return new Info(false, "", prefix, suffix, common);
        }

        private static String commonPrefix(String a, String b) {
            int k = 0;
            while (k < a.length() && k < b.length() && a.charAt(k) == b.charAt(k)) k++;
            return a.substring(0, k);
        }

        private static String commonSuffix(String a, String b) {
            int k = 0;
            while (k < a.length() && k < b.length() && a.charAt(a.length() - 1 - k) == b.charAt(b.length() - 1 - k)) k++;
            return a.substring(a.length() - k);
        }
    }
}
