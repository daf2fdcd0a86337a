package io.vigil.store;

import io.vigil.core.net.IpLiterals;
import io.vigil.core.event.Event;
import io.vigil.core.event.Uuid7;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
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

    /**
     * What an event puts in the index, value by value. The per-event document and the block
     * layout ({@link EventBlock}) both take it from {@link #index}, so they index the same.
     */
    interface Sink {
        /** One exact term (keywords, booleans, {@code extra} entries, markers). */
        void term(String field, String term);

        /** The event's id; as the term {@code id} unless the layout keeps ids otherwise. */
        default void id(UUID id) {
            term("id", id.toString());
        }

        /** A keyword field's value, already cut ({@link #keyword}); as a term unless the layout keeps long ones otherwise. */
        default void keyword(String field, String value) {
            term(field, value);
        }

        /** One entry of the event's {@code extra} map, as the term {@link ExtraTerms#term} of its field. */
        default void extra(String key, String value) {
            term(ExtraTerms.FIELD, ExtraTerms.term(key, value));
        }

        /** Text to analyze into words (and their parts). */
        void text(String field, String text);

        void longPoint(String field, long value);

        void intPoint(String field, int value);

        /** An address literal, indexed as a point under {@code field}{@link EventFields#ADDR_SUFFIX} when it parses. */
        void address(String field, String literal);

        /** Per-event sort and count values; the block layout has no use for them. */
        default void sortedValue(String field, String value) { }

        default void numericValue(String field, long value) { }
    }

    /** Gives every indexed value of the event to the sink. */
    static void index(Event e, Sink sink) {
        sink.id(e.id());
        // The tie-break of the sort: the id as two numbers ordered like its bytes (cheaper than sorted doc values).
        sink.numericValue(ID_HIGH, sortable(e.id().getMostSignificantBits()));
        sink.numericValue(ID_LOW, sortable(e.id().getLeastSignificantBits()));
        for (EventFields.Def def : EventFields.ALL) {
            String name = def.name();
            switch (def.kind()) {
                case ID -> { }
                case TIME -> {
                    Instant v = def.getInstant().apply(e);
                    if (name.equals("time") || v != null) {
                        long ms = name.equals("time") ? sortTime(e) : millis(v);
                        sink.longPoint(name, ms);
                        sink.numericValue(name, ms);
                    }
                }
                case INT -> {
                    Integer v = def.getInt().apply(e);
                    if (v != null) {
                        sink.intPoint(name, v);
                        sink.numericValue(name, v);
                    }
                }
                case KEYWORD -> {
                    String v = def.getString().apply(e);
                    if (v != null) {
                        String k = keyword(v);
                        sink.keyword(name, k);
                        if (def.docValues()) sink.sortedValue(name, k);
                        if (def.ip()) sink.address(name, v);
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
                            sink.term(MESSAGE_PRESENT, "1");
                            continue;
                        }
                    }
                    sink.text(name, v);
                }
                case BOOL -> sink.term(name, def.getBool().apply(e) ? "true" : "false");
            }
        }
        for (Map.Entry<String, String> x : e.extra().entrySet()) {
            if (x.getKey() != null && x.getValue() != null) sink.extra(x.getKey(), x.getValue());
        }
    }

    static Document build(Event e) {
        return build(e, true);
    }

    /** The event's own document; {@code withSource}: with its JSON stored (the block layout stores it per block). */
    static Document build(Event e, boolean withSource) {
        Document doc = new Document();
        index(e, new Sink() {
            @Override public void term(String field, String term) { doc.add(new StringField(field, term, Field.Store.NO)); }
            @Override public void text(String field, String text) { doc.add(new Field(field, text, TEXT)); }
            @Override public void longPoint(String field, long value) { doc.add(new LongPoint(field, value)); }
            @Override public void intPoint(String field, int value) { doc.add(new IntPoint(field, value)); }
            @Override public void address(String field, String literal) {
                InetAddress a = IpLiterals.parse(literal);
                if (a != null) doc.add(new InetAddressPoint(field + EventFields.ADDR_SUFFIX, a));
            }
            @Override public void sortedValue(String field, String value) { doc.add(new SortedDocValuesField(field, new BytesRef(value))); }
            @Override public void numericValue(String field, long value) { doc.add(new NumericDocValuesField(field, value)); }
        });
        if (withSource) doc.add(new StoredField(EventFields.SOURCE, StoredEvent.write(e)));
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
