package io.vigil.normalize.ossim;

import io.vigil.normalize.ossim.PyRegex.Alt;
import io.vigil.normalize.ossim.PyRegex.AnyChar;
import io.vigil.normalize.ossim.PyRegex.Backref;
import io.vigil.normalize.ossim.PyRegex.CharClass;
import io.vigil.normalize.ossim.PyRegex.Cond;
import io.vigil.normalize.ossim.PyRegex.Group;
import io.vigil.normalize.ossim.PyRegex.Look;
import io.vigil.normalize.ossim.PyRegex.Node;
import io.vigil.normalize.ossim.PyRegex.Repeat;
import io.vigil.normalize.ossim.PyRegex.Seq;
import java.util.BitSet;
import java.util.regex.Pattern;

/**
 * The unbounded run of one character class a pattern starts with ({@code \S+}, {@code \w*},
 * {@code .*}), which lets a search skip most start positions.
 *
 * <p>If such a pattern matches at position {@code i} and the character before {@code i} is in
 * the class, it also matches at {@code i - 1}: the run takes that character too and everything
 * after it is unchanged. So the leftmost match never starts right after a character of the
 * class, and a search need only try the positions that begin a run (for {@code \S+}: the
 * start of each word, instead of every character, which turned the quadratic search of a
 * failing {@code \S+\s+\d+...} into a linear one). This needs the rest of the pattern not to
 * depend on where the run began, so patterns with backreferences or conditionals get none.
 */
final class LeadingRun {
    private final BitSet members;

    private LeadingRun(BitSet members) {
        this.members = members;
    }

    /**
     * Whether a match can start right after {@code c} (false means: a match starting there
     * would also start one character earlier, so the position need not be tried).
     */
    boolean mayStartAfter(char c) {
        // a surrogate is half of a character beyond the BMP: not known, so tried
        return Character.isSurrogate(c) || !members.get(c);
    }

    /** The leading run of a translated pattern, or null when it has none (or it cannot be used). */
    static LeadingRun of(Alt root, int javaFlags, java.util.function.Function<CharClass, String> classText) {
        if (contains(root, Backref.class) || contains(root, Cond.class)) return null;
        Node first = firstItem(root);
        if (!(first instanceof Repeat r) || r.max != PyRegex.INF) return null;
        if (r.item instanceof AnyChar) return new LeadingRun(ClassMembers.of((javaFlags & Pattern.DOTALL) != 0 ? "(?s:.)" : ".", javaFlags));
        if (r.item instanceof CharClass c) return new LeadingRun(ClassMembers.of(classText.apply(c), javaFlags));
        return null;
    }

    /** The first item of a single-branch pattern, looking through single-branch groups. */
    private static Node firstItem(Alt alt) {
        while (true) {
            if (alt.branches.size() != 1 || alt.branches.get(0).items.isEmpty()) return null;
            Node n = alt.branches.get(0).items.get(0);
            if (!(n instanceof Group g)) return n;
            alt = g.body;
        }
    }

    private static boolean contains(Node n, Class<? extends Node> kind) {
        if (kind.isInstance(n)) return true;
        if (n instanceof Alt a) {
            for (Seq s : a.branches) if (contains(s, kind)) return true;
        } else if (n instanceof Seq s) {
            for (Node c : s.items) if (contains(c, kind)) return true;
        } else if (n instanceof Group g) {
            return contains(g.body, kind);
        } else if (n instanceof Repeat r) {
            return contains(r.item, kind);
        } else if (n instanceof Look l) {
            return contains(l.body, kind);
        }
        return false;
    }
}
