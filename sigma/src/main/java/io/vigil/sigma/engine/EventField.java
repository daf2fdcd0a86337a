package io.vigil.sigma.engine;

import io.vigil.core.event.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Where a Sigma field is in a Vigil event, as the mapping writes it: an event field by its JSON
 * name ({@code src_ip}, {@code userdata5}, {@code log}), an extra key ({@code extra.win.Image}),
 * optionally one space-separated word of it ({@code userdata1#2}: the URI of a request line),
 * or a list of these, the first that the event has.
 */
public final class EventField {
    private EventField() {}

    /** Compiles one mapping value; null when a name is not an event field. */
    public static Function<Event, String> compile(List<String> alternatives) {
        List<Function<Event, String>> fs = new ArrayList<>();
        for (String a : alternatives) {
            Function<Event, String> f = single(a);
            if (f == null) return null;
            fs.add(f);
        }
        if (fs.size() == 1) return fs.get(0);
        return e -> {
            for (Function<Event, String> f : fs) {
                String v = f.apply(e);
                if (v != null) return v;
            }
            return null;
        };
    }

    private static Function<Event, String> single(String spec) {
        int hash = spec.lastIndexOf('#');
        if (hash > 0) {
            int word;
            try {
                word = Integer.parseInt(spec.substring(hash + 1));
            } catch (NumberFormatException e) {
                return null;
            }
            Function<Event, String> base = single(spec.substring(0, hash));
            if (base == null || word < 1) return null;
            return e -> word(base.apply(e), word);
        }
        if (spec.startsWith("extra.")) {
            String key = spec.substring("extra.".length());
            return e -> e.extra().get(key);
        }
        return switch (spec) {
            case "log" -> Event::log;
            case "message" -> Event::message;
            case "host" -> Event::host;
            case "app" -> Event::app;
            case "procid" -> Event::procid;
            case "msgid" -> Event::msgid;
            case "collector" -> Event::collector;
            case "peer" -> Event::peer;
            case "structured_data" -> Event::structuredData;
            case "plugin_id" -> e -> text(e.pluginId());
            case "plugin_sid" -> e -> text(e.pluginSid());
            case "src_ip" -> Event::srcIp;
            case "dst_ip" -> Event::dstIp;
            case "src_port" -> e -> text(e.srcPort());
            case "dst_port" -> e -> text(e.dstPort());
            case "protocol" -> Event::protocol;
            case "username" -> Event::username;
            case "filename" -> Event::filename;
            case "userdata1" -> Event::userdata1;
            case "userdata2" -> Event::userdata2;
            case "userdata3" -> Event::userdata3;
            case "userdata4" -> Event::userdata4;
            case "userdata5" -> Event::userdata5;
            case "userdata6" -> Event::userdata6;
            case "userdata7" -> Event::userdata7;
            case "userdata8" -> Event::userdata8;
            case "userdata9" -> Event::userdata9;
            case "sensor" -> Event::sensor;
            case "interface" -> Event::iface;
            case "priority" -> e -> text(e.priority());
            case "reliability" -> e -> text(e.reliability());
            case "product_type" -> Event::productType;
            case "category" -> Event::category;
            case "subcategory" -> Event::subcategory;
            case "facility" -> e -> text(e.facility());
            case "severity" -> e -> text(e.severity());
            default -> null;
        };
    }

    private static String text(Integer i) {
        return i == null ? null : i.toString();
    }

    static String word(String s, int n) {
        if (s == null) return null;
        int i = 0;
        int len = s.length();
        for (int w = 1; ; w++) {
            while (i < len && s.charAt(i) == ' ') i++;
            if (i >= len) return null;
            int start = i;
            while (i < len && s.charAt(i) != ' ') i++;
            if (w == n) return s.substring(start, i);
        }
    }
}
