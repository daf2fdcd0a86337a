package io.vigil.normalize;

import io.vigil.normalize.ossim.CaseFold;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which of many literals occur in a line, in one pass. The engine gives each rule its most
 * selective required literal; one scan of a line then names every rule that can possibly
 * match, so only those regexps run.
 *
 * <p>Each literal is filed under four of its characters in a row (its key: of the literal's
 * four-character runs, the one fewest literals were filed under before it, so that the
 * cisco-asa literals, which all start with {@code %asa-}, do not share one). The scan keeps
 * the last four characters of the line as one number and tests it against a 64-kilobit filter
 * of the keys; only where the filter says yes does it look the four up exactly and compare the
 * literals filed there. The filter is 8 KiB and stays in the first-level cache. The
 * Aho–Corasick automaton this replaced needed a table of a megabyte for the fixture plugins'
 * literals, and under load, with the store's work in between, each character of a line could
 * cost a cache miss.
 *
 * <p>Matching is case-insensitive because plugin regexps are. Characters outside ASCII are
 * folded to one symbol: literals are mostly ASCII, and a false candidate only costs a regexp
 * run, never a wrong answer. Literals shorter than four characters (the engine has none:
 * its anchors have four letters or digits at least) are looked for one by one.
 */
public final class LiteralIndex {
    private static final int GRAM = 4;
    /** The symbol of every character beyond ASCII that does not lower-case into it. */
    private static final int BEYOND_ASCII = 0x80;
    private static final int FILTER_BITS = 16;
    private static final byte[] FOLD = new byte[0x80];

    static {
        for (int c = 0; c < 0x80; c++) FOLD[c] = (byte) (c >= 'A' && c <= 'Z' ? c + 32 : c);
    }

    private final long[] filter = new long[(1 << FILTER_BITS) / 64];
    /** Open addressing: a first gram to its group of literals; {@code groupOf} -1 marks a free slot. */
    private final int[] gramKeys;
    private final int[] groupOf;
    private final int mask;
    /** Literal ids by group: {@code groupIds[groupStart[g] .. groupStart[g + 1])}. */
    private final int[] groupStart;
    private final int[] groupIds;
    /** Each literal folded (lower-case ASCII, {@link #BEYOND_ASCII} for the rest). */
    private final char[][] folded;
    /** Where each literal's key starts in it. */
    private final int[] keyAt;
    private final int[] shortIds;
    private final int size;

    private LiteralIndex(List<String> literals) {
        this.size = literals.size();
        this.folded = new char[size][];
        this.keyAt = new int[size];
        Map<Integer, List<Integer>> groups = new LinkedHashMap<>();
        List<Integer> shorts = new ArrayList<>();
        for (int id = 0; id < size; id++) {
            String lit = literals.get(id);
            if (lit.isEmpty()) continue;
            char[] f = new char[lit.length()];
            for (int i = 0; i < f.length; i++) f[i] = (char) fold(lit.charAt(i));
            folded[id] = f;
            if (f.length < GRAM) {
                shorts.add(id);
                continue;
            }
            int key = 0;
            int best = 0;
            int bestShared = Integer.MAX_VALUE;
            for (int at = 0; at + GRAM <= f.length && bestShared > 0; at++) {
                int k = 0;
                for (int i = 0; i < GRAM; i++) k = k << 8 | f[at + i];
                List<Integer> filed = groups.get(k);
                int shared = filed == null ? 0 : filed.size();
                if (shared < bestShared) {
                    bestShared = shared;
                    best = at;
                    key = k;
                }
            }
            keyAt[id] = best;
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(id);
            int bit = filterBit(key);
            filter[bit >>> 6] |= 1L << bit;
        }
        int slots = Integer.highestOneBit(Math.max(1, groups.size()) * 2 - 1) * 2; // at most half full
        this.gramKeys = new int[slots];
        this.groupOf = new int[slots];
        java.util.Arrays.fill(groupOf, -1);
        this.mask = slots - 1;
        this.groupStart = new int[groups.size() + 1];
        List<Integer> ids = new ArrayList<>();
        int g = 0;
        for (Map.Entry<Integer, List<Integer>> e : groups.entrySet()) {
            int s = slot(e.getKey());
            while (groupOf[s] >= 0) s = (s + 1) & mask;
            gramKeys[s] = e.getKey();
            groupOf[s] = g;
            groupStart[g] = ids.size();
            ids.addAll(e.getValue());
            g++;
        }
        groupStart[g] = ids.size();
        this.groupIds = ids.stream().mapToInt(Integer::intValue).toArray();
        this.shortIds = shorts.stream().mapToInt(Integer::intValue).toArray();
    }

    /** @param literals literal i is reported as id i; empty literals are ignored */
    public static LiteralIndex of(List<String> literals) {
        return new LiteralIndex(literals);
    }

    /**
     * The characters beyond ASCII whose lower case is ASCII (the Kelvin sign, the dotted capital
     * I), found once: asking {@code Character.toLowerCase} for every such character of every
     * line was most of the scan's time on lines with text beyond ASCII.
     */
    private static final char[] INTO_ASCII = intoAscii();

    /** The character as literals are compared: folded ASCII ({@link CaseFold}), anything else beyond ASCII one symbol. */
    private static int fold(char c) {
        if (c < 0x80) return FOLD[c];
        for (char x : INTO_ASCII) if (x == c) return foldOne(c);
        return BEYOND_ASCII;
    }

    /** As CaseFold folds: the long s is no lower case of S, but a regexp's s matches it. */
    private static char foldOne(char c) {
        return Character.toLowerCase(Character.toUpperCase(c));
    }

    private static char[] intoAscii() {
        StringBuilder b = new StringBuilder();
        for (char c = 0x80; c != 0; c++) if (foldOne(c) < 0x80) b.append(c);
        return b.toString().toCharArray();
    }

    private static int filterBit(int key) {
        return (key * 0x9E3779B1) >>> (32 - FILTER_BITS);
    }

    private int slot(int key) {
        int h = key * 0x85EBCA6B;
        return (h ^ h >>> 15) & mask;
    }

    /** Sets, in {@code found}, the id of every literal that occurs in the text. */
    public void scan(CharSequence text, BitSet found) {
        int n = text.length();
        int key = 0;
        for (int i = 0; i < n; i++) {
            key = key << 8 | fold(text.charAt(i)); // the last four characters, folded
            if (i < GRAM - 1) continue;
            int bit = filterBit(key);
            if ((filter[bit >>> 6] & 1L << bit) != 0) candidates(text, i - (GRAM - 1), key, found);
        }
        for (int id : shortIds) {
            if (!found.get(id) && occurs(text, folded[id])) found.set(id);
        }
    }

    /** The literals filed under {@code key}, each compared where its key would be at {@code keyStart}. */
    private void candidates(CharSequence text, int keyStart, int key, BitSet found) {
        int s = slot(key);
        for (int g; (g = groupOf[s]) >= 0; s = (s + 1) & mask) {
            if (gramKeys[s] != key) continue;
            for (int j = groupStart[g], end = groupStart[g + 1]; j < end; j++) {
                int id = groupIds[j];
                if (!found.get(id) && at(text, keyStart - keyAt[id], folded[id])) found.set(id);
            }
            return;
        }
    }

    private static boolean at(CharSequence text, int start, char[] lit) {
        if (start < 0 || start + lit.length > text.length()) return false;
        for (int j = 0; j < lit.length; j++) {
            if (fold(text.charAt(start + j)) != lit[j]) return false;
        }
        return true;
    }

    private static boolean occurs(CharSequence text, char[] lit) {
        for (int start = 0, last = text.length() - lit.length; start <= last; start++) {
            if (at(text, start, lit)) return true;
        }
        return false;
    }

    public int literals() {
        return size;
    }
}
