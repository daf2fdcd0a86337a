package io.vigil.store;

import io.vigil.core.event.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The index schema: how each {@link Event} field (by its JSON name) is indexed and how it is
 * queried. One table drives the document builder, the stored form's codec and the query parser,
 * so a field cannot be indexed one way and queried another.
 *
 * <ul>
 *   <li>{@link Kind#KEYWORD}: one exact, case-sensitive term (as stored); doc values when
 *       {@link Def#docValues()} so it can be aggregated ({@code countBy}).</li>
 *   <li>{@link Kind#TEXT}: analyzed by {@link LogAnalyzer}, case-insensitive words and phrases.</li>
 *   <li>{@link Kind#INT}: an integer point plus numeric doc values: {@code src_port:22},
 *       {@code severity:[0 TO 3]}, aggregations.</li>
 *   <li>{@link Kind#TIME}: epoch milliseconds (long point plus doc values); {@code time} sorts.</li>
 *   <li>{@link Kind#BOOL}: keyword {@code true} or {@code false}, always present.</li>
 * </ul>
 */
final class EventFields {
    enum Kind { ID, TIME, INT, KEYWORD, TEXT, BOOL }

    /** Where the whole event is stored ({@link StoredEvent}), in the per-event layout. */
    static final String SOURCE = "_source";
    /** Prefix of the extra fields' names in the index and in queries: {@code extra.<key>}. */
    static final String EXTRA_PREFIX = "extra.";
    /** Suffix of the internal point field that makes src_ip and dst_ip searchable by CIDR and range. */
    static final String ADDR_SUFFIX = "#addr";

    /**
     * One event field. Exactly one of the accessor pairs is set, matching the kind.
     *
     * @param docValues keyword fields only: also index sorted doc values (sortable, aggregatable)
     * @param ip        keyword fields holding an IP address: also index an address point
     */
    record Def(String name, Kind kind, boolean docValues, boolean ip,
               Function<Event, String> getString, BiConsumer<Event, String> setString,
               Function<Event, Integer> getInt, BiConsumer<Event, Integer> setInt,
               Function<Event, Instant> getInstant, BiConsumer<Event, Instant> setInstant,
               Function<Event, Boolean> getBool, BiConsumer<Event, Boolean> setBool) {

        /** Sorted or numeric doc values exist for this field. */
        boolean aggregatable() {
            return kind == Kind.INT || kind == Kind.TIME || (kind == Kind.KEYWORD && docValues);
        }
    }

    static final List<Def> ALL;
    static final Map<String, Def> BY_NAME;

    static {
        List<Def> d = new ArrayList<>();
        d.add(new Def("id", Kind.ID, false, false, null, null, null, null, null, null, null, null));
        instant(d, "time", Event::time, Event::time);
        instant(d, "received", Event::received, Event::received);
        keyword(d, "collector", true, Event::collector, Event::collector);
        keyword(d, "peer", false, Event::peer, Event::peer);
        text(d, "log", Event::log, Event::log);
        integer(d, "facility", Event::facility, Event::facility);
        integer(d, "severity", Event::severity, Event::severity);
        keyword(d, "host", true, Event::host, Event::host);
        keyword(d, "app", true, Event::app, Event::app);
        keyword(d, "procid", false, Event::procid, Event::procid);
        keyword(d, "msgid", true, Event::msgid, Event::msgid);
        text(d, "structured_data", Event::structuredData, Event::structuredData);
        text(d, "message", Event::message, Event::message);
        integer(d, "plugin_id", Event::pluginId, Event::pluginId);
        integer(d, "plugin_sid", Event::pluginSid, Event::pluginSid);
        d.add(new Def("src_ip", Kind.KEYWORD, true, true, Event::srcIp, Event::srcIp, null, null, null, null, null, null));
        d.add(new Def("dst_ip", Kind.KEYWORD, true, true, Event::dstIp, Event::dstIp, null, null, null, null, null, null));
        integer(d, "src_port", Event::srcPort, Event::srcPort);
        integer(d, "dst_port", Event::dstPort, Event::dstPort);
        keyword(d, "protocol", true, Event::protocol, Event::protocol);
        keyword(d, "username", true, Event::username, Event::username);
        keyword(d, "password", false, Event::password, Event::password);
        keyword(d, "filename", true, Event::filename, Event::filename);
        keyword(d, "userdata1", true, Event::userdata1, Event::userdata1);
        keyword(d, "userdata2", true, Event::userdata2, Event::userdata2);
        keyword(d, "userdata3", true, Event::userdata3, Event::userdata3);
        keyword(d, "userdata4", true, Event::userdata4, Event::userdata4);
        keyword(d, "userdata5", true, Event::userdata5, Event::userdata5);
        keyword(d, "userdata6", true, Event::userdata6, Event::userdata6);
        keyword(d, "userdata7", true, Event::userdata7, Event::userdata7);
        keyword(d, "userdata8", true, Event::userdata8, Event::userdata8);
        keyword(d, "userdata9", true, Event::userdata9, Event::userdata9);
        keyword(d, "sensor", true, Event::sensor, Event::sensor);
        keyword(d, "interface", true, Event::iface, Event::iface);
        integer(d, "priority", Event::priority, Event::priority);
        integer(d, "reliability", Event::reliability, Event::reliability);
        keyword(d, "product_type", true, Event::productType, Event::productType);
        keyword(d, "category", true, Event::category, Event::category);
        keyword(d, "subcategory", true, Event::subcategory, Event::subcategory);
        bool(d, "truncated", Event::truncated, Event::truncated);
        bool(d, "malformed", Event::malformed, Event::malformed);
        ALL = Collections.unmodifiableList(d);
        Map<String, Def> m = new LinkedHashMap<>();
        for (Def def : d) m.put(def.name(), def);
        BY_NAME = Collections.unmodifiableMap(m);
    }

    private EventFields() {}

    /** The schema of a field as named in a query: an event field, or {@code extra.<key>} (keyword). */
    static Def lookup(String field) {
        Def def = BY_NAME.get(field);
        if (def != null) return def;
        if (field.startsWith(EXTRA_PREFIX) && field.length() > EXTRA_PREFIX.length()) return EXTRA;
        return null;
    }

    private static final Def EXTRA = new Def("extra.*", Kind.KEYWORD, false, false, null, null, null, null, null, null, null, null);

    private static void keyword(List<Def> d, String name, boolean docValues, Function<Event, String> get, BiConsumer<Event, String> set) {
        d.add(new Def(name, Kind.KEYWORD, docValues, false, get, set, null, null, null, null, null, null));
    }

    private static void text(List<Def> d, String name, Function<Event, String> get, BiConsumer<Event, String> set) {
        d.add(new Def(name, Kind.TEXT, false, false, get, set, null, null, null, null, null, null));
    }

    private static void integer(List<Def> d, String name, Function<Event, Integer> get, BiConsumer<Event, Integer> set) {
        d.add(new Def(name, Kind.INT, false, false, null, null, get, set, null, null, null, null));
    }

    private static void instant(List<Def> d, String name, Function<Event, Instant> get, BiConsumer<Event, Instant> set) {
        d.add(new Def(name, Kind.TIME, false, false, null, null, null, null, get, set, null, null));
    }

    private static void bool(List<Def> d, String name, Function<Event, Boolean> get, BiConsumer<Event, Boolean> set) {
        d.add(new Def(name, Kind.BOOL, false, false, null, null, null, null, null, null, get, set));
    }
}
