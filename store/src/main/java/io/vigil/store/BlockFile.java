package io.vigil.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import org.apache.lucene.store.ByteArrayDataInput;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.compress.LZ4;

/**
 * The events of a day's blocks, in a file beside the day's Lucene index: each block's
 * events (as {@link EventBlock} lays them out) compressed with LZ4 once, as one frame,
 * appended; the block's Lucene document holds the frame's offset.
 *
 * <p>Why not stored fields: Lucene rewrites stored fields on every merge, and a block's
 * events are nearly all of its bytes. In the full path, merges copying them were 7% of the
 * CPU, mostly in the kernel's write (docs/benchmarks.md). Here they are written once.
 *
 * <p>A frame: the events' length, the compressed length, the CRC32C of the compressed bytes
 * (4 bytes each, big-endian), then the compressed bytes. Durability follows the index's: a
 * commit forces this file first and records its length in the commit
 * ({@link #COMMITTED_LENGTH}); opening a writer cuts whatever a crash left after that length
 * (blocks no commit names: the journal replays their events).
 *
 * <p>The compressed bytes are an LZ4 block (the format of the reference library's
 * {@code LZ4_compress_default}), made by lz4-java's binding of that library; where the
 * native library cannot load, lz4-java's Java port makes the same format. Until 2026-12-04
 * Lucene's LZ4 made them. Lucene's LZ4 reads both; the reference decoder refuses some of
 * Lucene's (their ends break the format's rules on the last literals), so reading stays
 * Lucene's. The native compressor takes about half the time of Lucene's (docs/benchmarks.md).
 */
final class BlockFile implements Closeable {
    static final String NAME = "blocks.lz4";
    /** Key of the commit user data that holds the file's length at that commit. */
    static final String COMMITTED_LENGTH = "vigil.blocks.length";
    static final int HEADER = 12;
    /** Larger than any block's events: a header claiming more is damage, not a block. */
    private static final int MAX_EVENTS_BYTES = 1 << 30;

    private final Path path;
    private final FileChannel channel;
    private long length; // guarded by this

    private BlockFile(Path path, FileChannel channel, long length) {
        this.path = path;
        this.channel = channel;
        this.length = length;
    }

    /** Opens (creating if needed) the block file in a day's directory. */
    static BlockFile open(Path dayDirectory) throws IOException {
        Path p = dayDirectory.resolve(NAME);
        FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new BlockFile(p, ch, ch.size());
    }

    static boolean exists(Path dayDirectory) {
        return Files.exists(dayDirectory.resolve(NAME));
    }

    private static final LZ4Compressor COMPRESSOR = LZ4Factory.fastestInstance().fastCompressor();
    /** A thread's frame buffer, reused block after block. */
    private static final ThreadLocal<byte[][]> FRAMES = ThreadLocal.withInitial(() -> new byte[1][0]);

    /**
     * A block's events, compressed and framed; runs on the caller's thread, outside any lock.
     * The frame is in the thread's buffer: valid until the thread frames another block.
     */
    static BytesRef frame(byte[] events, int length) {
        byte[][] frame = FRAMES.get();
        int worst = COMPRESSOR.maxCompressedLength(length);
        if (frame[0].length < HEADER + worst) frame[0] = new byte[HEADER + worst];
        byte[] out = frame[0];
        int compressed = COMPRESSOR.compress(events, 0, length, out, HEADER, worst);
        CRC32C crc = new CRC32C();
        crc.update(out, HEADER, compressed);
        ByteBuffer.wrap(out).putInt(length).putInt(compressed).putInt((int) crc.getValue());
        return new BytesRef(out, 0, HEADER + compressed);
    }

    /** Appends a frame; returns its offset. Its bytes are readable once this returns. */
    synchronized long append(BytesRef frame) throws IOException {
        long at = length;
        ByteBuffer b = ByteBuffer.wrap(frame.bytes, frame.offset, frame.length);
        long pos = at;
        while (b.hasRemaining()) pos += channel.write(b, pos);
        length = pos;
        return at;
    }

    /** Forces what was appended to the disk; returns the length that is now durable. */
    synchronized long sync() throws IOException {
        channel.force(false);
        return length;
    }

    /** Cuts the file to a commit's length: frames after it belong to no committed block. */
    synchronized void truncate(long committed) throws IOException {
        if (committed > length) {
            throw new IOException(path + " holds " + length + " bytes but the index's last commit names " + committed
                    + ": the file lost data the index refers to");
        }
        if (committed < length) {
            channel.truncate(committed);
            channel.force(true);
            length = committed;
        }
    }

    synchronized long length() {
        return length;
    }

    /** The events of the frame at {@code offset}, checked against its CRC. */
    BytesRef read(long offset) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        readFully(header, offset);
        int events = header.getInt(0);
        int compressed = header.getInt(4);
        int crc = header.getInt(8);
        if (events < 0 || events > MAX_EVENTS_BYTES || compressed < 0 || offset + HEADER + compressed > channel.size()) {
            throw damaged(offset, "its header is not a block's (" + events + " bytes in " + compressed + ")");
        }
        byte[] in = new byte[compressed];
        readFully(ByteBuffer.wrap(in), offset + HEADER);
        CRC32C c = new CRC32C();
        c.update(in, 0, compressed);
        if ((int) c.getValue() != crc) throw damaged(offset, "its checksum does not match");
        byte[] out = new byte[events];
        try {
            LZ4.decompress(new ByteArrayDataInput(in), events, out, 0);
        } catch (IOException | RuntimeException bad) {
            throw damaged(offset, "it does not decompress: " + bad);
        }
        return new BytesRef(out);
    }

    private void readFully(ByteBuffer b, long at) throws IOException {
        long pos = at;
        while (b.hasRemaining()) {
            int n = channel.read(b, pos);
            if (n < 0) throw damaged(at, "the file ends inside it");
            pos += n;
        }
    }

    private IOException damaged(long offset, String why) {
        return new IOException("The block at offset " + offset + " of " + path + " is damaged: " + why);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
