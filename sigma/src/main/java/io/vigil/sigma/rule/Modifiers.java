package io.vigil.sigma.rule;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * One field condition ({@code Field|mod|mod: value or values}) compiled into value tests, per
 * the specification's modifiers appendix (v2.1): value transformations in the order written
 * (expand, windash, utf16*, base64, base64offset), then one way of comparing (exact by default,
 * contains, startswith, endswith, re with i/m/s, cidr, lt/lte/gt/gte, exists, fieldref, time
 * parts), and the generic all, cased, neq.
 */
final class Modifiers {
    private static final Set<String> KNOWN = Set.of("contains", "startswith", "endswith", "all", "re", "i", "m", "s", "cidr", "base64",
            "base64offset", "utf16le", "utf16be", "utf16", "wide", "windash", "lt", "lte", "gt", "gte", "neq", "exists", "fieldref",
            "cased", "expand", "minute", "hour", "day", "week", "month", "year");
    private static final Set<String> COMPARES = Set.of("contains", "startswith", "endswith", "re", "cidr", "lt", "lte", "gt", "gte", "exists");
    private static final String DASHES = "-/\u2013\u2014\u2015";
    /** windash makes every combination; a value with more dashes than this is refused rather than exploding. */
    private static final int MAX_WINDASH = 6;

    private Modifiers() {}

    /** The compiled condition of one field (or of the keywords, for an empty field name). */
    static Matcher compile(String key, List<Node> values, int line, FieldSlots slots, Map<String, List<String>> placeholders,
                           List<String> fieldsUsed) {
        String[] parts = key.split("\\|", -1);
        String field = parts[0];
        List<String> mods = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            if (!KNOWN.contains(parts[i])) throw new SigmaException(line, "unknown modifier '" + parts[i] + "' in '" + key + "'");
            mods.add(parts[i]);
        }
        int slot;
        if (field.isEmpty()) {
            slot = FieldSlots.KEYWORDS;
        } else {
            slot = slots.slot(field);
            fieldsUsed.add(field);
        }
        boolean all = mods.contains("all");
        boolean cased = mods.contains("cased");
        boolean neq = mods.contains("neq");
        if (all && values.size() < 2) throw new SigmaException(line, "'all' needs a list of values ('" + key + "')");

        String compare = null;
        for (String m : mods) {
            if (COMPARES.contains(m)) {
                if (compare != null) throw new SigmaException(line, "'" + compare + "' and '" + m + "' cannot be combined ('" + key + "')");
                compare = m;
            }
        }
        boolean fieldref = mods.contains("fieldref");
        String timePart = null;
        for (String m : mods) if (Set.of("minute", "hour", "day", "week", "month", "year").contains(m)) timePart = m;

        List<ValueTest> tests = new ArrayList<>();
        for (Node v : values) {
            if (SigmaYaml.isNull(v)) {
                if (values.size() > 1) throw new SigmaException(line, "null cannot be one of a list of values ('" + key + "')");
                if (compare != null || !mods.isEmpty()) throw new SigmaException(line, "null takes no modifier ('" + key + "')");
                tests.add(ValueTest.NULL);
                continue;
            }
            String text = SigmaYaml.text(v, "a value of '" + key + "'");
            if (compare != null && compare.equals("exists")) {
                if (!text.equals("true") && !text.equals("false")) throw new SigmaException(line, "exists takes true or false ('" + key + "')");
                tests.add(ValueTest.exists(text.equals("true")));
                continue;
            }
            if (fieldref) {
                String shape = compare == null ? "exact" : compare;
                int other = slots.slot(text);
                fieldsUsed.add(text);
                tests.add(ValueTest.fieldRef(other, switch (shape) {
                    case "contains" -> SigmaString.Shape.CONTAINS;
                    case "startswith" -> SigmaString.Shape.PREFIX;
                    case "endswith" -> SigmaString.Shape.SUFFIX;
                    case "exact" -> SigmaString.Shape.EXACT;
                    default -> throw new SigmaException(line, "fieldref cannot be combined with " + shape);
                }, cased));
                continue;
            }
            if (timePart != null) {
                tests.add(timeTest(timePart, compare, text, line, key));
                continue;
            }
            if (compare != null && Set.of("lt", "lte", "gt", "gte").contains(compare)) {
                Double bound = Numbers.parse(text);
                if (bound == null) throw new SigmaException(line, compare + " needs a number, not '" + text + "' ('" + key + "')");
                tests.add(ValueTest.number(ValueTest.Compare.valueOf(compare.toUpperCase(java.util.Locale.ROOT)), bound));
                continue;
            }
            if ("cidr".equals(compare)) {
                tests.add(ValueTest.cidr(Cidr.parse(text, line)));
                continue;
            }
            if ("re".equals(compare)) {
                int flags = 0;
                if (mods.contains("i")) flags |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
                if (mods.contains("m")) flags |= Pattern.MULTILINE;
                if (mods.contains("s")) flags |= Pattern.DOTALL;
                try {
                    tests.add(ValueTest.regex(Pattern.compile(text, flags)));
                } catch (PatternSyntaxException e) {
                    throw new SigmaException(line, "re: invalid regular expression '" + text + "': " + e.getDescription());
                }
                continue;
            }
            // the forms one value takes (windash, base64offset, expand) are alternatives: all ANDs values, not forms
            List<ValueTest> forms = new ArrayList<>();
            for (SigmaString s : transform(text, mods, placeholders, line, key)) {
                if ("contains".equals(compare)) s = s.starBefore().starAfter();
                else if ("startswith".equals(compare)) s = s.starAfter();
                else if ("endswith".equals(compare)) s = s.starBefore();
                else if (slot == FieldSlots.KEYWORDS) s = s.starBefore().starAfter(); // keywords: anywhere in the line
                forms.add(ValueTest.string(s, cased));
            }
            tests.add(ValueTest.anyOf(forms));
        }
        for (String m : List.of("i", "m", "s")) {
            if (mods.contains(m) && !"re".equals(compare)) throw new SigmaException(line, "'" + m + "' applies to 're' only ('" + key + "')");
        }
        return Matcher.field(slot, tests, all, neq);
    }

    /** The value transformations, in the order the rule writes them; each may make several values. */
    private static List<SigmaString> transform(String text, List<String> mods, Map<String, List<String>> placeholders, int line, String key) {
        List<String> values = List.of(text);
        boolean bytes = false; // values hold one byte per char (after utf16*)
        boolean encoded = false; // base64 output: no wildcards in it
        for (String m : mods) {
            switch (m) {
                case "expand" -> values = expand(values, placeholders, line, key);
                case "windash" -> {
                    List<String> out = new ArrayList<>();
                    for (String v : values) windash(v, 0, new StringBuilder(), out, line, key);
                    values = out;
                }
                case "utf16le", "wide", "utf16be", "utf16" -> {
                    List<String> out = new ArrayList<>();
                    for (String v : values) {
                        byte[] b = switch (m) {
                            case "utf16be" -> v.getBytes(StandardCharsets.UTF_16BE);
                            case "utf16" -> concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, v.getBytes(StandardCharsets.UTF_16LE));
                            default -> v.getBytes(StandardCharsets.UTF_16LE);
                        };
                        out.add(new String(b, StandardCharsets.ISO_8859_1));
                    }
                    values = out;
                    bytes = true;
                }
                case "base64" -> {
                    List<String> out = new ArrayList<>();
                    for (String v : values) out.add(Base64.getEncoder().encodeToString(v.getBytes(bytes ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8)));
                    values = out;
                    bytes = false;
                    encoded = true;
                }
                case "base64offset" -> {
                    List<String> out = new ArrayList<>();
                    for (String v : values) out.addAll(base64Offsets(v.getBytes(bytes ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8)));
                    values = out;
                    bytes = false;
                    encoded = true;
                }
                default -> { }
            }
        }
        if (bytes) throw new SigmaException(line, "utf16 encodings must be followed by base64 or base64offset ('" + key + "')");
        List<SigmaString> out = new ArrayList<>();
        for (String v : values) out.add(encoded ? SigmaString.encodedLiteral(v) : SigmaString.parse(v));
        return out;
    }

    /**
     * The three ways a value can appear inside a longer base64 text, by its offset modulo 3:
     * the characters that depend on neighbouring bytes are cut off at both ends.
     */
    static List<String> base64Offsets(byte[] value) {
        int[] start = {0, 2, 3};
        List<String> out = new ArrayList<>(3);
        for (int shift = 0; shift < 3; shift++) {
            byte[] b = new byte[shift + value.length];
            System.arraycopy(value, 0, b, shift, value.length);
            String enc = Base64.getEncoder().encodeToString(b);
            int cut = switch (b.length % 3) {
                case 1 -> 3;
                case 2 -> 2;
                default -> 0;
            };
            int end = enc.length() - cut;
            if (end > start[shift]) out.add(enc.substring(start[shift], end));
        }
        return out;
    }

    private static void windash(String v, int from, StringBuilder prefix, List<String> out, int line, String key) {
        long dashes = v.chars().filter(c -> DASHES.indexOf(c) >= 0).count();
        if (dashes > MAX_WINDASH) throw new SigmaException(line, "windash: more than " + MAX_WINDASH + " dashes in one value ('" + key + "')");
        int i = from;
        while (i < v.length() && DASHES.indexOf(v.charAt(i)) < 0) i++;
        if (i == v.length()) {
            out.add(prefix + v.substring(from));
            return;
        }
        for (int d = 0; d < DASHES.length(); d++) {
            int len = prefix.length();
            prefix.append(v, from, i).append(DASHES.charAt(d));
            windash(v, i + 1, prefix, out, line, key);
            prefix.setLength(len);
        }
    }

    /** Placeholders ({@code %name%}) expand to the mapping's lists; a tool that cannot resolve one must reject the rule. */
    private static List<String> expand(List<String> values, Map<String, List<String>> placeholders, int line, String key) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            List<String> partial = new ArrayList<>();
            partial.add("");
            int i = 0;
            while (i < v.length()) {
                char c = v.charAt(i);
                if (c == '\\' && i + 1 < v.length() && v.charAt(i + 1) == '\\') {
                    // an escaped backslash: kept for the wildcard parser, and the percent after it is not escaped
                    for (int k = 0; k < partial.size(); k++) partial.set(k, partial.get(k) + "\\\\");
                    i += 2;
                } else if (c == '\\' && i + 1 < v.length() && v.charAt(i + 1) == '%') {
                    for (int k = 0; k < partial.size(); k++) partial.set(k, partial.get(k) + "%");
                    i += 2;
                } else if (c == '%' && v.indexOf('%', i + 1) > i) {
                    int end = v.indexOf('%', i + 1);
                    String name = v.substring(i + 1, end);
                    List<String> repl = placeholders.get(name);
                    if (repl == null || repl.isEmpty()) {
                        throw new SigmaException(line, "placeholder %" + name + "% has no values (add it under placeholders: in the Sigma mapping)");
                    }
                    List<String> next = new ArrayList<>();
                    for (String p : partial) for (String r : repl) next.add(p + r);
                    partial = next;
                    i = end + 1;
                } else {
                    for (int k = 0; k < partial.size(); k++) partial.set(k, partial.get(k) + c);
                    i++;
                }
            }
            out.addAll(partial);
        }
        return out;
    }

    private static ValueTest timeTest(String part, String compare, String text, int line, String key) {
        Double want = Numbers.parse(text);
        if (want == null) throw new SigmaException(line, part + " needs a number, not '" + text + "' ('" + key + "')");
        String op = compare == null ? "eq" : compare;
        if (!Set.of("eq", "lt", "lte", "gt", "gte").contains(op)) throw new SigmaException(line, part + " cannot be combined with " + op);
        double w = want;
        return (r, slot) -> {
            Integer v = TimeParts.of(r.value(slot), part);
            if (v == null) return false;
            return switch (op) {
                case "lt" -> v < w;
                case "lte" -> v <= w;
                case "gt" -> v > w;
                case "gte" -> v >= w;
                default -> v == w;
            };
        };
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
