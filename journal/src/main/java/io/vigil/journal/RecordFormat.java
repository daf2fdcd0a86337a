package io.vigil.journal;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * One journal record on disk: {@code int length, int crc32c(payload), payload}. The
 * checksum lets recovery find where a write was torn and lets readers notice bit rot.
 */
final class RecordFormat {
    static final int HEADER = 8;
    /** Larger lengths are corruption, not records (a message is at most a few MiB). */
    static final int MAX_PAYLOAD = 64 << 20;

    private RecordFormat() {}

    static int crc(byte[] payload, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(payload, off, len);
        return (int) c.getValue();
    }

    static int crc(ByteBuffer buf, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(buf.slice(off, len));
        return (int) c.getValue();
    }

    /** Writes header and payload at the buffer's position. */
    static void put(ByteBuffer into, byte[] payload) {
        into.putInt(payload.length).putInt(crc(payload, 0, payload.length)).put(payload);
    }
}
