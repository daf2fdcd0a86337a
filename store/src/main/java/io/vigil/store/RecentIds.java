package io.vigil.store;

import java.util.Arrays;
import java.util.UUID;

/**
 * The ids added lately: at least the last {@code capacity}, at most twice as many. Thread-safe.
 *
 * <p>Two generations of open-addressed tables of the ids' two halves: a full generation
 * becomes the old one, and the old one is emptied to take new ids. Every stored event passes
 * here; the linked hash map this replaced held a quarter of a million entries that each event
 * moved through, a steady stream of objects for the collector to promote and free.
 */
final class RecentIds {
    private final int capacity;
    private Generation current;
    private Generation previous;

    RecentIds(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be positive: " + capacity);
        this.capacity = capacity;
        this.current = new Generation(capacity);
        this.previous = new Generation(capacity);
    }

    /** Adds the id; false if it was already there. */
    synchronized boolean add(UUID id) {
        long hi = id.getMostSignificantBits();
        long lo = id.getLeastSignificantBits();
        if (previous.contains(hi, lo)) return false;
        if (!current.add(hi, lo)) return false;
        if (current.size == capacity) {
            Generation emptied = previous;
            emptied.clear();
            previous = current;
            current = emptied;
        }
        return true;
    }

    /** A set of 128-bit values by linear probing, at most half full; (0, 0) is kept aside, as it marks free slots. */
    private static final class Generation {
        private final long[] slots; // hi, lo pairs
        private final int mask;
        private boolean hasZero;
        int size;

        Generation(int capacity) {
            int pairs = Integer.highestOneBit(Math.max(2, capacity) * 2 - 1) * 2; // a power of two, at least twice the capacity
            this.slots = new long[pairs * 2];
            this.mask = pairs - 1;
        }

        boolean contains(long hi, long lo) {
            if (hi == 0 && lo == 0) return hasZero;
            for (int i = slot(hi, lo); ; i = (i + 1) & mask) {
                long h = slots[2 * i];
                long l = slots[2 * i + 1];
                if (h == hi && l == lo) return true;
                if (h == 0 && l == 0) return false;
            }
        }

        /** False when the value is already in. */
        boolean add(long hi, long lo) {
            if (hi == 0 && lo == 0) {
                if (hasZero) return false;
                hasZero = true;
                size++;
                return true;
            }
            for (int i = slot(hi, lo); ; i = (i + 1) & mask) {
                long h = slots[2 * i];
                long l = slots[2 * i + 1];
                if (h == hi && l == lo) return false;
                if (h == 0 && l == 0) {
                    slots[2 * i] = hi;
                    slots[2 * i + 1] = lo;
                    size++;
                    return true;
                }
            }
        }

        void clear() {
            Arrays.fill(slots, 0);
            hasZero = false;
            size = 0;
        }

        /** Version-7 ids share their high bits for a millisecond: mix both halves. */
        private int slot(long hi, long lo) {
            long x = hi * 0x9E3779B97F4A7C15L ^ lo;
            x ^= x >>> 33;
            x *= 0xff51afd7ed558ccdL;
            x ^= x >>> 33;
            return (int) x & mask;
        }
    }
}
