package io.vigil.correlate.directive;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A rule's condition on a text field (username, password, filename, userdata1..9, sensor,
 * protocol): {@code ANY}, or a comma list of values and references ({@code 1:USERNAME}),
 * each negated by a leading {@code !}. Values compare exactly, or ignoring case when the
 * spec is built case-insensitive (protocol names).
 */
public final class TextSpec {
    public record Item(String value, Ref ref, boolean negated) {}

    public static final TextSpec ANY = new TextSpec("ANY", List.of(), List.of(), false);

    private final String text;
    private final List<Item> positive;
    private final List<Item> negative;
    private final boolean ignoreCase;

    private TextSpec(String text, List<Item> positive, List<Item> negative, boolean ignoreCase) {
        this.text = text;
        this.positive = positive;
        this.negative = negative;
        this.ignoreCase = ignoreCase;
    }

    public static TextSpec parse(String attribute, String text) throws DirectiveException {
        return parse(attribute, text, false);
    }

    public static TextSpec parse(String attribute, String text, boolean ignoreCase) throws DirectiveException {
        List<SpecList.Token> tokens = SpecList.parse(attribute, text);
        if (tokens == null) return ANY;
        List<Item> pos = new ArrayList<>();
        List<Item> neg = new ArrayList<>();
        for (SpecList.Token t : tokens) {
            String s = t.text();
            boolean not = t.negated();
            Ref ref = Ref.parse(s);
            (not ? neg : pos).add(ref != null ? new Item(null, ref, not) : new Item(ignoreCase ? s.toLowerCase(Locale.ROOT) : s, null, not));
        }
        return new TextSpec(text.trim(), List.copyOf(pos), List.copyOf(neg), ignoreCase);
    }

    public boolean isAny() {
        return positive.isEmpty() && negative.isEmpty();
    }

    public List<Item> items() {
        List<Item> all = new ArrayList<>(positive);
        all.addAll(negative);
        return all;
    }

    /** Whether {@code value} satisfies the spec; an event without the field matches only ANY and pure negations. */
    public boolean matches(String value, Function<Ref, Object> refs) {
        if (isAny()) return true;
        String v = value == null ? null : ignoreCase ? value.toLowerCase(Locale.ROOT) : value;
        for (Item i : negative) if (hit(i, v, refs)) return false;
        if (positive.isEmpty()) return true;
        if (v == null) return false;
        for (Item i : positive) if (hit(i, v, refs)) return true;
        return false;
    }

    private boolean hit(Item i, String v, Function<Ref, Object> refs) {
        if (v == null) return false;
        if (i.ref() == null) return i.value().equals(v);
        Object r = refs.apply(i.ref());
        if (r == null) return false;
        String s = r.toString();
        return ignoreCase ? s.equalsIgnoreCase(v) : s.equals(v);
    }

    @Override
    public String toString() {
        return text;
    }
}
