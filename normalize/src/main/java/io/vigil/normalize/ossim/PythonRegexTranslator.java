package io.vigil.normalize.ossim;

import io.vigil.normalize.ossim.PyRegex.Alt;
import io.vigil.normalize.ossim.PyRegex.AnyChar;
import io.vigil.normalize.ossim.PyRegex.At;
import io.vigil.normalize.ossim.PyRegex.Backref;
import io.vigil.normalize.ossim.PyRegex.CharClass;
import io.vigil.normalize.ossim.PyRegex.ClassItem;
import io.vigil.normalize.ossim.PyRegex.Cond;
import io.vigil.normalize.ossim.PyRegex.Group;
import io.vigil.normalize.ossim.PyRegex.Lit;
import io.vigil.normalize.ossim.PyRegex.Look;
import io.vigil.normalize.ossim.PyRegex.Node;
import io.vigil.normalize.ossim.PyRegex.Repeat;
import io.vigil.normalize.ossim.PyRegex.Seq;
import io.vigil.normalize.ossim.RegexTranslationException.Kind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Translates a Python 2 {@code re} pattern, as the OSSIM agent compiles it
 * ({@code re.IGNORECASE | re.UNICODE}, searched unanchored), into a {@link Pattern} that matches
 * the same lines and captures the same values.
 *
 * <p>The pattern is parsed with Python 2.7's grammar ({@link PyRegex}) and written out again in
 * Java syntax, so nothing is translated by text substitution:
 * <ul>
 *   <li>Python 2's lenient escapes: an escaped character that is not an escape sequence is that
 *       character ({@code \T}, {@code \i}, {@code \_}, {@code \/}, {@code \-}, {@code \:}, and
 *       also {@code \h \v \R \X \z \G \Q \E \p \k \c \e} and <code>&#92;u</code>, which Java would read as something
 *       else); {@code \Z} is Java's {@code \z}; {@code \v} is a vertical tab;
 *       {@code \0}, 3-digit octal and 2-digit {@code \x} escapes as Python reads them.</li>
 *   <li>{@code (?P<name>...)}: every Python name gets a legal Java name (underscores dropped,
 *       made unique); {@code (?P=name)} and {@code \1} back references.</li>
 *   <li>Unicode classes as Python's UNICODE flag defines them: {@code \d} is {@code \p{Nd}},
 *       {@code \w} is letters, numbers and {@code _}, {@code \s} is Python 2's white space set,
 *       {@code \b}/{@code \B} are word boundaries on that {@code \w}. Case-insensitive matching
 *       is Java's {@code CASE_INSENSITIVE | UNICODE_CASE}.</li>
 *   <li>{@code .} and {@code $} with {@code UNIX_LINES}: only {@code \n} ends a line, and
 *       {@code $} also matches before a final {@code \n}, as in Python. {@code (?m)} is written
 *       out with look-arounds so that {@code ^}/{@code $} behave as Python's at the end of the
 *       text; {@code (?s)} sets DOTALL; {@code (?x)} is applied while parsing. Inline flags in
 *       Python 2 apply to the whole pattern wherever they are written.</li>
 *   <li>Character classes: {@code [[]} is a literal {@code [}, {@code &} and {@code [} in a class
 *       are literals (Java would nest or intersect), {@code []]} and {@code [^]]} are Python's.</li>
 *   <li>{@code {,n}} means {@code {0,n}}; a {@code {} that does not start a valid repeat is a
 *       literal {@code {}.</li>
 *   <li>Conditional groups {@code (?(name)yes|no)} / {@code (?(1)yes|no)}: Java has none, so they
 *       are rewritten. When the tested group G sits in an optional element {@code (...)?} of the
 *       same sequence as the conditional (directly, or through plain groups), the part of the
 *       sequence from that element to the last conditional on G becomes an alternation: first the
 *       element made mandatory followed by the rest with every conditional on G replaced by its
 *       yes branch, then (the element left out) a copy of the rest with the no branches. This
 *       keeps Python's backtracking order (greedy: present first; lazy {@code ??}: absent
 *       first), so the same match is found. Copied groups get distinct Java names and a Python
 *       group maps to all its Java groups; the one that participated gives the value. A group that
 *       always participated before the conditional gives the yes branch, a group that cannot have
 *       (another alternative, later in the pattern, or none at all) the no branch. Other shapes
 *       (the group optional through an alternation or deeper inside a capturing group, a
 *       conditional inside a repeat that could see an earlier iteration) are reported as
 *       {@link Kind#UNSUPPORTED}.</li>
 * </ul>
 *
 * <p>What Python 2 itself rejects is reported as {@link Kind#PYTHON_ERROR} (the agent could not
 * load such a rule either); the LOCALE and TEMPLATE flags, counts beyond Java's limit and the
 * conditional shapes above as {@link Kind#UNSUPPORTED}.
 */
public final class PythonRegexTranslator {

    private PythonRegexTranslator() {}

    private static final String WORD = "\\p{L}\\p{N}_";
    // Python's Unicode whitespace is Unicode's White_Space plus \x1C-\x1F and U+180E. Written
    // as one property and one range rather than twenty members: Java tests a class member by
    // member, and \s and \S are in nearly every plugin regexp (measured: 3x fewer predicate
    // calls per character on the fixture plugins).
    static final String SPACE = "\\p{IsWhite_Space}\\x1C-\\x1F\\x{180E}";
    private static final int MAX_CONDITIONALS = 64;

    /** Translates a Python pattern (aliases and \_CFG already replaced). */
    public static TranslatedRegex translate(String python) throws RegexTranslationException {
        return translate(python, true);
    }

    /**
     * {@code optimized}: whether repeats are made possessive where that changes no match and a
     * Latin-1 twin is compiled (off only in tests, to compare).
     */
    static TranslatedRegex translate(String python, boolean optimized) throws RegexTranslationException {
        PyRegex.Parsed parsed = PyRegex.parse(python);
        Alt root = parsed.root;
        int conditionals = expandConditionals(root);

        // Java group numbers and names, in the order the groups open
        List<Group> javaGroups = new ArrayList<>();
        collectGroups(root, javaGroups);
        Set<String> usedNames = new HashSet<>();
        Map<Group, Integer> copiesSeen = new IdentityHashMap<>();
        for (int i = 0; i < javaGroups.size(); i++) {
            Group g = javaGroups.get(i);
            g.javaIndex = i + 1;
            if (g.pyName != null) {
                int copy = copiesSeen.merge(g.origin, 1, Integer::sum);
                g.javaName = javaName(g.pyName, copy, usedNames);
            }
        }

        int flags = TranslatedRegex.JAVA_FLAGS;
        if ((parsed.flags & PyRegex.FLAG_DOTALL) != 0) {
            flags |= Pattern.DOTALL;
        }
        boolean multiline = (parsed.flags & PyRegex.FLAG_MULTILINE) != 0;
        Set<Repeat> possessive = optimized ? AutoPossessive.of(root, flags, PythonRegexTranslator::classText) : Set.of();
        Emitter emitter = new Emitter(multiline, javaGroups);
        emitter.possessive = possessive;
        emitter.alt(root);
        String java = emitter.out.toString();
        Pattern pattern;
        Pattern latin1;
        try {
            pattern = Pattern.compile(java, flags);
            latin1 = pattern;
            if (optimized) {
                // The same pattern with every class spelled out for the first 256 characters, for
                // lines that hold no other (nearly all): Java tests such a class with one table
                // lookup, where Unicode categories cost several calls per character read.
                Emitter l1 = new Emitter(multiline, javaGroups);
                l1.possessive = possessive;
                l1.latin1Flags = flags;
                l1.alt(root);
                latin1 = Pattern.compile(l1.out.toString(), flags);
            }
        } catch (PatternSyntaxException e) {
            throw new RegexTranslationException(Kind.UNSUPPORTED,
                    "Java rejects the translation: " + e.getDescription(), -1);
        }

        // Python group -> Java groups
        int pyCount = parsed.groups.size();
        List<List<Integer>> byPy = new ArrayList<>();
        for (int i = 0; i <= pyCount; i++) {
            byPy.add(new ArrayList<>());
        }
        for (Group g : javaGroups) {
            byPy.get(g.pyIndex).add(g.javaIndex);
        }
        int[][] numbered = new int[pyCount + 1][];
        numbered[0] = new int[] {0};
        for (int i = 1; i <= pyCount; i++) {
            numbered[i] = byPy.get(i).stream().mapToInt(Integer::intValue).toArray();
        }
        Map<String, int[]> named = new LinkedHashMap<>();
        Map<String, List<String>> javaNames = new LinkedHashMap<>();
        for (Group g : parsed.groups) {
            if (g.pyName != null) {
                named.put(g.pyName, numbered[g.pyIndex]);
                List<String> jn = new ArrayList<>();
                for (Group jg : javaGroups) {
                    if (jg.origin == g) {
                        jn.add(jg.javaName);
                    }
                }
                javaNames.put(g.pyName, List.copyOf(jn));
            }
        }
        List<String> literals = RequiredLiterals.of(root);
        LeadingRun run = conditionals > 0 ? null : LeadingRun.of(root, flags, PythonRegexTranslator::classText);
        StartClasses start = run != null || conditionals > 0 || !optimized ? null : StartClasses.of(root, flags, PythonRegexTranslator::classText);
        List<String> shapes = optimized ? LineShape.required(root, flags, PythonRegexTranslator::classText) : List.of();
        return new TranslatedRegex(python, java, pattern, pyCount, Collections.unmodifiableMap(named),
                Collections.unmodifiableMap(javaNames), numbered, literals, conditionals, run, latin1, start, shapes,
                optimized ? OrderedLiterals.of(root) : List.of());
    }

    private static final Map<String, String> LATIN1_CLASSES = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * A class as it acts on the first 256 characters: its members there, each written out, so
     * that Java keeps them in one table (ranges and categories are tested one after another).
     */
    static String latin1Class(String javaClass, int flags) {
        return LATIN1_CLASSES.computeIfAbsent(flags + "\u0000" + javaClass, k -> {
            java.util.BitSet members = ClassMembers.of(javaClass, flags);
            int first = members.nextSetBit(0);
            if (first < 0 || first >= 256) return "(?!)";
            StringBuilder b = new StringBuilder("(?-i:[");
            for (int c = first; c >= 0 && c < 256; c = members.nextSetBit(c + 1)) b.append("\\x{").append(Integer.toHexString(c)).append('}');
            return b.append("])").toString();
        });
    }

    /** The Java text of one character class, as it is written in a translation. */
    private static String classText(CharClass c) {
        Emitter e = new Emitter(false, List.of());
        e.charClass(c);
        return e.out.toString();
    }

    /** A legal, unique Java group name for a Python name (and its n-th copy). */
    private static String javaName(String pyName, int copy, Set<String> used) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < pyName.length(); i++) {
            char c = pyName.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
                b.append(c);
            }
        }
        if (b.isEmpty() || !Character.isLetter(b.charAt(0))) {
            b.insert(0, 'g');
        }
        String base = b.toString();
        String name = copy > 1 ? base + "x" + copy : base;
        int n = 2;
        while (!used.add(name)) {
            name = base + "x" + (copy > 1 ? copy + "y" : "") + n++;
        }
        return name;
    }

    private static void collectGroups(Node n, List<Group> out) {
        if (n instanceof Group g) {
            if (g.capturing()) {
                out.add(g);
            }
            collectGroups(g.body, out);
        } else if (n instanceof Alt a) {
            for (Seq s : a.branches) {
                collectGroups(s, out);
            }
        } else if (n instanceof Seq s) {
            for (Node c : s.items) {
                collectGroups(c, out);
            }
        } else if (n instanceof Repeat r) {
            collectGroups(r.item, out);
        } else if (n instanceof Look l) {
            collectGroups(l.body, out);
        } else if (n instanceof Cond c) {
            collectGroups(c.yes, out);
            collectGroups(c.no, out);
        }
    }

    // ------------------------------------------------------------ conditionals

    /** Rewrites every conditional; returns how many there were. */
    static int expandConditionals(Alt root) throws RegexTranslationException {
        int written = countConds(root);
        int count = 0;
        while (true) {
            List<Node> path = new ArrayList<>();
            Cond c = findFirstCond(root, path);
            if (c == null) {
                return written;
            }
            if (++count > MAX_CONDITIONALS) {
                throw new RegexTranslationException(Kind.UNSUPPORTED,
                        "more than " + MAX_CONDITIONALS + " conditional groups after rewriting", c.offset);
            }
            resolve(root, c, path);
        }
    }

    private static int countConds(Node n) {
        int c = n instanceof Cond ? 1 : 0;
        for (Node child : children(n)) {
            c += countConds(child);
        }
        return c;
    }

    private static Cond findFirstCond(Node n, List<Node> path) {
        if (n instanceof Cond c) {
            return c;
        }
        List<? extends Node> children = children(n);
        if (children.isEmpty()) {
            return null;
        }
        path.add(n);
        for (Node child : children) {
            Cond c = findFirstCond(child, path);
            if (c != null) {
                return c;
            }
        }
        path.remove(path.size() - 1);
        return null;
    }

    private static List<? extends Node> children(Node n) {
        if (n instanceof Alt a) {
            return a.branches;
        }
        if (n instanceof Seq s) {
            return s.items;
        }
        if (n instanceof Group g) {
            return List.of(g.body);
        }
        if (n instanceof Look l) {
            return List.of(l.body);
        }
        if (n instanceof Repeat r) {
            return List.of(r.item);
        }
        if (n instanceof Cond c) {
            return List.of(c.yes, c.no);
        }
        return List.of();
    }

    private static boolean findPath(Node n, Node target, List<Node> path) {
        if (n == target) {
            return true;
        }
        List<? extends Node> children = children(n);
        if (children.isEmpty()) {
            return false;
        }
        path.add(n);
        for (Node child : children) {
            if (findPath(child, target, path)) {
                return true;
            }
        }
        path.remove(path.size() - 1);
        return false;
    }

    private static RegexTranslationException unsupportedCond(Cond c, String why) {
        return new RegexTranslationException(Kind.UNSUPPORTED,
                "conditional group (?(" + c.refText + ")...) " + why, c.offset);
    }

    private static boolean repeatedAbove(List<Node> path, int depth) {
        for (int i = 0; i < depth && i < path.size(); i++) {
            if (path.get(i) instanceof Repeat r && (r.max == PyRegex.INF || r.max > 1)) {
                return true;
            }
        }
        return false;
    }

    private static void resolve(Alt root, Cond c, List<Node> pathC) throws RegexTranslationException {
        Group g = c.ref;
        if (g == null) {
            // no such group: Python 2 finds it unset at run time
            replaceConds(root, x -> x == c, false);
            return;
        }
        List<Node> pathG = new ArrayList<>();
        if (!findPath(root, g, pathG)) {
            // an earlier rewrite split the tested group into copies
            throw unsupportedCond(c, "tests a group that holds the group of another conditional");
        }
        if (pathC.contains(g)) {
            // the group is still open: Python finds it unset (unless an earlier iteration set it)
            if (repeatedAbove(pathC, pathC.size())) {
                throw unsupportedCond(c, "is inside the group it tests, inside a repeat");
            }
            replaceConds(root, x -> x == c, false);
            return;
        }
        int common = 0;
        while (common < pathC.size() && common < pathG.size() && pathC.get(common) == pathG.get(common)) {
            common++;
        }
        Node lca = pathC.get(common - 1);
        Node towardC = common < pathC.size() ? pathC.get(common) : c;
        Node towardG = common < pathG.size() ? pathG.get(common) : g;
        if (lca instanceof Alt) {
            if (repeatedAbove(pathC, common)) {
                throw unsupportedCond(c, "tests a group of another alternative inside a repeat");
            }
            replaceConds(root, x -> x == c, false);
            return;
        }
        if (!(lca instanceof Seq seq)) {
            throw unsupportedCond(c, "has a shape Vigil cannot rewrite");
        }
        int i = indexOf(seq.items, towardG);
        int j = indexOf(seq.items, towardC);
        if (i > j) {
            if (repeatedAbove(pathC, common)) {
                throw unsupportedCond(c, "tests a group that comes later, inside a repeat");
            }
            replaceConds(root, x -> x == c, false);
            return;
        }
        Node element = seq.items.get(i);
        if (always(element, g)) {
            // G participated whenever the element matched, and it did
            replaceConds(root, x -> x == c, true);
            return;
        }
        // split the element into alternatives in which G always / never participates, in the
        // order Python tries them, and give each its own copy of what follows up to the last
        // conditional on G
        List<Choice> choices = decompose(element, g);
        if (choices == null) {
            throw unsupportedCond(c, "tests a group that is optional in a way Vigil cannot rewrite"
                    + " (supported: the group, or an element holding it, made optional by ? or ?? or"
                    + " chosen by an alternation, in the conditional's own sequence)");
        }
        int k = j;
        for (int m = seq.items.size() - 1; m > j; m--) {
            if (containsCondOn(seq.items.get(m), g)) {
                k = m;
                break;
            }
        }
        List<Node> rest = new ArrayList<>(seq.items.subList(i + 1, k + 1));
        List<Seq> branches = new ArrayList<>();
        List<Boolean> present = new ArrayList<>();
        for (int a = 0; a < choices.size(); a++) {
            Choice ch = choices.get(a);
            List<Node> items = new ArrayList<>();
            if (ch.node() != null) {
                items.add(ch.node());
            }
            if (a == 0) {
                items.addAll(rest); // copies are made below, before the originals are rewritten
            } else {
                Map<Group, Group> copies = new IdentityHashMap<>();
                for (Node n : rest) {
                    items.add(n.copy(copies));
                }
            }
            branches.add(new Seq(items));
            present.add(ch.hasG());
        }
        for (int a = branches.size() - 1; a >= 0; a--) {
            boolean yes = present.get(a);
            replaceConds(branches.get(a), x -> x.ref == g, yes);
        }
        Group alternation = new Group(0, null, new Alt(branches), c.offset);
        for (int m = k; m > i; m--) {
            seq.items.remove(m);
        }
        seq.items.set(i, alternation);
    }

    /** One way an element can match: the node to match (null: nothing) and whether G takes part. */
    private record Choice(Node node, boolean hasG) {}

    /** Whether G participates whenever n matches. */
    private static boolean always(Node n, Group g) {
        if (n == g) {
            return true;
        }
        if (n instanceof Seq s) {
            for (Node item : s.items) {
                if (always(item, g)) {
                    return true;
                }
            }
            return false;
        }
        if (n instanceof Group grp) {
            return always(grp.body, g);
        }
        if (n instanceof Alt a) {
            for (Seq s : a.branches) {
                if (!always(s, g)) {
                    return false;
                }
            }
            return true;
        }
        if (n instanceof Repeat r) {
            return r.min >= 1 && always(r.item, g);
        }
        return false;
    }

    private static boolean contains(Node n, Node target) {
        if (n == target) {
            return true;
        }
        for (Node child : children(n)) {
            if (contains(child, target)) {
                return true;
            }
        }
        return false;
    }

    /** Whether matching n involves no choice (so nothing in it is retried on backtracking). */
    private static boolean rigid(Node n) {
        if (n instanceof Lit || n instanceof CharClass || n instanceof AnyChar || n instanceof At
                || n instanceof Look || n instanceof Backref) {
            return true;
        }
        if (n instanceof Group grp) {
            return grp.body.branches.size() == 1 && rigid(grp.body.branches.get(0));
        }
        if (n instanceof Seq s) {
            for (Node item : s.items) {
                if (!rigid(item)) {
                    return false;
                }
            }
            return true;
        }
        if (n instanceof Repeat r) {
            return r.min == r.max && rigid(r.item);
        }
        return false;
    }

    /**
     * The ways n can match, in Python's order, each with G always or never taking part; null when
     * n cannot be split so (or not without changing the order in which matches are tried).
     */
    private static List<Choice> decompose(Node n, Group g) {
        if (!contains(n, g)) {
            return List.of(new Choice(n, false));
        }
        if (always(n, g)) {
            return List.of(new Choice(n, true));
        }
        if (n instanceof Repeat r && r.min == 0 && r.max == 1) {
            List<Choice> item = decompose(r.item, g);
            if (item == null) {
                return null;
            }
            List<Choice> out = new ArrayList<>();
            if (r.lazy) {
                out.add(new Choice(null, false));
            }
            out.addAll(item);
            if (!r.lazy) {
                out.add(new Choice(null, false));
            }
            return out;
        }
        if (n instanceof Group grp) {
            List<Choice> out = new ArrayList<>();
            for (Seq branch : grp.body.branches) {
                List<Choice> bc = decomposeSeq(branch, g);
                if (bc == null) {
                    return null;
                }
                for (Choice ch : bc) {
                    // a capturing group is split into one copy per alternative (same Python group)
                    Seq body = ch.node() == null ? new Seq(new ArrayList<>()) : (Seq) ch.node();
                    Group part = new Group(grp.pyIndex, grp.pyName, new Alt(new ArrayList<>(List.of(body))),
                            grp.offset);
                    part.origin = grp.origin;
                    out.add(new Choice(part, ch.hasG()));
                }
            }
            return out;
        }
        return null;
    }

    /** decompose for one alternative of a group: a sequence whose items before G's are rigid. */
    private static List<Choice> decomposeSeq(Seq s, Group g) {
        if (!contains(s, g)) {
            return List.of(new Choice(s, false));
        }
        if (always(s, g)) {
            return List.of(new Choice(s, true));
        }
        int m = -1;
        for (int i = 0; i < s.items.size(); i++) {
            if (contains(s.items.get(i), g)) {
                m = i;
                break;
            }
        }
        for (int i = 0; i < m; i++) {
            if (!rigid(s.items.get(i))) {
                return null;
            }
        }
        List<Choice> inner = decompose(s.items.get(m), g);
        if (inner == null) {
            return null;
        }
        List<Choice> out = new ArrayList<>();
        for (int a = 0; a < inner.size(); a++) {
            Map<Group, Group> copies = new IdentityHashMap<>();
            List<Node> items = new ArrayList<>();
            for (int i = 0; i < s.items.size(); i++) {
                if (i == m) {
                    if (inner.get(a).node() != null) {
                        items.add(inner.get(a).node());
                    }
                } else {
                    items.add(a == 0 ? s.items.get(i) : s.items.get(i).copy(copies));
                }
            }
            out.add(new Choice(new Seq(items), inner.get(a).hasG()));
        }
        return out;
    }

    private static int indexOf(List<Node> items, Node n) {
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) == n) {
                return i;
            }
        }
        return -1;
    }

    private static boolean containsCondOn(Node n, Group g) {
        if (n instanceof Cond c && c.ref == g) {
            return true;
        }
        for (Node child : children(n)) {
            if (containsCondOn(child, g)) {
                return true;
            }
        }
        return false;
    }

    /** Replaces the matching conditionals under n by their yes (or no) branch. */
    private static void replaceConds(Node n, java.util.function.Predicate<Cond> which, boolean yes) {
        if (n instanceof Seq s) {
            for (int i = 0; i < s.items.size(); i++) {
                Node child = s.items.get(i);
                if (child instanceof Cond c && which.test(c)) {
                    s.items.set(i, branchGroup(c, yes));
                }
                replaceConds(s.items.get(i), which, yes);
            }
        } else if (n instanceof Alt a) {
            for (Seq s : a.branches) {
                replaceConds(s, which, yes);
            }
        } else if (n instanceof Group g) {
            replaceConds(g.body, which, yes);
        } else if (n instanceof Look l) {
            replaceConds(l.body, which, yes);
        } else if (n instanceof Repeat r) {
            if (r.item instanceof Cond c && which.test(c)) {
                r.item = branchGroup(c, yes);
            }
            replaceConds(r.item, which, yes);
        } else if (n instanceof Cond c) {
            replaceConds(c.yes, which, yes);
            replaceConds(c.no, which, yes);
        }
    }

    private static Group branchGroup(Cond c, boolean yes) {
        List<Seq> one = new ArrayList<>();
        one.add(yes ? c.yes : c.no);
        return new Group(0, null, new Alt(one), c.offset);
    }

    // ------------------------------------------------------------ emission

    private static final class Emitter {
        final StringBuilder out = new StringBuilder();
        final boolean multiline;
        final List<Group> javaGroups;
        int opened; // Java groups opened so far
        /** Greedy repeats written possessive: giving back a character could never lead to a match. */
        Set<Repeat> possessive = Set.of();
        /** When not 0: write classes for Latin-1 text only, as compiled with these flags. */
        int latin1Flags;

        Emitter(boolean multiline, List<Group> javaGroups) {
            this.multiline = multiline;
            this.javaGroups = javaGroups;
        }

        void alt(Alt a) {
            for (int i = 0; i < a.branches.size(); i++) {
                if (i > 0) {
                    out.append('|');
                }
                seq(a.branches.get(i));
            }
        }

        void seq(Seq s) {
            for (Node n : s.items) {
                node(n);
            }
        }

        void node(Node n) {
            if (n instanceof Lit l) {
                literal(out, l.cp, false);
            } else if (n instanceof AnyChar) {
                out.append('.');
            } else if (n instanceof CharClass c) {
                charClass(c);
            } else if (n instanceof At a) {
                at(a);
            } else if (n instanceof Group g) {
                if (g.capturing()) {
                    opened++;
                    out.append(g.javaName != null ? "(?<" + g.javaName + ">" : "(");
                } else {
                    out.append("(?:");
                }
                alt(g.body);
                out.append(')');
            } else if (n instanceof Look l) {
                out.append(l.behind ? (l.negative ? "(?<!" : "(?<=") : (l.negative ? "(?!" : "(?="));
                alt(l.body);
                out.append(')');
            } else if (n instanceof Repeat r) {
                boolean wrap = r.item instanceof Look;
                if (wrap) {
                    out.append("(?:");
                }
                node(r.item);
                if (wrap) {
                    out.append(')');
                }
                if (r.min == 0 && r.max == 1) {
                    out.append('?');
                } else if (r.min == 0 && r.max == PyRegex.INF) {
                    out.append('*');
                } else if (r.min == 1 && r.max == PyRegex.INF) {
                    out.append('+');
                } else if (r.max == PyRegex.INF) {
                    out.append('{').append(r.min).append(",}");
                } else if (r.min == r.max) {
                    out.append('{').append(r.min).append('}');
                } else {
                    out.append('{').append(r.min).append(',').append(r.max).append('}');
                }
                if (r.lazy) {
                    out.append('?');
                } else if (possessive.contains(r)) {
                    out.append('+');
                }
            } else if (n instanceof Backref b) {
                backref(b);
            } else if (n instanceof Seq s) {
                seq(s);
            } else if (n instanceof Alt a) {
                out.append("(?:");
                alt(a);
                out.append(')');
            } else {
                throw new IllegalStateException("conditional left after rewriting");
            }
        }

        void backref(Backref b) {
            List<Group> instances = new ArrayList<>();
            for (Group g : javaGroups) {
                if (g.origin == b.ref.origin && g.javaIndex <= opened) {
                    instances.add(g);
                }
            }
            if (instances.isEmpty()) {
                out.append("(?!)");
                return;
            }
            out.append("(?:");
            for (int i = 0; i < instances.size(); i++) {
                if (i > 0) {
                    out.append('|');
                }
                Group g = instances.get(i);
                if (g.javaName != null) {
                    out.append("\\k<").append(g.javaName).append('>');
                } else {
                    out.append('\\').append(g.javaIndex);
                }
            }
            out.append(')');
        }

        void at(At a) {
            String w = "[" + WORD + "]";
            switch (a.kind) {
                case BEGINNING -> out.append(multiline ? "(?<![^\\n])" : "^");
                case END -> out.append(multiline ? "(?![^\\n])" : "$");
                case BEGINNING_STRING -> out.append("\\A");
                case END_STRING -> out.append("\\z");
                case BOUNDARY -> out.append("(?:(?<=").append(w).append(")(?!").append(w)
                        .append(")|(?<!").append(w).append(")(?=").append(w).append("))");
                case NON_BOUNDARY -> out.append("(?:(?!\\A\\z)(?:(?<=").append(w).append(")(?=").append(w)
                        .append(")|(?<!").append(w).append(")(?!").append(w).append(")))");
                default -> throw new IllegalStateException();
            }
        }

        void charClass(CharClass c) {
            if (latin1Flags != 0) {
                out.append(latin1Class(classText(c), latin1Flags));
                return;
            }
            // A class without letters of its own needs no case-insensitive matching (Python's
            // categories are closed under its lowercasing), and Java tests it much faster without:
            // such classes are written in a (?-i:...) group.
            boolean caseless = c.items.stream().allMatch(i -> i.isCategory() || uncased(i.lo(), i.hi()));
            if (caseless) {
                out.append("(?-i:");
            }
            charClassBody(c);
            if (caseless) {
                out.append(')');
            }
        }

        private static boolean uncased(int lo, int hi) {
            if (hi - lo > 256) {
                return false;
            }
            for (int ch = lo; ch <= hi; ch++) {
                if (Character.toUpperCase(ch) != ch || Character.toLowerCase(ch) != ch
                        || Character.toTitleCase(ch) != ch || ch == 0x130 || ch == 0x131 || ch == 0x17F
                        || ch == 0x212A || ch == 0x212B || ch == 0x3C2 || ch == 0x345) {
                    return false;
                }
                if (ch >= 128) {
                    return false; // no table of what folds onto a non-ASCII character: keep CI
                }
            }
            return true;
        }

        private void charClassBody(CharClass c) {
            if (!c.negated && c.items.size() == 1 && c.items.get(0).isCategory()) {
                out.append(category(c.items.get(0).category()));
                return;
            }
            out.append('[');
            if (c.negated) {
                out.append('^');
            }
            for (ClassItem item : c.items) {
                if (item.isCategory()) {
                    out.append(switch (item.category()) {
                        case 'd' -> "\\p{Nd}";
                        case 'D' -> "\\P{Nd}";
                        case 'w' -> WORD;
                        case 'W' -> "[^" + WORD + "]";
                        case 's' -> SPACE;
                        default -> "[^" + SPACE + "]";
                    });
                } else if (item.lo() == item.hi()) {
                    literal(out, item.lo(), true);
                } else {
                    literal(out, item.lo(), true);
                    out.append('-');
                    literal(out, item.hi(), true);
                }
            }
            out.append(']');
        }

        static String category(char c) {
            return switch (c) {
                case 'd' -> "\\p{Nd}";
                case 'D' -> "\\P{Nd}";
                case 'w' -> "[" + WORD + "]";
                case 'W' -> "[^" + WORD + "]";
                case 's' -> "[" + SPACE + "]";
                default -> "[^" + SPACE + "]";
            };
        }
    }

    /** Appends a code point as a Java regex literal (inside a class or not). */
    static void literal(StringBuilder b, int cp, boolean inClass) {
        if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9')) {
            b.appendCodePoint(cp);
        } else if (cp == ' ') {
            b.append(' ');
        } else if (cp > 0x20 && cp < 0x7f) {
            b.append('\\').appendCodePoint(cp); // escaping a non-letter is always a literal in Java
        } else {
            b.append("\\x{").append(Integer.toHexString(cp)).append('}');
        }
    }

    // ------------------------------------------------------------ literals

    /**
     * Substrings every match must contain. Only what is certain counts: literal characters (ASCII
     * only, folded) in runs that nothing optional interrupts; a repeat counts only when its
     * minimum is at least one, an alternation only for what all its alternatives share.
     */
    static final class RequiredLiterals {

        private record Info(boolean exact, String text, String prefix, String suffix, List<String> required) {
            static final Info NONE = new Info(false, "", "", "", List.of());

            static Info exact(String s) {
                return new Info(true, s, s, s, List.of());
            }
        }

        private static final int MAX_LITERAL = 256;

        static List<String> of(Alt root) {
            Info info = analyze(root);
            List<String> all = new ArrayList<>(info.required);
            if (info.exact) {
                all.add(info.text);
            } else {
                all.add(info.prefix);
                all.add(info.suffix);
            }
            return minimal(all);
        }

        private static List<String> minimal(List<String> all) {
            List<String> sorted = new ArrayList<>(new LinkedHashSet<>(all));
            sorted.removeIf(String::isEmpty);
            sorted.sort((a, b) -> b.length() != a.length() ? b.length() - a.length() : a.compareTo(b));
            List<String> kept = new ArrayList<>();
            for (String s : sorted) {
                boolean covered = false;
                for (String k : kept) {
                    if (k.contains(s)) {
                        covered = true;
                        break;
                    }
                }
                if (!covered) {
                    kept.add(s);
                }
            }
            return List.copyOf(kept);
        }

        private static Info analyze(Node n) {
            if (n instanceof Lit l) {
                return literalInfo(l.cp);
            }
            if (n instanceof CharClass c) {
                if (!c.negated && c.items.size() == 1 && !c.items.get(0).isCategory()
                        && c.items.get(0).lo() == c.items.get(0).hi()) {
                    return literalInfo(c.items.get(0).lo());
                }
                return Info.NONE;
            }
            if (n instanceof Group g) {
                return analyze(g.body);
            }
            if (n instanceof Alt a) {
                if (a.branches.size() == 1) {
                    return analyze(a.branches.get(0));
                }
                return alternation(a);
            }
            if (n instanceof Seq s) {
                return sequence(s);
            }
            if (n instanceof Repeat r) {
                if (r.min == 0) {
                    return Info.NONE;
                }
                Info item = analyze(r.item);
                if (item.exact) {
                    String once = item.text;
                    long minLen = (long) once.length() * r.min;
                    String min = minLen <= MAX_LITERAL ? once.repeat((int) r.min) : once;
                    if (r.max == r.min && minLen <= MAX_LITERAL) {
                        return Info.exact(min);
                    }
                    return new Info(false, "", min, min, List.of(min));
                }
                List<String> req = new ArrayList<>(item.required);
                req.add(item.prefix);
                req.add(item.suffix);
                return new Info(false, "", item.prefix, item.suffix, req);
            }
            return Info.NONE; // AnyChar, At, Look, Backref
        }

        private static Info literalInfo(int cp) {
            if (cp >= 128) {
                return Info.NONE;
            }
            char c = (char) cp;
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + 32);
            }
            return Info.exact(String.valueOf(c));
        }

        private static Info sequence(Seq s) {
            if (s.items.isEmpty()) {
                return Info.exact("");
            }
            List<Info> infos = new ArrayList<>(s.items.size());
            boolean allExact = true;
            for (Node n : s.items) {
                Info i = analyze(n);
                infos.add(i);
                allExact &= i.exact;
            }
            if (allExact) {
                StringBuilder b = new StringBuilder();
                for (Info i : infos) {
                    b.append(i.text);
                }
                return b.length() <= MAX_LITERAL ? Info.exact(b.toString()) : new Info(false, "",
                        b.substring(0, MAX_LITERAL), b.substring(b.length() - MAX_LITERAL), List.of());
            }
            List<String> req = new ArrayList<>();
            StringBuilder run = new StringBuilder();
            String prefix = null;
            for (Info i : infos) {
                if (i.exact) {
                    run.append(i.text);
                    continue;
                }
                run.append(i.prefix);
                if (prefix == null) {
                    prefix = run.toString();
                }
                req.add(run.toString());
                req.addAll(i.required);
                run.setLength(0);
                run.append(i.suffix);
            }
            req.add(run.toString());
            String suffix = run.toString();
            return new Info(false, "", cap(prefix, true), cap(suffix, false), req);
        }

        private static String cap(String s, boolean prefix) {
            if (s.length() <= MAX_LITERAL) {
                return s;
            }
            return prefix ? s.substring(0, MAX_LITERAL) : s.substring(s.length() - MAX_LITERAL);
        }

        private static Info alternation(Alt a) {
            List<Info> infos = new ArrayList<>();
            for (Seq s : a.branches) {
                infos.add(analyze(s));
            }
            boolean allExactSame = infos.get(0).exact;
            for (Info i : infos) {
                allExactSame &= i.exact && i.text.equals(infos.get(0).text);
            }
            if (allExactSame) {
                return infos.get(0);
            }
            // what every alternative requires: a candidate of the first contained in one of each other
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
                boolean everywhere = true;
                for (int b = 1; b < each.size() && everywhere; b++) {
                    boolean found = false;
                    for (String other : each.get(b)) {
                        if (other.contains(cand)) {
                            found = true;
                            break;
                        }
                    }
                    everywhere = found;
                }
                if (everywhere) {
                    common.add(cand);
                }
            }
            return new Info(false, "", commonPrefix(infos), commonSuffix(infos), common);
        }

        private static String commonPrefix(List<Info> infos) {
            String p = infos.get(0).exact ? infos.get(0).text : infos.get(0).prefix;
            for (Info i : infos) {
                String q = i.exact ? i.text : i.prefix;
                int k = 0;
                while (k < p.length() && k < q.length() && p.charAt(k) == q.charAt(k)) {
                    k++;
                }
                p = p.substring(0, k);
            }
            return p;
        }

        private static String commonSuffix(List<Info> infos) {
            String p = infos.get(0).exact ? infos.get(0).text : infos.get(0).suffix;
            for (Info i : infos) {
                String q = i.exact ? i.text : i.suffix;
                int k = 0;
                while (k < p.length() && k < q.length()
                        && p.charAt(p.length() - 1 - k) == q.charAt(q.length() - 1 - k)) {
                    k++;
                }
                p = p.substring(p.length() - k);
            }
            return p;
        }
    }
}
