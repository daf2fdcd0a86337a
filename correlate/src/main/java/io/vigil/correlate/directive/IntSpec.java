package io.vigil.correlate.directive;

import java.util.ArrayList;
import java.util.List;

/**
 * A rule's condition on a number: plugin_id, plugin_sid, port_from, port_to. Written as
 * {@code ANY}, or a comma list of numbers, ranges {@code 1000-1099}, references to an
 * earlier level ({@code 1:DST_PORT}), each negated by a leading {@code !}. A value matches
 * when it is one of the positive items (or there are none) and none of the negated ones.
 */
public final class IntSpec {
    /** One item: the range [lo, hi], or a reference when {@code ref} is set. */
    public record Item(long lo, long hi, Ref ref, boolean negated) {}

    public static final IntSpec ANY = new IntSpec("ANY", List.of(), List.of());

    private final String text;
    private final List<Item> positive;
    private final List<Item> negative;

    private IntSpec(String text, List<Item> positive, List<Item> negative) {
        this.text = text;
        this.positive = positive;
        this.negative = negative;
    }

    /** @param attribute the attribute's name, for the error message */
    public static IntSpec parse(String attribute, String text) throws DirectiveException {
        List<SpecList.Token> tokens = SpecList.parse(attribute, text);
        if (tokens == null) return ANY;
        List<Item> pos = new ArrayList<>();
        List<Item> neg = new ArrayList<>();
        for (SpecList.Token t : tokens) {
            String s = t.text();
            boolean not = t.negated();
            Item item;
            Ref ref = Ref.parse(s);
            if (ref != null) {
                item = new Item(0, 0, ref, not);
            } else {
                int dash = s.indexOf('-', 1);
                try {
                    long lo = Long.parseLong(dash < 0 ? s : s.substring(0, dash).trim());
                    long hi = dash < 0 ? lo : Long.parseLong(s.substring(dash + 1).trim());
                    if (hi < lo) throw new DirectiveException(attribute + "=\"" + text + "\": range " + s + " ends before it starts");
                    item = new Item(lo, hi, null, not);
                } catch (NumberFormatException e) {
                    throw new DirectiveException(attribute + "=\"" + text + "\": '" + s + "' is not a number, a range, ANY or a reference such as 1:DST_PORT");
                }
            }
            (not ? neg : pos).add(item);
        }
        return new IntSpec(text.trim(), List.copyOf(pos), List.copyOf(neg));
    }

    public boolean isAny() {
        return positive.isEmpty() && negative.isEmpty();
    }

    public List<Item> positive() {
        return positive;
    }

    public List<Item> negative() {
        return negative;
    }

    /** Whether the spec names exactly this finite set of literal values (no refs), for indexing; null if not. */
    public long[] literalValues(int max) {
        if (!negative.isEmpty() || positive.isEmpty()) return null;
        long count = 0;
        for (Item i : positive) {
            if (i.ref() != null) return null;
            count += i.hi() - i.lo() + 1;
            if (count > max) return null;
        }
        long[] out = new long[(int) count];
        int k = 0;
        for (Item i : positive) for (long v = i.lo(); v <= i.hi(); v++) out[k++] = v;
        return out;
    }

    /**
     * Whether {@code value} satisfies the spec; {@code refs} resolves references (null when
     * the referred level holds no such value: then the item cannot match).
     */
    public boolean matches(Integer value, java.util.function.Function<Ref, Object> refs) {
        if (isAny()) return true;
        if (value == null) return false;
        long v = value;
        for (Item i : negative) if (hit(i, v, refs)) return false;
        if (positive.isEmpty()) return true;
        for (Item i : positive) if (hit(i, v, refs)) return true;
        return false;
    }

    private static boolean hit(Item i, long v, java.util.function.Function<Ref, Object> refs) {
        if (i.ref() == null) return v >= i.lo() && v <= i.hi();
        Object r = refs.apply(i.ref());
        return r instanceof Number n && n.longValue() == v;
    }

    @Override
    public String toString() {
        return text;
    }
}
