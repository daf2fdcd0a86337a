package io.vigil.correlate.directive;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xml.sax.Attributes;

/** Reads one {@code <rule>} element's attributes into the parts of a {@link Rule}. */
final class RuleReader {
    /** Attributes that belong to monitor rules or to features not here yet: read, not applied. */
    private static final List<String> NOT_APPLIED = List.of("from_rep", "to_rep", "from_rep_min_rel", "to_rep_min_rel",
            "from_rep_min_pri", "to_rep_min_pri", "entity", "timetable", "suppress", "from_property_category",
            "from_property_subcategory", "to_property_category", "to_property_subcategory");
    private static final List<String> MONITOR_ONLY = List.of("condition", "value", "interval", "absolute", "rel_abs");
    private static final List<String> KNOWN = List.of("type", "name", "plugin_id", "plugin_sid", "from", "to", "port_from",
            "port_to", "protocol", "sensor", "occurrence", "time_out", "reliability", "sticky", "sticky_different",
            "username", "password", "filename", "userdata1", "userdata2", "userdata3", "userdata4", "userdata5",
            "userdata6", "userdata7", "userdata8", "userdata9", "product", "category", "subcategory");

    /** A rule whose children are still being read. */
    static final class Pending {
        final int level;
        final int line;
        final Attributes attrs;
        final List<Rule> children = new ArrayList<>();

        Pending(int level, int line, Attributes attrs) {
            this.level = level;
            this.line = line;
            this.attrs = new org.xml.sax.helpers.AttributesImpl(attrs);
        }
    }

    private RuleReader() {}

    static Rule build(Pending p) throws DirectiveException {
        Attributes a = p.attrs;
        for (int i = 0; i < a.getLength(); i++) {
            String n = a.getQName(i).toLowerCase(Locale.ROOT);
            if (!KNOWN.contains(n) && !NOT_APPLIED.contains(n) && !MONITOR_ONLY.contains(n)) {
                throw new DirectiveException("rule has an unknown attribute '" + a.getQName(i) + "'");
            }
        }
        String type = get(a, "type");
        boolean monitor;
        if (type == null || type.equalsIgnoreCase("detector")) monitor = false;
        else if (type.equalsIgnoreCase("monitor")) monitor = true;
        else throw new DirectiveException("rule type=\"" + type + "\": expected detector or monitor");
        String name = get(a, "name");
        IntSpec pluginId = IntSpec.parse("plugin_id", get(a, "plugin_id"));
        boolean taxonomy = get(a, "product") != null || get(a, "category") != null || get(a, "subcategory") != null;
        if (!monitor && get(a, "plugin_id") == null && !taxonomy) {
            // an event is chosen by its plugin or by its taxonomy (product, category, subcategory)
            throw new DirectiveException("rule \"" + name + "\" has neither plugin_id nor product/category/subcategory");
        }
        int occurrence = integer(a, "occurrence", 1, 1, Integer.MAX_VALUE);
        int timeOut = integer(a, "time_out", 0, 0, Integer.MAX_VALUE);
        String rel = get(a, "reliability");
        boolean relative = rel != null && (rel.trim().startsWith("+") || rel.trim().startsWith("-"));
        int reliability = rel == null ? 0 : integer("reliability", rel.trim().startsWith("+") ? rel.trim().substring(1) : rel.trim(), -10, 10);
        if (!relative && reliability < 0) throw new DirectiveException("reliability=\"" + rel + "\": expected 0 to 10, or +N/-N");
        String sd = get(a, "sticky_different");
        Ref.Field stickyDifferent = null;
        if (sd != null && !sd.isBlank() && !sd.equalsIgnoreCase("false")) {
            stickyDifferent = Ref.Field.parse(sd);
            if (stickyDifferent == null) throw new DirectiveException("sticky_different=\"" + sd + "\": not an event field such as SRC_IP or DST_PORT");
        }
        Map<Ref.Field, TextSpec> texts = new EnumMap<>(Ref.Field.class);
        for (Ref.Field f : List.of(Ref.Field.USERNAME, Ref.Field.PASSWORD, Ref.Field.FILENAME, Ref.Field.USERDATA1, Ref.Field.USERDATA2,
                Ref.Field.USERDATA3, Ref.Field.USERDATA4, Ref.Field.USERDATA5, Ref.Field.USERDATA6, Ref.Field.USERDATA7,
                Ref.Field.USERDATA8, Ref.Field.USERDATA9)) {
            String attr = f.name().toLowerCase(Locale.ROOT);
            TextSpec t = TextSpec.parse(attr, get(a, attr));
            if (!t.isAny()) texts.put(f, t);
        }
        List<String> unsupported = new ArrayList<>();
        for (String n : NOT_APPLIED) {
            String v = get(a, n);
            if (v != null && !v.isBlank() && !v.equalsIgnoreCase("false")) unsupported.add(n + "=\"" + v + "\"");
        }
        return new Rule(p.level, name == null ? "" : name, monitor, pluginId,
                IntSpec.parse("plugin_sid", get(a, "plugin_sid")),
                AddressSpec.parse("from", get(a, "from")),
                AddressSpec.parse("to", get(a, "to")),
                IntSpec.parse("port_from", get(a, "port_from")),
                IntSpec.parse("port_to", get(a, "port_to")),
                TextSpec.parse("protocol", get(a, "protocol"), true),
                TextSpec.parse("sensor", get(a, "sensor")),
                occurrence, timeOut, reliability, relative,
                "true".equalsIgnoreCase(trim(get(a, "sticky"))), stickyDifferent, Map.copyOf(texts),
                IntSpec.parse("product", get(a, "product")),
                IntSpec.parse("category", get(a, "category")),
                IntSpec.parse("subcategory", get(a, "subcategory")),
                List.copyOf(unsupported), p.line, List.copyOf(p.children));
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }

    /** An attribute by name, ignoring case (OSSIM's parser does). */
    static String get(Attributes a, String name) {
        for (int i = 0; i < a.getLength(); i++) if (a.getQName(i).equalsIgnoreCase(name)) return a.getValue(i);
        return null;
    }

    private static int integer(Attributes a, String name, int dflt, int min, int max) throws DirectiveException {
        String v = get(a, name);
        if (v == null || v.isBlank()) return dflt;
        return integer(name, v, min, max);
    }

    static int integer(String name, String v, int min, int max) throws DirectiveException {
        long n;
        try {
            n = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new DirectiveException(name + "=\"" + v + "\": not a whole number");
        }
        if (n < min || n > max) throw new DirectiveException(name + "=\"" + v + "\": expected " + min + " to " + max);
        return (int) n;
    }
}
