package io.vigil.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.PointValues;
import org.apache.lucene.index.ReaderManager;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.FSDirectory;

/**
 * One day's Lucene index: its directory, an {@link IndexWriter} while the day is being
 * written (opened on the first append, closed when idle), and a {@link ReaderManager}
 * giving searches a reference-counted reader: near-real-time from the writer when there is
 * one, else the last commit.
 *
 * <p>Writer lifecycle (open, commit, close) is called from the store's writing side only;
 * {@link #refresh()} from the refresh thread; {@link #acquire()} from any thread. The
 * monitor of this object orders writer changes against refreshes.
 */
final class DayIndex {

    /** Time bounds (epoch ms) of the events one reader holds, cached per reader. */
    private record Bounds(DirectoryReader reader, long min, long max) {}

    final LocalDate day;
    final Path path;
    private final FSDirectory dir;
    /** Changed with this object's monitor held; read without it by {@link #writer} once open. */
    private volatile IndexWriter writer;
    /** The events of the day's blocks (block layout), opened on first use. */
    private volatile BlockFile blocks;
    private volatile ReaderManager readers;
    private volatile Bounds bounds;
    private volatile boolean closed;
    /** System.nanoTime() of the last append. */
    volatile long lastWrite = System.nanoTime();

    private DayIndex(LocalDate day, Path path, FSDirectory dir) {
        this.day = day;
        this.path = path;
        this.dir = dir;
    }

    /** Opens a day: its last commit for reading, or (if it has none yet) a writer that makes one. */
    static DayIndex open(LocalDate day, Path path, Supplier<IndexWriterConfig> config) throws IOException {
        if (!Files.isDirectory(path)) {
            Files.createDirectories(path);
            // The new directory's entry in its parent must survive a power cut too.
            org.apache.lucene.util.IOUtils.fsync(path.getParent(), true);
        }
        FSDirectory dir = FSDirectory.open(path);
        DayIndex d = new DayIndex(day, path, dir);
        try {
            if (DirectoryReader.indexExists(dir)) {
                d.readers = new ReaderManager(dir);
            } else {
                d.writer(config);
            }
        } catch (IOException | RuntimeException e) {
            dir.close();
            throw e;
        }
        return d;
    }

    /**
     * The writer, opened if needed; from then on searches see this day in near real time. An
     * open writer is returned without the monitor: a refresh holds it while Lucene flushes,
     * and each store worker finishing a block waited for that (8% of their time). The writer
     * is closed only while appends are held back (commit, retention, close), so one returned
     * here is not closed under an append; one that broke is not open, and the locked path
     * reports it.
     */
    IndexWriter writer(Supplier<IndexWriterConfig> config) throws IOException {
        IndexWriter w = writer;
        if (w != null && w.isOpen() && !closed) return w;
        return openWriter(config);
    }

    private synchronized IndexWriter openWriter(Supplier<IndexWriterConfig> config) throws IOException {
        if (closed) throw new AlreadyClosedException("index of " + day + " is closed");
        failIfBroken();
        if (writer == null) {
            IndexWriter w = new IndexWriter(dir, config.get());
            try {
                if (!DirectoryReader.indexExists(dir)) w.commit(); // an empty first commit: the day is readable from now on
                cutUncommittedBlocks(w);
                ReaderManager nrt = new ReaderManager(w, true, false);
                ReaderManager old = readers;
                readers = nrt;
                if (old != null) old.close();
            } catch (IOException | RuntimeException e) {
                w.rollback();
                throw e;
            }
            writer = w;
        }
        return writer;
    }

    /** What a crash left in the block file after the last commit's length is cut: no block names it. */
    private void cutUncommittedBlocks(IndexWriter w) throws IOException {
        if (blocks == null && !BlockFile.exists(path)) return;
        long committed = 0; // a commit without the key is from before any block was in the file
        Iterable<java.util.Map.Entry<String, String>> data = w.getLiveCommitData();
        if (data != null) {
            for (java.util.Map.Entry<String, String> e : data) {
                if (e.getKey().equals(BlockFile.COMMITTED_LENGTH)) committed = Long.parseLong(e.getValue());
            }
        }
        blocks().truncate(committed);
    }

    /** The day's block file, opened (and created) on first use. */
    BlockFile blocks() throws IOException {
        BlockFile b = blocks;
        if (b != null) return b;
        synchronized (this) {
            if (closed) throw new AlreadyClosedException("index of " + day + " is closed");
            if (blocks == null) blocks = BlockFile.open(path);
            return blocks;
        }
    }

    /** Commits: the block file is forced first, and its length recorded in the commit. */
    private void commitWriter() throws IOException {
        BlockFile b = blocks;
        if (b != null) writer.setLiveCommitData(java.util.Map.of(BlockFile.COMMITTED_LENGTH, Long.toString(b.sync())).entrySet());
        writer.commit();
    }

    /**
     * A writer closed by a tragic error (disk full, I/O error) lost what it had not committed.
     * Fail-stop: append and commit keep failing, so the caller cannot record a journal position
     * past the loss; reopening the store and replaying the journal recovers.
     */
    private void failIfBroken() throws IOException {
        if (writer != null && !writer.isOpen()) {
            throw new IOException("the event index of " + day + " failed and lost what was not committed: reopen the event store and replay",
                    writer.getTragicException());
        }
    }

    synchronized boolean hasWriter() {
        return writer != null && writer.isOpen();
    }

    /** Commits if anything changed since the last commit. */
    synchronized void commit() throws IOException {
        failIfBroken();
        if (writer != null && writer.hasUncommittedChanges()) commitWriter();
    }

    /** Commits and closes the writer; searches go on from the commit. */
    synchronized void closeWriter() throws IOException {
        if (writer == null) return;
        commitWriter();
        ReaderManager committed = new ReaderManager(dir);
        ReaderManager old = readers;
        readers = committed;
        old.close();
        writer.close();
        writer = null;
    }

    /** Makes what was appended so far searchable (no commit). */
    synchronized void refresh() throws IOException {
        if (writer != null && !closed) readers.maybeRefreshBlocking();
    }

    /** A reader holding a reference; give it back with {@link #release}. */
    DirectoryReader acquire() throws IOException {
        while (true) {
            ReaderManager rm = readers;
            try {
                return rm.acquire();
            } catch (AlreadyClosedException e) {
                if (closed || readers == rm) throw e;
                // the writer was opened or closed meanwhile: take the new manager's reader
            }
        }
    }

    static void release(DirectoryReader r) throws IOException {
        r.decRef();
    }

    /** Whether the events in this reader can have a sort time in [from, to] (epoch ms, inclusive). */
    boolean mayOverlap(DirectoryReader r, long from, long to) throws IOException {
        Bounds b = bounds;
        if (b == null || b.reader() != r) {
            byte[] min = PointValues.getMinPackedValue(r, "time");
            byte[] max = PointValues.getMaxPackedValue(r, "time");
            b = min == null
                    ? new Bounds(r, Long.MAX_VALUE, Long.MIN_VALUE)
                    : new Bounds(r, LongPoint.decodeDimension(min, 0), LongPoint.decodeDimension(max, 0));
            bounds = b;
        }
        return b.max() >= from && b.min() <= to;
    }

    /** Bytes on disk (files being deleted concurrently are skipped). */
    long sizeOnDisk() throws IOException {
        long total = 0;
        try (Stream<Path> files = Files.list(path)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                try {
                    total += Files.size(f);
                } catch (NoSuchFileException gone) {
                    // merged away meanwhile
                }
            }
        } catch (NoSuchFileException gone) {
            return 0;
        }
        return total;
    }

    /**
     * Closes the writer (committing, or discarding what is uncommitted when the day is about
     * to be deleted), the readers and the directory. Readers held by searches stay usable
     * until released.
     */
    synchronized void close(boolean commit) throws IOException {
        if (closed) return;
        closed = true;
        IOException failure = null;
        try {
            if (writer != null && writer.isOpen()) {
                if (commit) {
                    commitWriter();
                    writer.close();
                } else {
                    writer.rollback();
                }
                writer = null;
            }
        } catch (IOException e) {
            failure = e;
        }
        try {
            readers.close();
        } catch (IOException e) {
            if (failure == null) failure = e; else failure.addSuppressed(e);
        }
        try {
            if (blocks != null) blocks.close();
        } catch (IOException e) {
            if (failure == null) failure = e; else failure.addSuppressed(e);
        }
        try {
            dir.close();
        } catch (IOException e) {
            if (failure == null) failure = e; else failure.addSuppressed(e);
        }
        if (failure != null) throw failure;
    }
}
