package io.vigil.sigma.rule;

import io.vigil.core.net.IpLiterals;
import java.util.List;
import java.util.regex.Pattern;

/** One value of a field condition, compiled: does the field's value match it? */
public interface ValueTest {
    /** @param slot the field's slot, to read from {@code r} raw or lowered as the test needs */
    boolean test(Record r, int slot);

    /**
     * A value without inner wildcards: equal to, starting with, ending with or containing one
     * literal ({@code text} is lower-cased unless {@code cased}). A field's list of these is
     * tested together (see {@link Matcher#field}): a set lookup for the equal ones, one pass
     * per kind for the rest.
     */
    record Literal(SigmaString.Shape shape, String text, boolean cased) implements ValueTest {
        @Override
        public boolean test(Record r, int slot) {
            String f = cased ? r.value(slot) : r.lower(slot);
            return f != null && holds(f);
        }

        boolean holds(String f) {
            return switch (shape) {
                case EXACT -> f.equals(text);
                case PREFIX -> f.startsWith(text);
                case SUFFIX -> f.endsWith(text);
                case CONTAINS -> f.contains(text);
                case PATTERN -> throw new IllegalStateException();
            };
        }
    }

    /** The forms one value takes (windash, base64offset, expand): any of them. */
    record AnyOf(List<ValueTest> forms) implements ValueTest {
        @Override
        public boolean test(Record r, int slot) {
            for (ValueTest v : forms) if (v.test(r, slot)) return true;
            return false;
        }
    }

    /** A plain or wildcard string, case-insensitive unless {@code cased} (base64 output always as written). */
    static ValueTest string(SigmaString s, boolean caseAsWritten) {
        boolean cased = caseAsWritten || s.encoded();
        String lit = s.singleLiteral();
        if (lit != null) return new Literal(s.shape(), cased ? lit : lower(lit), cased);
        Glob g = s.toGlob(cased);
        return cased ? (r, slot) -> g.matches(r.value(slot)) : (r, slot) -> g.matches(r.lower(slot));
    }

    /** Any of the tests (the forms of one value); the test itself when there is one. */
    static ValueTest anyOf(List<ValueTest> tests) {
        return tests.size() == 1 ? tests.get(0) : new AnyOf(List.copyOf(tests));
    }

    static ValueTest regex(Pattern p) {
        return (r, slot) -> {
            String f = r.value(slot);
            return f != null && p.matcher(f).find();
        };
    }

    /** {@code field: null}: the event does not have the field (or has it empty of any value). */
    ValueTest NULL = (r, slot) -> r.value(slot) == null;

    static ValueTest exists(boolean wanted) {
        return (r, slot) -> (r.value(slot) != null) == wanted;
    }

    static ValueTest cidr(Cidr c) {
        return (r, slot) -> {
            String f = r.value(slot);
            if (f == null) return false;
            byte[] a = IpLiterals.bytes(f.trim());
            return a != null && c.contains(a);
        };
    }

    enum Compare { LT, LTE, GT, GTE }

    static ValueTest number(Compare op, double bound) {
        return (r, slot) -> {
            Double f = Numbers.parse(r.value(slot));
            if (f == null) return false;
            return switch (op) {
                case LT -> f < bound;
                case LTE -> f <= bound;
                case GT -> f > bound;
                case GTE -> f >= bound;
            };
        };
    }

    /** fieldref: the value names another field of the same event; equal (or starts/ends/contains) to it. */
    static ValueTest fieldRef(int otherSlot, SigmaString.Shape shape, boolean cased) {
        return (r, slot) -> {
            String f = cased ? r.value(slot) : r.lower(slot);
            String o = cased ? r.value(otherSlot) : r.lower(otherSlot);
            if (f == null || o == null) return false;
            return switch (shape) {
                case EXACT -> f.equals(o);
                case PREFIX -> f.startsWith(o);
                case SUFFIX -> f.endsWith(o);
                case CONTAINS, PATTERN -> f.contains(o);
            };
        };
    }

    static String lower(String s) {
        return s.toLowerCase(java.util.Locale.ROOT);
    }
}
