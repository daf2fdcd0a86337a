package io.vigil.store;

import io.vigil.core.event.Event;
import io.vigil.core.event.Uuid7;
import io.vigil.core.net.IpLiterals;
import java.io.IOException;
import java.net.InetAddress;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.lucene.analysis.CharacterUtils;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.BytesTermAttribute;
import org.apache.lucene.analysis.tokenattributes.TermFrequencyAttribute;
import org.apache.lucene.document.BinaryPoint;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.InetAddressPoint;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.internal.hppc.IntHashSet;
import org.apache.lucene.internal.hppc.LongHashSet;
import org.apache.lucene.store.ByteArrayDataInput;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.AttributeFactory;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.BytesRefBuilder;

/**
 * Up to {@value #MAX_EVENTS} events of one day, indexed as one Lucene document (the block
 * layout of the event store). The document holds every distinct term and point value of its
 * events, in the same fields as the per-event layout, so a query finds the blocks that may
 * hold a match. The events themselves, each in its stored form ({@link StoredEvent}), are in the day's {@link BlockFile}
 * (the document holds where), and a search checks each event of a candidate block exactly
 * ({@link EventMatcher}).
 *
 * <p>Why: indexing a document costs Lucene tens of microseconds whatever its size, and a
 * block's distinct terms are a fraction of its events' terms. Per event this costs the
 * tokenizing and one hash lookup per term; see docs/benchmarks.md.
 *
 * <p>Why {@value #MAX_EVENTS}: the larger the block, the more of its events' terms are one
 * term of the block (a word common in the log is indexed once per block), and nearly all of
 * Lucene's work, in-memory indexing, flushes and merges, is per term of a block. Blocks of
 * 4,096 took the store 12-16% less CPU per event than blocks of 1,024, and 8,192 little less
 * again. The price is paid by searches for rare values, which read each candidate block
 * whole: 54-89 ms instead of 27-40 for an address in 12 of 1,000,000 events
 * (docs/benchmarks.md, "Blocks of 4,096 events").
 *
 * <p>Each term's frequency in the block document is the number of the block's events that
 * have it, so counting a query of one term, or of terms every event has, reads no events.
 */
final class EventBlock {
    static final int MAX_EVENTS = 4096;
    /** Stored field: the block's events, in blocks written before they went to the {@link BlockFile}. */
    static final String EVENTS = "block#events";
    /** Doc values: where the block's events are in its day's {@link BlockFile}, and that day (epoch day). */
    static final String FILE_AT = "block#at";
    static final String FILE_DAY = "block#day";
    static final String COUNT = "block#count";
    static final String TIME_MIN = "block#tmin";
    static final String TIME_MAX = "block#tmax";
    /** The greatest id time (epoch ms) in the block, as a point: what a store opening finds already stored. */
    static final String ID_MAX = "block#idmax";
    /**
     * Each event's id, as a 16-byte point. Ids are unique, so as terms they were more than
     * half of a block's terms, and the costliest to index, flush and merge (the terms
     * dictionary tries to compress them); a point costs a fraction. Blocks written before
     * kept ids as terms of {@code id}; queries ask for both ({@link BlockQueries}).
     */
    static final String ID_POINT = "block#id";
    /**
     * Keyword values longer than this many characters are not terms of their block: each is
     * a point of its hash under {@code field}{@link #HASH_SUFFIX}, and the block has the term
     * {@code field} in {@link #LONG_VALUES}. Generic plugins put whole messages in
     * {@code userdata1}: as terms these were four fifths of the index's term bytes, unique
     * per event, and what its terms dictionary spent its compression and merges on.
     */
    static final int LONG_KEYWORD = 64;
    static final String HASH_SUFFIX = "#h";
    /** Terms: the keyword fields with values longer than {@link #LONG_KEYWORD} in the block. */
    static final String LONG_VALUES = "block#long";

    /**
     * Terms in a block document, text and keyword alike: no positions (phrases are checked on
     * the events); as frequency, how many of the block's events have the term, so a count of
     * one term, or of terms every event has, needs no look at the events.
     */
    static final FieldType TERMS;

    static {
        FieldType t = new FieldType();
        t.setTokenized(true);
        t.setStored(false);
        t.setIndexOptions(IndexOptions.DOCS_AND_FREQS);
        t.setOmitNorms(true);
        t.freeze();
        TERMS = t;
    }

    /** Each event as the length of its stored form (a vint), then that ({@link StoredEvent}; JSON in blocks written before). */
    private final GrowableBytes payload = new GrowableBytes(256 * 1024);
    /** One event's stored form, before its length is known. */
    private final GrowableBytes stored = new GrowableBytes(2048);
    /** Field to its terms. */
    private final Map<String, BlockTerms> terms = new HashMap<>();
    /** A value's characters: a keyword, or a text being tokenized. */
    private char[] chars = new char[1024];
    /** One token lower-cased. */
    private final char[] lower = new char[LogTokenizer.MAX_TOKEN];
    /**
     * Point field to its distinct values, in sets of primitives: times are distinct per event,
     * and boxed in hash sets they cost a node and a box each (docs/benchmarks.md). A reused
     * block keeps its sets, emptied.
     */
    private final Map<String, LongHashSet> longPoints = new HashMap<>();
    private final Map<String, IntHashSet> intPoints = new HashMap<>();
    private final Map<String, Set<InetAddress>> addressPoints = new HashMap<>();
    /** Address literals already seen, per field: each distinct one is parsed once per block. */
    private final Map<String, Set<String>> literals = new HashMap<>();
    /** The events' ids, 16 bytes each (most significant half first), in the order added. */
    private byte[] ids = new byte[16 * 64];
    private final EventDocuments.Sink sink = new Collector();
    private int count;
    private long minTime = Long.MAX_VALUE;
    private long maxTime = Long.MIN_VALUE;
    private long maxIdMillis = Long.MIN_VALUE;

    EventBlock() {
    }

    int size() {
        return count;
    }

    boolean isFull() {
        return count >= MAX_EVENTS;
    }

    /** Adds an event: its terms and points to the block's, its stored form to the payload. */
    void add(Event e) {
        stored.reset();
        StoredEvent.write(e, stored); // first: what can refuse an event refuses it before the block changes
        count++;
        long t = EventDocuments.sortTime(e);
        minTime = Math.min(minTime, t);
        maxTime = Math.max(maxTime, t);
        maxIdMillis = Math.max(maxIdMillis, Uuid7.millis(e.id()));
        EventDocuments.index(e, sink);
        payload.writeVInt(stored.size());
        payload.write(stored.array(), 0, stored.size());
    }

    /** Empties the block for reuse: its arrays and tables stay allocated. */
    void reset() {
        payload.reset();
        for (BlockTerms t : terms.values()) t.clear();
        longPoints.values().forEach(LongHashSet::clear);
        intPoints.values().forEach(IntHashSet::clear);
        addressPoints.clear();
        literals.clear();
        count = 0;
        minTime = Long.MAX_VALUE;
        maxTime = Long.MIN_VALUE;
        maxIdMillis = Long.MIN_VALUE;
    }

    /** Takes an event's values into the block's distinct ones (the event is number {@code count - 1}). */
    private final class Collector implements EventDocuments.Sink {
        @Override
        public void id(UUID id) {
            int at = (count - 1) * 16;
            if (ids.length < at + 16) ids = Arrays.copyOf(ids, ids.length * 2);
            idBytes(id, ids, at);
        }

        @Override
        public void term(String field, String term) {
            int n = term.length();
            if (chars.length < n) chars = new char[ArrayUtil.oversize(n, Character.BYTES)];
            term.getChars(0, n, chars, 0);
            terms.computeIfAbsent(field, k -> new BlockTerms()).see(chars, 0, n, count - 1);
        }

        @Override
        public void keyword(String field, String value) {
            if (value.length() <= LONG_KEYWORD) {
                term(field, value);
                return;
            }
            longPoint(field + HASH_SUFFIX, valueHash(value));
            term(LONG_VALUES, field);
        }

        @Override
        public void extra(String key, String value) {
            int k = key.length();
            int n = k + 1 + value.length();
            if (n > EventDocuments.MAX_KEYWORD) { // cut as keywords are: rare enough to take the long way
                term(ExtraTerms.FIELD, ExtraTerms.term(key, value));
                return;
            }
            // key=value straight into the buffer: no string per entry (a FortiGate line has 40)
            if (chars.length < n) chars = new char[ArrayUtil.oversize(n, Character.BYTES)];
            key.getChars(0, k, chars, 0);
            chars[k] = '=';
            value.getChars(0, value.length(), chars, k + 1);
            terms.computeIfAbsent(ExtraTerms.FIELD, f -> new BlockTerms()).see(chars, 0, n, count - 1);
        }

        @Override
        public void text(String field, String text) {
            tokens(text, terms.computeIfAbsent(field, k -> new BlockTerms()), count - 1);
        }

        @Override
        public void longPoint(String field, long value) {
            longPoints.computeIfAbsent(field, k -> new LongHashSet()).add(value);
        }

        @Override
        public void intPoint(String field, int value) {
            intPoints.computeIfAbsent(field, k -> new IntHashSet()).add(value);
        }

        @Override
        public void address(String field, String literal) {
            if (!literals.computeIfAbsent(field, k -> new HashSet<>()).add(literal)) return;
            InetAddress a = IpLiterals.parse(literal);
            if (a != null) addressPoints.computeIfAbsent(field + EventFields.ADDR_SUFFIX, k -> new HashSet<>()).add(a);
        }
    }

    /** A text value's tokens, as the index analyzer makes them ({@link LogAnalyzer}: tokens and parts, lower-cased). */
    private void tokens(String text, BlockTerms fieldTerms, int index) {
        int n = text.length();
        if (chars.length < n) chars = new char[ArrayUtil.oversize(n, Character.BYTES)];
        text.getChars(0, n, chars, 0);
        LogTokenizer.forEachIndexToken(chars, n, (buf, start, end) -> {
            int k = end - start;
            int i = 0;
            int h = 0; // the term's hash, taken in the same pass as its lower case
            for (char c; i < k && (c = buf[start + i]) < 0x80; i++) {
                char l = c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
                lower[i] = l;
                h = 31 * h + l;
            }
            if (i < k) { // beyond ASCII: as LowerCaseFilter does, by code point
                System.arraycopy(buf, start + i, lower, i, k - i);
                CharacterUtils.toLowerCase(lower, i, k);
                for (int j = i; j < k; j++) h = 31 * h + lower[j];
            }
            fieldTerms.see(lower, 0, k, h, index);
        });
    }

    /**
     * The block's events, compressed and framed for its day's {@link BlockFile}, in the
     * calling thread's frame buffer (valid until the thread frames another block).
     */
    BytesRef eventsFrame() {
        return BlockFile.frame(payload.array(), payload.size());
    }

    /** The block's events as {@link #events(BytesRef, RawPrefilter)} reads them (a copy). */
    byte[] events() {
        return payload.toByteArray();
    }

    /** The block as one Lucene document, its events at {@code at} in the block file of {@code day}. */
    Document toDocument(LocalDate day, long at) {
        Document doc = new Document();
        for (Map.Entry<String, BlockTerms> f : terms.entrySet()) {
            if (f.getValue().size() > 0) doc.add(new Field(f.getKey(), new TermList(f.getValue()), TERMS)); // a reused block keeps emptied fields
        }
        longPoints.forEach((field, values) -> {
            for (long v : values.toArray()) doc.add(new LongPoint(field, v));
        });
        intPoints.forEach((field, values) -> {
            for (int v : values.toArray()) doc.add(new IntPoint(field, v));
        });
        addressPoints.forEach((field, values) -> values.forEach(v -> doc.add(new InetAddressPoint(field, v))));
        doc.add(new NumericDocValuesField(COUNT, count));
        doc.add(new LongPoint(TIME_MIN, minTime));
        doc.add(new NumericDocValuesField(TIME_MIN, minTime));
        doc.add(new LongPoint(TIME_MAX, maxTime));
        doc.add(new NumericDocValuesField(TIME_MAX, maxTime));
        doc.add(new LongPoint(ID_MAX, maxIdMillis));
        for (int i = 0; i < count; i++) doc.add(new BinaryPoint(ID_POINT, Arrays.copyOfRange(ids, i * 16, i * 16 + 16)));
        doc.add(new NumericDocValuesField(FILE_DAY, day.toEpochDay()));
        doc.add(new NumericDocValuesField(FILE_AT, at));
        return doc;
    }

    /**
     * The hash a long keyword value is indexed by: FNV-1a over its UTF-16 code units, then
     * MurmurHash3's 64-bit finalizer. Stored in every block: it must never change.
     */
    static long valueHash(String v) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0, n = v.length(); i < n; i++) h = (h ^ v.charAt(i)) * 0x100000001b3L;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /** An id as the bytes of its point: the two halves, big-endian. */
    static byte[] idBytes(UUID id) {
        byte[] b = new byte[16];
        idBytes(id, b, 0);
        return b;
    }

    private static void idBytes(UUID id, byte[] b, int at) {
        long hi = id.getMostSignificantBits();
        long lo = id.getLeastSignificantBits();
        for (int i = 0; i < 8; i++) {
            b[at + i] = (byte) (hi >>> (56 - 8 * i));
            b[at + 8 + i] = (byte) (lo >>> (56 - 8 * i));
        }
    }

    /** The events of a stored block that pass the prefilter, in the order they were added. */
    static List<Event> events(BytesRef stored, RawPrefilter prefilter) {
        List<Event> events = new ArrayList<>();
        ByteArrayDataInput in = new ByteArrayDataInput(stored.bytes, stored.offset, stored.length);
        while (!in.eof()) {
            int len = in.readVInt();
            int at = in.getPosition(); // absolute: the input starts at stored.offset
            if (prefilter.mayMatch(stored.bytes, at, len)) events.add(StoredEvent.read(stored.bytes, at, len));
            in.skipBytes(len);
        }
        return events;
    }

    /** The block's distinct terms of one field, each with the number of its events that have it as frequency. */
    private static final class TermList extends TokenStream {
        private final BytesTermAttribute term;
        private final TermFrequencyAttribute freq;
        private final BlockTerms terms;
        private final BytesRefBuilder bytes = new BytesRefBuilder();
        private int next;

        TermList(BlockTerms terms) {
            // the reflecting factory: one attribute implementation per interface, so the
            // indexer takes the term as bytes (no char conversion) and its frequency from here
            super(AttributeFactory.DEFAULT_ATTRIBUTE_FACTORY);
            this.term = addAttribute(BytesTermAttribute.class);
            this.freq = addAttribute(TermFrequencyAttribute.class);
            this.terms = terms;
        }

        @Override
        public void reset() throws IOException {
            super.reset();
            next = 0;
        }

        @Override
        public boolean incrementToken() {
            if (next == terms.size()) return false;
            clearAttributes();
            term.setBytesRef(terms.bytes(next, bytes));
            freq.setTermFrequency(terms.events(next));
            next++;
            return true;
        }
    }
}
