package io.vigil.core.event;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time-ordered unique ids (RFC 9562 UUIDv7). Every event gets one where it enters Vigil.
 *
 * <p>Within one millisecond the 12-bit rand_a field is used as a counter (method 1 of
 * RFC 9562 section 6.2), so ids minted by one process sort in the order they were minted.
 */
public final class Uuid7 {
    private static final SecureRandom SEED = new SecureRandom();
    /** High 48 bits: milliseconds; low 12 bits: sequence within that millisecond. */
    private static final AtomicLong LAST = new AtomicLong();

    private Uuid7() {}

    public static UUID next() {
        return next(System.currentTimeMillis());
    }

    static UUID next(long nowMillis) {
        long stamp;
        while (true) {
            long last = LAST.get();
            long candidate = nowMillis << 12;
            // Clock went back or same millisecond: keep counting from the last stamp.
            stamp = candidate > last ? candidate : last + 1;
            if (LAST.compareAndSet(last, stamp)) break;
        }
        long millis = stamp >>> 12;
        long seq = stamp & 0xFFF;
        long msb = (millis << 16) | 0x7000L | seq;
        long lsb = (SEED.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    /** The Unix time in milliseconds a UUIDv7 carries. */
    public static long millis(UUID id) {
        return id.getMostSignificantBits() >>> 16;
    }
}
