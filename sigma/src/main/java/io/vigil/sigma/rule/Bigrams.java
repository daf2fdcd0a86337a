package io.vigil.sigma.rule;

/**
 * A prefilter for lists of "contains" values: the text's two-character sequences are hashed
 * into a small bit set once per event, and a value whose first two characters are not in it is
 * not searched for. Most keyword values are absent from most lines, so most searches end here.
 */
public final class Bigrams {
    public static final int BITS = 4096;

    private Bigrams() {}

    static int hash(char a, char b) {
        return ((a * 31) ^ b) & (BITS - 1);
    }

    /** Fills {@code bits} (BITS / 64 longs) with the text's bigrams. */
    public static void of(String text, long[] bits) {
        java.util.Arrays.fill(bits, 0L);
        for (int i = 0; i + 1 < text.length(); i++) {
            int h = hash(text.charAt(i), text.charAt(i + 1));
            bits[h >>> 6] |= 1L << h;
        }
    }

    static boolean mayContain(long[] bits, int h) {
        return (bits[h >>> 6] & (1L << h)) != 0;
    }
}
