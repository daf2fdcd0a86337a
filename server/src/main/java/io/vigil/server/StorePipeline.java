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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the journal, normalizes, stores. It commits the event store first and the journal
 * position second, so a crash between the two replays a few events, which the store
 * ignores by id: what is stored is exactly once.
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
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long lastError;

    public StorePipeline(Journal journal, Normalizer normalizer, EventStore store, Collectors metrics, Duration commitInterval) throws IOException {
        this.consumer = journal.consumer(CONSUMER);
        this.normalizer = normalizer;
        this.store = store;
        this.metrics = metrics;
        this.commitInterval = commitInterval;
        this.retransmits = new RetransmitFilter(store);
        this.thread = Thread.ofPlatform().name("store-pipeline").unstarted(this::run);
    }

    public StorePipeline start() {
        thread.start();
        return this;
    }

    private void run() {
        long lastCommit = System.nanoTime();
        long committedNext = consumer.committed();
        Map<String, Long> uncommitted = new HashMap<>();
        while (running) {
            try {
                List<JournalRecord> batch = consumer.poll(BATCH, Duration.ofMillis(100));
                if (!batch.isEmpty()) {
                    List<Event> events = new ArrayList<>(batch.size());
                    for (JournalRecord r : batch) {
                        Event e = normalize(r);
                        if (e != null) {
                            events.add(e);
                            uncommitted.merge(e.collector(), 1L, Long::sum);
                        }
                    }
                    store.append(events);
                    committedNext = batch.get(batch.size() - 1).next();
                }
                boolean due = System.nanoTime() - lastCommit >= commitInterval.toNanos();
                if (committedNext > consumer.committed() && (due || !running)) {
                    store.commit();
                    consumer.commit(committedNext);
                    uncommitted.forEach((c, n) -> metrics.of(c).stored().increment(n));
                    uncommitted.clear();
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

    private void finish(long committedNext, Map<String, Long> uncommitted) {
        try {
            if (committedNext > consumer.committed()) {
                store.commit();
                consumer.commit(committedNext);
                uncommitted.forEach((c, n) -> metrics.of(c).stored().increment(n));
            }
        } catch (IOException e) {
            log.warn("final commit failed; the events will be replayed at the next start: {}", e.toString());
        }
    }

    private Event normalize(JournalRecord r) throws IOException {
        RawEvent raw;
        try {
            raw = RawEventCodec.decode(r.payload());
        } catch (RuntimeException e) {
            log.error("journal record at {} is not an event ({}); skipped", r.position(), e.toString());
            metrics.of("journal").dropped("undecodable");
            return null;
        }
        Event e = normalizer.normalize(raw);
        if (!retransmits.admit(raw, e)) {
            metrics.of(raw.collector()).dropped("retransmitted_duplicate");
            return null;
        }
        return e;
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
    }
}
