package io.vigil.normalize.decode;

import io.vigil.core.event.Event;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a {@link StructuredDecoder} read from one message:
 * <ul>
 *   <li>{@link #fields()}: the header and the fields, in the order the message has them, under
 *       the names the format gives them (a repeated name gets {@code .2}, {@code .3}, ...);</li>
 *   <li>{@link #eventFields()}: the values bound for event fields (src_ip, src_port, time,
 *       username, userdata1..9, ...), already converted and checked;</li>
 *   <li>{@link #extra()}: what goes to the event's extra map, {@code <decoder>.<name>} for every
 *       field not moved verbatim to an event field (header fields, times, severities and values
 *       rewritten on the way, such as {@code 6} read as protocol {@code TCP}, are kept as sent);</li>
 *   <li>{@link #errors()}: what could not be read (a missing header field, a port that is not a
 *       number, invalid JSON, ...); the rest is kept all the same.</li>
 * </ul>
 * {@link #applyTo(Event)} writes it all into an event. Not thread-safe while being built;
 * read-only once returned by a decoder.
 */
public final class Decoded {
    private final String decoder;
    private final String raw;
    private final ZoneId zone;
    private final Clock clock;
    private final Map<String, String> fields = new LinkedHashMap<>();
    private final Map<Field, Object> event = new EnumMap<>(Field.class);
    private final Set<String> consumed = new HashSet<>();
    private Map<String, Integer> repeats; // made on the first repeated name
    private final Map<String, String> extra = new LinkedHashMap<>();
    private final List<String> errors = new ArrayList<>();

    Decoded(String decoder, String raw, ZoneId zone, Clock clock) {
        this.decoder = decoder;
        this.raw = raw;
        this.zone = zone;
        this.clock = clock;
    }

    /** The decoder's name (cef, leef, windows-json, windows-xml, json, kv). */
    public String decoder() {
        return decoder;
    }

    /** The message as given to the decoder. */
    public String raw() {
        return raw;
    }

    /** Header and fields in message order, under the format's own names. */
    public Map<String, String> fields() {
        return Collections.unmodifiableMap(fields);
    }

    /** One field by its name in {@link #fields()}, or null. */
    public String field(String name) {
        return fields.get(name);
    }

    /** Event field values by JSON name (src_ip, src_port, time, ...): String, Integer or Instant. */
    public Map<String, Object> eventFields() {
        Map<String, Object> m = new LinkedHashMap<>();
        event.forEach((f, v) -> m.put(f.json, v));
        return Collections.unmodifiableMap(m);
    }

    /** What {@link #applyTo} puts in the event's extra map, besides {@code decoder} and {@code decode_error}. */
    public Map<String, String> extra() {
        return Collections.unmodifiableMap(extra);
    }

    /** What could not be read; empty when the message decoded cleanly. */
    public List<String> errors() {
        return Collections.unmodifiableList(errors);
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    /**
     * Writes the decoded values into the event: each event field found replaces the event's
     * (message, host, app and time included: the raw line stays in {@code log}); fields not
     * found leave the event's as they were. Extra gets {@code decoder}, the {@link #extra()}
     * entries and, when anything could not be read, {@code decode_error} (the errors joined by
     * {@code "; "}).
     */
    public void applyTo(Event e) {
        event.forEach((f, v) -> f.set(e, v));
        e.extra("decoder", decoder);
        extra.forEach(e::extra);
        if (!errors.isEmpty()) e.extra("decode_error", String.join("; ", errors));
    }

    @Override
    public String toString() {
        return "Decoded{" + decoder + " " + eventFields() + " extra=" + extra + (errors.isEmpty() ? "" : " errors=" + errors) + "}";
    }

    // ---- building (package-private) ----

    ZoneId zone() {
        return zone;
    }

    Clock clock() {
        return clock;
    }

    /** Adds a field in message order; a name already there gets the first free {@code name.N} (N from 2). Returns the name used. */
    String add(String name, String value) {
        if (value != null ? fields.putIfAbsent(name, value) == null : !fields.containsKey(name)) {
            fields.put(name, value);
            return name;
        }
        if (repeats == null) repeats = new HashMap<>();
        // the next number to try per name, so that many repeats stay linear
        int n = repeats.getOrDefault(name, 2);
        while (true) {
            String k = name + "." + n++;
            if (!fields.containsKey(k)) {
                fields.put(k, value);
                repeats.put(name, n);
                return k;
            }
        }
    }

    void error(String message) {
        errors.add(message);
    }

    boolean has(Field f) {
        return event.containsKey(f);
    }

    /**
     * Binds the value of the field {@code name} (in {@link #fields()}) to an event field, unless
     * that event field already has a value or the value is a placeholder (empty, {@code -},
     * {@code N/A}). A value that cannot be converted is an error and binds nothing. A field bound
     * verbatim (the same text: not a time, not {@code 6} read as {@code TCP}) is not repeated in
     * extra. Returns whether it was bound.
     */
    boolean bind(Field f, String name) {
        return bind(f, name, true);
    }

    /** As {@link #bind(Field, String)}; when not strict, a value that cannot be converted is skipped silently. */
    boolean bind(Field f, String name, boolean strict) {
        String v = fields.get(name);
        if (v == null || event.containsKey(f) || Values.placeholder(v)) return false;
        if (f.kind == Field.Kind.TIME) {
            Instant t = Times.parse(v, zone, clock);
            if (t == null) {
                if (strict) error(name + ": not a time: " + Values.quote(v));
                return false;
            }
            event.put(f, t);
            return true;
        }
        Object c = f.convert(v);
        if (c == null) {
            if (strict) error(name + ": not " + what(f) + ": " + Values.quote(v));
            return false;
        }
        event.put(f, c);
        if (c.toString().equals(v)) consumed.add(name); // moved verbatim: extra need not repeat it
        return true;
    }

    /** Binds the first of the named fields that binds. */
    boolean bindFirst(Field f, String... names) {
        for (String n : names) {
            if (bind(f, n)) return true;
        }
        return false;
    }

    /** Sets an event field to a value computed by the decoder (the source field stays in extra). */
    void set(Field f, Object value) {
        if (value != null && !event.containsKey(f)) event.put(f, value);
    }

    /** Marks a field as moved verbatim to an event field: extra will not repeat it. */
    void consume(String name) {
        consumed.add(name);
    }

    boolean consumed(String name) {
        return consumed.contains(name);
    }

    /** Copies every field not consumed to extra as {@code prefix + name} (blanks in names become {@code _}). */
    void keepRest(String prefix) {
        for (Map.Entry<String, String> x : fields.entrySet()) {
            if (!consumed.contains(x.getKey())) extra.putIfAbsent(prefix + Values.key(x.getKey()), x.getValue());
        }
    }

    /** Puts one entry in extra unless the key is taken. */
    void extra(String key, String value) {
        extra.putIfAbsent(key, value);
    }

    private static String what(Field f) {
        return switch (f.kind) {
            case IP -> "an IP address";
            case PORT -> "a port";
            case PRIORITY -> "a priority (0-5)";
            case RELIABILITY -> "a reliability (0-10)";
            case NUMBER -> "a number";
            default -> "a value";
        };
    }
}
