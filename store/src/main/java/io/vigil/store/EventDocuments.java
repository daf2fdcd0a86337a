package io.vigil.store;

import io.vigil.core.net.IpLiterals;
import io.vigil.core.event.Event;
import io.vigil.core.event.Uuid7;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.InetAddressPoint;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.util.BytesRef;

/** Builds the Lucene document of an event, following {@link EventFields}. */
final class EventDocuments {
    /**
     * Keyword values are indexed up to this many characters (Lucene refuses terms over 32766
     * bytes); the stored event keeps the whole value, and query terms are cut the same way.
     */
    static final int MAX_KEYWORD = 8191;

    /** Analyzed text: positions for phrases; norms kept because they make {@code log:*} cheap. */
    static final FieldType TEXT;

    static {
        FieldType t = new FieldType();
        t.setTokenized(true);
        t.setStored(false);
        t.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS);
        t.freeze();
        TEXT = t;
    }

    static final String MESSAGE = "message";
    /** Marks an event with a message that is indexed only as part of its log. */
    static final String MESSAGE_PRESENT = "message#inlog";

    /** Doc values of the id's high and low 64 bits, for sorting. */
    static final String ID_HIGH = "id#high";
    static final String ID_LOW = "id#low";

    private EventDocuments() {}

    /** Flips the sign bit, so signed order of the result is the unsigned order of the bits (and of the id's text). */
    static long sortable(long bits) {
        return bits ^ Long.MIN_VALUE;
    }

    /**
     * The time an event sorts and filters by: its {@code time}, else its {@code received},
     * else the time in its id.
     */
    static long sortTime(Event e) {
        Instant t = e.time() != null ? e.time() : e.received();
        return t != null ? millis(t) : Uuid7.millis(e.id());
    }

    static Document build(Event e) {
        return build(e, true);
    }

    /** @param withSource whether to store the event's JSON (the block layout stores it per block) */
    static Document build(Event e, boolean withSource) {
        Document doc = new Document();
        String id = e.id().toString();
        doc.add(new StringField("id", id, Field.Store.NO));
        // The tie-break of the sort: the id as two numbers ordered like its bytes (cheaper than sorted doc values).
        doc.add(new NumericDocValuesField(ID_HIGH, sortable(e.id().getMostSignificantBits())));
        doc.add(new NumericDocValuesField(ID_LOW, sortable(e.id().getLeastSignificantBits())));
        for (EventFields.Def def : EventFields.ALL) {
            String name = def.name();
            switch (def.kind()) {
                case ID -> { }
                case TIME -> {
                    Instant v = def.getInstant().apply(e);
                    if (name.equals("time")) {
                        long ms = sortTime(e);
                        doc.add(new LongPoint(name, ms));
                        doc.add(new NumericDocValuesField(name, ms));
                    } else if (v != null) {
                        long ms = millis(v);
                        doc.add(new LongPoint(name, ms));
                        doc.add(new NumericDocValuesField(name, ms));
                    }
                }
                case INT -> {
                    Integer v = def.getInt().apply(e);
                    if (v != null) {
                        doc.add(new IntPoint(name, v));
                        doc.add(new NumericDocValuesField(name, v));
                    }
                }
                case KEYWORD -> {
                    String v = def.getString().apply(e);
                    if (v != null) {
                        String k = keyword(v);
                        doc.add(new StringField(name, k, Field.Store.NO));
                        if (def.docValues()) doc.add(new SortedDocValuesField(name, new BytesRef(k)));
                        if (def.ip()) {
                            InetAddress a = IpLiterals.parse(v);
                            if (a != null) doc.add(new InetAddressPoint(name + EventFields.ADDR_SUFFIX, a));
                        }
                    }
                }
                case TEXT -> {
                    String v = def.getString().apply(e);
                    if (v == null) continue;
                    if (name.equals(MESSAGE)) {
                        // The message is part of the raw line, which is indexed: inverting it a
                        // second time cost 13% of the store's throughput. Queries on message
                        // read log as well; this term answers message:* (does the event have one).
                        // A message a decoder rewrote (not inside the log) is indexed as before.
                        if (e.log() != null && e.log().contains(v)) {
                            doc.add(new StringField(MESSAGE_PRESENT, "1", Field.Store.NO));
                            continue;
                        }
                    }
                    doc.add(new Field(name, v, TEXT));
                }
                case BOOL -> doc.add(new StringField(name, def.getBool().apply(e) ? "true" : "false", Field.Store.NO));
            }
        }
        for (Map.Entry<String, String> x : e.extra().entrySet()) {
            if (x.getKey() != null && x.getValue() != null) {
                doc.add(new StringField(ExtraTerms.FIELD, ExtraTerms.term(x.getKey(), x.getValue()), Field.Store.NO));
            }
        }
        if (withSource) doc.add(new StoredField(EventFields.SOURCE, EventJson.write(e)));
        return doc;
    }

    private static long millis(Instant t) {
        try {
            return t.toEpochMilli();
        } catch (ArithmeticException overflow) {
            return t.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** A keyword value as indexed (and as a query term on a keyword field is cut). */
    static String keyword(String v) {
        if (v.length() <= MAX_KEYWORD) return v;
        int end = Character.isHighSurrogate(v.charAt(MAX_KEYWORD - 1)) ? MAX_KEYWORD - 1 : MAX_KEYWORD;
        return v.substring(0, end);
    }
}
