package io.vigil.normalize.ossim;

import io.vigil.normalize.ossim.PyRegex.Alt;
import io.vigil.normalize.ossim.PyRegex.AnyChar;
import io.vigil.normalize.ossim.PyRegex.At;
import io.vigil.normalize.ossim.PyRegex.Backref;
import io.vigil.normalize.ossim.PyRegex.CharClass;
import io.vigil.normalize.ossim.PyRegex.Cond;
import io.vigil.normalize.ossim.PyRegex.Group;
import io.vigil.normalize.ossim.PyRegex.Lit;
import io.vigil.normalize.ossim.PyRegex.Look;
import io.vigil.normalize.ossim.PyRegex.Node;
import io.vigil.normalize.ossim.PyRegex.Repeat;
import io.vigil.normalize.ossim.PyRegex.Seq;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.lucene.util.automaton.Automata;
import org.apache.lucene.util.automaton.Automaton;
import org.apache.lucene.util.automaton.CharacterRunAutomaton;
import org.apache.lucene.util.automaton.Operations;
import org.apache.lucene.util.automaton.TooComplexToDeterminizeException;

/**
 * Whether a pattern can match anywhere in a line of Latin-1 text, in one pass of a DFA over
 * the line. Most regexps a line is tried with fail on it, and {@code java.util.regex} fails
 * slowly: it tries every start position, each a walk of its node graph (14 µs for FortiGate's
 * generic rule on a 440-character line whose {@code logid} is quoted); the DFA reads each
 * character once with a table lookup.
 *
 * <p>The DFA accepts a superset of what the pattern matches, so "no" is exact and "maybe"
 * leaves the answer to the regexp: anchors and lookarounds are read as matching the empty
 * string, a backreference as any text, a conditional as either branch, a possessive or lazy
 * repeat as a plain one, and a bounded repeat of more than {@value #MAX_BOUND} as an unbounded
 * one. Characters, classes and {@code .} are what the compiled Java pattern takes among the
 * first 256 characters, case folding included ({@link ClassMembers}). A pattern whose DFA
 * would be too big has no prefilter.
 */
final class MatchPrefilter {
    private static final int MAX_BOUND = 64;
    private static final int WORK_LIMIT = 20_000;
    /**
     * Failures on Latin-1 lines before the DFA is built. Building one takes milliseconds to a
     * few hundred (Lucene's subset construction over case-folded classes), too long to do for
     * each of a content pack's hundreds of rules at start; the few rules that fail on most
     * lines reach this within the first seconds of traffic, and only they get one.
     */
    static final int FAILURES_BEFORE_BUILDING = 256;
    private static final CharacterRunAutomaton NONE = new CharacterRunAutomaton(Automata.makeEmpty());

    private final Alt root;
    private final int javaFlags;
    private final boolean multiline;
    private final Function<CharClass, String> classText;
    private volatile CharacterRunAutomaton dfa;
    private int failures; // racy: an estimate is enough
    private final java.util.concurrent.atomic.AtomicBoolean building = new java.util.concurrent.atomic.AtomicBoolean();

    MatchPrefilter(Alt root, int javaFlags, boolean multiline, Function<CharClass, String> classText) {
        this.root = root;
        this.javaFlags = javaFlags;
        this.multiline = multiline;
        this.classText = classText;
    }

    /** The regexp failed on a Latin-1 line: after enough of them, the DFA is built (once, by this thread). */
    void failed() {
        if (dfa == null && ++failures >= FAILURES_BEFORE_BUILDING) buildOnce();
    }

    /** Builds the DFA unless another thread is at it or has done it. */
    void buildOnce() {
        if (!building.compareAndSet(false, true)) return;
        CharacterRunAutomaton built = build(root, javaFlags, multiline, classText);
        dfa = built == null ? NONE : built;
    }

    /** Whether it has a DFA (false before it is built, or when it would have been too big). */
    boolean built() {
        CharacterRunAutomaton d = dfa;
        return d != null && d != NONE;
    }

    /** The DFA of a translated pattern, or null when it would be too big. */
    private static CharacterRunAutomaton build(Alt root, int javaFlags, boolean multiline, Function<CharClass, String> classText) {
        try {
            Automaton pattern = new Builder(javaFlags, classText).alt(root);
            // Anything, then the pattern (unless it must start the line): the DFA accepts as soon
            // as a match has ended.
            Automaton search = !multiline && anchoredAtStart(root) ? pattern
                    : Operations.concatenate(List.of(Operations.repeat(Automata.makeCharRange(0, 255)), pattern));
            return new CharacterRunAutomaton(Operations.determinize(Operations.removeDeadStates(search), WORK_LIMIT));
        } catch (TooComplexToDeterminizeException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Whether every match starts at the start of the text: the pattern begins with {@code ^} or {@code \\A}. */
    private static boolean anchoredAtStart(Alt root) {
        for (Seq branch : root.branches) {
            if (branch.items.isEmpty()) return false;
            Node first = branch.items.get(0);
            boolean anchored = first instanceof At at && (at.kind == PyRegex.AtKind.BEGINNING || at.kind == PyRegex.AtKind.BEGINNING_STRING)
                    || first instanceof Group g && anchoredAtStart(g.body);
            if (!anchored) return false;
        }
        return true;
    }

    /** False only when the pattern matches nowhere in the text (which must be all Latin-1: else true). */
    boolean mayMatch(String text) {
        CharacterRunAutomaton dfa = this.dfa;
        if (dfa == null || dfa == NONE) return true;
        int state = 0;
        if (dfa.isAccept(state)) return true;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (c >= 256) return true;
            state = dfa.step(state, c);
            if (state < 0) return false;
            if (dfa.isAccept(state)) return true;
        }
        return false;
    }

    /** The pattern's nodes as an automaton over the first 256 characters. */
    private record Builder(int flags, Function<CharClass, String> classText) {
        Automaton alt(Alt a) {
            if (a.branches.size() == 1) return seq(a.branches.get(0));
            List<Automaton> branches = new ArrayList<>(a.branches.size());
            for (Seq s : a.branches) branches.add(seq(s));
            return Operations.union(branches);
        }

        Automaton seq(Seq s) {
            if (s.items.isEmpty()) return Automata.makeEmptyString();
            if (s.items.size() == 1) return node(s.items.get(0));
            List<Automaton> items = new ArrayList<>(s.items.size());
            for (Node n : s.items) items.add(node(n));
            return Operations.concatenate(items);
        }

        Automaton node(Node n) {
            return switch (n) {
                case Lit l -> members(Pattern.quote(new String(Character.toChars(l.cp))));
                case AnyChar x -> members((flags & Pattern.DOTALL) != 0 ? "(?s:.)" : ".");
                case CharClass c -> members(classText.apply(c));
                case At x -> Automata.makeEmptyString();
                case Look x -> Automata.makeEmptyString();
                case Group g -> alt(g.body);
                case Cond c -> Operations.union(List.of(seq(c.yes), seq(c.no)));
                case Backref x -> Operations.repeat(Automata.makeCharRange(0, 255));
                case Repeat r -> repeat(r);
                case Seq s -> seq(s);
                case Alt a -> alt(a);
                default -> throw new IllegalArgumentException("no automaton for " + n.getClass().getSimpleName());
            };
        }

        Automaton repeat(Repeat r) {
            Automaton item = node(r.item);
            if (r.max == PyRegex.INF || r.max > MAX_BOUND) {
                return r.min == 0 || r.min > MAX_BOUND ? Operations.repeat(item) : Operations.repeat(item, (int) r.min);
            }
            return Operations.repeat(item, (int) r.min, (int) r.max);
        }

        /** The characters below 256 a Java class (or quoted literal) takes with the pattern's flags. */
        Automaton members(String javaClass) {
            BitSet all = ClassMembers.of(javaClass, flags);
            int[] latin1 = all.get(0, 256).stream().toArray();
            return latin1.length == 0 ? Automata.makeEmpty() : Automata.makeCharSet(latin1);
        }
    }
}
