package io.vigil.normalize.ossim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plugin field value ({@code src_ip={resolv($src)}}, {@code userdata1=user {$1}},
 * {@code plugin_sid={translate($code)}}, ...) compiled once and evaluated for every match.
 *
 * <p>The forms, as the OSSIM agent reads them (os-sim/agent/src/Config.py):
 * <ul>
 * <li>{@code {$name}} and {@code {$1}}: a named or numbered group of the rule's regexp; a
 *     group that did not take part gives "" (the agent turns None into "").</li>
 * <li>{@code {f($a)}}, {@code {f($a,$b)}}: a function of {@link FieldFunctions} applied to
 *     groups.</li>
 * <li>{@code {translate($a)}}: the group looked up in the plugin's {@code [translation]}
 *     section; not found, its {@code _DEFAULT_}; no {@code _DEFAULT_} (or no section), the
 *     group's own value. {@code {translate2($a,$section)}} does the same with the named
 *     section. As in the agent, a translation is the whole field: text around it is dropped.</li>
 * <li>{@code $CONCAT(p1,p2,...)}, as the whole value: the parameters joined, each
 *     {@code $name} or {@code $1} being a group and anything else literal text, spaces
 *     included (the agent splits on commas and trims nothing). Text after the closing
 *     parenthesis is dropped, as the agent does.</li>
 * <li>Anything else is literal text, and literals and the forms above mix freely:
 *     {@code {$a}-{$b}}, {@code http://{resolv($host)}{$path}}.</li>
 * </ul>
 *
 * <p>Text that looks like a form but that the agent leaves as it is ({@code {resolv(host)}}
 * without {@code $}, {@code {username}}, {@code {$CONCAT(...)}}) stays literal text here too,
 * and {@link #warnings()} says so. An unknown function, a function given the wrong number of
 * arguments, an argument that is not a {@code $variable}, and the agent's
 * {@code {:custom($x)}} functions (which it never implements) are {@link TemplateException}s.
 *
 * <p>Substituted values are never read again as templates (the agent rescans its output, so
 * a log line could inject a function call). Instances are immutable and thread-safe.
 */
public final class FieldTemplate {

    private static final String TRANSLATION_SECTION = "translation";
    private static final String TRANSLATION_DEFAULT = "_DEFAULT_";

    private static final Pattern CALL = Pattern.compile("\\{(\\w+)\\(([^)]*)\\)}");
    private static final Pattern CUSTOM_CALL = Pattern.compile("\\{:(\\w+)\\(([^)]*)\\)}");
    private static final Pattern CALL_OUTSIDE = Pattern.compile("(\\w+)\\($");
    private static final Pattern BARE_NAME = Pattern.compile("\\{([A-Za-z_]\\w*)}");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern NUMBER = Pattern.compile("[1-9][0-9]{0,8}");

    /** A piece of a template. */
    private sealed interface Part permits Literal, Var, Call, Translate, Concat {
        String eval(GroupValues g, Translations t, Instant ref);
    }

    private record Literal(String text) implements Part {
        @Override
        public String eval(GroupValues g, Translations t, Instant ref) {
            return text;
        }
    }

    private record Var(String name, int number) implements Part {
        @Override
        public String eval(GroupValues g, Translations t, Instant ref) {
            String v = number > 0 ? g.numbered(number) : g.named(name);
            return v == null ? "" : v;
        }
    }

    private record Call(FieldFunctions functions, FieldFunctions.Fn fn, Var[] args) implements Part {
        @Override
        public String eval(GroupValues g, Translations t, Instant ref) {
            String[] values = new String[args.length];
            for (int i = 0; i < args.length; i++) values[i] = args[i].eval(g, t, ref);
            return functions.invoke(fn, values, ref);
        }
    }

    private record Translate(Var var, String section) implements Part {
        @Override
        public String eval(GroupValues g, Translations t, Instant ref) {
            String key = var.eval(g, t, ref);
            Map<String, String> table = t == null ? null : t.table(section);
            if (table == null) return key;
            String v = lookup(table, key);
            if (v == null) v = lookup(table, TRANSLATION_DEFAULT);
            return v == null ? key : v;
        }

        /** ConfigParser lowercases option names, so the agent's lookups ignore case. */
        private static String lookup(Map<String, String> table, String key) {
            String v = table.get(key);
            if (v == null) {
                String lower = key.toLowerCase(Locale.ROOT);
                if (!lower.equals(key)) v = table.get(lower);
            }
            return v;
        }
    }

    private record Concat(Part[] parts) implements Part {
        @Override
        public String eval(GroupValues g, Translations t, Instant ref) {
            return join(parts, g, t, ref);
        }
    }

    private final String text;
    private final FieldFunctions functions;
    private final Part[] parts;
    private final Set<String> groupNames;
    private final SortedSet<Integer> groupNumbers;
    private final Set<String> sections;
    private final Set<String> functionNames;
    private final List<String> warnings;

    private FieldTemplate(String text, FieldFunctions functions, Part[] parts, Parser p) {
        this.text = text;
        this.functions = functions;
        this.parts = parts;
        this.groupNames = Collections.unmodifiableSet(p.names);
        this.groupNumbers = Collections.unmodifiableSortedSet(p.numbers);
        this.sections = Collections.unmodifiableSet(p.sections);
        this.functionNames = Collections.unmodifiableSet(p.functions);
        this.warnings = List.copyOf(p.warnings);
    }

    /**
     * Compiles a field value as the INI layer gives it (quotes already stripped as the
     * agent's {@code Conf.get} does, {@code %(name)s} already interpolated).
     */
    public static FieldTemplate compile(String text, FieldFunctions functions) throws TemplateException {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(functions, "functions");
        Parser p = new Parser(text, functions);
        Part[] parts = p.parse();
        return new FieldTemplate(text, functions, parts, p);
    }

    /** The value for a match, dates without a year placed against the functions' clock. Never null. */
    public String evaluate(GroupValues groups, Translations translations) {
        return evaluate(groups, translations, null);
    }

    /**
     * The value for a match; {@code reference} (the line's receive time; null: now) anchors
     * dates written without a year. "" where the agent would send no value. Never null.
     */
    public String evaluate(GroupValues groups, Translations translations, Instant reference) {
        return join(parts, groups, translations, reference);
    }

    private static String join(Part[] parts, GroupValues g, Translations t, Instant ref) {
        switch (parts.length) {
            case 0:
                return "";
            case 1:
                return parts[0].eval(g, t, ref);
            default:
                StringBuilder b = new StringBuilder();
                for (Part part : parts) b.append(part.eval(g, t, ref));
                return b.toString();
        }
    }

    /** The value as written. */
    public String text() {
        return text;
    }

    /** The functions this template calls (and whose zone and resolver it uses). */
    public FieldFunctions functions() {
        return functions;
    }

    /** True when the value refers to nothing: it evaluates to its text, always. */
    public boolean isConstant() {
        return parts.length == 0 || (parts.length == 1 && parts[0] instanceof Literal);
    }

    /** The constant value, or null when the value depends on the match. */
    public String constantValue() {
        if (parts.length == 0) return "";
        return isConstant() ? ((Literal) parts[0]).text() : null;
    }

    /** The named groups referred to (Python names), for the loader to check against the regexp. */
    public Set<String> groupNames() {
        return groupNames;
    }

    /** The numbered groups referred to. */
    public SortedSet<Integer> groupNumbers() {
        return groupNumbers;
    }

    /** The translation sections read ({@code translation} for translate, the named one for translate2). */
    public Set<String> translationSections() {
        return sections;
    }

    /** The functions called, by their agent names. */
    public Set<String> functionNames() {
        return functionNames;
    }

    /** What in the value the agent (and so Vigil) reads differently from how it probably was meant. */
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public String toString() {
        return text;
    }

    /** Reads a template. */
    private static final class Parser {
        final String text;
        final FieldFunctions fns;
        final Set<String> names = new LinkedHashSet<>();
        final SortedSet<Integer> numbers = new TreeSet<>();
        final Set<String> sections = new LinkedHashSet<>();
        final Set<String> functions = new LinkedHashSet<>();
        final List<String> warnings = new ArrayList<>();

        Parser(String text, FieldFunctions fns) {
            this.text = text;
            this.fns = fns;
        }

        Part[] parse() throws TemplateException {
            if (text.startsWith("$CONCAT(")) {
                // the agent's re.match("\$CONCAT\((?P<params>.*)\)"): up to the last ')' of the first line
                int newline = text.indexOf('\n');
                int close = text.lastIndexOf(')', newline < 0 ? text.length() - 1 : newline - 1);
                if (close >= "$CONCAT(".length()) return new Part[] {concat(close)};
            }
            int inner = text.indexOf("$CONCAT(", 1);
            if (inner >= 0 && text.charAt(inner - 1) != '{') {
                warn(inner, "$CONCAT only works as the whole value; the agent leaves it as text");
            }
            List<Part> parts = sequence(0, text.length());
            // A translation is the whole field in the agent.
            Part translation = null;
            int count = 0;
            for (Part part : parts) {
                if (part instanceof Translate) {
                    translation = part;
                    count++;
                }
            }
            if (translation != null) {
                if (parts.size() > 1) {
                    warn(0, count > 1
                            ? "several translations: the agent keeps only the last one as the whole value"
                            : "a translation replaces the whole value in the agent; the text around it is dropped");
                }
                return new Part[] {translation};
            }
            return parts.toArray(Part[]::new);
        }

        /** {@code $CONCAT(p1,p2,...)} with its closing parenthesis at {@code close}. */
        private Part concat(int close) throws TemplateException {
            int from = "$CONCAT(".length();
            if (!text.substring(close + 1).isBlank()) {
                warn(close + 1, "text after $CONCAT(...) is dropped, as the agent does");
            }
            List<Part> params = new ArrayList<>();
            int start = from;
            int depth = 0;
            for (int i = from; i <= close; i++) {
                char c = i < close ? text.charAt(i) : ',';
                if (c == '{') depth++;
                else if (c == '}' && depth > 0) depth--;
                else if (c == ',' && depth == 0) {
                    params.add(param(start, i));
                    start = i + 1;
                }
            }
            return new Concat(params.toArray(Part[]::new));
        }

        private Part param(int from, int to) throws TemplateException {
            String p = text.substring(from, to);
            if (p.startsWith("$")) {
                Var v = var(p.substring(1));
                if (v != null) return v;
                warn(from, "$CONCAT parameter \"" + p + "\" is not a group name; it is taken as text");
                return new Literal(p);
            }
            if (!p.isEmpty() && Character.isWhitespace(p.charAt(0)) && p.strip().startsWith("$")) {
                warn(from, "$CONCAT parameter \"" + p + "\" starts with a space, so the agent takes it as text, not a group");
            }
            if (p.indexOf('{') >= 0) {
                List<Part> sub = sequence(from, to);
                return sub.size() == 1 ? sub.get(0) : new Concat(sub.toArray(Part[]::new));
            }
            return new Literal(p);
        }

        /** Literals and {...} forms between two offsets. */
        private List<Part> sequence(int from, int to) throws TemplateException {
            List<Part> parts = new ArrayList<>();
            StringBuilder literal = new StringBuilder();
            int literalStart = from;
            int i = from;
            while (i < to) {
                char c = text.charAt(i);
                if (c != '{') {
                    literal.append(c);
                    i++;
                    continue;
                }
                int[] end = new int[1];
                Part part = form(i, to, end);
                if (part == null) {
                    literal.append(c);
                    i++;
                    continue;
                }
                if (literal.length() > 0) {
                    Matcher call = CALL_OUTSIDE.matcher(literal);
                    if (call.find() && (FieldFunctions.has(call.group(1)) || call.group(1).startsWith("translate"))) {
                        warn(literalStart + call.start(), "\"" + call.group(1) + "(" + text.substring(i, end[0])
                                + "...\" calls nothing in the agent, which reads it as text; a call is written {"
                                + call.group(1) + "($name)}");
                    }
                    addLiteral(parts, literal.toString(), literalStart);
                    literal.setLength(0);
                }
                parts.add(part);
                i = end[0];
                literalStart = i;
            }
            if (literal.length() > 0) addLiteral(parts, literal.toString(), literalStart);
            return parts;
        }

        private void addLiteral(List<Part> parts, String literal, int at) {
            Matcher bare = BARE_NAME.matcher(literal);
            while (bare.find()) {
                warn(at + bare.start(), "\"" + bare.group() + "\" is text to the agent; a group is written {$"
                        + bare.group(1) + "}");
            }
            parts.add(new Literal(literal));
        }

        /** The form that starts at {@code at} (a '{'), or null when it is text; sets end[0] past it. */
        private Part form(int at, int to, int[] end) throws TemplateException {
            if (at + 1 < to && text.charAt(at + 1) == '$') {
                // {$name}: the agent's \{\$[^}{]+\}
                int i = at + 2;
                while (i < to && text.charAt(i) != '}' && text.charAt(i) != '{') i++;
                if (i >= to || text.charAt(i) != '}' || i == at + 2) return null;
                String name = text.substring(at + 2, i);
                Var v = var(name);
                if (v == null) {
                    warn(at, name.startsWith("CONCAT(")
                            ? "{$CONCAT(...)} is text to the agent; $CONCAT(...) must be the whole value, without braces"
                            : "\"{$" + name + "}\" names no group the agent can have; it stays as text");
                    return null;
                }
                end[0] = i + 1;
                return v;
            }
            Matcher custom = CUSTOM_CALL.matcher(text).region(at, to);
            if (custom.lookingAt()) {
                throw new TemplateException(text, at, "custom function {:" + custom.group(1)
                        + "(...)} is not supported (the agent never implements them either)");
            }
            Matcher call = CALL.matcher(text).region(at, to);
            if (!call.lookingAt()) return null;
            String name = call.group(1);
            String args = call.group(2);
            int argsAt = call.start(2);
            if (!args.startsWith("$")) {
                if (name.equals("translate") || name.equals("translate2") || FieldFunctions.has(name)) {
                    warn(at, "\"" + call.group() + "\" is text to the agent: its arguments must be $variables");
                }
                return null;
            }
            end[0] = call.end();
            List<String> list = splitArgs(args);
            if (name.equals("translate2")) {
                if (list.size() != 2) {
                    throw new TemplateException(text, argsAt, "translate2 takes 2 arguments ($variable,$section), not " + list.size());
                }
                Var v = argument(list.get(0), argsAt, name);
                String section = list.get(1).trim();
                if (section.startsWith("$")) section = section.substring(1);
                if (section.isEmpty()) throw new TemplateException(text, argsAt, "translate2 needs a section name");
                sections.add(section);
                functions.add(name);
                return new Translate(v, section);
            }
            if (name.equals("translate")) {
                if (list.size() != 1) {
                    throw new TemplateException(text, argsAt, "translate takes 1 argument, not " + list.size());
                }
                sections.add(TRANSLATION_SECTION);
                functions.add(name);
                return new Translate(argument(list.get(0), argsAt, name), TRANSLATION_SECTION);
            }
            FieldFunctions.Fn fn = FieldFunctions.function(name);
            if (fn == null) {
                throw new TemplateException(text, at + 1, "unknown function " + name);
            }
            if (list.size() < fn.minArgs() || list.size() > fn.maxArgs()) {
                throw new TemplateException(text, argsAt,
                        name + " takes " + FieldFunctions.arity(fn) + ", not " + list.size());
            }
            Var[] vars = new Var[list.size()];
            for (int k = 0; k < vars.length; k++) vars[k] = argument(list.get(k), argsAt, name);
            functions.add(name);
            return new Call(fns, fn, vars);
        }

        private Var argument(String arg, int argsAt, String function) throws TemplateException {
            String a = arg.trim();
            Var v = a.startsWith("$") ? var(a.substring(1)) : null;
            if (v == null) {
                throw new TemplateException(text, argsAt, "argument \"" + a + "\" of " + function
                        + " is not a $variable (a group name or number)");
            }
            return v;
        }

        private static List<String> splitArgs(String args) {
            List<String> list = new ArrayList<>();
            int start = 0;
            for (int i = 0; i <= args.length(); i++) {
                if (i == args.length() || args.charAt(i) == ',') {
                    list.add(args.substring(start, i));
                    start = i + 1;
                }
            }
            return list;
        }

        /** A group reference, or null when the name cannot be a group's. */
        private Var var(String name) {
            if (NUMBER.matcher(name).matches()) {
                int n = Integer.parseInt(name);
                numbers.add(n);
                return new Var(name, n);
            }
            if (IDENTIFIER.matcher(name).matches()) {
                names.add(name);
                return new Var(name, 0);
            }
            return null;
        }

        private void warn(int at, String what) {
            warnings.add(what + " (column " + (at + 1) + ")");
        }
    }
}
