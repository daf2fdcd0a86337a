package io.vigil.core.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * JSON: {@code {"mode": ..., "flows": [...], "notes": [...]}}. A flow has the fields of the
 * contract file (ports are numbers, ranges strings like "1024-65535"), so
 * {@link NetworkContract#parse(String, String)} reads the output back.
 */
public final class JsonRenderer {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonRenderer() {}

    public static String render(Mode mode, List<Flow> flows, List<String> notes) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("mode", mode.id());
        ArrayNode arr = root.putArray("flows");
        for (Flow f : flows) arr.add(toJson(f));
        ArrayNode ns = root.putArray("notes");
        notes.forEach(ns::add);
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode toJson(Flow f) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("id", f.id());
        o.put("component", f.component().id());
        o.put("direction", f.direction().id());
        o.put("peer", f.peer());
        o.put("protocol", f.protocol().id());
        ArrayNode ports = o.putArray("ports");
        for (PortRange p : f.ports()) {
            if (p.isSingle()) ports.add(p.from());
            else ports.add(p.toString());
        }
        if (f.path() == null) o.putNull("path");
        else o.put("path", f.path());
        ArrayNode hosts = o.putArray("hosts");
        f.hosts().forEach(hosts::add);
        o.put("feature", f.feature());
        o.put("feature_name", f.featureName());
        o.put("release", f.release());
        o.put("optional", f.optional());
        o.put("legacy", f.legacy());
        o.put("source", f.source().id());
        ArrayNode notes = o.putArray("notes");
        f.notes().forEach(notes::add);
        return o;
    }
}
