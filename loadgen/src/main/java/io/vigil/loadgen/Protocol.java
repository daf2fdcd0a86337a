package io.vigil.loadgen;

/** How messages travel to the target. */
public enum Protocol {
    UDP, TCP, TLS, RELP;

    public static Protocol of(String name) {
        for (Protocol p : values()) if (p.name().equalsIgnoreCase(name)) return p;
        throw new IllegalArgumentException("protocol must be udp, tcp, tls or relp, not '" + name + "'");
    }
}
