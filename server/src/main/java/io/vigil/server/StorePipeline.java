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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the journal, normalizes, stores. It commits the event store first and the journal
 * position second, so a crash between the two replays a few events, which the store
 * ignores by id: what is stored is exactly once.
 *
 * <p>Each batch read from the journal is decoded and checked for RELP retransmissions in
 * journal order, then split among {@code threads} workers that normalize and index their
 * part in parallel (normalization and Lucene's indexing are what cost: one core does about
 * 15,000 realistic events a second). The batch is complete when every part is; only then
 * can a commit record its end as the journal position.
 *
 * <p>Correlation runs on a thread of its own ({@link CorrelationStage}), one batch behind:
 * it needs the batches in order but nothing back from them, and run between the batches it
 * left the other core idle while it worked. Its directive events are appended to the store
 * from there and counted in the commit that takes them.
 */
public final class StorePipeline implements AutoCloseable {
    public static final String CONSUMER = "store";
    private static final Logger log = LoggerFactory.getLogger(StorePipeline.class);
    private static final int BATCH = 4096;

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
        this.workers = this.threads > 1
                ? Executors.newFixedThreadPool(this.threads - 1, r -> Thread.ofPlatform().daemon().name("store-worker").unstarted(r))
                : null;
        this.thread = Thread.ofPlatform().name("store-pipeline").unstarted(this::run);
    }

    /** Runs correlation over what is stored (call before {@link #start()}). */
    public StorePipeline correlateWith(Correlator correlator) {
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

    private void run() {
        long lastCommit = System.nanoTime();
        long committedNext = consumer.committed();
        Map<String, Long> uncommitted = new HashMap<>();
        while (running) {
            try {
                List<JournalRecord> batch = consumer.poll(BATCH, Duration.ofMillis(100));
                if (!batch.isEmpty()) {
                    List<Admitted> admitted = new ArrayList<>(batch.size());
                    for (JournalRecord r : batch) {
                        Admitted a = admit(r);
                        if (a != null) {
                            admitted.add(a);
                            uncommitted.merge(a.raw().collector(), 1L, Long::sum);
                        }
                    }
                    List<Event> stored = storeInParallel(admitted);
                    committedNext = batch.get(batch.size() - 1).next();
                    if (correlation != null) correlation.offer(stored);
                }
                boolean due = System.nanoTime() - lastCommit >= commitInterval.toNanos();
                boolean pending = committedNext > consumer.committed() || (correlation != null && correlation.appendedSinceCommit() > 0);
                if (pending && (due || !running)) {
                    commit(committedNext, uncommitted);
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
                uncommitted.clear();
                consumer.rewind();
                committedNext = consumer.committed();
                sleep(1000);
            }
        }
        finish(committedNext, uncommitted);
    }

    /**
     * The store's commit, then the journal position; counts as stored what the commit took,
     * directive events included (counted under the collector "correlation").
     */
    private void commit(long committedNext, Map<String, Long> uncommitted) throws IOException {
        long directive = correlation == null ? 0 : correlation.takeAppended(); // appended before this: in the commit
        try {
            store.commit();
        } catch (IOException | RuntimeException e) {
            if (correlation != null) correlation.giveBack(directive);
            throw e;
        }
        consumer.commit(committedNext);
        if (directive > 0) uncommitted.merge("correlation", directive, Long::sum);
        uncommitted.forEach((c, n) -> metrics.of(c).stored().increment(n));
        uncommitted.clear();
    }

    /**
     * Normalizes and appends the batch, split in contiguous parts among the workers and this
     * thread; returns the stored events in journal order.
     */
    private List<Event> storeInParallel(List<Admitted> batch) throws IOException, InterruptedException {
        int parts = workers == null ? 1 : Math.min(threads, Math.max(1, batch.size() / 256));
        if (parts == 1) return storePart(batch);
        int size = (batch.size() + parts - 1) / parts;
        List<Future<List<Event>>> running = new ArrayList<>(parts - 1);
        for (int p = 1; p < parts; p++) {
            List<Admitted> part = batch.subList(Math.min(batch.size(), p * size), Math.min(batch.size(), (p + 1) * size));
            running.add(workers.submit(() -> storePart(part)));
        }
        IOException failed = null;
        List<Event> all = new ArrayList<>(batch.size());
        try {
            all.addAll(storePart(batch.subList(0, Math.min(batch.size(), size))));
        } catch (IOException e) {
            failed = e;
        }
        for (Future<List<Event>> f : running) {
            try {
                all.addAll(f.get());
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof IOException io) failed = failed == null ? io : failed;
                else if (c instanceof RuntimeException re) throw re;
                else throw new IOException(c);
            }
        }
        if (failed != null) throw failed;
        return all;
    }

    private List<Event> storePart(List<Admitted> part) throws IOException {
        if (part.isEmpty()) return List.of();
        List<Event> events = new ArrayList<>(part.size());
        for (Admitted a : part) {
            Event e = normalizer.normalize(a.raw());
            RetransmitFilter.tag(e, a.relpKey());
            events.add(e);
        }
        store.append(events);
        return events;
    }

    private void finish(long committedNext, Map<String, Long> uncommitted) {
        if (correlation != null) correlation.close(); // what it holds is correlated and appended first
        try {
            if (committedNext > consumer.committed() || (correlation != null && correlation.appendedSinceCommit() > 0)) {
                commit(committedNext, uncommitted);
            }
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
        if (workers != null) workers.shutdown();
    }
}
