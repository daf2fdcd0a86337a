package io.vigil.core.contract;

/**
 * One port or an inclusive range of ports of a {@link Flow}. Written {@code 514} or
 * {@code 1024-65535}; {@link #toString()} gives that form back.
 */
public record PortRange(int from, int to) {
    public static final int MIN = 1;
    public static final int MAX = 65535;

    public PortRange {
        if (from < MIN || from > MAX || to < MIN || to > MAX) {
            throw new IllegalArgumentException("port " + (from < MIN || from > MAX ? from : to)
                    + " out of range " + MIN + "-" + MAX);
        }
        if (from > to) throw new IllegalArgumentException("port range " + from + "-" + to + " runs backwards");
    }

    public static PortRange of(int port) {
        return new PortRange(port, port);
    }

    /** Parses {@code "514"} or {@code "1024-65535"}. */
    public static PortRange parse(String text) {
        String s = text.strip();
        int dash = s.indexOf('-');
        try {
            if (dash < 0) return of(Integer.parseInt(s));
            return new PortRange(Integer.parseInt(s.substring(0, dash).strip()), Integer.parseInt(s.substring(dash + 1).strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a port or a port range like 1024-65535");
        }
    }

    public boolean isSingle() {
        return from == to;
    }

    /** Port range in the given separator: "-" for nftables and this file, ":" for iptables. */
    public String format(String separator) {
        return isSingle() ? Integer.toString(from) : from + separator + to;
    }

    @Override
    public String toString() {
        return format("-");
    }
}
