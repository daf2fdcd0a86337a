package io.vigil.correlate.directive;

import java.util.Locale;

/**
 * A reference to a field of the event that matched an earlier level of the same directive,
 * as written in a rule: {@code 1:SRC_IP}, {@code 2:DST_PORT}, {@code 1:USERNAME}.
 *
 * @param level the level referred to (1 is the root rule)
 * @param field the event field, one of {@link Field}
 */
public record Ref(int level, Field field) {

    /** The fields a reference may name, by the names OSSIM writes them with. */
    public enum Field {
        SRC_IP, DST_IP, SRC_PORT, DST_PORT, PROTOCOL, PLUGIN_ID, PLUGIN_SID, SENSOR,
        FILENAME, USERNAME, PASSWORD,
        USERDATA1, USERDATA2, USERDATA3, USERDATA4, USERDATA5, USERDATA6, USERDATA7, USERDATA8, USERDATA9;

        static Field parse(String s) {
            String n = s.trim().toUpperCase(Locale.ROOT);
            // OSSIM also spells the ports after the rule attributes
            if (n.equals("PORT_FROM")) return SRC_PORT;
            if (n.equals("PORT_TO")) return DST_PORT;
            try {
                return valueOf(n);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }

    /** The reference in {@code text}, null when it is not one (any {@code N:NAME} with a known name). */
    public static Ref parse(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) return null;
        String n = text.substring(0, colon).trim();
        for (int i = 0; i < n.length(); i++) if (!Character.isDigit(n.charAt(i))) return null;
        if (n.isEmpty() || n.length() > 3) return null;
        Field f = Field.parse(text.substring(colon + 1));
        return f == null ? null : new Ref(Integer.parseInt(n), f);
    }

    @Override
    public String toString() {
        return level + ":" + field;
    }
}
