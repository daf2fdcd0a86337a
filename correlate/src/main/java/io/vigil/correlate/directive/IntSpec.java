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
    /**
     * The literal items of each side as sorted, disjoint ranges, searched by bisection: a
     * plugin_sid list runs to hundreds of items, and the engine tests it for each event against
     * each live backlog of the directive.
     */
    private final Ranges positiveRanges;
    private final Ranges negativeRanges;
    /** The references of each side, resolved per test. */
    private final Item[] positiveRefs;
    private final Item[] negativeRefs;

    private IntSpec(String text, List<Item> positive, List<Item> negative) {
        this.text = text;
        this.positive = positive;
        this.negative = negative;
        this.positiveRanges = Ranges.of(positive);
        this.negativeRanges = Ranges.of(negative);
        this.positiveRefs = positive.stream().filter(i -> i.ref() != null).toArray(Item[]::new);
        this.negativeRefs = negative.stream().filter(i -> i.ref() != null).toArray(Item[]::new);
    }

    /** Sorted, disjoint, inclusive ranges {@code [lo[i], hi[i]]}. */
    private record Ranges(long[] lo, long[] hi) {
        static Ranges of(List<Item> items) {
            List<Item> literal = new ArrayList<>();
            for (Item i : items) if (i.ref() == null) literal.add(i);
            literal.sort(java.util.Comparator.comparingLong(Item::lo));
            long[] lo = new long[literal.size()];
            long[] hi = new long[literal.size()];
            int n = 0;
            for (Item i : literal) {
                if (n > 0 && i.lo() <= hi[n - 1]) { // overlaps the last: extend it
                    hi[n - 1] = Math.max(hi[n - 1], i.hi());
                } else {
                    lo[n] = i.lo();
                    hi[n] = i.hi();
                    n++;
                }
            }
            return new Ranges(java.util.Arrays.copyOf(lo, n), java.util.Arrays.copyOf(hi, n));
        }

        boolean contains(long v) {
            // the last range starting at or before v is the only one that can hold it
            int a = 0;
            int b = lo.length - 1;
            while (a <= b) {
                int m = (a + b) >>> 1;
                if (lo[m] <= v) a = m + 1;
                else b = m - 1;
            }
            return b >= 0 && v <= hi[b];
        }
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
        if (negativeRanges.contains(v)) return false;
        for (Item i : negativeRefs) if (refers(i, v, refs)) return false;
        if (positive.isEmpty()) return true;
        if (positiveRanges.contains(v)) return true;
        for (Item i : positiveRefs) if (refers(i, v, refs)) return true;
        return false;
    }

    private static boolean refers(Item i, long v, java.util.function.Function<Ref, Object> refs) {
        Object r = refs.apply(i.ref());
        return r instanceof Number n && n.longValue() == v;
    }

    @Override
    public String toString() {
        return text;
    }
}
