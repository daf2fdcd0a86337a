package io.vigil.syslog;

import io.netty.util.NetUtil;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** Formats a sender's address the way events carry it: {@code 192.0.2.1:514}, {@code [2001:db8::1]:514}. */
final class Peers {
    private Peers() {}

    static String format(SocketAddress address) {
        if (address instanceof InetSocketAddress isa) {
            if (isa.getAddress() == null) return isa.getHostString() + ":" + isa.getPort();
            String host = NetUtil.toAddressString(isa.getAddress()); // RFC 5952 form for IPv6
            return isa.getAddress() instanceof Inet6Address ? "[" + host + "]:" + isa.getPort() : host + ":" + isa.getPort();
        }
        return address == null ? "" : address.toString();
    }
}
