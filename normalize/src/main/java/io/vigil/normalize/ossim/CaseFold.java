package io.vigil.normalize.ossim;

import java.util.List;

/**
 * The case folding under which {@link TranslatedRegex#requiredLiterals() required literals}
 * hold: a line the pattern matches contains each required literal once both are folded with
 * {@link #fold}. The fold is {@code toLowerCase(toUpperCase(c))} per code point, which maps every
 * character that Java's {@code CASE_INSENSITIVE | UNICODE_CASE} matching equates with an ASCII
 * character onto that character's lowercase form (for instance the Kelvin sign to {@code k},
 * {@code ſ} to {@code s}, dotless and dotted I to {@code i}).
 */
public final class CaseFold {

    private CaseFold() {}

    /** The folded form of the text (ASCII fast path). */
    public static String fold(CharSequence text) {
        int n = text.length();
        StringBuilder b = null;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            char f;
            if (c < 128) {
                f = (c >= 'A' && c <= 'Z') ? (char) (c + 32) : c;
            } else if (Character.isSurrogate(c)) {
                int cp = Character.codePointAt(text, i);
                int fcp = Character.toLowerCase(Character.toUpperCase(cp));
                if (fcp != cp && b == null) {
                    b = new StringBuilder(n);
                    b.append(text, 0, i);
                }
                if (b != null) {
                    b.appendCodePoint(fcp);
                }
                if (Character.charCount(cp) == 2) {
                    i++;
                }
                continue;
            } else {
                f = Character.toLowerCase(Character.toUpperCase(c));
            }
            if (f != c && b == null) {
                b = new StringBuilder(n);
                b.append(text, 0, i);
            }
            if (b != null) {
                b.append(f);
            }
        }
        return b == null ? text.toString() : b.toString();
    }

    /** Whether the folded text contains every literal (literals already folded). */
    public static boolean containsAll(String foldedText, List<String> foldedLiterals) {
        for (String lit : foldedLiterals) {
            if (!foldedText.contains(lit)) {
                return false;
            }
        }
        return true;
    }
}
