package io.vigil.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reader of the journal with a durable position. Not thread-safe: one pipeline stage
 * owns it. The stage polls records, handles them, and commits the {@code next} position
 * of the last record it has made durable downstream; a restart resumes there, so the stage
 * sees again whatever it had not committed (at-least-once; the store drops repeats by id).
 */
public final class JournalConsumer {
    private static final Logger log = LoggerFactory.getLogger(JournalConsumer.class);
    private static final int READ_BUFFER = 1 << 20;

    private final Journal journal;
    private final String name;
    private long position;
    private volatile long committed;
    private long corruptBytesSkipped;

    private FileChannel channel;
    private long channelBase = -1;
    private ByteBuffer buf = ByteBuffer.allocateDirect(READ_BUFFER);
    private long bufStart = -1;

    JournalConsumer(Journal journal, String name, long position) {
        this.journal = journal;
        this.name = name;
        this.position = position;
        this.committed = position;
    }

    public String name() { return name; }
    /** Where the next poll reads from. */
    public long position() { return position; }
    public long committed() { return committed; }
    /** Bytes between the committed position and the end of the journal. */
    public long lag() { return Math.max(0, journal.writtenPosition() - committed); }
    public long corruptBytesSkipped() { return corruptBytesSkipped; }

    /**
     * Reads up to {@code max} records, waiting up to {@code wait} for the first one.
     * Returns an empty list when nothing arrived in time.
     */
    public List<JournalRecord> poll(int max, Duration wait) throws IOException, InterruptedException {
        long limit = journal.readLimit();
        if (position >= limit) {
            if (!journal.awaitData(position, wait.toNanos())) return List.of();
            limit = journal.readLimit();
        }
        List<JournalRecord> out = new ArrayList<>(Math.min(max, 1024));
        while (out.size() < max && position < limit) {
            Map.Entry<Long, Path> seg = journal.segments().containing(position);
            if (seg == null) {
                // Older than anything retained (should not happen: we hold deletion back).
                position = journal.segments().firstBase();
                continue;
            }
            long base = seg.getKey();
            long next = journal.segments().nextBase(base);
            long segEnd = next < 0 ? limit : next;
            if (position >= segEnd) {
                position = next < 0 ? limit : next;
                continue;
            }
            JournalRecord r = readAt(base, seg.getValue(), position, segEnd);
            if (r == null) {
                long skipped = segEnd - position;
                corruptBytesSkipped += skipped;
                log.error("journal {}: corrupt record at position {} in segment {}; skipped {} bytes to the end of that segment",
                        journal.directory(), position, seg.getValue().getFileName(), skipped);
                position = segEnd;
                continue;
            }
            out.add(r);
            position = r.next();
        }
        return out;
    }

    private JournalRecord readAt(long base, Path file, long pos, long segEnd) throws IOException {
        if (channelBase != base) {
            closeFiles();
            channel = FileChannel.open(file, StandardOpenOption.READ);
            channelBase = base;
        }
        if (!buffered(pos, RecordFormat.HEADER)) fill(pos, segEnd, RecordFormat.HEADER);
        int at = (int) (pos - bufStart);
        int len = buf.getInt(at);
        int crc = buf.getInt(at + 4);
        if (len <= 0 || len > RecordFormat.MAX_PAYLOAD || pos + RecordFormat.HEADER + len > segEnd) return null;
        int total = RecordFormat.HEADER + len;
        if (!buffered(pos, total)) {
            fill(pos, segEnd, total);
            at = 0;
        }
        byte[] payload = new byte[len];
        buf.get(at + RecordFormat.HEADER, payload);
        if (RecordFormat.crc(payload, 0, len) != crc) return null;
        return new JournalRecord(pos, pos + total, payload);
    }

    private boolean buffered(long pos, int len) {
        return bufStart >= 0 && pos >= bufStart && pos + len <= bufStart + buf.limit();
    }

    private void fill(long pos, long segEnd, int atLeast) throws IOException {
        if (buf.capacity() < atLeast) buf = ByteBuffer.allocateDirect(atLeast);
        buf.clear();
        long fileOffset = pos - channelBase;
        long available = segEnd - pos;
        buf.limit((int) Math.min(buf.capacity(), available));
        while (buf.position() < atLeast) {
            int n = channel.read(buf, fileOffset + buf.position());
            if (n < 0) throw new IOException("segment ended early at " + (fileOffset + buf.position()));
        }
        buf.flip();
        bufStart = pos;
    }

    /** Records that everything before {@code next} is handled; segments all consumers have passed are deleted. */
    public void commit(long next) throws IOException {
        if (next < committed) throw new IllegalArgumentException("commit position went back from " + committed + " to " + next);
        committed = next;
        journal.commit(this, next);
    }

    /** Moves the read position back to the last commit (after a failed downstream batch). */
    public void rewind() {
        position = committed;
        bufStart = -1;
    }

    void closeFiles() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Read-only channel: nothing to lose.
            }
            channel = null;
            channelBase = -1;
            bufStart = -1;
        }
    }
}
