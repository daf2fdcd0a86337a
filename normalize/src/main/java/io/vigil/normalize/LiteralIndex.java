package io.vigil.normalize;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

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
    private static final int ALPHABET = 129; // ASCII and "anything else"

    private final int[][] next;     // state -> symbol -> state (dense, complete after build)
    private final int[][] outputs;  // state -> ids of literals ending here (incl. via suffix links)
    private final int size;

    private LiteralIndex(int[][] next, int[][] outputs, int size) {
        this.next = next;
        this.outputs = outputs;
        this.size = size;
    }

    private static int symbol(char c) {
        char l = Character.toLowerCase(c);
        return l < 128 ? l : 128;
    }

    /** @param literals literal i is reported as id i; empty literals are ignored */
    public static LiteralIndex of(List<String> literals) {
        List<int[]> goTo = new ArrayList<>();
        List<List<Integer>> out = new ArrayList<>();
        goTo.add(newRow());
        out.add(new ArrayList<>());
        for (int id = 0; id < literals.size(); id++) {
            String lit = literals.get(id).toLowerCase(Locale.ROOT);
            if (lit.isEmpty()) continue;
            int s = 0;
            for (int i = 0; i < lit.length(); i++) {
                int sym = symbol(lit.charAt(i));
                if (goTo.get(s)[sym] < 0) {
                    goTo.get(s)[sym] = goTo.size();
                    goTo.add(newRow());
                    out.add(new ArrayList<>());
                }
                s = goTo.get(s)[sym];
            }
            out.get(s).add(id);
        }
        int n = goTo.size();
        int[] fail = new int[n];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        int[] root = goTo.get(0);
        for (int sym = 0; sym < ALPHABET; sym++) {
            if (root[sym] < 0) {
                root[sym] = 0;
            } else {
                fail[root[sym]] = 0;
                queue.add(root[sym]);
            }
        }
        while (!queue.isEmpty()) {
            int s = queue.poll();
            out.get(s).addAll(out.get(fail[s]));
            int[] row = goTo.get(s);
            for (int sym = 0; sym < ALPHABET; sym++) {
                int t = row[sym];
                if (t < 0) {
                    row[sym] = goTo.get(fail[s])[sym];
                } else {
                    fail[t] = goTo.get(fail[s])[sym];
                    queue.add(t);
                }
            }
        }
        int[][] outputs = new int[n][];
        for (int s = 0; s < n; s++) outputs[s] = out.get(s).stream().mapToInt(Integer::intValue).distinct().toArray();
        return new LiteralIndex(goTo.toArray(int[][]::new), outputs, literals.size());
    }

    private static int[] newRow() {
        int[] row = new int[ALPHABET];
        Arrays.fill(row, -1);
        return row;
    }

    /** Sets, in {@code found}, the id of every literal that occurs in the text. */
    public void scan(CharSequence text, BitSet found) {
        int s = 0;
        for (int i = 0, len = text.length(); i < len; i++) {
            s = next[s][symbol(text.charAt(i))];
            int[] o = outputs[s];
            for (int id : o) found.set(id);
        }
    }

    public int literals() {
        return size;
    }
}
