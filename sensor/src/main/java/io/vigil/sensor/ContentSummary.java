package io.vigil.sensor;

import io.vigil.normalize.NormalizationEngine;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The content in use, as status and the reload endpoint show it. */
public final class ContentSummary {
    private ContentSummary() {}

    public static Map<String, Object> of(NormalizationEngine e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("plugin_count", e.plugins().size());
        m.put("rule_count", e.rules());
        m.put("sid_rows", e.sids().size());
        List<String> errors = e.errors().stream().map(Object::toString).toList();
        m.put("content_errors", errors.size());
        m.put("errors", errors.size() > 50 ? errors.subList(0, 50) : errors);
        return m;
    }
}
