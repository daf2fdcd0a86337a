package io.vigil.syslog;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** Formats a sender's address the way events carry it: {@code 192.0.2.1:514}, {@code [2001:db8::1]:514}. */
final class Peers {
    private Peers() {}

    static String format(SocketAddress address) {
        if (address instanceof InetSocketAddress isa) {
            if (isa.getAddress() == null) return isa.getHostString() + ":" + isa.getPort();
            String host = isa.getAddress().getHostAddress();
            int zone = host.indexOf('%');
            if (zone >= 0) host = host.substring(0, zone);
            return isa.getAddress() instanceof Inet6Address ? "[" + host + "]:" + isa.getPort() : host + ":" + isa.getPort();
        }
        return address == null ? "" : address.toString();
    }
}
