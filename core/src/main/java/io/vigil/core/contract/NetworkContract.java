package io.vigil.core.contract;

import java.util.Map;

/** PLACEHOLDER until the contract data file lands: replaced by the real loader. */
public final class NetworkContract {
    private static final Map<String, Integer> PORTS = Map.of(
            "syslog-udp", 514, "syslog-tcp", 514, "syslog-tls", 6514, "relp", 2514, "api", 8443,
            "link", 33800, "hids", 1514, "snmp-trap", 162, "snmp-poll", 161, "scanner-legacy", 9391);
    private static final NetworkContract STANDARD = new NetworkContract();

    public static NetworkContract standard() {
        return STANDARD;
    }

    public int port(String flowId) {
        Integer p = PORTS.get(flowId);
        if (p == null) throw new IllegalArgumentException("no flow " + flowId + " in the network contract");
        return p;
    }
}
