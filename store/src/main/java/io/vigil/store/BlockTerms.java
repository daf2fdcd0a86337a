package io.vigil.store;

import java.util.Arrays;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.BytesRefBuilder;

/**
 * One field's distinct terms in a block, kept as characters, and for each the number of the
 * block's events that have it. Terms arrive once per occurrence (tens per event), so this is
 * an open-addressing table over one character pool: no object per term, no UTF-8 encoding
 * and no second hashing pass per occurrence; a term is encoded once, when the block is
 * indexed.
 */
final class BlockTerms {
    // Per term, four ints side by side (start in the pool, length, events, last event seen):
    // a lookup that hits touches the slot, one run of meta and the pool. With a table per
    // attribute it touched five arrays, and in a block of thousands of terms each was a cache
    // miss (docs/benchmarks.md).
    private static final int START = 0, LENGTH = 1, EVENTS = 2, LAST = 3, META = 4;

    private char[] pool = new char[4096];
    private int poolUsed;
    private int[] meta = new int[256 * META];
    private int size;
    /** Per slot, the term's spread hash (high half) and its id + 1 (low half; 0: empty). A power of two, at most half full. */
    private long[] slots = new long[512];

    int size() {
        return size;
    }

    /** Forgets every term, keeping the arrays (a block is reused). */
    void clear() {
        if (size == 0) return;
        Arrays.fill(slots, 0);
        size = 0;
        poolUsed = 0;
    }

    /** Counts term {@code buf[off, off + len)} for event {@code index} (each event once per term). */
    void see(char[] buf, int off, int len, int index) {
        int h = 0;
        for (int i = off, end = off + len; i < end; i++) h = 31 * h + buf[i];
        see(buf, off, len, h, index);
    }

    /**
     * The same, for a caller that computed {@code h}, the term's polynomial hash
     * ({@code h = 31 * h + c} over its characters), while it read them anyway.
     */
    void see(char[] buf, int off, int len, int h, int index) {
        h = spread(h);
        int mask = slots.length - 1;
        int slot = h & mask;
        int m;
        while (true) {
            long s = slots[slot];
            if (s == 0) {
                int id = add(buf, off, len);
                slots[slot] = ((long) h << 32) | (id + 1);
                if (size * 2 > slots.length) rehash();
                m = id * META;
                break;
            }
            if ((int) (s >>> 32) == h) {
                m = ((int) s - 1) * META;
                if (meta[m + LENGTH] == len && same(pool, meta[m + START], buf, off, len)) break;
            }
            slot = (slot + 1) & mask;
        }
        if (meta[m + LAST] != index) {
            meta[m + LAST] = index;
            meta[m + EVENTS]++;
        }
    }

    /** A plain loop: terms are a few characters long, where Arrays.equals' setup cost more than the compare. */
    private static boolean same(char[] a, int aOff, char[] b, int bOff, int len) {
        for (int i = 0; i < len; i++) if (a[aOff + i] != b[bOff + i]) return false;
        return true;
    }

    /** How many of the block's events have term {@code id}. */
    int events(int id) {
        return meta[id * META + EVENTS];
    }

    /** Term {@code id} as UTF-8, in {@code scratch}. */
    BytesRef bytes(int id, BytesRefBuilder scratch) {
        scratch.copyChars(pool, meta[id * META + START], meta[id * META + LENGTH]);
        return scratch.get();
    }

    private int add(char[] buf, int off, int len) {
        if ((size + 1) * META > meta.length) meta = Arrays.copyOf(meta, meta.length * 2);
        // doubling: the pool of a block grows to hundreds of thousands of characters, and
        // growing by an eighth (ArrayUtil.oversize) copied it a dozen times over
        if (poolUsed + len > pool.length) pool = Arrays.copyOf(pool, Math.max(pool.length * 2, poolUsed + len));
        System.arraycopy(buf, off, pool, poolUsed, len);
        int id = size++;
        int m = id * META;
        meta[m + START] = poolUsed;
        meta[m + LENGTH] = len;
        meta[m + EVENTS] = 0;
        meta[m + LAST] = -1;
        poolUsed += len;
        return id;
    }

    private void rehash() {
        long[] grown = new long[slots.length * 2];
        int mask = grown.length - 1;
        for (long s : slots) {
            if (s == 0) continue;
            int slot = (int) (s >>> 32) & mask;
            while (grown[slot] != 0) slot = (slot + 1) & mask;
            grown[slot] = s;
        }
        slots = grown;
    }

    /** Spreads the bits: linear probing clusters on a weak low end. */
    private static int spread(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        return h;
    }
}
