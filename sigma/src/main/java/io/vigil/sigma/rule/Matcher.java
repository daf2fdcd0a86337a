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
        return r -> {
            for (ValueTest v : t) if (v.test(r, slot)) return true;
            return false;
        };
    }
}
