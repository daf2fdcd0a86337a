package io.vigil.normalize.ossim;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * Looks names up for {@code resolv()} and addresses up for {@code resolv_ip()}. Calls may
 * block (they are made on the {@link HostCache}'s own threads, never on the pipeline's);
 * tests give one that answers from a table, so no test touches DNS.
 */
@FunctionalInterface
public interface HostResolver {

    /** An address of {@code name} (IPv4 first, as the agent's {@code gethostbyname}), or null. */
    String lookup(String name) throws Exception;

    /** A name of {@code address}, or null. The default knows none. */
    default String reverse(String address) throws Exception {
        return null;
    }

    /** The operating system's resolver (DNS, /etc/hosts, ...). */
    static HostResolver system() {
        return new HostResolver() {
            @Override
            public String lookup(String name) throws Exception {
                InetAddress[] all = InetAddress.getAllByName(name);
                for (InetAddress a : all) {
                    if (a instanceof Inet4Address) return a.getHostAddress();
                }
                return all.length == 0 ? null : all[0].getHostAddress();
            }

            @Override
            public String reverse(String address) throws Exception {
                if (!HostAddresses.isLiteral(address)) return null;
                InetAddress a = InetAddress.getByName(address); // a literal: parsed, not looked up
                String name = a.getCanonicalHostName();
                return name.equals(a.getHostAddress()) ? null : name;
            }
        };
    }
}
