package io.vigil.normalize.decode;

import java.util.ArrayList;
import java.util.List;

/** The pipe-separated headers CEF and LEEF share. */
final class Headers {
    private Headers() {}

    /** The header fields read (unescaped), and where what follows them starts. */
    record Split(List<String> fields, int rest) {}

    /**
     * Index just after the first {@code prefix} (CEF: or LEEF:) that starts the text or follows
     * a blank or the {@code >} of a syslog PRI and is followed by a version
     * ({@code digits[.digits]}, blanks around allowed) and a {@code |}; -1 if none.
     */
    static int start(String m, String prefix) {
        int n = m.length();
        int from = 0;
        while (true) {
            int idx = m.indexOf(prefix, from);
            if (idx < 0) return -1;
            if (idx == 0 || Pairs.blank(m.charAt(idx - 1)) || m.charAt(idx - 1) == '>') {
                int j = idx + prefix.length();
                while (j < n && m.charAt(j) == ' ') j++;
                int ds = j;
                while (j < n && digit(m.charAt(j))) j++;
                if (j > ds && j - ds <= 4) {
                    if (j < n && m.charAt(j) == '.') {
                        j++;
                        while (j < n && digit(m.charAt(j))) j++;
                    }
                    while (j < n && m.charAt(j) == ' ') j++;
                    if (j < n && m.charAt(j) == '|') return idx + prefix.length();
                }
            }
            from = idx + 1;
        }
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * Reads up to {@code count} pipe-separated fields from {@code p} ({@code \|} and {@code \\}
     * unescaped, other backslashes kept). When the text holds fewer than {@code count}
     * unescaped pipes, a field (other than the first) that starts like {@code key=} is taken as
     * the start of what follows the header. {@link Split#rest()} is where that starts (the
     * text's length if nothing follows).
     */
    static Split split(String m, int p, int count) {
        int n = m.length();
        boolean complete = pipes(m, p, count) >= count;
        List<String> fields = new ArrayList<>(count);
        StringBuilder b = new StringBuilder();
        int i = p;
        while (fields.size() < count) {
            if (!complete && !fields.isEmpty() && Pairs.keyAt(m, i, n)) return new Split(fields, i);
            b.setLength(0);
            int start = i;
            boolean closed = false;
            while (i < n) {
                char c = m.charAt(i);
                if (c == '\\' && i + 1 < n && (m.charAt(i + 1) == '|' || m.charAt(i + 1) == '\\')) {
                    b.append(m.charAt(i + 1));
                    i += 2;
                    continue;
                }
                i++;
                if (c == '|') {
                    closed = true;
                    break;
                }
                b.append(c);
            }
            if (!closed) {
                // "...|" at the very end: the field after that pipe is missing, not empty
                if (start < n) fields.add(b.toString());
                return new Split(fields, n);
            }
            fields.add(b.toString());
        }
        return new Split(fields, i);
    }

    /** Unescaped pipes from p, counting at most {@code max}. */
    static int pipes(String m, int p, int max) {
        int c = 0;
        for (int i = p; i < m.length() && c < max; i++) {
            char ch = m.charAt(i);
            if (ch == '\\') i++;
            else if (ch == '|') c++;
        }
        return c;
    }
}
