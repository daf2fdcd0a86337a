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
    private char[] pool = new char[4096];
    private int poolUsed;
    private int[] start = new int[256];
    private int[] length = new int[256];
    private int[] hashes = new int[256];
    private int[] events = new int[256];
    private int[] last = new int[256];
    private int size;
    /** Term id + 1 per slot (0: empty); a power of two, at most half full. */
    private int[] slots = new int[512];

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
        int id;
        while (true) {
            int s = slots[slot];
            if (s == 0) {
                id = add(buf, off, len, h);
                slots[slot] = id + 1;
                if (size * 2 > slots.length) rehash();
                break;
            }
            id = s - 1;
            if (hashes[id] == h && length[id] == len && same(pool, start[id], buf, off, len)) break;
            slot = (slot + 1) & mask;
        }
        if (last[id] != index) {
            last[id] = index;
            events[id]++;
        }
    }

    /** A plain loop: terms are a few characters long, where Arrays.equals' setup cost more than the compare. */
    private static boolean same(char[] a, int aOff, char[] b, int bOff, int len) {
        for (int i = 0; i < len; i++) if (a[aOff + i] != b[bOff + i]) return false;
        return true;
    }

    /** How many of the block's events have term {@code id}. */
    int events(int id) {
        return events[id];
    }

    /** Term {@code id} as UTF-8, in {@code scratch}. */
    BytesRef bytes(int id, BytesRefBuilder scratch) {
        scratch.copyChars(pool, start[id], length[id]);
        return scratch.get();
    }

    private int add(char[] buf, int off, int len, int h) {
        if (size == start.length) {
            int n = size * 2;
            start = Arrays.copyOf(start, n);
            length = Arrays.copyOf(length, n);
            hashes = Arrays.copyOf(hashes, n);
            events = Arrays.copyOf(events, n);
            last = Arrays.copyOf(last, n);
        }
        // doubling: the pool of a block grows to hundreds of thousands of characters, and
        // growing by an eighth (ArrayUtil.oversize) copied it a dozen times over
        if (poolUsed + len > pool.length) pool = Arrays.copyOf(pool, Math.max(pool.length * 2, poolUsed + len));
        System.arraycopy(buf, off, pool, poolUsed, len);
        int id = size++;
        start[id] = poolUsed;
        length[id] = len;
        hashes[id] = h;
        events[id] = 0;
        last[id] = -1;
        poolUsed += len;
        return id;
    }

    private void rehash() {
        int[] grown = new int[slots.length * 2];
        int mask = grown.length - 1;
        for (int id = 0; id < size; id++) {
            int slot = hashes[id] & mask;
            while (grown[slot] != 0) slot = (slot + 1) & mask;
            grown[slot] = id + 1;
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
