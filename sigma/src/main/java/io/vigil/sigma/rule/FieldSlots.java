package io.vigil.sigma.rule;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Numbers for the field names rules use, so that a compiled rule reads a field by index
 * instead of by name. One table is shared by every rule of a rule set. Slot 0 is the keyword
 * text, under the name {@value #KEYWORDS_NAME}.
 */
public final class FieldSlots {
    public static final int KEYWORDS = 0;
    public static final String KEYWORDS_NAME = "<keywords>";

    private final Map<String, Integer> slots = new HashMap<>();
    private final List<String> names = new ArrayList<>();

    public FieldSlots() {
        slot(KEYWORDS_NAME);
    }

    public synchronized int slot(String field) {
        Integer s = slots.get(field);
        if (s != null) return s;
        int n = names.size();
        names.add(field);
        slots.put(field, n);
        return n;
    }

    public synchronized int size() {
        return names.size();
    }

    public synchronized String name(int slot) {
        return names.get(slot);
    }

    public synchronized List<String> names() {
        return List.copyOf(names);
    }
}
