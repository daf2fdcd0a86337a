package io.vigil.normalize.decode;

import java.util.Locale;

/** Reading single values: addresses, ports, protocols, numbers; never a DNS lookup. */
final class Values {
    private Values() {}

    /** Empty, blank, {@code -} and {@code N/A} stand for "no value" in most formats: they fill no event field. */
    static boolean placeholder(String v) {
        if (v == null) return true;
        String t = v.strip();
        return t.isEmpty() || t.equals("-") || t.equalsIgnoreCase("N/A");
    }

    /**
     * An IPv4 or IPv6 literal, trimmed, brackets removed, an IPv4-mapped IPv6 address
     * ({@code ::ffff:192.0.2.1}) written as the IPv4 address; null if it is not an address.
     */
    static String ip(String raw) {
        if (raw == null) return null;
        String s = raw.strip();
        if (s.length() > 2 && s.charAt(0) == '[' && s.charAt(s.length() - 1) == ']') s = s.substring(1, s.length() - 1);
        if (s.regionMatches(true, 0, "::ffff:", 0, 7) && ipv4(s.substring(7))) return s.substring(7);
        if (ipv4(s) || ipv6(s)) return s;
        return null;
    }

    static boolean ipv4(String s) {
        int n = s.length();
        if (n < 7 || n > 15) return false;
        int parts = 0;
        int i = 0;
        while (i <= n) {
            int start = i;
            int value = 0;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                value = value * 10 + (s.charAt(i) - '0');
                i++;
            }
            int len = i - start;
            if (len == 0 || len > 3 || value > 255) return false;
            parts++;
            if (i == n) break;
            if (s.charAt(i) != '.' || parts == 4) return false;
            i++;
        }
        return parts == 4;
    }

    static boolean ipv6(String s) {
        int pct = s.indexOf('%');
        if (pct == 0 || pct == s.length() - 1) return false;
        if (pct > 0) s = s.substring(0, pct);
        if (s.length() < 2 || s.length() > 45 || s.indexOf(':') < 0) return false;
        int dbl = s.indexOf("::");
        if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) return false;
        if (dbl < 0) return groups(s, true) == 8;
        int head = groups(s.substring(0, dbl), false);
        int tail = groups(s.substring(dbl + 2), true);
        return head >= 0 && tail >= 0 && head + tail <= 7;
    }

    /** How many 16-bit groups "a:b:c" holds (an IPv4 tail counts two when allowed), -1 if malformed; "" holds 0. */
    private static int groups(String s, boolean v4Tail) {
        if (s.isEmpty()) return 0;
        String[] parts = s.split(":", -1);
        int n = 0;
        for (int i = 0; i < parts.length; i++) {
            String g = parts[i];
            if (v4Tail && i == parts.length - 1 && g.indexOf('.') >= 0) {
                if (!ipv4(g)) return -1;
                n += 2;
                continue;
            }
            if (g.isEmpty() || g.length() > 4) return -1;
            for (int j = 0; j < g.length(); j++) {
                if (!hex(g.charAt(j))) return -1;
            }
            n++;
        }
        return n;
    }

    private static boolean hex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    /** A port 0..65535 (decimal digits, surrounding blanks allowed), or null. */
    static Integer port(String raw) {
        return integer(raw, 0, 65535);
    }

    /** A decimal integer within [min, max], or null. */
    static Integer integer(String raw, int min, int max) {
        if (raw == null) return null;
        String s = raw.strip();
        if (s.isEmpty() || s.length() > 10) return null;
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return null;
            v = v * 10 + (c - '0');
        }
        return v < min || v > max ? null : (int) v;
    }

    /**
     * A transport protocol as one spelling: names upper-cased ({@code tcp} gives {@code TCP}),
     * the IANA numbers 1, 6, 17 and 58 named (ICMP, TCP, UDP, IPV6-ICMP), other numbers kept.
     */
    static String protocol(String raw) {
        if (raw == null) return null;
        String s = raw.strip();
        if (s.isEmpty()) return null;
        return switch (s) {
            case "1" -> "ICMP";
            case "6" -> "TCP";
            case "17" -> "UDP";
            case "58" -> "IPV6-ICMP";
            default -> s.toUpperCase(Locale.ROOT);
        };
    }

    /** A name fit for {@code extra.<key>} (the store's query syntax): blanks become {@code _}. */
    static String key(String k) {
        StringBuilder b = null;
        for (int i = 0; i < k.length(); i++) {
            if (Character.isWhitespace(k.charAt(i))) {
                if (b == null) b = new StringBuilder(k.length()).append(k, 0, i);
                if (b.isEmpty() || b.charAt(b.length() - 1) != '_') b.append('_');
            } else if (b != null) {
                b.append(k.charAt(i));
            }
        }
        return b == null ? k : b.toString();
    }

    /** A value cut to a length fit for an error message, quoted. */
    static String quote(String v) {
        if (v == null) return "null";
        String s = v.length() > 60 ? v.substring(0, 60) + "..." : v;
        return "'" + s.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + "'";
    }
}
