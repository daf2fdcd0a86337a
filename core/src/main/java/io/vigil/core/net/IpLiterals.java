package io.vigil.core.net;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Parses IP address literals without ever asking DNS (a log's "src_ip" may hold a host name). */
public final class IpLiterals {
    private IpLiterals() {}

    /** The address an IPv4 or IPv6 literal denotes, or null if the text is not one. */
    public static InetAddress parse(String s) {
        if (s == null || s.isEmpty() || s.length() > 45) return null;
        if (s.indexOf(':') < 0) return parseV4(s);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
            if (!ok) return null; // zone ids (fe80::1%eth0) and anything else: not indexed as an address
        }
        try {
            // Brackets make the JDK treat it as an IPv6 literal: a parse, never a lookup.
            return InetAddress.getByName("[" + s + "]");
        } catch (UnknownHostException | IllegalArgumentException e) {
            return null;
        }
    }

    /** The bytes of the address a literal denotes (4 or 16), or null if the text is not one. */
    public static byte[] bytes(String s) {
        InetAddress a = parse(s);
        return a == null ? null : a.getAddress();
    }

    private static InetAddress parseV4(String s) {
        byte[] b = new byte[4];
        int part = 0;
        int value = -1;
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : '.';
            if (c >= '0' && c <= '9') {
                value = value < 0 ? c - '0' : value * 10 + (c - '0');
                if (value > 255) return null;
            } else if (c == '.') {
                if (value < 0 || part == 4) return null;
                b[part++] = (byte) value;
                value = -1;
            } else {
                return null;
            }
        }
        if (part != 4) return null;
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
