package io.vigil.journal;

import io.vigil.core.ingest.RefusalReason;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Admission control by space: slows input when the disk or the journal nears its limit and
 * refuses it at the limit, so that a full disk never means a torn journal. Free space is
 * read at most every 200 ms (statvfs is cheap, but not per event).
 */
public final class DiskGuard {
    private static final long CHECK_INTERVAL_NANOS = 200_000_000L;

    private final FileStore store;
    private final JournalOptions options;
    private volatile long usable;
    private volatile long checkedAt;
    private final Map<RefusalReason, LongAdder> refusals = new ConcurrentHashMap<>();

    DiskGuard(Path dir, JournalOptions options) throws IOException {
        this.store = Files.getFileStore(dir);
        this.options = options;
        this.usable = store.getUsableSpace();
        this.checkedAt = System.nanoTime();
    }

    long usableBytes() {
        long now = System.nanoTime();
        if (now - checkedAt > CHECK_INTERVAL_NANOS) {
            checkedAt = now;
            try {
                usable = store.getUsableSpace();
            } catch (IOException e) {
                usable = 0; // A file system we cannot even stat is one we should not write to.
            }
        }
        return usable;
    }

    RefusalReason refusal(long written, long minConsumer, long writeFailedUntilNanos) {
        if (writeFailedUntilNanos != 0 && System.nanoTime() < writeFailedUntilNanos) return RefusalReason.WRITE_FAILED;
        if (usableBytes() < options.minFree()) return RefusalReason.DISK_LOW;
        if (written - minConsumer >= options.maxSize()) return RefusalReason.JOURNAL_FULL;
        return null;
    }

    boolean shouldSlow(long written, long minConsumer) {
        return usableBytes() < 2 * options.minFree() || written - minConsumer > options.maxSize() / 10 * 9;
    }

    void countRefusal(RefusalReason r) {
        refusals.computeIfAbsent(r, k -> new LongAdder()).increment();
    }

    /** Appends refused so far, by reason. */
    public Map<RefusalReason, Long> refusals() {
        Map<RefusalReason, Long> m = new java.util.EnumMap<>(RefusalReason.class);
        refusals.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    public long freeBytes() {
        return usableBytes();
    }
}
