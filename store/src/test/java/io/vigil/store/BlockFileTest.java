package io.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32C;
import org.apache.lucene.store.ByteArrayDataInput;
import org.apache.lucene.store.ByteArrayDataOutput;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.compress.LZ4;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Frames of the block file: what is appended reads back, including frames Lucene's LZ4 made before. */
class BlockFileTest {
    @TempDir
    Path tmp;

    private final Random random = new Random(Long.getLong("tests.seed", System.nanoTime()));

    @Test
    void framesReadBackAsTheyWereAppended() throws IOException {
        byte[][] payloads = new byte[40][];
        long[] offsets = new long[payloads.length];
        try (BlockFile file = BlockFile.open(tmp)) {
            for (int i = 0; i < payloads.length; i++) {
                payloads[i] = payload(random.nextInt(i < 5 ? 20 : 300_000));
                offsets[i] = file.append(BlockFile.frame(payloads[i], payloads[i].length));
            }
            for (int i = 0; i < payloads.length; i++) assertThat(bytes(file.read(offsets[i]))).isEqualTo(payloads[i]);
        }
    }

    /** Frames Lucene's LZ4 made (until 2026-12-04) read back, and Lucene's LZ4 reads the native ones. */
    @Test
    void framesOfLucenesLz4AreReadAndItReadsOurs() throws IOException {
        try (BlockFile file = BlockFile.open(tmp)) {
            for (int i = 0; i < 20; i++) {
                byte[] p = payload(1 + random.nextInt(200_000));
                long at = file.append(luceneFrame(p));
                assertThat(bytes(file.read(at))).isEqualTo(p);

                BytesRef ours = BlockFile.frame(p, p.length);
                byte[] back = new byte[p.length];
                LZ4.decompress(new ByteArrayDataInput(ours.bytes, ours.offset + BlockFile.HEADER, ours.length - BlockFile.HEADER),
                        p.length, back, 0);
                assertThat(back).isEqualTo(p);
            }
        }
    }

    @Test
    void aFrameThatDoesNotDecompressIsReportedWithItsOffset() throws IOException {
        byte[] p = payload(5_000);
        try (BlockFile file = BlockFile.open(tmp)) {
            long good = file.append(BlockFile.frame(p, p.length));
            // a frame whose checksum is right but whose bytes are not LZ4 of the claimed length
            byte[] junk = new byte[64];
            Arrays.fill(junk, (byte) 0xF0);
            long at = file.append(frameOf(p.length, junk, junk.length));
            assertThatThrownBy(() -> file.read(at))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("offset " + at + " of " + tmp.resolve(BlockFile.NAME))
                    .hasMessageContaining("decompress");
            assertThat(bytes(file.read(good))).as("the frame before the damaged one").isEqualTo(p);
        }
    }

    /** Log-like bytes: words from a small vocabulary, numbers, some random bytes. */
    private byte[] payload(int n) {
        String[] words = {"sshd", "Accepted", "password", "for", "root", "from", "port", "<Event>", "</Data>", "10.0.0.", "=", " "};
        byte[] b = new byte[n];
        int i = 0;
        while (i < n) {
            int kind = random.nextInt(10);
            byte[] w = kind < 7 ? words[random.nextInt(words.length)].getBytes(StandardCharsets.US_ASCII)
                    : kind < 9 ? Integer.toString(random.nextInt(70_000)).getBytes(StandardCharsets.US_ASCII)
                    : new byte[] {(byte) random.nextInt(256)};
            int k = Math.min(w.length, n - i);
            System.arraycopy(w, 0, b, i, k);
            i += k;
        }
        return b;
    }

    private static BytesRef luceneFrame(byte[] p) throws IOException {
        byte[] out = new byte[p.length + p.length / 255 + 64];
        ByteArrayDataOutput o = new ByteArrayDataOutput(out);
        LZ4.compress(p, 0, p.length, o, new LZ4.FastCompressionHashTable());
        return frameOf(p.length, out, o.getPosition());
    }

    private static BytesRef frameOf(int length, byte[] compressed, int n) {
        CRC32C crc = new CRC32C();
        crc.update(compressed, 0, n);
        ByteBuffer b = ByteBuffer.allocate(BlockFile.HEADER + n);
        b.putInt(length).putInt(n).putInt((int) crc.getValue()).put(compressed, 0, n);
        return new BytesRef(b.array());
    }

    private static byte[] bytes(BytesRef r) {
        return Arrays.copyOfRange(r.bytes, r.offset, r.offset + r.length);
    }
}
