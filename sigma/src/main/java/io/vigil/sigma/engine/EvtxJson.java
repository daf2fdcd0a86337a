package io.vigil.sigma.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.core.event.Json;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Windows event rendered from EVTX as JSON ({@code Event.System}, {@code Event.EventData},
 * XML attributes under {@code #attributes}, as evtx_dump and SigmaHQ's regression data write it),
 * flattened to the field names Sigma rules use: event data by name, system elements by name, and
 * attributes as element_attribute ({@code Provider_Name}, {@code Execution_ProcessID}), as the
 * specification's field-naming section says.
 */
public final class EvtxJson {
    private EvtxJson() {}

    public static boolean looksLikeEvtx(JsonNode doc) {
        return doc.isObject() && doc.path("Event").isObject() && doc.path("Event").has("System");
    }

    public static Map<String, String> flatten(JsonNode doc) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode event = doc.path("Event");
        system(event.path("System"), out);
        data(event.path("EventData"), out);
        data(event.path("UserData"), out);
        return out;
    }

    private static void system(JsonNode system, Map<String, String> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = system.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonNode v = f.getValue();
            if (v.isObject()) {
                JsonNode attrs = v.path("#attributes");
                for (Iterator<Map.Entry<String, JsonNode>> a = attrs.fields(); a.hasNext(); ) {
                    Map.Entry<String, JsonNode> x = a.next();
                    if (!x.getValue().isNull()) out.put(f.getKey() + "_" + x.getKey(), x.getValue().asText());
                }
                if (v.has("#text")) out.put(f.getKey(), v.get("#text").asText());
            } else if (!v.isNull()) {
                out.put(f.getKey(), v.asText());
            }
        }
    }

    private static void data(JsonNode data, Map<String, String> out) {
        if (!data.isObject()) return;
        for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().equals("#attributes")) continue;
            JsonNode v = f.getValue();
            if (v.isObject()) data(v, out); // UserData wraps its fields in one element
            else if (!v.isNull()) out.put(f.getKey(), v.isTextual() ? v.asText() : v.toString());
        }
    }

    /** The flattened fields as one flat JSON object, the shape NXLog writes and Vigil's Windows decoder reads. */
    public static String toFlatJson(Map<String, String> fields) {
        ObjectNode o = Json.mapper().createObjectNode();
        fields.forEach(o::put);
        return o.toString();
    }
}
