package io.vigil.store;

import io.vigil.core.event.Event;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The stored form of an event, as the store writes it since 2026-12-04: binary, a version byte
 * then one tagged value per field that is set. Events stored earlier are JSON ({@link EventJson});
 * {@link #read} takes both (JSON begins with {@code '{'}, this form with {@link #VERSION}).
 *
 * <p>Why not JSON: writing each event's JSON was 8% of the full path's CPU (field names,
 * quoting and escaping, the generator's contexts), and reading it is most of a search's work
 * on the events of a block. Here a field is a tag and its value, strings are their bytes.
 *
 * <pre>
 * event     := VERSION field*
 * field     := tag value              tag = vint(code &lt;&lt; 3 | wire)
 * wire 0    string: vint(byte length) bytes
 * wire 1    reference into the log: vint(char offset) vint(char length)
 * wire 2    int: zigzag vint
 * wire 3    instant: zigzag vlong(epoch second) vint(nano)
 * wire 4    true (no value)
 * wire 5    extra (code 0): vint(count), then per entry a string key and a value:
 *           vint(0) for null, else vint(byte length + 1) bytes
 * </pre>
 *
 * Strings are UTF-16 code units written as UTF-8 writes characters of the BMP, each surrogate
 * on its own in three bytes (as CESU-8): every Java string comes back exactly, lone surrogates
 * included, and printable ASCII is itself, which is all {@link RawPrefilter} looks for.
 * A field's code ({@link #CODES}) never changes; new fields take new codes, and a reader skips
 * codes and wire types it does not know, so a newer version's events stay readable.
 */
final class StoredEvent {
    static final byte VERSION = 1;
    private static final int STRING = 0, REFERENCE = 1, INT = 2, INSTANT = 3, TRUE = 4, EXTRA = 5;
    private static final int EXTRA_CODE = 0;
    /**
     * The fields' codes: a field's position in this list. Append only: stored events carry
     * these numbers for as long as they are kept.
     */
    static final List<String> CODES = List.of("(extra)", "id", "time", "received", "collector", "peer", "log", "facility",
            "severity", "host", "app", "procid", "msgid", "structured_data", "message", "plugin_id", "plugin_sid", "src_ip",
            "dst_ip", "src_port", "dst_port", "protocol", "username", "password", "filename", "userdata1", "userdata2",
            "userdata3", "userdata4", "userdata5", "userdata6", "userdata7", "userdata8", "userdata9", "sensor", "interface",
            "priority", "reliability", "product_type", "category", "subcategory", "truncated", "malformed");
    /** A value at least this long that is found in the log is written as a reference to it. */
    private static final int MIN_REFERENCE = 16;
    private static final EventFields.Def LOG = EventFields.BY_NAME.get("log");
    /** By position in {@link EventFields#ALL}: the field's code. */
    private static final int[] CODE_OF = new int[EventFields.ALL.size()];
    /** By code: the field, or null (code 0, and codes of fields this version does not have). */
    private static final EventFields.Def[] DEF_OF = new EventFields.Def[CODES.size()];

    static {
        for (int i = 0; i < CODE_OF.length; i++) {
            EventFields.Def def = EventFields.ALL.get(i);
            int code = CODES.indexOf(def.name());
            if (code <= 0) throw new ExceptionInInitializerError("event field " + def.name() + " has no stored code");
            CODE_OF[i] = code;
            DEF_OF[code] = def;
        }
    }

    private StoredEvent() {}

    /** The event in its stored form (a new array). */
    static byte[] write(Event e) {
        GrowableBytes out = new GrowableBytes(512);
        write(e, out);
        return out.toByteArray();
    }

    /** Appends the event's stored form to {@code out}. */
    static void write(Event e, GrowableBytes out) {
        String log = e.log();
        out.write(VERSION);
        for (int i = 0; i < CODE_OF.length; i++) {
            EventFields.Def def = EventFields.ALL.get(i);
            int code = CODE_OF[i];
            switch (def.kind()) {
                case ID -> {
                    UUID id = e.id();
                    if (id != null) string(out, code, id.toString()); // as text: RawPrefilter looks for ids too
                }
                case TIME -> {
                    Instant v = def.getInstant().apply(e);
                    if (v != null) {
                        out.writeVInt(code << 3 | INSTANT);
                        writeVLong(out, zigzag(v.getEpochSecond()));
                        out.writeVInt(v.getNano());
                    }
                }
                case INT -> {
                    Integer v = def.getInt().apply(e);
                    if (v != null) {
                        out.writeVInt(code << 3 | INT);
                        out.writeVInt(v << 1 ^ v >> 31);
                    }
                }
                case KEYWORD, TEXT -> {
                    String v = def.getString().apply(e);
                    if (v == null) continue;
                    int at = v.length() >= MIN_REFERENCE && log != null && def != LOG ? log.indexOf(v) : -1;
                    if (at < 0) {
                        string(out, code, v);
                    } else {
                        out.writeVInt(code << 3 | REFERENCE);
                        out.writeVInt(at);
                        out.writeVInt(v.length());
                    }
                }
                case BOOL -> {
                    if (def.getBool().apply(e)) out.writeVInt(code << 3 | TRUE);
                }
            }
        }
        Map<String, String> extra = e.extra();
        if (!extra.isEmpty()) {
            out.writeVInt(EXTRA_CODE << 3 | EXTRA);
            out.writeVInt(extra.size());
            for (Map.Entry<String, String> x : extra.entrySet()) {
                chars(out, x.getKey(), 0);
                if (x.getValue() == null) out.writeVInt(0);
                else chars(out, x.getValue(), 1);
            }
        }
    }

    private static void string(GrowableBytes out, int code, String v) {
        out.writeVInt(code << 3 | STRING);
        chars(out, v, 0);
    }

    /** The string's byte length plus {@code bias} as a vint, then its bytes. */
    private static void chars(GrowableBytes out, String s, int bias) {
        int n = s.length();
        // Nearly every value is ASCII. The JDK's UTF-8 encoder checks and copies a string's
        // bytes with vector instructions, where a loop over its characters was the costliest
        // part of writing an event. As many bytes as characters means ASCII, or lone
        // surrogates it made '?' of: a '?' anywhere sends the value the exact way below.
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        if (utf8.length == n && !hasQuestionMark(utf8)) {
            out.writeVInt(n + bias);
            out.write(utf8, 0, n);
            return;
        }
        int start = out.size();
        out.writeVInt(n + bias);
        byte[] b = out.reserve(n);
        int at = out.size() - n;
        int or = 0;
        for (int i = 0; i < n; i++) {
            char ch = s.charAt(i);
            or |= ch;
            b[at + i] = (byte) ch;
        }
        if (or < 0x80) return;
        out.truncate(start);
        int len = 0;
        for (int i = 0; i < n; i++) {
            char ch = s.charAt(i);
            len += ch < 0x80 ? 1 : ch < 0x800 ? 2 : 3;
        }
        out.writeVInt(len + bias);
        b = out.reserve(len);
        at = out.size() - len;
        for (int i = 0; i < n; i++) {
            char ch = s.charAt(i);
            if (ch < 0x80) {
                b[at++] = (byte) ch;
            } else if (ch < 0x800) {
                b[at++] = (byte) (0xC0 | ch >> 6);
                b[at++] = (byte) (0x80 | ch & 0x3F);
            } else {
                b[at++] = (byte) (0xE0 | ch >> 12);
                b[at++] = (byte) (0x80 | ch >> 6 & 0x3F);
                b[at++] = (byte) (0x80 | ch & 0x3F);
            }
        }
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** Whether {@code b} holds a {@code '?'}, eight bytes at a time. */
    static boolean hasQuestionMark(byte[] b) {
        int n = b.length;
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            long x = (long) LONGS.get(b, i) ^ 0x3F3F3F3F3F3F3F3FL; // a zero byte where b has '?'
            if (((x - 0x0101010101010101L) & ~x & 0x8080808080808080L) != 0) return true;
        }
        for (; i < n; i++) if (b[i] == '?') return true;
        return false;
    }

    private static long zigzag(long v) {
        return v << 1 ^ v >> 63;
    }

    private static void writeVLong(GrowableBytes out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) (v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }

    /** A field's value as a slice of the event's log, set once the log is known (both forms write them). */
    record Reference(EventFields.Def def, int at, int length) {
        static void resolve(List<Reference> references, Event e) {
            if (references == null) return;
            String log = e.log();
            for (Reference r : references) {
                if (log == null || r.at() < 0 || r.length() < 0 || r.at() > log.length() - r.length()) {
                    throw new IllegalArgumentException(r.def().name() + " points outside the log");
                }
                r.def().setString().accept(e, log.substring(r.at(), r.at() + r.length()));
            }
        }
    }

    /** A stored event, in this form or as JSON. */
    static Event read(byte[] bytes, int offset, int length) {
        if (length > 0 && bytes[offset] == '{') return EventJson.read(bytes, offset, length);
        try {
            if (length == 0 || bytes[offset] != VERSION) {
                throw new IllegalArgumentException(length == 0 ? "it is empty" : "unknown version " + (bytes[offset] & 0xFF));
            }
            return new Reader(bytes, offset + 1, offset + length).event();
        } catch (RuntimeException ex) {
            throw new IllegalStateException("stored event cannot be read: " + ex.getMessage(), ex);
        }
    }

    private static final class Reader {
        private final byte[] b;
        private final int end;
        private int at;

        Reader(byte[] b, int at, int end) {
            this.b = b;
            this.at = at;
            this.end = end;
        }

        Event event() {
            Event e = new Event();
            List<Reference> references = null;
            while (at < end) {
                int tag = vint();
                int wire = tag & 7;
                int code = tag >>> 3;
                EventFields.Def def = code < DEF_OF.length ? DEF_OF[code] : null;
                switch (wire) {
                    case STRING -> {
                        String v = string(vint());
                        if (def == null) break;
                        switch (def.kind()) {
                            case ID -> e.id(UUID.fromString(v));
                            case KEYWORD, TEXT -> def.setString().accept(e, v);
                            default -> throw new IllegalArgumentException(def.name() + " is a " + def.kind() + ", stored as a string");
                        }
                    }
                    case REFERENCE -> {
                        int from = vint();
                        int len = vint();
                        if (def == null) break;
                        if (references == null) references = new ArrayList<>(2);
                        references.add(new Reference(def, from, len));
                    }
                    case INT -> {
                        int z = vint();
                        if (def != null) def.setInt().accept(e, z >>> 1 ^ -(z & 1));
                    }
                    case INSTANT -> {
                        long z = vlong();
                        int nano = vint();
                        if (def != null) def.setInstant().accept(e, Instant.ofEpochSecond(z >>> 1 ^ -(z & 1), nano));
                    }
                    case TRUE -> {
                        if (def != null) def.setBool().accept(e, true);
                    }
                    case EXTRA -> {
                        for (int n = vint(); n > 0; n--) {
                            String key = string(vint());
                            int len = vint();
                            e.extra().put(key, len == 0 ? null : string(len - 1));
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown wire type " + wire + " at byte " + at);
                }
            }
            Reference.resolve(references, e);
            return e;
        }

        private String string(int len) {
            if (len < 0 || len > end - at) throw new IllegalArgumentException("a string runs past the end of the event");
            int from = at;
            at += len;
            int or = 0;
            for (int i = from; i < at; i++) or |= b[i];
            if (or >= 0) return new String(b, from, len, StandardCharsets.ISO_8859_1); // ASCII
            char[] c = new char[len];
            int n = 0;
            for (int i = from; i < at; ) {
                int x = b[i++] & 0xFF;
                if (x < 0x80) {
                    c[n++] = (char) x;
                } else if ((x & 0xE0) == 0xC0 && i < at) {
                    c[n++] = (char) ((x & 0x1F) << 6 | b[i++] & 0x3F);
                } else if ((x & 0xF0) == 0xE0 && i + 1 < at) {
                    c[n++] = (char) ((x & 0x0F) << 12 | (b[i] & 0x3F) << 6 | b[i + 1] & 0x3F);
                    i += 2;
                } else {
                    throw new IllegalArgumentException("bad string bytes at byte " + (i - 1));
                }
            }
            return new String(c, 0, n);
        }

        private int vint() {
            int v = 0;
            for (int shift = 0; shift < 32; shift += 7) {
                if (at >= end) throw new IllegalArgumentException("it ends inside a number");
                byte x = b[at++];
                v |= (x & 0x7F) << shift;
                if (x >= 0) return v;
            }
            throw new IllegalArgumentException("a number is too long");
        }

        private long vlong() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (at >= end) throw new IllegalArgumentException("it ends inside a number");
                byte x = b[at++];
                v |= (long) (x & 0x7F) << shift;
                if (x >= 0) return v;
            }
            throw new IllegalArgumentException("a number is too long");
        }
    }
}
