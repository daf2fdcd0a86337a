package io.vigil.store;

import java.io.ByteArrayOutputStream;

/**
 * An in-memory byte stream whose bytes are read in place ({@link #array()} up to
 * {@link #size()}) and which keeps its array across {@link #reset()}: a block's payload and
 * each event's JSON are written into reused arrays instead of a new one per event.
 */
final class GrowableBytes extends ByteArrayOutputStream {
    GrowableBytes(int capacity) {
        super(capacity);
    }

    /** The bytes written, from 0 to {@link #size()}; valid until the next write or reset. */
    byte[] array() {
        return buf;
    }

    /** Lucene's variable-length int: 7 bits a byte, low first. */
    void writeVInt(int v) {
        while ((v & ~0x7F) != 0) {
            write((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        write(v);
    }
}
