package io.vigil.server;

import io.vigil.core.event.Event;
import io.vigil.core.event.Normalizer;
import io.vigil.core.event.RawEvent;
import io.vigil.core.event.RawEventCodec;
import io.vigil.core.metrics.Collectors;
import io.vigil.core.store.EventStore;
import io.vigil.journal.Journal;
import io.vigil.journal.JournalConsumer;
import io.vigil.journal.JournalRecord;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the journal, normalizes, stores. It commits the event store first and the journal
 * position second, so a crash between the two replays a few events, which the store
 * ignores by id: what is stored is exactly once.
 *
 * <p>This thread reads the journal in chunks, decodes each record and checks it for RELP
 * retransmissions in journal order, and hands the chunk to one of {@code threads} workers,
 * which normalize and index it (what costs: one core does about 15,000 realistic events a
 * second). Several chunks are in flight at once, so no worker waits for another to finish
 * its part, nor for this thread to read the next: a chunk is released when it and every
 * chunk before it are stored, and only released chunks move the position a commit records.
 *
 * <p>Correlation runs on a thread of its own ({@link CorrelationStage}) over the released
 * chunks, in journal order: it needs them in order but nothing back from them. Its directive
 * events are appended to the store from there and counted in the commit that takes them.
 */
public final class StorePipeline implements AutoCloseable {
    public static final String CONSUMER = "store";
    private static final Logger log = LoggerFactory.getLogger(StorePipeline.class);
    /** Journal records per chunk: big enough that a chunk's append amortises its block lookups. */
    private static final int CHUNK = 1024;
    /** Chunks in flight per worker: enough that a worker always has the next one at hand. */
    private static final int IN_FLIGHT_PER_WORKER = 4;

    private final JournalConsumer consumer;
    private final Normalizer normalizer;
    private final EventStore store;
    private final Collectors metrics;
    private final Duration commitInterval;
    private final RetransmitFilter retransmits;
    private final int threads;
    private final ExecutorService workers;
    private final Thread thread;
    private volatile boolean running = true;
    private CorrelationStage correlation;
    private volatile long lastError;

    /** Chunks handed to the workers, in journal order (this thread only). */
    private final ArrayDeque<Chunk> inFlight = new ArrayDeque<>();
    /** Journal position after the last released chunk: what the next commit records. */
    private long releasedNext;
    /** Events of the released chunks per collector, counted as stored by the next commit. */
    private final Map<String, Long> uncommitted = new HashMap<>();

    public StorePipeline(Journal journal, Normalizer normalizer, EventStore store, Collectors metrics, Duration commitInterval) throws IOException {
        this(journal, normalizer, store, metrics, commitInterval, 1);
    }

    /** @param threads workers normalizing and indexing in parallel (0: one per core) */
    public StorePipeline(Journal journal, Normalizer normalizer, EventStore store, Collectors metrics, Duration commitInterval,
                         int threads) throws IOException {
        this.consumer = journal.consumer(CONSUMER);
        this.normalizer = normalizer;
        this.store = store;
        this.metrics = metrics;
        this.commitInterval = commitInterval;
        this.retransmits = new RetransmitFilter(store);
        this.threads = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        this.workers = Executors.newFixedThreadPool(this.threads, r -> Thread.ofPlatform().daemon().name("store-worker").unstarted(r));
        this.thread = Thread.ofPlatform().name("store-pipeline").unstarted(this::run);
    }

    /** Runs correlation over what is stored (call before {@link #start()}). */
    public StorePipeline correlateWith(BatchCorrelator correlator) {
        this.correlation = new CorrelationStage(correlator, store);
        return this;
    }

    public StorePipeline start() {
        if (correlation != null) correlation.start();
        thread.start();
        return this;
    }

    /** A journal record ready for a worker: the raw event and its retransmission fingerprint. */
    private record Admitted(RawEvent raw, String relpKey) {}

    /** Records handed to a worker: its stored events to come, the position after its last record, its events per collector. */
    private record Chunk(Future<List<Event>> stored, long next, Map<String, Long> counts) {}

    private void run() {
        long lastCommit = System.nanoTime();
        releasedNext = consumer.committed();
        int maxInFlight = threads * IN_FLIGHT_PER_WORKER;
        while (running) {
            try {
                if (inFlight.size() >= maxInFlight) {
                    awaitOldest();
                } else {
                    // with chunks in flight, do not sleep on an empty journal: release them first
                    List<JournalRecord> records = consumer.poll(CHUNK, Duration.ZERO);
                    if (records.isEmpty() && inFlight.isEmpty()) {
                        store.caughtUp(); // the journal ran dry and everything read is stored
                        records = consumer.poll(CHUNK, Duration.ofMillis(100));
                    }
                    if (!records.isEmpty()) submit(records);
                    else if (!inFlight.isEmpty()) awaitOldest();
                }
                release();
                boolean due = System.nanoTime() - lastCommit >= commitInterval.toNanos();
                if (pending() && due) {
                    commit();
                    lastCommit = System.nanoTime();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (IOException | RuntimeException e) {
                // Nothing past the last commit counts as stored; read it again after a pause.
                long now = System.currentTimeMillis();
                if (now - lastError > 10_000) log.error("storing events failed, retrying from the last commit: {}", e.toString(), e);
                lastError = now;
                abandonInFlight();
                uncommitted.clear();
                consumer.rewind();
                releasedNext = consumer.committed();
                sleep(1000);
            }
        }
        finish();
    }

    /** Decodes and admits the records in journal order, then hands them to a worker. */
    private void submit(List<JournalRecord> records) throws IOException {
        List<Admitted> admitted = new ArrayList<>(records.size());
        Map<String, Long> counts = new HashMap<>(4);
        for (JournalRecord r : records) {
            Admitted a = admit(r);
            if (a != null) {
                admitted.add(a);
                counts.merge(a.raw().collector(), 1L, Long::sum);
            }
        }
        long next = records.get(records.size() - 1).next();
        inFlight.addLast(new Chunk(workers.submit(() -> storeChunk(admitted)), next, counts));
    }

    private boolean pending() {
        return releasedNext > consumer.committed() || (correlation != null && correlation.appendedSinceCommit() > 0);
    }

    /** Waits up to 100 ms for the oldest chunk in flight (its failure surfaces in {@link #release()}). */
    private void awaitOldest() throws InterruptedException {
        try {
            inFlight.getFirst().stored().get(100, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // failure: thrown by release(); time out: back to the loop, which may commit meanwhile
        }
    }

    /**
     * Releases the stored chunks at the head of the queue: their position becomes the next
     * commit's, their events go to correlation in journal order.
     */
    private void release() throws IOException, InterruptedException {
        List<Event> stored = List.of();
        while (!inFlight.isEmpty() && inFlight.getFirst().stored().isDone()) {
            Chunk c = inFlight.removeFirst();
            List<Event> events = outcome(c);
            releasedNext = c.next();
            c.counts().forEach((collector, n) -> uncommitted.merge(collector, n, Long::sum));
            if (stored.isEmpty()) stored = events;
            else stored.addAll(events); // the first non-empty list is a worker's own ArrayList
        }
        if (!stored.isEmpty() && correlation != null) correlation.offer(stored);
    }

    private static List<Event> outcome(Chunk c) throws IOException, InterruptedException {
        try {
            return c.stored().get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) throw io;
            if (cause instanceof RuntimeException re) throw re;
            throw new IOException(cause);
        }
    }

    /** After a failure: waits for the chunks still in flight and forgets them; they will be read again. */
    private void abandonInFlight() {
        while (!inFlight.isEmpty()) {
            try {
                inFlight.removeFirst().stored().get();
            } catch (ExecutionException e) {
                // the first failure is the one reported
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                inFlight.clear();
                return;
            }
        }
    }

    /**
     * The store's commit, then the journal position; counts as stored what the commit took,
     * directive events included (counted under the collector "correlation"). Chunks in
     * flight may be in the commit too; their position is not, so a restart reads them again
     * and the store skips them by id.
     */
    private void commit() throws IOException {
        long directive = correlation == null ? 0 : correlation.takeAppended(); // appended before this: in the commit
        try {
            store.commit();
        } catch (IOException | RuntimeException e) {
            if (correlation != null) correlation.giveBack(directive);
            throw e;
        }
        consumer.commit(releasedNext);
        if (directive > 0) uncommitted.merge("correlation", directive, Long::sum);
        uncommitted.forEach((c, n) -> metrics.of(c).stored().increment(n));
        uncommitted.clear();
    }

    /** Normalizes and appends one chunk (a worker); returns its events in journal order. */
    private List<Event> storeChunk(List<Admitted> chunk) throws IOException {
        if (chunk.isEmpty()) return List.of();
        List<Event> events = new ArrayList<>(chunk.size());
        for (Admitted a : chunk) {
            Event e = normalizer.normalize(a.raw());
            RetransmitFilter.tag(e, a.relpKey());
            events.add(e);
        }
        store.append(events);
        return events;
    }

    private void finish() {
        try {
            while (!inFlight.isEmpty()) {
                awaitOldest();
                release();
            }
        } catch (IOException | RuntimeException e) {
            log.warn("storing the last events failed; they will be read again at the next start: {}", e.toString());
            abandonInFlight();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandonInFlight();
        }
        if (correlation != null) correlation.close(); // what it holds is correlated and appended first
        try {
            if (pending()) commit();
        } catch (IOException | RuntimeException e) {
            log.warn("final commit failed; the events will be replayed at the next start: {}", e.toString());
        }
    }

    /** The record decoded, or null when it is not an event or a RELP retransmission already stored. */
    private Admitted admit(JournalRecord r) throws IOException {
        RawEvent raw;
        try {
            raw = RawEventCodec.decode(r.payload());
        } catch (RuntimeException e) {
            log.error("journal record at {} is not an event ({}); skipped", r.position(), e.toString());
            metrics.of("journal").dropped("undecodable");
            return null;
        }
        String key = retransmits.admit(raw);
        if (key == null) {
            metrics.of(raw.collector()).dropped("retransmitted_duplicate");
            return null;
        }
        return new Admitted(raw, key);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The store's own counters ({@link EventStore#counters()}). */
    public Map<String, Long> storeCounters() {
        return store.counters();
    }

    /** Events the pipeline has not yet committed to the store, in journal bytes. */
    public long lagBytes() {
        return consumer.lag();
    }

    /** Stops after the batch in hand, committing what was stored. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdown();
    }
}
