package io.vigil.server;

import io.vigil.core.event.Event;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Correlation on a thread of its own: the store pipeline hands it the stored events in journal
 * order and goes on; this thread runs the {@link BatchCorrelator} over them and appends the
 * directive events that come of it to the store. A few batches may wait (the queue is
 * bounded, so a slow correlator holds the pipeline back rather than memory growing: each
 * batch is what the pipeline released at once, one to eight chunks of 1,024 records).
 *
 * <p>What waits here is stored already; a crash loses it from correlation only, as it loses
 * the backlogs, which live in memory (docs/correlation.md).
 */
final class CorrelationStage {
    private static final Logger log = LoggerFactory.getLogger(CorrelationStage.class);
    private static final int QUEUED_BATCHES = 4;

    private final BatchCorrelator correlator;
    private final io.vigil.core.store.EventStore store;
    private final BlockingQueue<List<Event>> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
    private final Thread thread;
    private final AtomicLong appended = new AtomicLong();
    /** Directive events whose append failed: tried again before anything else. */
    private final List<Event> unstored = new ArrayList<>();
    private volatile boolean running = true;
    private long lastError;
    private boolean deadReported;

    CorrelationStage(BatchCorrelator correlator, io.vigil.core.store.EventStore store) {
        this.correlator = correlator;
        this.store = store;
        this.thread = Thread.ofPlatform().name("correlation").unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /**
     * Hands over a stored batch; waits while the queue is full. Should the thread have died
     * (an error no batch should cause), storing goes on without correlation, and says so
     * once; later batches are not offered at all (each would wait out the full queue).
     */
    void offer(List<Event> batch) throws InterruptedException {
        if (batch.isEmpty() || deadReported) return;
        while (!queue.offer(batch, 1, TimeUnit.SECONDS)) {
            if (!thread.isAlive()) {
                if (!deadReported) log.error("the correlation thread has stopped: events are stored without correlation until a restart");
                deadReported = true;
                return;
            }
        }
    }

    /** Directive events appended since the last {@link #takeAppended()}. */
    long appendedSinceCommit() {
        return appended.get();
    }

    /** Takes the count of directive events appended so far: a commit that starts now holds them. */
    long takeAppended() {
        return appended.getAndSet(0);
    }

    /** A commit that took {@code n} failed: they are still to be committed. */
    void giveBack(long n) {
        appended.addAndGet(n);
    }

    private void run() {
        while (running || !queue.isEmpty()) {
            try {
                List<Event> batch = queue.poll(100, TimeUnit.MILLISECONDS);
                store(batch != null ? correlator.correlate(batch) : correlator.tick());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | StackOverflowError e) {
                // the batch is stored; only its correlation is lost (a batch that fails every
                // time must not stop storing, as a retry loop would)
                long now = System.currentTimeMillis();
                if (now - lastError > 10_000) log.error("correlation failed on a batch: {}", e.toString(), e);
                lastError = now;
            }
        }
        try {
            correlator.finish(); // alarms held for the next write interval
        } catch (RuntimeException e) {
            log.error("writing the last alarms failed: {}", e.toString(), e);
        }
        store(List.of()); // one more try for what could not be stored
    }

    private void store(List<Event> directiveEvents) {
        if (directiveEvents.isEmpty() && unstored.isEmpty()) return;
        unstored.addAll(directiveEvents);
        try {
            store.append(unstored);
            appended.addAndGet(unstored.size());
            unstored.clear();
        } catch (IOException | RuntimeException e) {
            long now = System.currentTimeMillis();
            if (now - lastError > 10_000) log.error("storing {} directive events failed; trying again: {}", unstored.size(), e.toString());
            lastError = now;
        }
    }

    /** Correlates what is queued, then stops. */
    void close() {
        running = false;
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
