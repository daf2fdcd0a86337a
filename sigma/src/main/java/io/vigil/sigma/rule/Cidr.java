package io.vigil.sigma.rule;

import io.vigil.core.net.IpLiterals;

/** An IPv4 or IPv6 network for the {@code cidr} modifier. */
public record Cidr(byte[] network, int prefix) {
    public static Cidr parse(String text, int line) {
        String t = text.trim();
        int slash = t.indexOf('/');
        byte[] a = IpLiterals.bytes(slash < 0 ? t : t.substring(0, slash));
        if (a == null) throw new SigmaException(line, "cidr: '" + text + "' is not an address or network");
        int max = a.length * 8;
        int p;
        try {
            p = slash < 0 ? max : Integer.parseInt(t.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new SigmaException(line, "cidr: bad prefix length in '" + text + "'");
        }
        if (p < 0 || p > max) throw new SigmaException(line, "cidr: prefix length " + p + " outside 0-" + max);
        return new Cidr(a, p);
    }

    public boolean contains(byte[] a) {
        if (a.length != network.length) return false;
        int full = prefix / 8;
        for (int i = 0; i < full; i++) if (a[i] != network[i]) return false;
        int rest = prefix % 8;
        if (rest == 0) return true;
        int mask = (0xff << (8 - rest)) & 0xff;
        return (a[full] & mask) == (network[full] & mask);
    }
}
