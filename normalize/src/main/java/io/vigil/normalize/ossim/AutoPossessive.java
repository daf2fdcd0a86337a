package io.vigil.normalize.ossim;

import io.vigil.normalize.ossim.PyRegex.Alt;
import io.vigil.normalize.ossim.PyRegex.AnyChar;
import io.vigil.normalize.ossim.PyRegex.CharClass;
import io.vigil.normalize.ossim.PyRegex.ClassItem;
import io.vigil.normalize.ossim.PyRegex.Group;
import io.vigil.normalize.ossim.PyRegex.Lit;
import io.vigil.normalize.ossim.PyRegex.Node;
import io.vigil.normalize.ossim.PyRegex.Repeat;
import io.vigil.normalize.ossim.PyRegex.Seq;
import java.util.BitSet;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Greedy repeats that may be written possessive without changing any match (what PCRE calls
 * auto-possessification). In {@code \S+\s+\d+}, once {@code \S+} has taken a word, giving a
 * character back can never help: the next item needs a blank, and the character given back is
 * not one. Python (and Java, as translated) still try every shorter length before failing, one
 * per character, at every start position; on a line with a 2,000-character URL a plugin regexp
 * spent 175 µs there. Written {@code \S++} the attempt fails at once.
 *
 * <p>A greedy repeat of one character set C may be made possessive when every way the rest of
 * the pattern can begin either consumes a character outside C or ends the match: after the
 * repeat has taken all it can, a rest that could succeed on a character given back would have
 * to start with a character of C. Assertions, backreferences and lookarounds in that position
 * are not analysed (the repeat is left as it is).
 */
final class AutoPossessive {
    private AutoPossessive() {}

    /** A set of characters: the Basic Multilingual Plane exactly, and whether it may hold any beyond. */
    private record CharSet(BitSet bmp, boolean beyondBmp) {
        boolean disjoint(CharSet o) {
            return !bmp.intersects(o.bmp) && !(beyondBmp && o.beyondBmp);
        }

        CharSet union(CharSet o) {
            BitSet b = (BitSet) bmp.clone();
            b.or(o.bmp);
            return new CharSet(b, beyondBmp || o.beyondBmp);
        }
    }

    /**
     * What may come first: a set of characters (null: none, only the end of the match, which
     * never makes a repeat give back), or something not analysed.
     */
    private record First(CharSet chars, boolean unknown) {
        static final First END = new First(null, false);
        static final First UNKNOWN = new First(null, true);

        First or(First o) {
            if (unknown || o.unknown) return UNKNOWN;
            return new First(chars == null ? o.chars : o.chars == null ? chars : chars.union(o.chars), false);
        }
    }

    /** The repeats of the pattern that can be made possessive. */
    static Set<Repeat> of(Alt root, int javaFlags, Function<CharClass, String> classText) {
        Set<Repeat> out = Collections.newSetFromMap(new IdentityHashMap<>());
        new AutoPossessive.Walk(javaFlags, classText, out).alt(root, First.END);
        return out;
    }

    private static final class Walk {
        final int flags;
        final Function<CharClass, String> classText;
        final Set<Repeat> out;

        Walk(int flags, Function<CharClass, String> classText, Set<Repeat> out) {
            this.flags = flags;
            this.classText = classText;
            this.out = out;
        }

        /** Visits every repeat under the alternation, knowing what may follow it. */
        void alt(Alt a, First follow) {
            for (Seq s : a.branches) seq(s, follow);
        }

        void seq(Seq s, First follow) {
            for (int i = 0; i < s.items.size(); i++) {
                int next = i + 1;
                node(s.items.get(i), () -> first(s, next, () -> follow));
            }
        }

        void node(Node n, Supplier<First> follow) {
            if (n instanceof Group g) {
                alt(g.body, follow.get());
            } else if (n instanceof Alt a) {
                alt(a, follow.get());
            } else if (n instanceof Seq s) {
                seq(s, follow.get());
            } else if (n instanceof Repeat r) {
                CharSet own = set(r.item);
                if (own != null) {
                    if (r.lazy) return;
                    First f = follow.get();
                    if (!f.unknown && (f.chars == null || own.disjoint(f.chars))) out.add(r);
                } else {
                    // a repeated group: its body may be followed by itself again, or by what follows
                    First after = follow.get();
                    First again = r.max == 1 ? after : firstOf(r.item, () -> after).or(after);
                    node(r.item, () -> again);
                }
            }
            // lookarounds are not descended into: what follows inside them is not what follows them
        }

        /** What items {@code from..} of a sequence, then what follows it, may begin with. */
        First first(Seq s, int from, Supplier<First> follow) {
            if (from >= s.items.size()) return follow.get();
            return firstOf(s.items.get(from), () -> first(s, from + 1, follow));
        }

        /** What a node, then what follows it, may begin with. */
        First firstOf(Node n, Supplier<First> follow) {
            CharSet own = set(n);
            if (own != null) return new First(own, false);
            if (n instanceof Group g) return firstOfAlt(g.body, follow);
            if (n instanceof Alt a) return firstOfAlt(a, follow);
            if (n instanceof Seq s) return first(s, 0, follow);
            if (n instanceof Repeat r) {
                First item = firstOf(r.item, follow);
                return r.min == 0 ? item.or(follow.get()) : item;
            }
            return First.UNKNOWN; // assertions, lookarounds, backreferences
        }

        First firstOfAlt(Alt a, Supplier<First> follow) {
            First f = null;
            for (Seq s : a.branches) {
                First b = first(s, 0, follow);
                f = f == null ? b : f.or(b);
                if (f.unknown) return f;
            }
            return f == null ? follow.get() : f;
        }

        /** The characters of a single-character node, or null for any other node. */
        CharSet set(Node n) {
            if (n instanceof Lit l) {
                StringBuilder b = new StringBuilder();
                PythonRegexTranslator.literal(b, l.cp, false);
                // no character of the BMP case-folds onto one beyond it
                return setOf(b.toString(), l.cp >= Character.MIN_SUPPLEMENTARY_CODE_POINT);
            }
            if (n instanceof AnyChar) return setOf((flags & Pattern.DOTALL) != 0 ? "(?s:.)" : ".", true);
            if (n instanceof CharClass c) return setOf(classText.apply(c), !bmpOnly(c));
            return null;
        }

        CharSet setOf(String javaText, boolean beyondBmp) {
            return new CharSet(ClassMembers.of(javaText, flags), beyondBmp);
        }

        /** Whether a class can only hold characters of the BMP (Python's \s has none beyond). */
        private static boolean bmpOnly(CharClass c) {
            if (c.negated) return false;
            for (ClassItem i : c.items) {
                if (i.isCategory() ? i.category() != 's' : i.hi() >= Character.MIN_SUPPLEMENTARY_CODE_POINT) return false;
            }
            return true;
        }
    }
}
