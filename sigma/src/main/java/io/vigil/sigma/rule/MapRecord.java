package io.vigil.sigma.rule;

import java.util.Locale;
import java.util.Map;

/** Fields by Sigma name from a map (a flattened JSON document, a test); keyword searches read {@code keywords}. */
public final class MapRecord implements Record {
    private final FieldSlots slots;
    private final Map<String, String> fields;
    private final String keywords;

    public MapRecord(FieldSlots slots, Map<String, String> fields, String keywords) {
        this.slots = slots;
        this.fields = fields;
        this.keywords = keywords;
    }

    @Override
    public String value(int slot) {
        if (slot == FieldSlots.KEYWORDS) return keywords;
        return fields.get(slots.name(slot));
    }

    @Override
    public String lower(int slot) {
        String v = value(slot);
        return v == null ? null : v.toLowerCase(Locale.ROOT);
    }
}
