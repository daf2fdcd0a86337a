package io.vigil.correlate.directive;

/**
 * What the directives' address words mean where they run: HOME_NET (the networks the
 * organisation owns) and named networks and hosts. The state store provides the real one.
 */
public interface Networks {
    /** Whether the address is inside HOME_NET. */
    boolean inHomeNet(byte[] address);

    /** Whether the address belongs to the network or host called {@code name}; false for unknown names. */
    boolean inNamed(String name, byte[] address);

    /** No named networks; HOME_NET is the private address ranges (RFC 1918, RFC 4193, loopback). */
    Networks PRIVATE_HOME_NET = new Networks() {
        private final java.util.List<Cidr> home = java.util.List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("172.16.0.0/12"),
                Cidr.parse("192.168.0.0/16"), Cidr.parse("127.0.0.0/8"), Cidr.parse("fc00::/7"), Cidr.parse("::1/128"));

        @Override
        public boolean inHomeNet(byte[] address) {
            for (Cidr c : home) if (c.contains(address)) return true;
            return false;
        }

        @Override
        public boolean inNamed(String name, byte[] address) {
            return false;
        }
    };
}
