package io.vigil.normalize.ossim;

/** Tells an IP address literal from a name without asking any resolver. */
public final class HostAddresses {
    private HostAddresses() {}

    /** True for a dotted-quad IPv4 address or an IPv6 address (RFC 4291 text forms, optional %zone). */
    public static boolean isLiteral(String s) {
        return s != null && (isIpv4(s) || isIpv6(s));
    }

    public static boolean isIpv4(String s) {
        return isIpv4(s, 0, s.length());
    }

    private static boolean isIpv4(String s, int from, int to) {
        int parts = 0;
        int i = from;
        while (i < to) {
            int start = i;
            int value = 0;
            while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9' && i - start < 3) {
                value = value * 10 + (s.charAt(i) - '0');
                i++;
            }
            if (i == start || value > 255) return false;
            parts++;
            if (i == to) break;
            if (s.charAt(i) != '.' || parts == 4) return false;
            i++;
            if (i == to) return false;
        }
        return parts == 4;
    }

    public static boolean isIpv6(String s) {
        int end = s.indexOf('%');
        if (end == 0) return false;
        if (end < 0) end = s.length();
        else if (end == s.length() - 1) return false;
        if (s.indexOf(':') < 0) return false;
        int groups = 0;
        boolean compressed = false;
        int i = 0;
        if (s.startsWith("::")) {
            compressed = true;
            i = 2;
            if (i == end) return true;
        } else if (s.charAt(0) == ':') {
            return false;
        }
        while (i < end) {
            int start = i;
            while (i < end && isHex(s.charAt(i)) && i - start < 4) i++;
            if (i < end && s.charAt(i) == '.') {
                // embedded IPv4 in the last 32 bits
                if (!isIpv4(s, start, end)) return false;
                groups += 2;
                i = end;
                break;
            }
            if (i == start) return false;
            groups++;
            if (i == end) break;
            if (s.charAt(i) != ':') return false;
            i++;
            if (i < end && s.charAt(i) == ':') {
                if (compressed) return false;
                compressed = true;
                i++;
                if (i == end) break;
            } else if (i == end) {
                return false;
            }
        }
        return compressed ? groups <= 7 : groups == 8;
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
