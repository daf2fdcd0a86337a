package io.vigil.journal;

import io.vigil.core.ingest.IngestRefusedException;
import io.vigil.core.ingest.RefusalReason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A segmented append-only log with a checksum per record: Vigil's one durability mechanism.
 *
 * <p>Appenders copy records into a bounded in-memory buffer; one writer thread swaps it for
 * an empty one, writes it to the active segment in one call and, with {@link
 * Durability#POWER}, fsyncs, then completes the future every record of that buffer shares.
 * While the writer writes (or fsyncs), the next buffer fills: that is the group commit, and
 * it is why throughput holds up under {@code power} durability.
 *
 * <p>Positions are global byte offsets; consumers ({@link JournalConsumer}) read up to what
 * has been written, commit how far they got, and segments every consumer has passed are
 * deleted. Recovery on open truncates the last segment at its first torn or corrupt record.
 *
 * <p>Why our own and not a library: Chronicle Queue needs JVM flags and off-heap internals
 * across JDK releases, Tape is one file without consumers, and Kafka's log is not meant to
 * be embedded. What Vigil needs (group commit, per-consumer positions, deletion, admission
 * control by disk space) is a few hundred lines that are easy to reason about.
 */
public final class Journal implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Journal.class);
    private static final long SLOW_DOWN_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final Path dir;
    private final JournalOptions options;
    private final Segments segments;
    private final ConsumerPositions positions;
    private final DiskGuard guard;
    private final Map<String, JournalConsumer> consumers = new ConcurrentHashMap<>();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private ByteBuffer filling;
    private ByteBuffer spare;
    private CompletableFuture<Void> fillingDone = new CompletableFuture<>();
    private boolean closed;

    private final Object dataSignal = new Object();
    private volatile long written;
    private volatile long durable;
    private volatile long writeFailedUntilNanos;
    private volatile RefusalReason lastRefusal;

    private FileChannel active;
    private long activeBase;
    private final Thread writer;
    private final RecoveryReport recovery;

    /** What opening found: how many bytes of a torn or corrupt tail were cut off. */
    public record RecoveryReport(long truncatedBytes, long endPosition, int segments) {}

    private Journal(Path dir, JournalOptions options) throws IOException {
        this.dir = dir;
        this.options = options;
        Files.createDirectories(dir);
        this.segments = new Segments(dir);
        if (segments.isEmpty()) {
            segments.add(0);
            Files.createFile(segments.fileFor(0));
        }
        this.activeBase = segments.lastBase();
        Path activeFile = segments.fileFor(activeBase);
        this.active = FileChannel.open(activeFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
        long validLength = RecoveryScan.validLength(active);
        long truncated = active.size() - validLength;
        if (truncated > 0) {
            log.warn("journal {}: cut {} bytes of a torn or corrupt record at the end of {}; every record before it is intact",
                    dir, truncated, activeFile.getFileName());
            active.truncate(validLength);
            active.force(true);
        }
        this.written = activeBase + validLength;
        this.durable = written;
        this.recovery = new RecoveryReport(truncated, written, segments.count());
        this.positions = new ConsumerPositions(dir.resolve("consumers"), options.durability());
        this.guard = new DiskGuard(dir, options);
        this.filling = ByteBuffer.allocateDirect(options.bufferSize());
        this.spare = ByteBuffer.allocateDirect(options.bufferSize());
        this.writer = Thread.ofPlatform().name("journal-writer").daemon().unstarted(this::writeLoop);
    }

    public static Journal open(Path dir, JournalOptions options) throws IOException {
        Journal j = new Journal(dir, options);
        j.writer.start();
        return j;
    }

    public RecoveryReport recovery() {
        return recovery;
    }

    // ---- appending ----

    /**
     * Appends a record, blocking while the write buffer is full and briefly while the disk or
     * the journal is near its limit (backpressure for senders that can wait).
     */
    public CompletableFuture<Void> append(byte[] payload) {
        RefusalReason refused = admit(true);
        if (refused != null) return refusedFuture(refused);
        int need = checkSize(payload);
        int crc = RecordFormat.crc(payload, 0, payload.length);
        lock.lock();
        try {
            while (!closed && filling.remaining() < need) notFull.awaitUninterruptibly();
            if (closed) return refusedFuture(RefusalReason.CLOSED);
            filling.putInt(payload.length).putInt(crc).put(payload);
            notEmpty.signal();
            return fillingDone;
        } finally {
            lock.unlock();
        }
    }

    /** Appends without waiting, for senders that cannot be slowed; null when not taken (see {@link #refusalReason()}). */
    public CompletableFuture<Void> tryAppend(byte[] payload) {
        RefusalReason refused = admit(false);
        if (refused != null) {
            lastRefusal = refused;
            return null;
        }
        int need = checkSize(payload);
        int crc = RecordFormat.crc(payload, 0, payload.length);
        lock.lock();
        try {
            if (closed) {
                lastRefusal = RefusalReason.CLOSED;
                return null;
            }
            if (filling.remaining() < need) {
                lastRefusal = RefusalReason.BUFFER_FULL;
                return null;
            }
            filling.putInt(payload.length).putInt(crc).put(payload);
            notEmpty.signal();
            return fillingDone;
        } finally {
            lock.unlock();
        }
    }

    /** Why input is refused now, or was last refused by a non-blocking append; null when all is well. */
    public RefusalReason refusalReason() {
        RefusalReason now = guard.refusal(written, minConsumerPosition(), writeFailedUntilNanos);
        return now != null ? now : lastRefusal;
    }

    /** Why input is refused right now (disk, journal size, a recent write failure), or null. */
    public RefusalReason refusingNow() {
        return guard.refusal(written, minConsumerPosition(), writeFailedUntilNanos);
    }

    private int checkSize(byte[] payload) {
        int need = RecordFormat.HEADER + payload.length;
        if (need > options.bufferSize() || payload.length > RecordFormat.MAX_PAYLOAD) {
            throw new IllegalArgumentException("record of " + payload.length + " bytes does not fit journal.buffer_size " + options.bufferSize());
        }
        return need;
    }

    private RefusalReason admit(boolean mayWait) {
        long min = minConsumerPosition();
        RefusalReason refused = guard.refusal(written, min, writeFailedUntilNanos);
        if (refused != null) {
            guard.countRefusal(refused);
            return refused;
        }
        if (mayWait && guard.shouldSlow(written, min)) {
            // Near a limit: hold each sender back a little, so that consumers can catch up
            // or an operator can act before input is refused.
            java.util.concurrent.locks.LockSupport.parkNanos(SLOW_DOWN_NANOS);
        }
        return null;
    }

    private static CompletableFuture<Void> refusedFuture(RefusalReason r) {
        String msg = switch (r) {
            case DISK_LOW -> "journal refused the event: free disk space is below journal.min_free";
            case JOURNAL_FULL -> "journal refused the event: journal.max_size of unconsumed data reached";
            case WRITE_FAILED -> "journal refused the event: the last write failed (disk full or I/O error); retrying shortly";
            case CLOSED -> "journal refused the event: shutting down";
            case BUFFER_FULL -> "journal refused the event: write buffer full";
        };
        return CompletableFuture.failedFuture(new IngestRefusedException(r, msg));
    }

    // ---- the writer thread ----

    private void writeLoop() {
        while (true) {
            ByteBuffer chunk;
            CompletableFuture<Void> done;
            lock.lock();
            try {
                while (filling.position() == 0 && !closed) notEmpty.awaitUninterruptibly();
                if (filling.position() == 0) return; // closed and drained
                while (spare == null) notFull.awaitUninterruptibly();
                chunk = filling;
                done = fillingDone;
                filling = spare;
                spare = null;
                fillingDone = new CompletableFuture<>();
                notFull.signalAll();
            } finally {
                lock.unlock();
            }
            chunk.flip();
            try {
                writeChunk(chunk);
                done.complete(null);
            } catch (IOException | RuntimeException e) {
                // Nothing in this chunk was acknowledged; its senders learn so through the future.
                writeFailedUntilNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                log.error("journal {}: write of {} bytes failed, those events were refused and not acknowledged: {}",
                        dir, chunk.limit(), e.toString());
                done.completeExceptionally(new IngestRefusedException(RefusalReason.WRITE_FAILED,
                        "journal write failed: " + e.getMessage()));
            }
            chunk.clear();
            lock.lock();
            try {
                spare = chunk;
                notFull.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private void writeChunk(ByteBuffer chunk) throws IOException {
        long fileSize = written - activeBase;
        if (fileSize >= options.segmentSize()) {
            roll();
            fileSize = 0;
        }
        int len = chunk.remaining();
        long at = fileSize;
        try {
            while (chunk.hasRemaining()) at += active.write(chunk, at);
            if (options.durability() == Durability.POWER) active.force(false);
        } catch (IOException e) {
            // Cut back whatever part of the chunk reached the file, so the next write starts
            // at a record boundary; recovery would also find the cut by checksum.
            try {
                active.truncate(fileSize);
            } catch (IOException ignored) {
                // The positional write above will overwrite from fileSize next time anyway.
            }
            throw e;
        }
        written += len;
        if (options.durability() == Durability.POWER) durable = written;
        synchronized (dataSignal) {
            dataSignal.notifyAll();
        }
    }

    private void roll() throws IOException {
        active.force(true);
        active.close();
        activeBase = written;
        Path next = segments.add(activeBase);
        active = FileChannel.open(next, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
        if (options.durability() == Durability.POWER) fsyncDirectory();
    }

    private void fsyncDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            log.debug("directory fsync not supported here: {}", e.toString());
        }
    }

    // ---- consumers ----

    /**
     * The consumer with this name, created at the oldest retained record the first time and
     * resumed at its committed position afterwards.
     */
    public JournalConsumer consumer(String name) throws IOException {
        JournalConsumer existing = consumers.get(name);
        if (existing != null) return existing;
        long pos = positions.read(name).orElse(segments.firstBase());
        if (pos > written) {
            log.warn("journal {}: consumer {} was at {}, past the end {} (a power cut lost unsynced data); resuming at the end",
                    dir, name, pos, written);
            pos = written;
        }
        if (pos < segments.firstBase()) pos = segments.firstBase();
        JournalConsumer c = new JournalConsumer(this, name, pos);
        consumers.put(name, c);
        positions.write(name, pos);
        return c;
    }

    void commit(JournalConsumer c, long position) throws IOException {
        positions.write(c.name(), position);
        long min = minConsumerPosition();
        int deleted = segments.deleteBefore(min);
        if (deleted > 0) log.debug("journal {}: deleted {} consumed segments", dir, deleted);
    }

    long minConsumerPosition() {
        long min = Long.MAX_VALUE;
        for (String name : positions.names()) {
            JournalConsumer live = consumers.get(name);
            long p = live != null ? live.committed() : positions.cached(name);
            min = Math.min(min, p);
        }
        return min == Long.MAX_VALUE ? written : min;
    }

    boolean awaitData(long position, long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        synchronized (dataSignal) {
            while (written <= position) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                TimeUnit.NANOSECONDS.timedWait(dataSignal, left);
            }
        }
        return true;
    }

    /** End of what readers may read: written to the OS (and with POWER, fsynced). */
    long readLimit() {
        return options.durability() == Durability.POWER ? durable : written;
    }

    Segments segments() {
        return segments;
    }

    // ---- status ----

    public long writtenPosition() { return written; }
    public long firstPosition() { return segments.firstBase(); }
    public int segmentCount() { return segments.count(); }
    public long diskBytes() { return segments.totalBytes(); }
    public long unconsumedBytes() { return Math.max(0, written - minConsumerPosition()); }
    public JournalOptions options() { return options; }
    public DiskGuard guard() { return guard; }
    public Path directory() { return dir; }

    /** Drains the buffer to disk, stops the writer and closes the files. */
    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            if (closed) return;
            closed = true;
            notEmpty.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        active.force(true);
        active.close();
        for (JournalConsumer c : consumers.values()) c.closeFiles();
    }
}
