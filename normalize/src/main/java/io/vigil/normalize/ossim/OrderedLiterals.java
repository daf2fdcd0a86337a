package io.vigil.normalize.ossim;

import io.vigil.normalize.ossim.PyRegex.Alt;
import io.vigil.normalize.ossim.PyRegex.CharClass;
import io.vigil.normalize.ossim.PyRegex.ClassItem;
import io.vigil.normalize.ossim.PyRegex.Group;
import io.vigil.normalize.ossim.PyRegex.Lit;
import io.vigil.normalize.ossim.PyRegex.Node;
import io.vigil.normalize.ossim.PyRegex.Repeat;
import io.vigil.normalize.ossim.PyRegex.Seq;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The literals every match of a pattern holds, in the order it holds them, each item one of a
 * few alternatives ({@code (response|command)}): {@code devname=(\S+).*?type=(\S+).*?service=}
 * gives {@code devname=}, {@code type=}, {@code service=}, and no match exists in a line where
 * no {@code service=} follows a {@code type=} that follows a {@code devname=}.
 *
 * <p>Why: the costliest normalization failures are rules of several lazy gaps ({@code .*?})
 * tried on lines of the same device that hold all their literals, but not in their order
 * (FortiGate's traffic rules on its other log types: hundreds of microseconds each, backtracking
 * through every combination of gaps before giving up). The set of literals cannot tell; their
 * order, one {@code indexOf} per item, can.
 *
 * <p>{@link #mayMatch} finds each item at its earliest end after the previous one. That is
 * exact as a necessary condition: if a match holds the items in order, ending at e1 <= e2 ...,
 * the earliest end found for item i is at most ei, so item i+1, which starts at or after ei
 * in the match, is found from there too. Items are folded like {@link CaseFold#fold} (ASCII
 * letters lower case), and the text must be folded the same way.
 */
final class OrderedLiterals {
    /** Alternatives of one item beyond this are not worth the searches: the item is dropped. */
    private static final int MAX_ALTERNATIVES = 8;
    private static final int MAX_ITEM = 256;

    private OrderedLiterals() {}

    /**
     * The items of a pattern, in order; empty when they say no more than the required literals
     * do (fewer than two single-literal items and no alternatives).
     */
    static List<String[]> of(Alt root) {
        List<Object> parts = new ArrayList<>();
        walk(root, parts);
        List<String[]> items = new ArrayList<>();
        StringBuilder run = new StringBuilder();
        for (Object p : parts) {
            if (p instanceof Character c) {
                run.append(c.charValue());
                continue;
            }
            flush(run, items);
            if (p instanceof String[] alternatives) items.add(alternatives);
        }
        flush(run, items);
        boolean alternatives = items.stream().anyMatch(i -> i.length > 1);
        return items.size() >= 2 || alternatives ? List.copyOf(items) : List.of();
    }

    /**
     * Whether a text, folded with {@link CaseFold#fold}, may hold a match: it holds the items in
     * order, each after the earliest end of the one before.
     */
    static boolean mayMatch(List<String[]> items, String folded) {
        int at = 0;
        for (String[] item : items) {
            int end = Integer.MAX_VALUE;
            for (String lit : item) {
                int i = folded.indexOf(lit, at);
                if (i >= 0 && i + lit.length() < end) end = i + lit.length();
            }
            if (end == Integer.MAX_VALUE) return false;
            at = end;
        }
        return true;
    }

    private static final Object GAP = new Object();

    private static void flush(StringBuilder run, List<String[]> items) {
        if (run.isEmpty()) return;
        String s = run.length() > MAX_ITEM ? run.substring(0, MAX_ITEM) : run.toString();
        items.add(new String[] {s});
        run.setLength(0);
    }

    /**
     * Appends what every match of {@code n} holds, in order: a Character (a literal character,
     * folded), a String[] (one of these), or GAP (anything, or nothing certain).
     */
    private static void walk(Node n, List<Object> out) {
        if (n instanceof Lit l) {
            literal(l.cp, out);
        } else if (n instanceof CharClass c) {
            ClassItem only = c.items.size() == 1 ? c.items.get(0) : null;
            if (!c.negated && only != null && !only.isCategory() && only.lo() == only.hi()) literal(only.lo(), out);
            else out.add(GAP);
        } else if (n instanceof Group g) {
            walk(g.body, out);
        } else if (n instanceof Seq s) {
            for (Node item : s.items) walk(item, out);
        } else if (n instanceof Alt a) {
            if (a.branches.size() == 1) {
                walk(a.branches.get(0), out);
                return;
            }
            String[] alternatives = alternatives(a);
            out.add(GAP);
            if (alternatives != null) out.add(alternatives);
            out.add(GAP);
        } else if (n instanceof Repeat r && r.min >= 1) {
            // The first time right after what precedes; what any later time holds is not certain
            // (it may take other branches), nor where the last one ends.
            walk(r.item, out);
            out.add(GAP);
        } else {
            out.add(GAP); // any character, an optional item, an assertion, a lookaround, a back-reference
        }
    }

    private static void literal(int cp, List<Object> out) {
        if (cp >= 128) {
            out.add(GAP); // folding beyond ASCII is not one to one
            return;
        }
        char c = (char) cp;
        out.add(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
    }

    /** An alternation whose every branch is a literal: its texts; otherwise null. */
    private static String[] alternatives(Alt a) {
        LinkedHashSet<String> texts = new LinkedHashSet<>();
        for (Seq branch : a.branches) {
            List<Object> parts = new ArrayList<>();
            walk(branch, parts);
            StringBuilder b = new StringBuilder();
            for (Object p : parts) {
                if (!(p instanceof Character c)) return null;
                b.append(c.charValue());
            }
            if (b.isEmpty() || b.length() > MAX_ITEM) return null;
            texts.add(b.toString());
        }
        return texts.size() <= MAX_ALTERNATIVES ? texts.toArray(String[]::new) : null;
    }
}
