package io.vigil.correlate.directive;

import java.util.ArrayList;
import java.util.List;

/**
 * The comma list every rule condition is written as: items, each negated by a leading
 * {@code !}, or {@code ANY} (alone or in the list) for no condition.
 */
final class SpecList {
    /** One item as written, without its {@code !}. */
    record Token(String text, boolean negated) {}

    private SpecList() {}

    /** The items of {@code text}; null when the condition is ANY (empty, ANY, or a list holding ANY). */
    static List<Token> parse(String attribute, String text) throws DirectiveException {
        if (text == null || text.isBlank() || text.trim().equalsIgnoreCase("ANY")) return null;
        List<Token> out = new ArrayList<>();
        for (String raw : text.split(",")) {
            String s = raw.trim();
            if (s.isEmpty()) continue;
            boolean not = s.startsWith("!");
            if (not) s = s.substring(1).trim();
            if (s.equalsIgnoreCase("ANY")) {
                if (not) throw new DirectiveException(attribute + "=\"" + text + "\": !ANY matches nothing");
                return null;
            }
            out.add(new Token(s, not));
        }
        return out.isEmpty() ? null : out;
    }
}
