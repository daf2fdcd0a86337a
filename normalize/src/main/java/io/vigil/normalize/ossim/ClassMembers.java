package io.vigil.normalize.ossim;

import java.util.BitSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which characters of the Basic Multilingual Plane a Java character class matches (surrogates
 * left out), worked out once per class text and flags and shared: the rewrites of a
 * translation (leading runs, possessive repeats, Latin-1 classes) all ask it. The sets
 * returned are read-only.
 */
final class ClassMembers {
    private static final Map<String, BitSet> CACHE = new ConcurrentHashMap<>();
    private static final String BMP = bmpText();

    private ClassMembers() {}

    /** The members of {@code javaClass} (a class, a category, a literal or {@code .}) as compiled with {@code flags}. */
    static BitSet of(String javaClass, int flags) {
        return CACHE.computeIfAbsent(flags + "\u0000" + javaClass, k -> {
            BitSet bits = new BitSet(0x10000);
            Matcher m = Pattern.compile(javaClass, flags).matcher(BMP);
            while (m.find()) {
                for (int i = m.start(); i < m.end(); i++) bits.set(BMP.charAt(i));
            }
            return bits;
        });
    }

    private static String bmpText() {
        StringBuilder b = new StringBuilder(0x10000);
        for (int c = 0; c < 0x10000; c++) {
            if (!Character.isSurrogate((char) c)) b.append((char) c);
        }
        return b.toString();
    }
}
