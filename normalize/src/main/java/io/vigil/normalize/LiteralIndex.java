package io.vigil.normalize;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * Which of many literals occur in a line, in one pass (an Aho–Corasick automaton over
 * lower-cased text). The engine gives each rule its most selective required literal; one
 * scan of a line then names every rule that can possibly match, so only those regexps run.
 *
 * <p>Matching is case-insensitive because plugin regexps are. Characters outside ASCII
 * are folded to one symbol: literals are mostly ASCII, and a false candidate only costs a
 * regexp run, never a wrong answer.
 */
public final class LiteralIndex {
    private static final int ASCII = 128;

    /**
     * Symbol of each (lower-cased) ASCII character: 0 for characters no literal has, so that
     * the transition table has one column per character the literals use (a few dozen rather
     * than 129: the table of a thousand literals then stays in cache).
     */
    private final byte[] symbolOf;
    /** Symbol of every character beyond ASCII (0 when no literal has one). */
    private final int beyondAscii;
    private final int width;        // symbols per state
    private final int[] next;       // state * width + symbol -> state (complete after build)
    private final int[] outStart;   // ids of literals ending at state s (incl. via suffix links):
    private final int[] outIds;     //   outIds[outStart[s] .. outStart[s + 1])
    private final int size;

    private LiteralIndex(byte[] symbolOf, int beyondAscii, int width, int[] next, int[] outStart, int[] outIds, int size) {
        this.symbolOf = symbolOf;
        this.beyondAscii = beyondAscii;
        this.width = width;
        this.next = next;
        this.outStart = outStart;
        this.outIds = outIds;
        this.size = size;
    }

    /** The character as the literals were folded: lower case, anything beyond ASCII one symbol (-1). */
    private static int fold(char c) {
        char l = c < ASCII ? (c >= 'A' && c <= 'Z' ? (char) (c + 32) : c) : Character.toLowerCase(c);
        return l < ASCII ? l : -1;
    }

    private int symbol(char c) {
        if (c < ASCII) return symbolOf[c]; // upper case shares its lower case's symbol
        int f = fold(c); // a few non-ASCII characters lower-case into ASCII (K for the Kelvin sign)
        return f < 0 ? beyondAscii : symbolOf[f];
    }

    /** @param literals literal i is reported as id i; empty literals are ignored */
    public static LiteralIndex of(List<String> literals) {
        byte[] symbolOf = new byte[ASCII];
        int width = 1;
        int beyond = 0;
        for (String lit : literals) {
            for (int i = 0; i < lit.length(); i++) {
                int f = fold(lit.charAt(i));
                if (f < 0) {
                    if (beyond == 0) beyond = width++;
                } else if (symbolOf[f] == 0) {
                    if (width == Byte.MAX_VALUE) throw new IllegalStateException("literals use more than 126 distinct characters");
                    symbolOf[f] = (byte) width++;
                }
            }
        }
        for (char c = 'A'; c <= 'Z'; c++) symbolOf[c] = symbolOf[c + 32]; // scan looks ASCII up unfolded
        int w = width;
        int beyondAscii = beyond;
        java.util.function.IntUnaryOperator sym = c -> {
            int f = fold((char) c);
            return f < 0 ? beyondAscii : symbolOf[f];
        };
        List<int[]> goTo = new ArrayList<>();
        List<List<Integer>> out = new ArrayList<>();
        goTo.add(newRow(w));
        out.add(new ArrayList<>());
        for (int id = 0; id < literals.size(); id++) {
            String lit = literals.get(id);
            if (lit.isEmpty()) continue;
            int s = 0;
            for (int i = 0; i < lit.length(); i++) {
                int x = sym.applyAsInt(lit.charAt(i));
                if (goTo.get(s)[x] < 0) {
                    goTo.get(s)[x] = goTo.size();
                    goTo.add(newRow(w));
                    out.add(new ArrayList<>());
                }
                s = goTo.get(s)[x];
            }
            out.get(s).add(id);
        }
        int n = goTo.size();
        int[] fail = new int[n];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        int[] root = goTo.get(0);
        for (int x = 0; x < w; x++) {
            if (root[x] < 0) {
                root[x] = 0;
            } else {
                fail[root[x]] = 0;
                queue.add(root[x]);
            }
        }
        while (!queue.isEmpty()) {
            int s = queue.poll();
            out.get(s).addAll(out.get(fail[s]));
            int[] row = goTo.get(s);
            for (int x = 0; x < w; x++) {
                int t = row[x];
                if (t < 0) {
                    row[x] = goTo.get(fail[s])[x];
                } else {
                    fail[t] = goTo.get(fail[s])[x];
                    queue.add(t);
                }
            }
        }
        int[] next = new int[n * w];
        for (int s = 0; s < n; s++) System.arraycopy(goTo.get(s), 0, next, s * w, w);
        int[] outStart = new int[n + 1];
        List<Integer> ids = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            outStart[s] = ids.size();
            out.get(s).stream().distinct().forEach(ids::add);
        }
        outStart[n] = ids.size();
        return new LiteralIndex(symbolOf, beyondAscii, w, next, outStart, ids.stream().mapToInt(Integer::intValue).toArray(), literals.size());
    }

    private static int[] newRow(int width) {
        int[] row = new int[width];
        Arrays.fill(row, -1);
        return row;
    }

    /** Sets, in {@code found}, the id of every literal that occurs in the text. */
    public void scan(CharSequence text, BitSet found) {
        int s = 0;
        for (int i = 0, len = text.length(); i < len; i++) {
            s = next[s * width + symbol(text.charAt(i))];
            for (int o = outStart[s], end = outStart[s + 1]; o < end; o++) found.set(outIds[o]);
        }
    }

    public int literals() {
        return size;
    }
}
