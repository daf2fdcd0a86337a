package io.vigil.normalize.decode;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import java.io.IOException;
import java.util.Map;

/** JSON lines: parsing one object and flattening it to dotted names. */
final class Json {
    private Json() {}

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    /** Cheap shape test: first non-blank character {@code {} and last {@code }}. */
    static boolean looksLikeObject(String m) {
        if (m == null) return false;
        int i = 0;
        int n = m.length();
        while (i < n && (Pairs.blank(m.charAt(i)) || m.charAt(i) == '\uFEFF')) i++;
        int j = n - 1;
        while (j > i && Pairs.blank(m.charAt(j))) j--;
        return j > i && m.charAt(i) == '{' && m.charAt(j) == '}';
    }

    /**
     * Parses the text and adds every leaf to the decoded fields (objects as {@code a.b},
     * arrays as {@code a.0}, nulls and empty containers left out). Errors (invalid JSON, text
     * after the value, not an object) go to the decoded errors. Returns the root, or null.
     */
    static JsonNode read(String text, Decoded d) {
        if (text == null) {
            d.error("no JSON: empty message");
            return null;
        }
        String t = text.strip();
        if (!t.isEmpty() && t.charAt(0) == '\uFEFF') t = t.substring(1);
        JsonNode root;
        try (JsonParser p = MAPPER.createParser(t)) {
            root = MAPPER.readTree(p);
            if (root == null || root.isMissingNode()) {
                d.error("no JSON: empty message");
                return null;
            }
            try {
                if (p.nextToken() != null) d.error("invalid JSON: text after the value at column " + p.currentLocation().getColumnNr());
            } catch (JsonProcessingException e) {
                d.error("invalid JSON: text after the value: " + e.getOriginalMessage());
            }
        } catch (JsonProcessingException e) {
            d.error("invalid JSON: " + e.getOriginalMessage() + " at column " + (e.getLocation() == null ? "?" : e.getLocation().getColumnNr()));
            return null;
        } catch (IOException | RuntimeException e) {
            d.error("invalid JSON: " + e.getMessage());
            return null;
        }
        if (!root.isObject()) d.error("not a JSON object but " + root.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        flatten(root, "", d);
        return root;
    }

    static void flatten(JsonNode n, String path, Decoded d) {
        if (n.isObject()) {
            for (Map.Entry<String, JsonNode> x : n.properties()) {
                flatten(x.getValue(), path.isEmpty() ? x.getKey() : path + "." + x.getKey(), d);
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) flatten(n.get(i), path.isEmpty() ? Integer.toString(i) : path + "." + i, d);
        } else if (!n.isNull() && !n.isMissingNode()) {
            d.add(path.isEmpty() ? "value" : path, text(n));
        }
    }

    static String text(JsonNode n) {
        if (n.isTextual()) return n.textValue();
        if (n.isBigDecimal()) return n.decimalValue().toPlainString();
        return n.asText();
    }

    /** A JSON pointer ({@code /a/b/0}, with ~1 for / and ~0 for ~) as the dotted name {@link #flatten} gives. */
    static String pointerToDotted(String pointer) {
        if (pointer.isEmpty() || pointer.equals("/")) return pointer.isEmpty() ? "value" : "";
        String[] parts = pointer.substring(1).split("/", -1);
        StringBuilder b = new StringBuilder();
        for (String p : parts) {
            if (!b.isEmpty()) b.append('.');
            b.append(p.replace("~1", "/").replace("~0", "~"));
        }
        return b.toString();
    }
}
