package io.vigil.normalize.decode;

import io.vigil.core.event.Event;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The structured decoders in the order they are tried: CEF, LEEF, Windows JSON, Windows XML,
 * JSON, key=value. The first whose {@link StructuredDecoder#accepts} takes the message decodes it.
 * Immutable and thread-safe.
 */
public final class Decoders {
    private final List<StructuredDecoder> decoders;

    /** The six decoders with their default mappings, times without a zone read as UTC. */
    public Decoders() {
        this(ZoneOffset.UTC, Clock.systemUTC());
    }

    /** The six decoders with their default mappings. */
    public Decoders(ZoneId zone, Clock clock) {
        this(List.of(new CefDecoder(zone, clock), new LeefDecoder(zone, clock), new WindowsEventJsonDecoder(zone, clock),
                new WindowsEventXmlDecoder(zone, clock),
                new JsonLineDecoder(Map.of(), true, zone, clock), new KeyValueDecoder(Map.of(), true, zone, clock)));
    }

    /** These decoders, tried in this order (names must differ). */
    public Decoders(List<? extends StructuredDecoder> decoders) {
        this.decoders = List.copyOf(decoders);
        if (this.decoders.stream().map(StructuredDecoder::name).distinct().count() != this.decoders.size()) {
            throw new IllegalArgumentException("two decoders with the same name in " + this.decoders.stream().map(StructuredDecoder::name).toList());
        }
    }

    public List<StructuredDecoder> all() {
        return decoders;
    }

    /** The decoder of that name (cef, leef, windows-json, windows-xml, json, kv), if there is one. */
    public Optional<StructuredDecoder> get(String name) {
        return decoders.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    /** The first decoder that accepts the message, if any. */
    public Optional<StructuredDecoder> select(String message) {
        if (message == null) return Optional.empty();
        for (StructuredDecoder d : decoders) {
            if (d.accepts(message)) return Optional.of(d);
        }
        return Optional.empty();
    }

    /** The message decoded by the first decoder that accepts it, if any. */
    public Optional<Decoded> decode(String message) {
        return select(message).map(d -> d.decode(message));
    }

    /**
     * The text of an event a decoder should read: its message (its raw log if it has none),
     * except that a syslog parser reading {@code host CEF:0|...} takes {@code CEF} for the
     * program name and {@code 0|...} for the message; then {@code CEF:} (or {@code LEEF:}) is put
     * back in front.
     */
    public static String text(Event e) {
        String m = e.message();
        if (m == null) return e.log();
        String app = e.app();
        String t = m.strip();
        if (app != null && (app.equals("CEF") || app.equals("LEEF")) && !t.isEmpty() && t.charAt(0) >= '0' && t.charAt(0) <= '9') {
            return app + ":" + m;
        }
        return m;
    }

    /**
     * Decodes the event's {@link #text} with the first decoder that accepts it and applies the
     * result to the event ({@link Decoded#applyTo}). Returns what was decoded, or empty (the
     * event untouched) when no decoder accepts it.
     */
    public Optional<Decoded> apply(Event e) {
        Objects.requireNonNull(e);
        String text = text(e);
        Optional<Decoded> d = decode(text);
        d.ifPresent(x -> x.applyTo(e));
        return d;
    }
}
