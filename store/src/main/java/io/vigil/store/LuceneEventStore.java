package io.vigil.store;

import io.vigil.core.config.Keys;
import io.vigil.core.config.Settings;
import io.vigil.core.event.Event;
import io.vigil.core.event.Uuid7;
import io.vigil.core.store.EventStore;
import io.vigil.core.store.InvalidQueryException;
import io.vigil.core.store.SearchRequest;
import io.vigil.core.store.SearchResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexFormatTooNewException;
import org.apache.lucene.index.IndexFormatTooOldException;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.MultiReader;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.PointValues;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.util.BytesRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded event store: Apache Lucene, one index per UTC day under one directory
 * ({@code events/2026-11-25/}).
 *
 * <p><b>Layouts.</b> A document per event, or per block of events ({@link Layout},
 * {@link EventBlock}, docs/store.md); the query language, results, order, cursors and counts
 * are the same in both.
 *
 * <p><b>Partitioning.</b> An event goes to the day of its id's timestamp (UUIDv7: the receive
 * time), so the same id always lands in the same index and duplicates are dropped exactly:
 * per event, append is an upsert by id ({@link IndexWriter#updateDocument}); in blocks, an id
 * already appended or stored is skipped. Searches filter and sort by
 * the event's {@code time} (falling back to {@code received}, then the id's time) at
 * millisecond resolution, and skip day indexes whose events cannot fall in the requested
 * range. Ties in time are ordered by id.
 *
 * <p><b>Durability and visibility.</b> {@link #append} buffers in Lucene's writer; events are
 * searchable within about {@code refreshInterval} (a background thread reopens near-real-time
 * readers) and durable once {@link #commit} returns. {@link #close} commits. Without a commit,
 * a crash loses what was appended since the last one; the caller's journal replays it, and the
 * ids make the replay harmless. If writing fails for good (disk full, I/O error), append and
 * commit keep throwing until the store is reopened, so no journal position past lost events
 * can be recorded.
 *
 * <p><b>Threads.</b> append may run from several threads at once (Lucene indexes in parallel);
 * commit, applyRetention and close wait for the appends in progress and hold further ones
 * back. search, count, countBy and get may run from any number of threads at the same time.
 *
 * <p><b>Query language.</b> See {@link EventQueryParser}: Lucene classic syntax over the event's
 * JSON field names; bare terms search {@code log}; AND by default; keyword fields match
 * exactly and case-sensitively, text fields (log, message, structured_data) by
 * case-insensitive words and phrases.
 */
public final class LuceneEventStore implements EventStore {
    private static final Logger LOG = LoggerFactory.getLogger(LuceneEventStore.class);
    private static final long DAY_MILLIS = 86_400_000L;
    private static final String DELETING = ".deleting-";
    /** Index analysis: text fields into whole tokens and their parts (the writer analyzes nothing else). */
    private static final Analyzer INDEX_ANALYZER = new LogAnalyzer(true);
    private static final Sort NEWEST_FIRST = sort(true);
    private static final Sort OLDEST_FIRST = sort(false);

    /** By time, ties by id (its bytes, which is also the order of its text). */
    private static Sort sort(boolean reverse) {
        return new Sort(new SortField("time", SortField.Type.LONG, reverse),
                new SortField(EventDocuments.ID_HIGH, SortField.Type.LONG, reverse),
                new SortField(EventDocuments.ID_LOW, SortField.Type.LONG, reverse));
    }

    /**
     * How events are indexed. {@code EVENTS}: a Lucene document per event. {@code BLOCKS}: a
     * document per {@link EventBlock} of up to 1,024 events, searched block first, then event
     * by event; indexing costs a fraction, broad counts cost more (docs/store.md).
     */
    public enum Layout {
        EVENTS, BLOCKS;

        /** As written in store.layout and events/layout. */
        String setting() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final String LAYOUT_FILE = "layout";

    private final Path root;
    private final Layout layout;
    private final Retention retention;
    private final Clock clock;
    private final ConcurrentSkipListMap<LocalDate, DayIndex> days = new ConcurrentSkipListMap<>();
    /** Appends hold it shared; commit, retention and close exclusively. */
    private final ReentrantReadWriteLock writing = new ReentrantReadWriteLock();
    /**
     * Block documents go to Lucene one at a time. Lucene keeps an in-memory segment per thread
     * adding documents at once, and each refresh flushes every one of them: with the store's
     * threads indexing side by side that was two or three small segments a second, each with
     * most of the same terms, to flush and then merge. A block takes milliseconds to add
     * among tens spent filling it, so the threads seldom wait. A run creates about half the
     * segments it did (docs/benchmarks.md).
     */
    private final Object indexing = new Object();
    /** Searches hold it shared; removing a day (retention, close) holds it exclusively, so no reader of a deleted day is in use. */
    private final ReentrantReadWriteLock structure = new ReentrantReadWriteLock();
    private final ScheduledExecutorService refresher;
    /** Events appended since the last refresh began; {@link #caughtUp} refreshes early past {@link #CAUGHT_UP_EVENTS}. */
    private final AtomicLong unrefreshed = new AtomicLong();
    /** A refresh asked for by {@link #caughtUp} is queued and has not started yet. */
    private final AtomicBoolean earlyRefreshQueued = new AtomicBoolean();
    /**
     * A writer that caught up with at least this many events not yet searchable gets them
     * refreshed at once: the end of a burst is searchable when it is stored, not up to a refresh
     * interval later. Fewer (a trickle) wait for the schedule: a refresh writes a segment, and
     * one per trickling event would be merged over and over.
     */
    static final long CAUGHT_UP_EVENTS = 1_000;
    /**
     * When the last refresh began (scheduled or early). An early one waits until a quarter of
     * the refresh interval has passed since: a flow the pipeline keeps up with runs the journal
     * dry between chunks all the time, and would otherwise refresh (write a segment) each time.
     */
    private volatile long lastRefreshNanos = System.nanoTime() - Long.MAX_VALUE / 2;
    private final long minEarlyGapNanos;
    /** Refreshes {@link #caughtUp} asked for since start. */
    private final AtomicLong earlyRefreshes = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private volatile Duration writerIdle = Duration.ofMinutes(10);
    private volatile boolean closed;
    /** Blocks being filled, by day and clock (block layout); an append takes one out while it adds to it. */
    private final Map<BlockKey, ConcurrentLinkedDeque<EventBlock>> openBlocks = new ConcurrentHashMap<>();
    /**
     * An event whose time is further than this from its receipt goes to a block of such events
     * (one for times ahead, one for times behind): a source with a wrong clock would otherwise
     * put one stray time in every block, and a page of the newest events reads every block
     * whose greatest time is newer than the page's last (docs/store.md; docs/benchmarks.md,
     * "Blocks by clock").
     */
    static final long CLOCK_SKEW_MILLIS = 3_600_000;
    /** Blocks read by searches since start (block layout). */
    private final AtomicLong blocksRead = new AtomicLong();
    /**
     * Indexed blocks kept for reuse: a block's payload, term tables and id array are a few
     * megabytes that the collector would otherwise copy between generations while they fill.
     */
    private final ConcurrentLinkedDeque<EventBlock> spareBlocks = new ConcurrentLinkedDeque<>();
    private static final int SPARE_BLOCKS = 8;
    /** Ids recently appended (block layout): a replay of events not yet committed, or a resend, is recognised here. */
    private final RecentIds recentIds = new RecentIds(1 << 18);
    /**
     * The greatest id time (epoch ms) stored when this store opened (block layout): an id up
     * to it may be in the index already and is looked up; a later one only in the recent ids.
     */
    private volatile long storedIdsUpTo = Long.MIN_VALUE;

    /**
     * Opens (or creates) the store in {@code dir}, opening every day index found there.
     *
     * @param refreshInterval how soon appended events become searchable
     * @param clock           tells "today" (whose index retention never deletes) and the retention cut-off
     */
    public LuceneEventStore(Path dir, Retention retention, Duration refreshInterval, Clock clock) throws IOException {
        this(dir, Layout.EVENTS, retention, refreshInterval, clock);
    }

    /**
     * @param layout how events are indexed; a directory keeps the layout it was created with
     *               (opening it with the other one fails, naming both)
     */
    public LuceneEventStore(Path dir, Layout layout, Retention retention, Duration refreshInterval, Clock clock) throws IOException {
        if (refreshInterval.isNegative() || refreshInterval.isZero()) throw new IllegalArgumentException("refresh interval must be positive: " + refreshInterval);
        this.root = dir.toAbsolutePath().normalize();
        this.layout = layout;
        this.retention = retention;
        this.clock = clock;
        Files.createDirectories(root);
        checkLayout(root, layout);
        try (Stream<Path> entries = Files.list(root)) {
            for (Path p : (Iterable<Path>) entries.sorted()::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith(DELETING)) {
                    deleteTree(p); // a retention interrupted by a crash: finish it
                    continue;
                }
                if (!Files.isDirectory(p)) continue;
                LocalDate day;
                try {
                    day = LocalDate.parse(name);
                } catch (DateTimeParseException e) {
                    if (name.contains(".unreadable-")) LOG.warn("{} holds an event index set aside as unreadable: not searched", p);
                    else LOG.warn("Ignoring {}: not a day index (yyyy-mm-dd)", p);
                    continue;
                }
                try {
                    days.put(day, DayIndex.open(day, p, this::writerConfig));
                } catch (CorruptIndexException | IndexFormatTooOldException | IndexFormatTooNewException e) {
                    // One damaged day must not stop the appliance: set it aside, keep its files for
                    // inspection (Lucene's CheckIndex), and start that day afresh.
                    Path aside = root.resolve(name + ".unreadable-" + clock.millis());
                    Files.move(p, aside, StandardCopyOption.ATOMIC_MOVE);
                    LOG.error("The event index of {} cannot be read ({}); moved to {} and left out of searches", day, e.getMessage(), aside);
                }
            }
        } catch (IOException | RuntimeException e) {
            for (DayIndex d : days.values()) {
                try { d.close(true); } catch (IOException | RuntimeException s) { e.addSuppressed(s); }
            }
            throw e;
        }
        if (layout == Layout.BLOCKS) {
            for (DayIndex d : days.values()) {
                DirectoryReader r = d.acquire();
                try {
                    byte[] max = PointValues.getMaxPackedValue(r, EventBlock.ID_MAX);
                    if (max != null) storedIdsUpTo = Math.max(storedIdsUpTo, LongPoint.decodeDimension(max, 0));
                } finally {
                    DayIndex.release(r);
                }
            }
        }
        long nanos = refreshInterval.toNanos();
        this.minEarlyGapNanos = nanos / 4;
        refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vigil-store-refresh");
            t.setDaemon(true);
            return t;
        });
        refresher.scheduleWithFixedDelay(this::refreshQuietly, nanos, nanos, TimeUnit.NANOSECONDS);
    }

    /** The store of an instance: {@code dir} is usually {@code DataDir.events()}. */
    public static LuceneEventStore open(Path dir, Settings settings) throws IOException {
        Layout layout = Layout.valueOf(settings.choice(Keys.STORE_LAYOUT).toUpperCase(Locale.ROOT));
        Layout found = recordedLayout(dir);
        if (found != null && found != layout) {
            // An existing store keeps its layout (its indexes cannot be read the other way): an
            // upgrade whose default changed, or an edited setting, must not stop the appliance.
            LOG.warn("store.layout is {}, but the event store in {} is indexed by {}: kept as {} (a new layout needs a new store directory)",
                    layout.setting(), dir, found.setting(), found.setting());
            layout = found;
        }
        return new LuceneEventStore(dir, layout, Retention.of(settings), settings.duration(Keys.STORE_REFRESH_INTERVAL), Clock.systemUTC());
    }

    /**
     * Records the layout of a new store directory, or checks an existing one's: the two
     * layouts' indexes cannot be read the other way. A directory with day indexes and no
     * record predates the block layout: per event.
     */
    private static void checkLayout(Path root, Layout layout) throws IOException {
        Layout found = recordedLayout(root);
        if (found != null) {
            if (found != layout) {
                throw new IllegalStateException("the event store in " + root + " is indexed by " + found.setting() + ", not by "
                        + layout.setting() + ": set store.layout to " + found.setting() + ", or point it at an empty directory");
            }
            if (Files.exists(root.resolve(LAYOUT_FILE))) return;
        }
        Path tmp = root.resolve(LAYOUT_FILE + ".tmp");
        Files.writeString(tmp, layout.setting() + "\n");
        Files.move(tmp, root.resolve(LAYOUT_FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * The layout a store directory was created with: its record, else (a store older than the
     * block layout) events if it has day indexes; null for a new or empty directory.
     */
    static Layout recordedLayout(Path root) throws IOException {
        Path file = root.resolve(LAYOUT_FILE);
        if (Files.exists(file)) {
            String text = Files.readString(file).strip();
            try {
                return Layout.valueOf(text.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + " names no known layout: '" + text + "'", e);
            }
        }
        if (!Files.isDirectory(root)) return null;
        try (Stream<Path> entries = Files.list(root)) {
            return entries.anyMatch(p -> Files.isDirectory(p) && p.getFileName().toString().matches("\\d{4}-\\d{2}-\\d{2}"))
                    ? Layout.EVENTS : null;
        }
    }

    /** How this store indexes events. */
    public Layout layout() {
        return layout;
    }

    private static IndexWriterConfig writerConfig(Layout layout) {
        IndexWriterConfig c = new IndexWriterConfig(INDEX_ANALYZER);
        if (layout == Layout.BLOCKS) c.setCodec(VigilCodec.get());
        c.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
        c.setRAMBufferSizeMB(64);
        c.setUseCompoundFile(false);
        TieredMergePolicy mp = new TieredMergePolicy();
        mp.setNoCFSRatio(0.0); // live indexes: no compound files, merged segments neither
        c.setMergePolicy(mp);
        c.setCommitOnClose(false); // closing commits explicitly, or deliberately not (retention)
        return c;
    }

    // ---------------------------------------------------------------- writing

    @Override
    public void append(List<Event> events) throws IOException {
        writing.readLock().lock();
        try {
            ensureOpen();
            unrefreshed.addAndGet(events.size());
            if (layout == Layout.BLOCKS) {
                appendBlocks(events);
                return;
            }
            DayIndex current = null;
            IndexWriter writer = null;
            long now = System.nanoTime();
            for (Event e : events) {
                UUID id = e.id();
                if (id == null || id.version() != 7) {
                    reject(e, "its id is " + (id == null ? "missing" : "not a UUIDv7"), null);
                    continue;
                }
                LocalDate day = dayOf(id);
                if (current == null || !current.day.equals(day)) {
                    current = day(day);
                    writer = current.writer(this::writerConfig);
                    current.lastWrite = now;
                }
                try {
                    writer.updateDocument(new Term("id", id.toString()), EventDocuments.build(e));
                } catch (IllegalArgumentException bad) {
                    // Lucene refused this one document (the writer is fine): keep the pipeline going.
                    reject(e, bad.getMessage(), bad);
                }
            }
        } finally {
            writing.readLock().unlock();
        }
    }

    /**
     * Adds events to the open blocks of their days; a block that fills up is indexed at once,
     * the others at the next refresh or commit. An event whose id is already stored is skipped
     * (the per-event layout's upsert gives the same).
     */
    private void appendBlocks(List<Event> events) throws IOException {
        Map<BlockKey, EventBlock> mine = new HashMap<>(4);
        BlockKey key = null; // the previous event's: most events share it, and a key is not made for each
        try {
            for (Event e : events) {
                UUID id = e.id();
                if (id == null || id.version() != 7) {
                    reject(e, "its id is " + (id == null ? "missing" : "not a UUIDv7"), null);
                    continue;
                }
                if (alreadyStored(id)) continue;
                long received = Uuid7.millis(id);
                long day = Math.floorDiv(received, DAY_MILLIS);
                int clock = BlockKey.clock(EventDocuments.sortTime(e) - received);
                if (key == null || key.clock() != clock || key.day().toEpochDay() != day) key = new BlockKey(LocalDate.ofEpochDay(day), clock);
                EventBlock block = mine.get(key);
                if (block == null) {
                    ConcurrentLinkedDeque<EventBlock> pool = openBlocks.get(key);
                    block = pool == null ? null : pool.pollFirst();
                    if (block == null) block = spareBlocks.pollFirst();
                    if (block == null) block = new EventBlock();
                    mine.put(key, block);
                }
                try {
                    block.add(e);
                } catch (IllegalArgumentException bad) {
                    reject(e, bad.getMessage(), bad);
                    continue;
                }
                if (block.isFull()) {
                    mine.remove(key);
                    indexBlock(key, block);
                }
            }
        } finally {
            for (Map.Entry<BlockKey, EventBlock> b : mine.entrySet()) {
                openBlocks.computeIfAbsent(b.getKey(), k -> new ConcurrentLinkedDeque<>()).addFirst(b.getValue());
            }
        }
    }

    /** Whether an event with this id is stored, or on its way in a block (block layout). */
    private boolean alreadyStored(UUID id) throws IOException {
        if (!recentIds.add(id)) return true;
        if (Uuid7.millis(id) > storedIdsUpTo) return false; // newer than anything stored before this store opened
        DayIndex d = days.get(dayOf(id));
        if (d == null) return false;
        DirectoryReader r = d.acquire();
        try {
            return BlockReads.contains(new IndexSearcher(r), id); // a replay after a crash asks this of every event
        } finally {
            DayIndex.release(r);
        }
    }

    private void indexBlock(BlockKey key, EventBlock block) throws IOException {
        if (block.size() == 0) return;
        LocalDate day = key.day();
        DayIndex d = day(day);
        IndexWriter w = d.writer(this::writerConfig);
        d.lastWrite = System.nanoTime();
        try {
            long at = d.blocks().append(block.eventsFrame());
            Document doc = block.toDocument(day, at);
            synchronized (indexing) {
                w.addDocument(doc);
            }
            // Lucene took the document's terms and points before returning: the block can be refilled
            if (spareBlocks.size() < SPARE_BLOCKS) {
                block.reset();
                spareBlocks.addFirst(block);
            }
        } catch (IllegalArgumentException | IOException failed) {
            // Never silent: the block stays open, so the commit fails too and no journal
            // position passes its events. (Lucene refusing a block is not expected: values are
            // cut to what it takes; an I/O error closes the writer, and reopening replays.)
            openBlocks.computeIfAbsent(key, k -> new ConcurrentLinkedDeque<>()).addLast(block);
            if (failed instanceof IOException io) throw io;
            throw new IOException("Lucene refused a block of " + block.size() + " events of " + day + ": " + failed.getMessage(), failed);
        }
    }

    /** Indexes every block not being filled right now (all of them when appends are held back). */
    private void indexOpenBlocks() throws IOException {
        for (Map.Entry<BlockKey, ConcurrentLinkedDeque<EventBlock>> pool : openBlocks.entrySet()) {
            EventBlock b;
            while ((b = pool.getValue().pollFirst()) != null) indexBlock(pool.getKey(), b);
        }
    }

    /** Before a refresh (block layout): held as an append is, since commit, retention and close hold appends back. */
    private void indexOpenBlocksBesideAppends() throws IOException {
        if (layout != Layout.BLOCKS) return;
        writing.readLock().lock();
        try {
            if (!closed) indexOpenBlocks();
        } finally {
            writing.readLock().unlock();
        }
    }

    /** The block file of a day a search holds a reader of (a day is deleted only when no search holds one). */
    private BlockFile blockFile(long epochDay) throws IOException {
        blocksRead.incrementAndGet(); // asked once per block read
        DayIndex d = days.get(LocalDate.ofEpochDay(epochDay));
        if (d == null) throw new IOException("no event index for " + LocalDate.ofEpochDay(epochDay) + ", which a block names");
        return d.blocks();
    }

    private IndexWriterConfig writerConfig() {
        return writerConfig(layout);
    }

    private void reject(Event e, String why, Exception cause) {
        rejected.incrementAndGet();
        LOG.warn("Event {} not stored: {}", e.id(), why, cause);
    }

    private DayIndex day(LocalDate day) throws IOException {
        DayIndex d = days.get(day);
        if (d != null) return d;
        synchronized (days) { // appends run in parallel: one of them opens a new day
            d = days.get(day);
            if (d != null) return d;
            d = DayIndex.open(day, root.resolve(day.toString()), this::writerConfig);
            days.put(day, d);
            return d;
        }
    }

    /** Commits every day index with changes; afterwards, everything appended survives a crash. */
    @Override
    public void commit() throws IOException {
        writing.writeLock().lock();
        try {
            ensureOpen();
            if (layout == Layout.BLOCKS) indexOpenBlocks();
            for (DayIndex d : days.values()) d.commit();
            closeIdleWriters();
        } finally {
            writing.writeLock().unlock();
        }
    }

    /** Days other than today with no append for a while give their writer (and its memory) back. */
    private void closeIdleWriters() throws IOException {
        LocalDate today = today();
        long idleNanos = writerIdle.toNanos();
        long now = System.nanoTime();
        for (DayIndex d : days.values()) {
            if (!d.day.equals(today) && d.hasWriter() && now - d.lastWrite >= idleNanos) {
                d.closeWriter();
                LOG.debug("Closed the idle writer of {}", d.day);
            }
        }
    }

    /** How long a past day's writer stays open without appends (checked at each commit). */
    void writerIdle(Duration idle) {
        this.writerIdle = idle;
    }

    /** Day indexes with an open writer (for tests). */
    int openWriters() {
        return (int) days.values().stream().filter(DayIndex::hasWriter).count();
    }

    /** Blocks whose events searches read since start (block layout). */
    public long blocksRead() {
        return blocksRead.get();
    }

    /** Events refused and, in the block layout, blocks read by searches, since start. */
    @Override
    public Map<String, Long> counters() {
        return layout == Layout.BLOCKS
                ? Map.of("rejected", rejected.get(), "blocks_read", blocksRead.get(), "early_refreshes", earlyRefreshes.get())
                : Map.of("rejected", rejected.get(), "early_refreshes", earlyRefreshes.get());
    }

    /** Events refused since start (no UUIDv7 id, or a document Lucene would not take). */
    public long rejected() {
        return rejected.get();
    }

    /** Makes everything appended so far searchable now, rather than at the next scheduled refresh. */
    public void refresh() throws IOException {
        ensureOpen();
        unrefreshed.set(0);
        lastRefreshNanos = System.nanoTime();
        indexOpenBlocksBesideAppends();
        for (DayIndex d : days.values()) {
            try {
                d.refresh();
            } catch (org.apache.lucene.store.AlreadyClosedException gone) {
                // deleted by retention meanwhile
            }
        }
    }

    @Override
    public void caughtUp() {
        if (closed || unrefreshed.get() < CAUGHT_UP_EVENTS || System.nanoTime() - lastRefreshNanos < minEarlyGapNanos
                || !earlyRefreshQueued.compareAndSet(false, true)) return;
        earlyRefreshes.incrementAndGet();
        try {
            refresher.execute(() -> {
                earlyRefreshQueued.set(false);
                refreshQuietly();
            });
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            earlyRefreshQueued.set(false);
        }
    }

    private void refreshQuietly() {
        if (closed) return;
        unrefreshed.set(0); // what is appended from here on waits for the next one
        lastRefreshNanos = System.nanoTime();
        try {
            indexOpenBlocksBesideAppends();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Indexing the open event blocks failed: {}", e.toString(), e);
        }
        for (DayIndex d : days.values()) {
            try {
                d.refresh();
            } catch (org.apache.lucene.store.AlreadyClosedException gone) {
                // deleted by retention or closing meanwhile
            } catch (IOException | RuntimeException e) {
                LOG.warn("Refreshing the index of {} failed: {}", d.day, e.toString(), e);
            }
        }
    }

    // ---------------------------------------------------------------- reading

    @Override
    public SearchResult search(SearchRequest request) throws IOException {
        Query query = query(request);
        Cursor cursor = cursor(request);
        if (layout == Layout.BLOCKS) return searchBlocks(request, cursor, true);
        FieldDoc after = cursor == null ? null : cursor.after();
        Sort sort = request.newestFirst() ? NEWEST_FIRST : OLDEST_FIRST;
        int limit = request.limit();
        return withSearcher(request, searcher -> {
            if (searcher == null) return new SearchResult(List.of(), 0, null);
            long total = searcher.count(query);
            // One more than asked for tells whether there is a next page.
            TopFieldDocs top = searcher.search(query, new TopFieldCollectorManager(sort, limit + 1, after, limit + 1));
            ScoreDoc[] hits = top.scoreDocs;
            int n = Math.min(hits.length, limit);
            List<Event> events = new ArrayList<>(n);
            StoredFields stored = searcher.storedFields();
            for (int i = 0; i < n; i++) events.add(source(stored, hits[i].doc));
            String next = hits.length > limit ? Cursor.of(request.newestFirst(), (FieldDoc) hits[n - 1]).encode() : null;
            return new SearchResult(List.copyOf(events), total, next);
        });
    }

    /** Without the total in the block layout, where counting reads every candidate block. */
    @Override
    public SearchResult searchPage(SearchRequest request) throws IOException {
        if (layout != Layout.BLOCKS) return search(request);
        return searchBlocks(request, cursor(request), false);
    }

    /** The request's cursor, checked against its order; null for a first page. */
    private static Cursor cursor(SearchRequest request) {
        Cursor cursor = request.cursor() == null ? null : Cursor.decode(request.cursor());
        if (cursor != null && cursor.newestFirst() != request.newestFirst()) {
            throw new IllegalArgumentException("this cursor belongs to a search in the other order");
        }
        return cursor;
    }

    private SearchResult searchBlocks(SearchRequest request, Cursor cursor, boolean withTotal) throws IOException {
        Query q = EventQueryParser.parseQuery(request.query());
        long[] range = range(request);
        int limit = request.limit();
        BlockReads.Hit after = null;
        if (cursor != null) {
            after = new BlockReads.Hit(null, cursor.time(), EventDocuments.sortable(cursor.id().getMostSignificantBits()),
                    EventDocuments.sortable(cursor.id().getLeastSignificantBits()));
        }
        BlockReads.Hit from = after;
        return withSearcher(request, searcher -> {
            if (searcher == null) return new SearchResult(List.of(), 0, null);
            long total = withTotal ? BlockReads.count(searcher, this::blockFile, q, INDEX_ANALYZER, range[0], range[1]) : -1;
            List<BlockReads.Hit> hits = BlockReads.search(searcher, this::blockFile, q, INDEX_ANALYZER, range[0], range[1], request.newestFirst(), from, limit + 1);
            int n = Math.min(hits.size(), limit);
            List<Event> events = new ArrayList<>(n);
            for (int i = 0; i < n; i++) events.add(hits.get(i).event());
            String next = hits.size() > limit ? new Cursor(request.newestFirst(), hits.get(n - 1).time(), hits.get(n - 1).event().id()).encode() : null;
            return new SearchResult(List.copyOf(events), total, next);
        });
    }

    @Override
    public long count(SearchRequest request) throws IOException {
        if (layout == Layout.BLOCKS) {
            Query q = EventQueryParser.parseQuery(request.query());
            long[] range = range(request);
            return withSearcher(request, searcher -> searcher == null ? 0L : BlockReads.count(searcher, this::blockFile, q, INDEX_ANALYZER, range[0], range[1]));
        }
        Query query = query(request);
        return withSearcher(request, searcher -> searcher == null ? 0L : (long) searcher.count(query));
    }

    /**
     * Counts matching events by the values of one field, most frequent first (ties by value):
     * the {@code top} most frequent values. The field must have doc values: the numeric fields
     * (values as decimal strings) and most keyword fields (collector, host, app, msgid, src_ip,
     * dst_ip, protocol, username, filename, userdata1..9, sensor, interface, product_type,
     * category, subcategory). Events without the field are not counted.
     */
    @Override
    public Map<String, Long> countBy(String field, SearchRequest request, int top) throws IOException {
        if (top < 1) throw new IllegalArgumentException("top must be at least 1, was " + top);
        EventFields.Def def = EventFields.BY_NAME.get(field);
        if (def == null || !def.aggregatable() || def.kind() == EventFields.Kind.TIME) {
            throw new IllegalArgumentException("cannot count by '" + field + "': fields that can be counted by are "
                    + String.join(", ", EventFields.ALL.stream()
                            .filter(d -> d.aggregatable() && d.kind() != EventFields.Kind.TIME)
                            .map(EventFields.Def::name).toList()));
        }
        boolean numeric = def.kind() == EventFields.Kind.INT;
        Map<String, Long> counts;
        if (layout == Layout.BLOCKS) {
            Query q = EventQueryParser.parseQuery(request.query());
            long[] range = range(request);
            counts = withSearcher(request, searcher -> searcher == null ? Map.<String, Long>of()
                    : BlockReads.countBy(searcher, this::blockFile, q, INDEX_ANALYZER, range[0], range[1], def));
        } else {
            Query query = query(request);
            counts = withSearcher(request, searcher -> searcher == null ? Map.<String, Long>of()
                    : searcher.search(query, new TermCounts(field, numeric)));
        }
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(top)
                .collect(LinkedHashMap::new, (m, x) -> m.put(x.getKey(), x.getValue()), Map::putAll);
    }

    @Override
    public Optional<Event> get(UUID id) throws IOException {
        if (id == null || id.version() != 7) return Optional.empty();
        structure.readLock().lock();
        try {
            ensureOpen();
            DayIndex d = days.get(dayOf(id));
            if (d == null) return Optional.empty();
            DirectoryReader r = d.acquire();
            try {
                IndexSearcher s = new IndexSearcher(r);
                if (layout == Layout.BLOCKS) return Optional.ofNullable(BlockReads.get(s, this::blockFile, id));
                TopDocs top = s.search(new TermQuery(new Term("id", id.toString())), 1);
                if (top.scoreDocs.length == 0) return Optional.empty();
                return Optional.of(source(s.storedFields(), top.scoreDocs[0].doc));
            } finally {
                DayIndex.release(r);
            }
        } finally {
            structure.readLock().unlock();
        }
    }

    private static Event source(StoredFields stored, int doc) throws IOException {
        Document d = stored.document(doc, java.util.Set.of(EventFields.SOURCE));
        BytesRef json = d.getBinaryValue(EventFields.SOURCE);
        return StoredEvent.read(json.bytes, json.offset, json.length);
    }

    /** The request's query, restricted to its time range. */
    private static Query query(SearchRequest request) {
        Query q = EventQueryParser.parseQuery(request.query());
        if (request.from() == null && request.to() == null) return q;
        long[] range = range(request);
        if (range == null) return new org.apache.lucene.search.MatchNoDocsQuery("empty time range");
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        if (!(q instanceof MatchAllDocsQuery)) b.add(q, BooleanClause.Occur.MUST);
        b.add(LongPoint.newRangeQuery("time", range[0], range[1]), BooleanClause.Occur.FILTER);
        return b.build();
    }

    /**
     * The request's [from, to) as inclusive bounds in epoch milliseconds (the resolution of
     * the index), or null if empty.
     */
    private static long[] range(SearchRequest request) {
        long lo = request.from() == null ? Long.MIN_VALUE : millisFloor(request.from());
        long hi = Long.MAX_VALUE;
        if (request.to() != null) {
            long to = millisCeil(request.to());
            if (to == Long.MIN_VALUE) return null;
            hi = to - 1;
        }
        return lo <= hi ? new long[] {lo, hi} : null;
    }

    private static long millisFloor(Instant t) {
        try {
            return t.toEpochMilli(); // toEpochMilli floors
        } catch (ArithmeticException e) {
            return t.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    private static long millisCeil(Instant t) {
        long ms = millisFloor(t);
        return t.getNano() % 1_000_000 != 0 && ms != Long.MAX_VALUE ? ms + 1 : ms;
    }

    @FunctionalInterface
    private interface SearcherFunction<T> {
        /** @param searcher over the day indexes the request's time range can match, or null if none */
        T apply(IndexSearcher searcher) throws IOException;
    }

    private <T> T withSearcher(SearchRequest request, SearcherFunction<T> f) throws IOException {
        ensureOpen();
        long[] range = range(request);
        if (range == null) return f.apply(null);
        structure.readLock().lock();
        try {
            ensureOpen();
            List<DirectoryReader> readers = new ArrayList<>();
            try {
                for (DayIndex d : days.values()) {
                    DirectoryReader r = d.acquire();
                    if (r.numDocs() > 0 && d.mayOverlap(r, range[0], range[1])) {
                        readers.add(r);
                    } else {
                        DayIndex.release(r);
                    }
                }
                if (readers.isEmpty()) return f.apply(null);
                try (MultiReader multi = new MultiReader(readers.toArray(new IndexReader[0]), false)) {
                    return f.apply(new IndexSearcher(multi));
                } catch (IndexSearcher.TooManyClauses e) {
                    throw new InvalidQueryException("The query matches too many terms: " + e.getMessage(), e);
                }
            } finally {
                for (DirectoryReader r : readers) DayIndex.release(r);
            }
        } finally {
            structure.readLock().unlock();
        }
    }

    /** Counts per value of a field's doc values, per segment by ordinal, then by value. */
    private static final class TermCounts implements CollectorManager<Collector, Map<String, Long>> {
        private final String field;
        private final boolean numeric;
        private final List<Map<String, Long>> results = new ArrayList<>();

        TermCounts(String field, boolean numeric) {
            this.field = field;
            this.numeric = numeric;
        }

        @Override
        public Collector newCollector() {
            Map<String, Long> counts = new HashMap<>();
            synchronized (results) {
                results.add(counts);
            }
            return new Collector() {
                @Override
                public LeafCollector getLeafCollector(LeafReaderContext context) throws IOException {
                    if (numeric) {
                        NumericDocValues dv = DocValues.getNumeric(context.reader(), field);
                        Map<Long, long[]> leaf = new HashMap<>();
                        return new LeafCollector() {
                            @Override public void setScorer(Scorable scorer) { }
                            @Override public void collect(int doc) throws IOException {
                                if (dv.advanceExact(doc)) leaf.computeIfAbsent(dv.longValue(), k -> new long[1])[0]++;
                            }
                            @Override public void finish() {
                                leaf.forEach((k, v) -> counts.merge(Long.toString(k), v[0], Long::sum));
                            }
                        };
                    }
                    SortedDocValues dv = DocValues.getSorted(context.reader(), field);
                    long[] perOrd = new long[dv.getValueCount()];
                    return new LeafCollector() {
                        @Override public void setScorer(Scorable scorer) { }
                        @Override public void collect(int doc) throws IOException {
                            if (dv.advanceExact(doc)) perOrd[dv.ordValue()]++;
                        }
                        @Override public void finish() throws IOException {
                            for (int ord = 0; ord < perOrd.length; ord++) {
                                if (perOrd[ord] > 0) counts.merge(dv.lookupOrd(ord).utf8ToString(), perOrd[ord], Long::sum);
                            }
                        }
                    };
                }

                @Override
                public ScoreMode scoreMode() {
                    return ScoreMode.COMPLETE_NO_SCORES;
                }
            };
        }

        @Override
        public Map<String, Long> reduce(java.util.Collection<Collector> collectors) {
            Map<String, Long> all = new HashMap<>();
            synchronized (results) {
                for (Map<String, Long> m : results) m.forEach((k, v) -> all.merge(k, v, Long::sum));
            }
            return all;
        }
    }

    // ---------------------------------------------------------------- retention

    /**
     * Deletes whole day indexes: those lying entirely before now minus the retention age, then,
     * with a size limit, the oldest while all together exceed it. Today's index is never
     * deleted (nor a future day's, which a sender's clock can produce): if it alone exceeds the
     * limit, a warning says so. Searches running meanwhile finish first.
     *
     * @return how many day indexes were deleted
     */
    @Override
    public int applyRetention() throws IOException {
        writing.writeLock().lock();
        try {
            ensureOpen();
            LocalDate today = today();
            List<DayIndex> doomed = new ArrayList<>();
            if (retention.limitsAge()) {
                Instant cutoff = clock.instant().minus(retention.maxAge());
                for (DayIndex d : days.values()) {
                    Instant dayEnd = d.day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
                    if (d.day.isBefore(today) && !dayEnd.isAfter(cutoff)) doomed.add(d);
                }
            }
            if (retention.maxBytes() > 0) {
                List<DayIndex> kept = new ArrayList<>(days.values());
                kept.removeAll(doomed);
                kept.sort(Comparator.comparing(d -> d.day));
                Map<DayIndex, Long> sizes = new HashMap<>();
                long total = 0;
                for (DayIndex d : kept) {
                    long size = d.sizeOnDisk();
                    sizes.put(d, size);
                    total += size;
                }
                for (DayIndex d : kept) {
                    if (total <= retention.maxBytes()) break;
                    if (!d.day.isBefore(today)) {
                        LOG.warn("Event indexes take {} bytes, over the retention size of {} bytes, but what is left is today's (or later): kept",
                                total, retention.maxBytes());
                        break;
                    }
                    doomed.add(d);
                    total -= sizes.get(d);
                }
            }
            for (DayIndex d : doomed) delete(d);
            if (!doomed.isEmpty()) LOG.info("Retention deleted the event indexes of {}", doomed.stream().map(d -> d.day.toString()).toList());
            return doomed.size();
        } finally {
            writing.writeLock().unlock();
        }
    }

    private void delete(DayIndex d) throws IOException {
        structure.writeLock().lock(); // waits for searches using this day to finish
        try {
            days.remove(d.day, d);
            openBlocks.keySet().removeIf(k -> k.day().equals(d.day));
            d.close(false);
        } finally {
            structure.writeLock().unlock();
        }
        // Rename first: if we crash halfway through deleting, the next start finishes the job
        // instead of opening a half-deleted index.
        Path doomed = root.resolve(DELETING + d.day + "-" + System.nanoTime());
        Files.move(d.path, doomed, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(doomed);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(p);
        }
    }

    /** The days that have an index, oldest first. */
    public List<LocalDate> days() {
        return List.copyOf(days.keySet());
    }

    /** Bytes all day indexes take on disk. */
    public long sizeOnDisk() throws IOException {
        long total = 0;
        for (DayIndex d : days.values()) total += d.sizeOnDisk();
        return total;
    }

    // ---------------------------------------------------------------- lifecycle

    /** Commits and closes every index. */
    @Override
    public void close() throws IOException {
        writing.writeLock().lock();
        try {
            if (closed) return;
            closed = true;
            refresher.shutdown();
            try {
                if (!refresher.awaitTermination(30, TimeUnit.SECONDS)) LOG.warn("The index refresh thread did not stop in 30 s");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            IOException failure = null;
            if (layout == Layout.BLOCKS) {
                try {
                    indexOpenBlocks();
                } catch (IOException e) {
                    failure = e;
                }
            }
            structure.writeLock().lock();
            try {
                for (DayIndex d : days.values()) {
                    try {
                        d.close(true);
                    } catch (IOException e) {
                        if (failure == null) failure = e; else failure.addSuppressed(e);
                    }
                }
                days.clear();
                if (failure != null) throw failure;
            } finally {
                structure.writeLock().unlock();
            }
        } finally {
            writing.writeLock().unlock();
        }
    }

    private void ensureOpen() {
        if (closed) throw new IllegalStateException("the event store is closed");
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** The day whose index holds an event: the UTC day of the time in its id. */
    static LocalDate dayOf(UUID id) {
        return LocalDate.ofEpochDay(Math.floorDiv(Uuid7.millis(id), DAY_MILLIS));
    }

    /**
     * Which open blocks an event may join: its day, and whether its time is within
     * {@link #CLOCK_SKEW_MILLIS} of its receipt (0), ahead of it (1) or behind it (-1).
     */
    private record BlockKey(LocalDate day, int clock) {
        /** The clock class of an event whose time is {@code skew} ms after its receipt. */
        static int clock(long skew) {
            return skew > CLOCK_SKEW_MILLIS ? 1 : skew < -CLOCK_SKEW_MILLIS ? -1 : 0;
        }
    }
}
