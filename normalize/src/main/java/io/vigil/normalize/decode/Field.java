package io.vigil.normalize.decode;

import io.vigil.core.event.Event;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The event fields a decoder may fill, by their JSON (OSSIM) names, with the type each takes
 * and how a value is written to an {@link Event}.
 */
enum Field {
    TIME("time", Kind.TIME),
    HOST("host", Kind.TEXT),
    APP("app", Kind.TEXT),
    PROCID("procid", Kind.TEXT),
    MSGID("msgid", Kind.TEXT),
    MESSAGE("message", Kind.TEXT),
    PLUGIN_ID("plugin_id", Kind.NUMBER),
    PLUGIN_SID("plugin_sid", Kind.NUMBER),
    SRC_IP("src_ip", Kind.IP),
    DST_IP("dst_ip", Kind.IP),
    SRC_PORT("src_port", Kind.PORT),
    DST_PORT("dst_port", Kind.PORT),
    PROTOCOL("protocol", Kind.PROTOCOL),
    USERNAME("username", Kind.TEXT),
    PASSWORD("password", Kind.TEXT),
    FILENAME("filename", Kind.TEXT),
    USERDATA1("userdata1", Kind.TEXT),
    USERDATA2("userdata2", Kind.TEXT),
    USERDATA3("userdata3", Kind.TEXT),
    USERDATA4("userdata4", Kind.TEXT),
    USERDATA5("userdata5", Kind.TEXT),
    USERDATA6("userdata6", Kind.TEXT),
    USERDATA7("userdata7", Kind.TEXT),
    USERDATA8("userdata8", Kind.TEXT),
    USERDATA9("userdata9", Kind.TEXT),
    SENSOR("sensor", Kind.TEXT),
    INTERFACE("interface", Kind.TEXT),
    PRIORITY("priority", Kind.PRIORITY),
    RELIABILITY("reliability", Kind.RELIABILITY),
    PRODUCT_TYPE("product_type", Kind.TEXT),
    CATEGORY("category", Kind.TEXT),
    SUBCATEGORY("subcategory", Kind.TEXT);

    enum Kind { TEXT, IP, PORT, PROTOCOL, NUMBER, PRIORITY, RELIABILITY, TIME }

    final String json;
    final Kind kind;

    Field(String json, Kind kind) {
        this.json = json;
        this.kind = kind;
    }

    private static final Map<String, Field> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(f -> f.json, Function.identity()));

    /** The field of that JSON name ({@code date} is read as {@code time}, as OSSIM plugins name it), or null. */
    static Field of(String name) {
        if (name == null) return null;
        String n = name.trim().toLowerCase(Locale.ROOT);
        return "date".equals(n) ? TIME : BY_NAME.get(n);
    }

    /** The field of that name, or an IllegalArgumentException listing the names there are (configuration errors). */
    static Field require(String name, String context) {
        Field f = of(name);
        if (f == null) {
            throw new IllegalArgumentException(context + ": unknown event field '" + name + "'; fields are "
                    + Arrays.stream(values()).map(x -> x.json).collect(Collectors.joining(", ")));
        }
        return f;
    }

    /** Converts a raw value to this field's type, or null when it cannot be read. TIME is not handled here. */
    Object convert(String raw) {
        return switch (kind) {
            case TEXT -> raw;
            case IP -> Values.ip(raw);
            case PORT -> Values.port(raw);
            case PROTOCOL -> Values.protocol(raw);
            case NUMBER -> Values.integer(raw, 0, Integer.MAX_VALUE);
            case PRIORITY -> Values.integer(raw, 0, 5);
            case RELIABILITY -> Values.integer(raw, 0, 10);
            case TIME -> null;
        };
    }

    void set(Event e, Object v) {
        switch (this) {
            case TIME -> e.time((Instant) v);
            case HOST -> e.host((String) v);
            case APP -> e.app((String) v);
            case PROCID -> e.procid((String) v);
            case MSGID -> e.msgid((String) v);
            case MESSAGE -> e.message((String) v);
            case PLUGIN_ID -> e.pluginId((Integer) v);
            case PLUGIN_SID -> e.pluginSid((Integer) v);
            case SRC_IP -> e.srcIp((String) v);
            case DST_IP -> e.dstIp((String) v);
            case SRC_PORT -> e.srcPort((Integer) v);
            case DST_PORT -> e.dstPort((Integer) v);
            case PROTOCOL -> e.protocol((String) v);
            case USERNAME -> e.username((String) v);
            case PASSWORD -> e.password((String) v);
            case FILENAME -> e.filename((String) v);
            case USERDATA1 -> e.userdata1((String) v);
            case USERDATA2 -> e.userdata2((String) v);
            case USERDATA3 -> e.userdata3((String) v);
            case USERDATA4 -> e.userdata4((String) v);
            case USERDATA5 -> e.userdata5((String) v);
            case USERDATA6 -> e.userdata6((String) v);
            case USERDATA7 -> e.userdata7((String) v);
            case USERDATA8 -> e.userdata8((String) v);
            case USERDATA9 -> e.userdata9((String) v);
            case SENSOR -> e.sensor((String) v);
            case INTERFACE -> e.iface((String) v);
            case PRIORITY -> e.priority((Integer) v);
            case RELIABILITY -> e.reliability((Integer) v);
            case PRODUCT_TYPE -> e.productType((String) v);
            case CATEGORY -> e.category((String) v);
            case SUBCATEGORY -> e.subcategory((String) v);
        }
    }
}
