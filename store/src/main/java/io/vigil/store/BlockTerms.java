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
    // A term's record in the pool: the number of events that have it (two chars), the last
    // event seen (two chars), its length (one char), then its characters. A lookup that hits
    // touches its slot and one record. With the counts in an array of their own it touched
    // three places, each a cache miss in a block of thousands of terms; the term's own
    // characters were 8% of the full path's samples, nearly all of it waiting for memory.
    private static final int EVENTS = 0, LAST = 2, LENGTH = 4, HEADER = 5;

    private char[] pool = new char[4096];
    private int poolUsed;
    /** By term id (order of arrival): where its record starts in the pool. */
    private int[] records = new int[256];
    private int size;
    /** Per slot, the term's spread hash (high half) and its record's start + 1 (low half; 0: empty). A power of two, at most half full. */
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
        if (len > Character.MAX_VALUE) throw new IllegalArgumentException("a term of " + len + " characters");
        h = spread(h);
        int mask = slots.length - 1;
        int slot = h & mask;
        char[] p = pool;
        int r;
        while (true) {
            long s = slots[slot];
            if (s == 0) {
                r = add(buf, off, len);
                slots[slot] = ((long) h << 32) | (r + 1);
                if (size * 2 > slots.length) rehash();
                p = pool;
                break;
            }
            if ((int) (s >>> 32) == h) {
                r = (int) s - 1;
                if (p[r + LENGTH] == len && same(p, r + HEADER, buf, off, len)) break;
            }
            slot = (slot + 1) & mask;
        }
        if (intAt(p, r + LAST) != index) {
            setInt(p, r + LAST, index);
            setInt(p, r + EVENTS, intAt(p, r + EVENTS) + 1);
        }
    }

    /** A plain loop: terms are a few characters long, where Arrays.equals' setup cost more than the compare. */
    private static boolean same(char[] a, int aOff, char[] b, int bOff, int len) {
        for (int i = 0; i < len; i++) if (a[aOff + i] != b[bOff + i]) return false;
        return true;
    }

    private static int intAt(char[] p, int at) {
        return p[at] << 16 | p[at + 1];
    }

    private static void setInt(char[] p, int at, int v) {
        p[at] = (char) (v >>> 16);
        p[at + 1] = (char) v;
    }

    /** How many of the block's events have term {@code id}. */
    int events(int id) {
        return intAt(pool, records[id] + EVENTS);
    }

    /** Term {@code id} as UTF-8, in {@code scratch}. */
    BytesRef bytes(int id, BytesRefBuilder scratch) {
        int r = records[id];
        scratch.copyChars(pool, r + HEADER, pool[r + LENGTH]);
        return scratch.get();
    }

    /** Appends a record for a new term (no events yet); returns where it starts. */
    private int add(char[] buf, int off, int len) {
        if (size == records.length) records = Arrays.copyOf(records, size * 2);
        int need = HEADER + len;
        // doubling: the pool of a block grows to hundreds of thousands of characters, and
        // growing by an eighth (ArrayUtil.oversize) copied it a dozen times over
        if (poolUsed + need > pool.length) pool = Arrays.copyOf(pool, Math.max(pool.length * 2, poolUsed + need));
        int r = poolUsed;
        setInt(pool, r + EVENTS, 0);
        setInt(pool, r + LAST, -1);
        pool[r + LENGTH] = (char) len;
        System.arraycopy(buf, off, pool, r + HEADER, len);
        poolUsed += need;
        records[size++] = r;
        return r;
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
