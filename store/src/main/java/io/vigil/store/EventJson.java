package io.vigil.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.vigil.core.event.Event;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The stored form of an event until 2026-12-04 ({@link StoredEvent} since): its JSON (the API's field names), written and read with
 * Jackson's streaming API. Instants are ISO-8601 strings with all their digits, so an event
 * comes back exactly as it went in. Unknown fields are skipped when reading, so an index
 * written by a newer version stays readable. The store only reads it now ({@link
 * StoredEvent#read}); its writer is kept for the tests and benchmarks that make old blocks.
 */
final class EventJson {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();
    /**
     * A text or keyword value found inside the raw log is written as {@code "name@": [offset,
     * length]} into it: the message is nearly always the end of the log, and plugins copy
     * parts of the line into userdata fields. Stored events shrink by about a third, and so
     * does the work of writing, compressing and reading them. The raw-bytes prefilter stays
     * sound: the value's characters are still in the JSON, inside the log.
     */
    static final String REFERENCE = "@";
    private static final int MIN_REFERENCE = 16;
    private static final EventFields.Def LOG = EventFields.BY_NAME.get("log");
    /** Each field's name, and its name as a reference, encoded once (by position in {@link EventFields#ALL}). */
    private static final SerializedString[] NAMES = new SerializedString[EventFields.ALL.size()];
    private static final SerializedString[] REFERENCE_NAMES = new SerializedString[EventFields.ALL.size()];

    static {
        for (int i = 0; i < NAMES.length; i++) {
            NAMES[i] = new SerializedString(EventFields.ALL.get(i).name());
            REFERENCE_NAMES[i] = new SerializedString(EventFields.ALL.get(i).name() + REFERENCE);
        }
    }

    private static final ThreadLocal<IsoInstant> INSTANTS = ThreadLocal.withInitial(IsoInstant::new);

    private EventJson() {}

    static byte[] write(Event e) {
        ByteArrayBuilder out = new ByteArrayBuilder(512);
        write(e, out);
        return out.toByteArray();
    }

    /** Writes the event's JSON to {@code out}, which is in memory. */
    static void write(Event e, java.io.OutputStream out) {
        String log = e.log();
        IsoInstant iso = INSTANTS.get();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            for (int i = 0; i < NAMES.length; i++) {
                EventFields.Def def = EventFields.ALL.get(i);
                switch (def.kind()) {
                    case ID -> {
                        if (e.id() != null) {
                            g.writeFieldName(NAMES[i]);
                            g.writeString(e.id().toString());
                        }
                    }
                    case TIME -> {
                        Instant v = def.getInstant().apply(e);
                        if (v != null) {
                            g.writeFieldName(NAMES[i]);
                            int n = iso.write(v);
                            if (n < 0) g.writeString(v.toString());
                            else g.writeString(iso.text, 0, n);
                        }
                    }
                    case INT -> {
                        Integer v = def.getInt().apply(e);
                        if (v != null) {
                            g.writeFieldName(NAMES[i]);
                            g.writeNumber(v);
                        }
                    }
                    case KEYWORD, TEXT -> {
                        String v = def.getString().apply(e);
                        if (v == null) continue;
                        int at = v.length() >= MIN_REFERENCE && log != null && def != LOG ? log.indexOf(v) : -1;
                        if (at < 0) {
                            g.writeFieldName(NAMES[i]);
                            g.writeString(v);
                        } else {
                            g.writeFieldName(REFERENCE_NAMES[i]);
                            g.writeStartArray();
                            g.writeNumber(at);
                            g.writeNumber(v.length());
                            g.writeEndArray();
                        }
                    }
                    case BOOL -> {
                        if (def.getBool().apply(e)) {
                            g.writeFieldName(NAMES[i]);
                            g.writeBoolean(true);
                        }
                    }
                }
            }
            if (!e.extra().isEmpty()) {
                g.writeObjectFieldStart("extra");
                for (Map.Entry<String, String> x : e.extra().entrySet()) {
                    if (x.getValue() == null) g.writeNullField(x.getKey());
                    else g.writeStringField(x.getKey(), x.getValue());
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex); // in-memory: cannot happen
        }
    }

    static Event read(byte[] bytes, int offset, int length) {
        Event e = new Event();
        List<StoredEvent.Reference> references = null;
        try (JsonParser p = FACTORY.createParser(bytes, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new IOException("stored event is not a JSON object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (name.equals("extra") && t == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String key = p.currentName();
                        p.nextToken();
                        e.extra().put(key, p.currentToken() == JsonToken.VALUE_NULL ? null : p.getText());
                    }
                    continue;
                }
                if (name.endsWith(REFERENCE) && t == JsonToken.START_ARRAY) {
                    EventFields.Def def = EventFields.BY_NAME.get(name.substring(0, name.length() - REFERENCE.length()));
                    p.nextToken();
                    int at = p.getIntValue();
                    p.nextToken();
                    int len = p.getIntValue();
                    if (p.nextToken() != JsonToken.END_ARRAY) throw new IOException(name + " is not [offset, length]");
                    if (def != null) {
                        if (references == null) references = new ArrayList<>(2);
                        references.add(new StoredEvent.Reference(def, at, len));
                    }
                    continue;
                }
                EventFields.Def def = EventFields.BY_NAME.get(name);
                if (def == null || t == JsonToken.VALUE_NULL) {
                    p.skipChildren();
                    continue;
                }
                switch (def.kind()) {
                    case ID -> e.id(UUID.fromString(p.getText()));
                    case TIME -> def.setInstant().accept(e, Instant.parse(p.getText()));
                    case INT -> def.setInt().accept(e, p.getIntValue());
                    case KEYWORD, TEXT -> def.setString().accept(e, p.getText());
                    case BOOL -> def.setBool().accept(e, p.getBooleanValue());
                }
            }
            StoredEvent.Reference.resolve(references, e);
        } catch (IOException | RuntimeException ex) {
            throw new IllegalStateException("stored event cannot be read: " + ex.getMessage(), ex);
        }
        return e;
    }
}
