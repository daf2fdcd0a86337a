package io.vigil.app;

/**
 * Log text is untrusted: a line can carry terminal escape sequences that would rewrite the
 * screen of whoever runs {@code vigil search}. Control characters are shown as \xNN.
 */
final class TerminalText {
    private TerminalText() {}

    static String safe(String s) {
        if (s == null) return "";
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean control = c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029';
            if (control) {
                if (b == null) b = new StringBuilder(s.length() + 16).append(s, 0, i);
                b.append(String.format("\\x%02x", (int) c));
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }

    static String fit(String s, int width) {
        s = safe(s);
        return s.length() <= width ? s : s.substring(0, Math.max(0, width - 1)) + "…";
    }
}
