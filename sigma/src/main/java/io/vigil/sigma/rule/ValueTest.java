package io.vigil.sigma.rule;

import io.vigil.core.net.IpLiterals;
import java.util.regex.Pattern;

/** One value of a field condition, compiled: does the field's value match it? */
public interface ValueTest {
    /** @param slot the field's slot, to read from {@code r} raw or lowered as the test needs */
    boolean test(Record r, int slot);

    /** A plain or wildcard string, case-insensitive unless {@code cased}. */
    static ValueTest string(SigmaString s, boolean caseAsWritten) {
        boolean cased = caseAsWritten || s.encoded();
        String lit = s.singleLiteral();
        if (lit != null) {
            String v = cased ? lit : lower(lit);
            return switch (s.shape()) {
                case EXACT -> cased ? (r, slot) -> v.equals(r.value(slot)) : (r, slot) -> v.equals(r.lower(slot));
                case PREFIX -> (r, slot) -> {
                    String f = cased ? r.value(slot) : r.lower(slot);
                    return f != null && f.startsWith(v);
                };
                case SUFFIX -> (r, slot) -> {
                    String f = cased ? r.value(slot) : r.lower(slot);
                    return f != null && f.endsWith(v);
                };
                case CONTAINS -> (r, slot) -> {
                    String f = cased ? r.value(slot) : r.lower(slot);
                    return f != null && f.contains(v);
                };
                case PATTERN -> throw new IllegalStateException();
            };
        }
        Glob g = s.toGlob(cased);
        return cased ? (r, slot) -> g.matches(r.value(slot)) : (r, slot) -> g.matches(r.lower(slot));
    }

    /** Any of the tests (the forms of one value); the test itself when there is one. */
    static ValueTest anyOf(java.util.List<ValueTest> tests) {
        if (tests.size() == 1) return tests.get(0);
        ValueTest[] t = tests.toArray(ValueTest[]::new);
        return (r, slot) -> {
            for (ValueTest v : t) if (v.test(r, slot)) return true;
            return false;
        };
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
