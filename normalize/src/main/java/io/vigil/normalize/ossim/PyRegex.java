package io.vigil.normalize.ossim;

import io.vigil.normalize.ossim.RegexTranslationException.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The syntax tree of a Python 2.7 {@code re} pattern and its parser. The parser follows the
 * grammar of Python 2.7's {@code sre_parse} (what it accepts, what it rejects and how it reads
 * ambiguous input such as {@code \12}, {@code {} or {@code []]}), so that a pattern means here what
 * it meant to the agent.
 */
final class PyRegex {

    private PyRegex() {}

    static final int FLAG_IGNORECASE = 1;
    static final int FLAG_LOCALE = 2;
    static final int FLAG_MULTILINE = 4;
    static final int FLAG_DOTALL = 8;
    static final int FLAG_UNICODE = 16;
    static final int FLAG_VERBOSE = 32;
    static final int FLAG_TEMPLATE = 64;

    static final long INF = -1;

    // ------------------------------------------------------------------ nodes

    abstract static class Node {
        /** Deep copy; capturing groups are replaced through the map (new instances are added). */
        abstract Node copy(Map<Group, Group> groups);
    }

    /** One literal code point. */
    static final class Lit extends Node {
        final int cp;

        Lit(int cp) {
            this.cp = cp;
        }

        @Override
        Node copy(Map<Group, Group> groups) {
            return this;
        }
    }

    /** {@code .} */
    static final class AnyChar extends Node {
        @Override
        Node copy(Map<Group, Group> groups) {
            return this;
        }
    }

    /** A character class item: a range (lo..hi, equal for one character) or a category. */
    record ClassItem(int lo, int hi, char category) {
        static ClassItem range(int lo, int hi) {
            return new ClassItem(lo, hi, '\0');
        }

        static ClassItem category(char c) {
            return new ClassItem(0, 0, c);
        }

        boolean isCategory() {
            return category != '\0';
        }
    }

    /** {@code [...]}, or a category escape such as {@code \d} outside a class. */
    static final class CharClass extends Node {
        final boolean negated;
        final List<ClassItem> items;

        CharClass(boolean negated, List<ClassItem> items) {
            this.negated = negated;
            this.items = List.copyOf(items);
        }

        @Override
        Node copy(Map<Group, Group> groups) {
            return this;
        }
    }

    enum AtKind { BEGINNING, END, BEGINNING_STRING, END_STRING, BOUNDARY, NON_BOUNDARY }

    /** A zero-width assertion: {@code ^ $ \A \Z \b \B}. */
    static final class At extends Node {
        final AtKind kind;

        At(AtKind kind) {
            this.kind = kind;
        }

        @Override
        Node copy(Map<Group, Group> groups) {
            return this;
        }
    }

    /** A group: capturing (pyIndex > 0, maybe named) or not. */
    static final class Group extends Node {
        final int pyIndex; // 0: non-capturing
        final String pyName;
        Alt body;
        /** The group of the original pattern this one copies (itself for an original). */
        Group origin;
        /** Where the group starts in the Python pattern. */
        final int offset;
        int javaIndex;
        String javaName;

        Group(int pyIndex, String pyName, Alt body, int offset) {
            this.pyIndex = pyIndex;
            this.pyName = pyName;
            this.body = body;
            this.origin = this;
            this.offset = offset;
        }

        boolean capturing() {
            return pyIndex > 0;
        }

        @Override
        Node copy(Map<Group, Group> groups) {
            Group g = new Group(pyIndex, pyName, null, offset);
            g.origin = origin;
            if (capturing()) {
                groups.put(this, g);
            }
            g.body = (Alt) body.copy(groups);
            return g;
        }
    }

    /** {@code (?=...) (?!...) (?<=...) (?<!...)} */
    static final class Look extends Node {
        final boolean behind;
        final boolean negative;
        Alt body;

        Look(boolean behind, boolean negative, Alt body) {
            this.behind = behind;
            this.negative = negative;
            this.body = body;
        }

        @Override
        Node copy(Map<Group, Group> groups) {
            return new Look(behind, negative, (Alt) body.copy(groups));
        }
    }

    /** {@code (?(name)yes|no)} or {@code (?(1)yes|no)}. */
    static final class Cond extends Node {
        /** The group tested; null when the pattern has no such group (then it never matched). */
        Group ref;
        final String refText;
        final int offset;
        Seq yes;
        Seq no; // may be empty

        Cond(Group ref, String refText, int offset, Seq yes, Seq no) {
            this.ref = ref;
            this.refText = refText;
            this.offset = offset;
            this.yes = yes;
            this.no = no;
        }

        @Override
        Node copy(Map<Group, Group> groups) {
            Seq y = (Seq) yes.copy(groups);
            Seq n = (Seq) no.copy(groups);
            Group r = ref == null ? null : groups.getOrDefault(ref, ref);
            return new Cond(r, refText, offset, y, n);
        }
    }

    /** A repeat: {@code * + ? {m,n}} and their lazy forms. */
    static final class Repeat extends Node {
        Node item;
        final long min;
        final long max; // INF for no bound
        final boolean lazy;

        Repeat(Node item, long min, long max, boolean lazy) {
            this.item = item;
            this.min = min;
            this.max = max;
            this.lazy = lazy;
        }

        @Override
        Node copy(Map<Group, Group> groups) {
            return new Repeat(item.copy(groups), min, max, lazy);
        }
    }

    /** {@code \1} or {@code (?P=name)}: matches what every copy of that group matched. */
    static final class Backref extends Node {
        final Group ref;

        Backref(Group ref) {
            this.ref = ref;
        }

        @Override
        Node copy(Map<Group, Group> groups) {
            return this; // refers to the origin: emitted over all its copies
        }
    }

    static final class Seq extends Node {
        final List<Node> items;

        Seq(List<Node> items) {
            this.items = items;
        }

        @Override
        Node copy(Map<Group, Group> groups) {
            List<Node> c = new ArrayList<>(items.size());
            for (Node n : items) {
                c.add(n.copy(groups));
            }
            return new Seq(c);
        }
    }

    static final class Alt extends Node {
        final List<Seq> branches;

        Alt(List<Seq> branches) {
            this.branches = branches;
        }

        @Override
        Node copy(Map<Group, Group> groups) {
            List<Seq> c = new ArrayList<>(branches.size());
            for (Seq s : branches) {
                c.add((Seq) s.copy(groups));
            }
            return new Alt(c);
        }
    }

    /** A parsed pattern: the tree, the global flags, and the groups in Python's numbering. */
    static final class Parsed {
        final Alt root;
        final int flags;
        final List<Group> groups; // index i = Python group i+1
        final Map<String, Group> names;

        Parsed(Alt root, int flags, List<Group> groups, Map<String, Group> names) {
            this.root = root;
            this.flags = flags;
            this.groups = groups;
            this.names = names;
        }
    }

    // ------------------------------------------------------------------ parser

    static Parsed parse(String pattern) throws RegexTranslationException {
        Parser p = new Parser(pattern, FLAG_IGNORECASE | FLAG_UNICODE);
        Parsed parsed = p.parseAll();
        if ((parsed.flags & FLAG_VERBOSE) != 0) {
            // as sre_parse: VERBOSE switched on inside the pattern, parse it all again with it
            parsed = new Parser(pattern, parsed.flags).parseAll();
        }
        return parsed;
    }

    private static final String SPECIAL_CHARS = ".\\[{()*+?^$|";
    private static final String REPEAT_CHARS = "*+?{";
    private static final String FLAG_CHARS = "iLmsxtu";

    private static final class Parser {
        private final String s;
        private final int verboseFlags;
        private int index; // position after the current token
        private int tokCp; // current token's character (-1 at the end)
        private boolean tokEsc; // current token is a backslash escape
        private int tokStart;

        private int flags;
        private final List<Group> groups = new ArrayList<>();
        private final Map<String, Group> names = new HashMap<>();
        private final Set<Group> open = new HashSet<>();
        private final List<Cond> numericConds = new ArrayList<>();
        private final Map<Cond, Integer> numericRefs = new IdentityHashMap<>();

        Parser(String s, int flags) throws RegexTranslationException {
            this.s = s;
            this.flags = flags;
            this.verboseFlags = flags;
            this.index = 0;
            next();
        }

        // tokenizer: one character, or a backslash and the character after it
        private void next() throws RegexTranslationException {
            tokStart = index;
            if (index >= s.length()) {
                tokCp = -1;
                tokEsc = false;
                return;
            }
            int c = s.codePointAt(index);
            if (c == '\\') {
                if (index + 1 >= s.length()) {
                    throw pyError("bogus escape (end of line)", index);
                }
                int c2 = s.codePointAt(index + 1);
                tokCp = c2;
                tokEsc = true;
                index += 1 + Character.charCount(c2);
            } else {
                tokCp = c;
                tokEsc = false;
                index += Character.charCount(c);
            }
        }

        private boolean atEnd() {
            return tokCp < 0;
        }

        private boolean is(int c) {
            return !tokEsc && tokCp == c;
        }

        private boolean match(int c) throws RegexTranslationException {
            if (is(c)) {
                next();
                return true;
            }
            return false;
        }

        private boolean nextIn(String chars) {
            return !tokEsc && tokCp >= 0 && tokCp < 128 && chars.indexOf(tokCp) >= 0;
        }

        private int[] tell() {
            return new int[] {index, tokCp, tokEsc ? 1 : 0, tokStart};
        }

        private void seek(int[] state) {
            index = state[0];
            tokCp = state[1];
            tokEsc = state[2] == 1;
            tokStart = state[3];
        }

        /** The current token as Python's tokenizer would give it, then advance. */
        private String getToken() throws RegexTranslationException {
            if (atEnd()) {
                return null;
            }
            String t = tokEsc ? "\\" + Character.toString(tokCp) : Character.toString(tokCp);
            next();
            return t;
        }

        Parsed parseAll() throws RegexTranslationException {
            Alt root = parseSub(0);
            if (!atEnd()) {
                if (is(')')) {
                    throw pyError("unbalanced parenthesis", tokStart);
                }
                throw pyError("bogus characters at end of regular expression", tokStart);
            }
            // numeric conditions may name groups opened later (or none at all)
            for (Cond c : numericConds) {
                int n = numericRefs.get(c);
                if (n < 1 || n > groups.size()) {
                    // sre_compile's validation refuses it ("invalid SRE code")
                    throw pyError("conditional refers to group " + n + " but the pattern has "
                            + groups.size() + " groups", c.offset);
                }
                c.ref = groups.get(n - 1);
            }
            if ((flags & FLAG_LOCALE) != 0) {
                throw unsupported("the LOCALE flag (?L)", -1);
            }
            if ((flags & FLAG_TEMPLATE) != 0) {
                throw unsupported("the TEMPLATE flag (?t)", -1);
            }
            return new Parsed(root, flags, List.copyOf(groups), Map.copyOf(names));
        }

        private Alt parseSub(int nested) throws RegexTranslationException {
            List<Seq> items = new ArrayList<>();
            while (true) {
                items.add(parseSeq(nested + 1));
                if (match('|')) {
                    continue;
                }
                if (nested == 0) {
                    break;
                }
                if (atEnd() || is(')')) {
                    break;
                }
                throw pyError("pattern not properly closed", tokStart);
            }
            return new Alt(items);
        }

        private Seq parseSeq(int nested) throws RegexTranslationException {
            List<Node> items = new ArrayList<>();
            while (true) {
                if (is('|') || is(')')) {
                    break;
                }
                if (atEnd()) {
                    break;
                }
                int start = tokStart;
                int c = tokCp;
                boolean esc = tokEsc;
                next();
                if ((flags & FLAG_VERBOSE) != 0 && !esc) {
                    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == '\f') {
                        continue;
                    }
                    if (c == '#') {
                        while (!atEnd() && !(is('\n'))) {
                            next();
                        }
                        if (!atEnd()) {
                            next();
                        }
                        continue;
                    }
                }
                if (esc) {
                    items.add(escape(c, start));
                } else if (c >= 128 || SPECIAL_CHARS.indexOf(c) < 0) {
                    items.add(new Lit(c));
                } else if (c == '[') {
                    items.add(parseClass(start));
                } else if (REPEAT_CHARS.indexOf(c) >= 0) {
                    long min;
                    long max;
                    if (c == '?') {
                        min = 0;
                        max = 1;
                    } else if (c == '*') {
                        min = 0;
                        max = INF;
                    } else if (c == '+') {
                        min = 1;
                        max = INF;
                    } else { // '{'
                        if (is('}')) {
                            items.add(new Lit('{'));
                            continue;
                        }
                        int[] here = tell();
                        StringBuilder lo = new StringBuilder();
                        StringBuilder hi = new StringBuilder();
                        while (nextIn("0123456789")) {
                            lo.appendCodePoint(tokCp);
                            next();
                        }
                        if (match(',')) {
                            while (nextIn("0123456789")) {
                                hi.appendCodePoint(tokCp);
                                next();
                            }
                        } else {
                            hi.append(lo);
                        }
                        if (!match('}')) {
                            items.add(new Lit('{'));
                            seek(here);
                            continue;
                        }
                        min = 0;
                        max = INF;
                        if (lo.length() > 0) {
                            min = parseCount(lo.toString(), start);
                        }
                        if (hi.length() > 0) {
                            max = parseCount(hi.toString(), start);
                            if (max < min) {
                                throw pyError("bad repeat interval", start);
                            }
                        }
                    }
                    if (items.isEmpty() || items.get(items.size() - 1) instanceof At) {
                        throw pyError("nothing to repeat", start);
                    }
                    Node last = items.get(items.size() - 1);
                    if (last instanceof Repeat) {
                        throw pyError("multiple repeat", start);
                    }
                    boolean lazy = match('?');
                    items.set(items.size() - 1, new Repeat(last, min, max, lazy));
                } else if (c == '.') {
                    items.add(new AnyChar());
                } else if (c == '(') {
                    Node n = parseGroup(start, nested);
                    if (n != null) {
                        items.add(n);
                    }
                } else if (c == '^') {
                    items.add(new At(AtKind.BEGINNING));
                } else if (c == '$') {
                    items.add(new At(AtKind.END));
                } else {
                    throw pyError("parser error", start);
                }
            }
            return new Seq(items);
        }

        private long parseCount(String digits, int at) throws RegexTranslationException {
            // Python 2.7: MAXREPEAT is 4294967295; Java counts are ints
            if (digits.length() > 10 || Long.parseLong(digits) >= 4294967295L) {
                throw pyError("the repetition number is too large", at);
            }
            long v = Long.parseLong(digits);
            if (v > Integer.MAX_VALUE - 1) {
                throw unsupported("repetition count " + v + " is beyond Java's limit", at);
            }
            return v;
        }

        /** After '(': a group, an assertion, a conditional, a comment or flags (null). */
        private Node parseGroup(int start, int nested) throws RegexTranslationException {
            boolean capture = true;
            String name = null;
            Integer condNumber = null;
            Group condGroup = null;
            String condText = null;
            if (match('?')) {
                capture = false;
                if (match('P')) {
                    if (match('<')) {
                        name = readName('>', "unterminated name");
                        if (name.isEmpty()) {
                            throw pyError("missing group name", start);
                        }
                        if (!isName(name)) {
                            throw pyError("bad character in group name '" + name + "'", start);
                        }
                        capture = true;
                    } else if (match('=')) {
                        String ref = readName(')', "unterminated name");
                        if (ref.isEmpty()) {
                            throw pyError("missing group name", start);
                        }
                        if (!isName(ref)) {
                            throw pyError("bad character in backref group name '" + ref + "'", start);
                        }
                        Group g = names.get(ref);
                        if (g == null) {
                            throw pyError("unknown group name: '" + ref + "'", start);
                        }
                        return new Backref(g);
                    } else {
                        if (atEnd()) {
                            throw pyError("unexpected end of pattern", start);
                        }
                        throw pyError("unknown specifier: ?P" + Character.toString(tokCp), start);
                    }
                } else if (match(':')) {
                    // non-capturing group
                } else if (match('#')) {
                    while (!atEnd() && !is(')')) {
                        next();
                    }
                    if (!match(')')) {
                        throw pyError("unbalanced parenthesis", start);
                    }
                    return null;
                } else if (nextIn("=!<")) {
                    int ch = tokCp;
                    next();
                    boolean behind = false;
                    if (ch == '<') {
                        if (!nextIn("=!")) {
                            throw pyError("syntax error", start);
                        }
                        behind = true;
                        ch = tokCp;
                        next();
                    }
                    Alt body = parseSub(nested + 1);
                    if (!match(')')) {
                        throw pyError("unbalanced parenthesis", start);
                    }
                    Look look = new Look(behind, ch == '!', body);
                    if (behind) {
                        long[] w = width(body);
                        if (w[0] != w[1]) {
                            throw pyError("look-behind requires fixed-width pattern", start);
                        }
                    }
                    return look;
                } else if (match('(')) {
                    condText = readName(')', "unterminated name");
                    if (condText.isEmpty()) {
                        throw pyError("missing group name", start);
                    }
                    if (isName(condText)) {
                        condGroup = names.get(condText);
                        if (condGroup == null) {
                            throw pyError("unknown group name: '" + condText + "'", start);
                        }
                    } else {
                        try {
                            condNumber = Integer.valueOf(condText.strip());
                        } catch (NumberFormatException e) {
                            throw pyError("bad character in group name", start);
                        }
                    }
                } else {
                    if (!nextIn(FLAG_CHARS)) {
                        throw pyError("unexpected end of pattern", start);
                    }
                    while (nextIn(FLAG_CHARS)) {
                        flags |= switch (tokCp) {
                            case 'i' -> FLAG_IGNORECASE;
                            case 'L' -> FLAG_LOCALE;
                            case 'm' -> FLAG_MULTILINE;
                            case 's' -> FLAG_DOTALL;
                            case 'x' -> FLAG_VERBOSE;
                            case 't' -> FLAG_TEMPLATE;
                            default -> FLAG_UNICODE;
                        };
                        next();
                    }
                    // a flags group holds nothing: anything but ')' is an error
                    if (atEnd()) {
                        throw pyError("unexpected end of pattern", start);
                    }
                    if (!match(')')) {
                        throw pyError("unknown extension", start);
                    }
                    return null;
                }
            }
            boolean conditional = condGroup != null || (condNumber != null && condNumber != 0);
            Group group = null;
            if (capture) {
                group = new Group(groups.size() + 1, name, null, start);
                if (name != null) {
                    if (names.containsKey(name)) {
                        throw pyError("redefinition of group name '" + name + "' as group " + group.pyIndex
                                + "; was group " + names.get(name).pyIndex, start);
                    }
                    names.put(name, group);
                }
                groups.add(group);
                open.add(group);
            }
            Node result;
            if (conditional) {
                Seq yes = parseSeq(nested + 1);
                Seq no = new Seq(new ArrayList<>());
                if (match('|')) {
                    no = parseSeq(nested + 1);
                    if (is('|')) {
                        throw pyError("conditional backref with more than two branches", start);
                    }
                }
                if (!atEnd() && !is(')')) {
                    throw pyError("pattern not properly closed", tokStart);
                }
                Cond cond = new Cond(condGroup, condText, start, yes, no);
                if (condGroup == null) {
                    numericConds.add(cond);
                    numericRefs.put(cond, condNumber);
                }
                result = cond;
            } else {
                Alt body = parseSub(nested + 1);
                if (group != null) {
                    group.body = body;
                    result = group;
                } else {
                    result = new Group(0, null, body, start);
                }
            }
            if (!match(')')) {
                throw pyError("unbalanced parenthesis", start);
            }
            if (group != null) {
                open.remove(group);
            }
            return result;
        }

        private String readName(int terminator, String unterminated) throws RegexTranslationException {
            StringBuilder b = new StringBuilder();
            while (true) {
                String t = getToken();
                if (t == null) {
                    throw pyError(unterminated, tokStart);
                }
                if (t.length() == 1 && t.codePointAt(0) == terminator) {
                    break;
                }
                b.append(t);
            }
            return b.toString();
        }

        private static boolean isIdent(int c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
        }

        private static boolean isName(String name) {
            if (name.isEmpty() || !isIdent(name.charAt(0))) {
                return false;
            }
            for (int i = 1; i < name.length(); i++) {
                char c = name.charAt(i);
                if (!isIdent(c) && !(c >= '0' && c <= '9')) {
                    return false;
                }
            }
            return true;
        }

        /** An escape outside a class: sre_parse's _escape. */
        private Node escape(int c, int start) throws RegexTranslationException {
            switch (c) {
                case 'A': return new At(AtKind.BEGINNING_STRING);
                case 'b': return new At(AtKind.BOUNDARY);
                case 'B': return new At(AtKind.NON_BOUNDARY);
                case 'Z': return new At(AtKind.END_STRING);
                case 'd': case 'D': case 's': case 'S': case 'w': case 'W':
                    return new CharClass(false, List.of(ClassItem.category((char) c)));
                case 'a': return new Lit(0x07);
                case 'f': return new Lit(0x0C);
                case 'n': return new Lit('\n');
                case 'r': return new Lit('\r');
                case 't': return new Lit('\t');
                case 'v': return new Lit(0x0B);
                case '\\': return new Lit('\\');
                default: break;
            }
            if (c == 'x') {
                StringBuilder hex = new StringBuilder();
                while (nextIn("0123456789abcdefABCDEF") && hex.length() < 2) {
                    hex.appendCodePoint(tokCp);
                    next();
                }
                if (hex.length() != 2) {
                    throw pyError("bogus escape: '\\x" + hex + "'", start);
                }
                return new Lit(Integer.parseInt(hex.toString(), 16));
            }
            if (c == '0') {
                StringBuilder oct = new StringBuilder("0");
                while (nextIn("01234567") && oct.length() < 3) {
                    oct.appendCodePoint(tokCp);
                    next();
                }
                return new Lit(Integer.parseInt(oct.toString(), 8) & 0xff);
            }
            if (c >= '1' && c <= '9') {
                StringBuilder digits = new StringBuilder().appendCodePoint(c);
                if (nextIn("0123456789")) {
                    digits.appendCodePoint(tokCp);
                    next();
                    if (isOct(digits.charAt(0)) && isOct(digits.charAt(1)) && nextIn("01234567")) {
                        digits.appendCodePoint(tokCp);
                        next();
                        return new Lit(Integer.parseInt(digits.toString(), 8) & 0xff);
                    }
                }
                int group = Integer.parseInt(digits.toString());
                if (group < groups.size() + 1) {
                    Group g = groups.get(group - 1);
                    if (open.contains(g)) {
                        throw pyError("cannot refer to open group", start);
                    }
                    return new Backref(g);
                }
                throw pyError("bogus escape: '\\" + digits + "'", start);
            }
            return new Lit(c); // Python 2: any other escaped character is itself
        }

        private static boolean isOct(char c) {
            return c >= '0' && c <= '7';
        }

        /** An escape inside a class: sre_parse's _class_escape (a category, or one code point). */
        private ClassItem classEscape(int c, int start) throws RegexTranslationException {
            switch (c) {
                case 'a': return ClassItem.range(0x07, 0x07);
                case 'b': return ClassItem.range(0x08, 0x08);
                case 'f': return ClassItem.range(0x0C, 0x0C);
                case 'n': return ClassItem.range('\n', '\n');
                case 'r': return ClassItem.range('\r', '\r');
                case 't': return ClassItem.range('\t', '\t');
                case 'v': return ClassItem.range(0x0B, 0x0B);
                case '\\': return ClassItem.range('\\', '\\');
                case 'd': case 'D': case 's': case 'S': case 'w': case 'W':
                    return ClassItem.category((char) c);
                default: break;
            }
            if (c == 'x') {
                StringBuilder hex = new StringBuilder();
                while (nextIn("0123456789abcdefABCDEF") && hex.length() < 2) {
                    hex.appendCodePoint(tokCp);
                    next();
                }
                if (hex.length() != 2) {
                    throw pyError("bogus escape: '\\x" + hex + "'", start);
                }
                int v = Integer.parseInt(hex.toString(), 16);
                return ClassItem.range(v, v);
            }
            if (c >= '0' && c <= '7') {
                StringBuilder oct = new StringBuilder().appendCodePoint(c);
                while (nextIn("01234567") && oct.length() < 3) {
                    oct.appendCodePoint(tokCp);
                    next();
                }
                int v = Integer.parseInt(oct.toString(), 8) & 0xff;
                return ClassItem.range(v, v);
            }
            if (c == '8' || c == '9') {
                throw pyError("bogus escape: '\\" + Character.toString(c) + "'", start);
            }
            return ClassItem.range(c, c);
        }

        private Node parseClass(int start) throws RegexTranslationException {
            List<ClassItem> items = new ArrayList<>();
            boolean negated = match('^');
            boolean first = true;
            while (true) {
                if (atEnd()) {
                    throw pyError("unexpected end of regular expression", start);
                }
                int itemStart = tokStart;
                int c = tokCp;
                boolean esc = tokEsc;
                next();
                if (!esc && c == ']' && !first) {
                    break;
                }
                first = false;
                ClassItem code1 = esc ? classEscape(c, itemStart) : ClassItem.range(c, c);
                if (match('-')) {
                    if (atEnd()) {
                        throw pyError("unexpected end of regular expression", start);
                    }
                    int c2 = tokCp;
                    boolean esc2 = tokEsc;
                    int c2Start = tokStart;
                    next();
                    if (!esc2 && c2 == ']') {
                        items.add(code1);
                        items.add(ClassItem.range('-', '-'));
                        break;
                    }
                    ClassItem code2 = esc2 ? classEscape(c2, c2Start) : ClassItem.range(c2, c2);
                    if (code1.isCategory() || code2.isCategory()) {
                        throw pyError("bad character range", itemStart);
                    }
                    if (code2.lo() < code1.lo()) {
                        throw pyError("bad character range", itemStart);
                    }
                    items.add(ClassItem.range(code1.lo(), code2.lo()));
                } else {
                    items.add(code1);
                }
            }
            return new CharClass(negated, items);
        }

        private RegexTranslationException pyError(String message, int at) {
            return new RegexTranslationException(Kind.PYTHON_ERROR, message, at);
        }

        private RegexTranslationException unsupported(String message, int at) {
            return new RegexTranslationException(Kind.UNSUPPORTED, message, at);
        }
    }

    // ------------------------------------------------------------------ widths

    /** sre_parse's getwidth: (min, max) characters a node matches; max capped at 2^32-1. */
    static long[] width(Node n) {
        final long maxRepeat = 4294967295L;
        if (n instanceof Lit || n instanceof AnyChar || n instanceof CharClass) {
            return new long[] {1, 1};
        }
        if (n instanceof Group g) {
            return width(g.body);
        }
        if (n instanceof Alt a) {
            long lo = maxRepeat - 1;
            long hi = 0;
            for (Seq s : a.branches) {
                long[] w = width(s);
                lo = Math.min(lo, w[0]);
                hi = Math.max(hi, w[1]);
            }
            if (a.branches.size() == 1) {
                return width(a.branches.get(0));
            }
            return new long[] {lo, hi};
        }
        if (n instanceof Seq s) {
            long lo = 0;
            long hi = 0;
            for (Node c : s.items) {
                long[] w = width(c);
                lo = Math.min(lo + w[0], maxRepeat - 1);
                hi = Math.min(hi + w[1], maxRepeat);
            }
            return new long[] {lo, hi};
        }
        if (n instanceof Repeat r) {
            long[] w = width(r.item);
            long max = r.max == INF ? maxRepeat : r.max;
            return new long[] {Math.min(w[0] * r.min, maxRepeat - 1), Math.min(sat(w[1], max), maxRepeat)};
        }
        return new long[] {0, 0}; // At, Look, Backref, Cond
    }

    private static long sat(long a, long b) {
        if (a != 0 && b > Long.MAX_VALUE / a) {
            return Long.MAX_VALUE;
        }
        return a * b;
    }
}
