package io.vigil.store;

import java.util.Arrays;

/**
 * Bytes written into an array that is read in place ({@link #array()} up to {@link #size()})
 * and kept across {@link #reset()}: a block's payload and each event's stored form are written
 * into reused arrays instead of a new one per event. Not a {@code ByteArrayOutputStream}: its
 * methods are synchronized, and a lock per byte written was a tenth of writing an event.
 */
final class GrowableBytes {
    private byte[] buf;
    private int count;

    GrowableBytes(int capacity) {
        buf = new byte[capacity];
    }

    /** The bytes written, from 0 to {@link #size()}; valid until the next write or reset. */
    byte[] array() {
        return buf;
    }

    int size() {
        return count;
    }

    void reset() {
        count = 0;
    }

    /** Forgets what was written after the first {@code size} bytes. */
    void truncate(int size) {
        if (size < 0 || size > count) throw new IllegalArgumentException("size " + size + " of " + count);
        count = size;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, count);
    }

    void write(int b) {
        if (count == buf.length) grow(1);
        buf[count++] = (byte) b;
    }

    void write(byte[] b, int off, int len) {
        if (buf.length - count < len) grow(len);
        System.arraycopy(b, off, buf, count, len);
        count += len;
    }

    /**
     * Makes room for {@code n} more bytes and counts them as written: the caller fills the
     * returned array from {@code size() - n} to {@code size()}.
     */
    byte[] reserve(int n) {
        if (buf.length - count < n) grow(n);
        count += n;
        return buf;
    }

    /** Lucene's variable-length int: 7 bits a byte, low first. */
    void writeVInt(int v) {
        if (buf.length - count < 5) grow(5);
        while ((v & ~0x7F) != 0) {
            buf[count++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[count++] = (byte) v;
    }

    private void grow(int n) {
        buf = Arrays.copyOf(buf, Math.max(2 * buf.length, count + n));
    }
}
