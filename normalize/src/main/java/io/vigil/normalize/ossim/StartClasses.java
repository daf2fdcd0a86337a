package io.vigil.normalize.ossim;

import io.vigil.normalize.ossim.PyRegex.Alt;
import io.vigil.normalize.ossim.PyRegex.CharClass;
import io.vigil.normalize.ossim.PyRegex.Group;
import io.vigil.normalize.ossim.PyRegex.Lit;
import io.vigil.normalize.ossim.PyRegex.Node;
import io.vigil.normalize.ossim.PyRegex.Repeat;
import io.vigil.normalize.ossim.PyRegex.Seq;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The classes of the first characters of every match of a pattern: for OSSIM's syslog date,
 * {@code \w{3}\s+\d{1,2}...}, word, word, word, space. A search tests them at a start position
 * (a table lookup per character) before the regexp runs there.
 *
 * <p>Why: Java's regex engine spends tens of nanoseconds on each start position it enters, and
 * a rule that begins with a date is tried on every character of a line that holds none. The
 * fortigate plugin's generic rules took 70 µs each on such key=value lines, 300-500 µs for the
 * line (docs/benchmarks.md); most positions fail these classes at the first or second lookup.
 *
 * <p>Only the first 256 characters have tables: a character beyond them passes (the regexp
 * decides), so the test never rules out a match. Kept only when the classes select well.
 */
final class StartClasses {
    private static final int MAX = 8;
    /**
     * At most this share of start positions pass, for characters drawn evenly from the first
     * 256: below it, the lookups save more regexp runs than they cost.
     */
    private static final double MAX_PASS = 1.0 / 32;

    /** Class {@code i}'s members below 256: four words of bits each. */
    private final long[] bits;
    private final int length;

    private StartClasses(List<BitSet> classes) {
        this.length = classes.size();
        this.bits = new long[4 * length];
        for (int i = 0; i < length; i++) {
            BitSet c = classes.get(i);
            for (int ch = c.nextSetBit(0); ch >= 0 && ch < 256; ch = c.nextSetBit(ch + 1)) bits[4 * i + (ch >>> 6)] |= 1L << ch;
        }
    }

    /** How many characters every match begins with that the classes test. */
    int length() {
        return length;
    }

    /** Whether a match can start at {@code at}: false only when a character there is outside its class. */
    boolean mayStartAt(String text, int at) {
        for (int i = 0; i < length; i++) {
            char c = text.charAt(at + i);
            // a character beyond the BMP is two chars but one class: the rest is not aligned
            if (Character.isSurrogate(c)) return true;
            if (c < 256 && (bits[4 * i + (c >>> 6)] & 1L << c) == 0) return false;
        }
        return true;
    }

    /**
     * The start classes of a translated pattern, or null when it has none that select well: its
     * first items must be single characters or classes (in single-branch groups, repeated a
     * fixed number of times or at least once).
     */
    static StartClasses of(Alt root, int javaFlags, Function<CharClass, String> classText) {
        List<BitSet> classes = new ArrayList<>();
        walk(root, javaFlags, classText, classes);
        if (classes.isEmpty()) return null;
        double pass = 1;
        for (BitSet c : classes) pass *= c.get(0, 256).cardinality() / 256.0;
        return pass <= MAX_PASS ? new StartClasses(classes) : null;
    }

    /** Adds the classes of the alternation's certain first characters; false once what follows is uncertain. */
    private static boolean walk(Alt alt, int flags, Function<CharClass, String> classText, List<BitSet> out) {
        if (alt.branches.size() != 1) return false;
        Seq seq = alt.branches.get(0);
        for (Node n : seq.items) {
            if (out.size() == MAX) return false;
            if (n instanceof Group g) {
                if (!walk(g.body, flags, classText, out)) return false;
                continue;
            }
            if (n instanceof Repeat r) {
                BitSet c = single(r.item, flags, classText);
                if (c == null) return false;
                for (long k = 0; k < r.min && out.size() < MAX; k++) out.add(c);
                if (r.max != r.min) return false; // how many more is not known
                continue;
            }
            BitSet c = single(n, flags, classText);
            if (c == null) return false;
            out.add(c);
        }
        return true;
    }

    /** The members of a node that matches exactly one character, or null for any other node. */
    private static BitSet single(Node n, int flags, Function<CharClass, String> classText) {
        if (n instanceof CharClass c) return ClassMembers.of(classText.apply(c), flags);
        if (n instanceof Lit l && Character.isBmpCodePoint(l.cp)) return ClassMembers.of(Pattern.quote(String.valueOf((char) l.cp)), flags);
        return null;
    }
}
