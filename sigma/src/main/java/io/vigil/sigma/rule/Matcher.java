package io.vigil.sigma.rule;

import java.util.List;

/** A compiled piece of a detection: a selection, or the condition over selections. */
public interface Matcher {
    boolean matches(Record r);

    static Matcher and(List<Matcher> all) {
        if (all.size() == 1) return all.get(0);
        Matcher[] a = all.toArray(Matcher[]::new);
        return r -> {
            for (Matcher m : a) if (!m.matches(r)) return false;
            return true;
        };
    }

    static Matcher or(List<Matcher> any) {
        if (any.size() == 1) return any.get(0);
        Matcher[] a = any.toArray(Matcher[]::new);
        return r -> {
            for (Matcher m : a) if (m.matches(r)) return true;
            return false;
        };
    }

    static Matcher not(Matcher m) {
        return r -> !m.matches(r);
    }

    /** One field's condition: any of the values (all of them with {@code |all}), none of them with {@code |neq}. */
    static Matcher field(int slot, List<ValueTest> tests, boolean all, boolean neq) {
        ValueTest[] t = tests.toArray(ValueTest[]::new);
        if (neq) {
            return r -> {
                if (r.value(slot) == null) return false;
                for (ValueTest v : t) if (v.test(r, slot)) return false;
                return true;
            };
        }
        if (t.length == 1) {
            ValueTest only = t[0];
            return r -> only.test(r, slot);
        }
        if (all) {
            return r -> {
                for (ValueTest v : t) if (!v.test(r, slot)) return false;
                return true;
            };
        }
        return anyValue(slot, tests);
    }

    /**
     * Any of the values, with the literal ones tested together: equality by a set lookup, the
     * other literals by kind in tight loops over plain strings (SigmaHQ's keyword and command
     * line lists hold dozens), then whatever else (wildcards, regexps, numbers) one by one.
     */
    private static Matcher anyValue(int slot, List<ValueTest> tests) {
        java.util.List<ValueTest> flat = new java.util.ArrayList<>();
        flatten(tests, flat);
        java.util.Set<String> exactLower = new java.util.HashSet<>();
        java.util.Set<String> exactCased = new java.util.HashSet<>();
        java.util.List<ValueTest.Literal> lower = new java.util.ArrayList<>();
        java.util.List<ValueTest.Literal> cased = new java.util.ArrayList<>();
        java.util.List<ValueTest> other = new java.util.ArrayList<>();
        for (ValueTest v : flat) {
            if (v instanceof ValueTest.Literal l && l.shape() == SigmaString.Shape.EXACT) (l.cased() ? exactCased : exactLower).add(l.text());
            else if (v instanceof ValueTest.Literal l) (l.cased() ? cased : lower).add(l);
            else other.add(v);
        }
        String[] contains = texts(lower, SigmaString.Shape.CONTAINS);
        String[] prefixes = texts(lower, SigmaString.Shape.PREFIX);
        String[] suffixes = texts(lower, SigmaString.Shape.SUFFIX);
        ValueTest.Literal[] casedLiterals = cased.toArray(ValueTest.Literal[]::new);
        ValueTest[] rest = other.toArray(ValueTest[]::new);
        boolean needsLower = !exactLower.isEmpty() || contains.length + prefixes.length + suffixes.length > 0;
        boolean needsRaw = !exactCased.isEmpty() || casedLiterals.length > 0;
        // long lists of contains values: skip those whose first two characters the text lacks
        boolean prefilter = contains.length >= 4;
        int[] heads = new int[contains.length];
        for (int i = 0; i < contains.length; i++) heads[i] = contains[i].length() >= 2 ? Bigrams.hash(contains[i].charAt(0), contains[i].charAt(1)) : -1;
        return r -> {
            if (needsLower) {
                String f = r.lower(slot);
                if (f != null) {
                    if (exactLower.contains(f)) return true;
                    long[] grams = prefilter ? r.bigrams(slot) : null;
                    if (grams != null) {
                        for (int i = 0; i < contains.length; i++) {
                            if ((heads[i] < 0 || Bigrams.mayContain(grams, heads[i])) && f.contains(contains[i])) return true;
                        }
                    } else {
                        for (String c : contains) if (f.contains(c)) return true;
                    }
                    for (String p : prefixes) if (f.startsWith(p)) return true;
                    for (String x : suffixes) if (f.endsWith(x)) return true;
                }
            }
            if (needsRaw) {
                String f = r.value(slot);
                if (f != null) {
                    if (exactCased.contains(f)) return true;
                    for (ValueTest.Literal l : casedLiterals) if (l.holds(f)) return true;
                }
            }
            for (ValueTest v : rest) if (v.test(r, slot)) return true;
            return false;
        };
    }

    private static void flatten(List<ValueTest> in, List<ValueTest> out) {
        for (ValueTest v : in) {
            if (v instanceof ValueTest.AnyOf a) flatten(a.forms(), out);
            else out.add(v);
        }
    }

    private static String[] texts(List<ValueTest.Literal> ls, SigmaString.Shape shape) {
        return ls.stream().filter(l -> l.shape() == shape).map(ValueTest.Literal::text).toArray(String[]::new);
    }
}
