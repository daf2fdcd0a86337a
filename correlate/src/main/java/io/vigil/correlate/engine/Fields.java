package io.vigil.correlate.engine;

import io.vigil.core.event.Event;
import io.vigil.correlate.directive.Ref;
import java.util.Locale;

/** An event's value for a field a rule can refer to or keep distinct. */
final class Fields {
    private Fields() {}

    static Object get(Event e, Ref.Field f) {
        return switch (f) {
            case SRC_IP -> e.srcIp();
            case DST_IP -> e.dstIp();
            case SRC_PORT -> e.srcPort();
            case DST_PORT -> e.dstPort();
            case PROTOCOL -> protocol(e.protocol());
            case PLUGIN_ID -> e.pluginId();
            case PLUGIN_SID -> e.pluginSid();
            case SENSOR -> e.sensor();
            case FILENAME -> e.filename();
            case USERNAME -> e.username();
            case PASSWORD -> e.password();
            case USERDATA1 -> e.userdata1();
            case USERDATA2 -> e.userdata2();
            case USERDATA3 -> e.userdata3();
            case USERDATA4 -> e.userdata4();
            case USERDATA5 -> e.userdata5();
            case USERDATA6 -> e.userdata6();
            case USERDATA7 -> e.userdata7();
            case USERDATA8 -> e.userdata8();
            case USERDATA9 -> e.userdata9();
        };
    }

    /** A protocol by name, whether the event wrote its number or its name ({@code 6} and {@code TCP} are one). */
    static String protocol(String p) {
        if (p == null) return null;
        return switch (p.trim().toLowerCase(Locale.ROOT)) {
            case "6" -> "tcp";
            case "17" -> "udp";
            case "1" -> "icmp";
            case "58" -> "ipv6-icmp";
            default -> p.trim().toLowerCase(Locale.ROOT);
        };
    }
}
