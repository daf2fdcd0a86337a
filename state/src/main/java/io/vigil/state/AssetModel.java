package io.vigil.state;

import io.vigil.core.net.IpLiterals;
import io.vigil.correlate.directive.Cidr;
import io.vigil.correlate.directive.Networks;
import io.vigil.correlate.engine.AssetValues;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A read-only snapshot of assets and networks for correlation. An address is worth its
 * host's value if an asset holds it, else the value of the most specific network that
 * contains it, else 2 (as in OSSIM); a host name (an address a plugin left unresolved) is
 * worth the value of the asset of that name. HOME_NET is the union of the networks marked home;
 * with none defined, the private ranges.
 */
public final class AssetModel implements AssetValues, Networks {
    private record Net(String name, Cidr cidr, boolean home, int value) {}

    private final Map<java.net.InetAddress, Integer> hosts = new HashMap<>();
    private final Map<String, Integer> names = new HashMap<>();
    private final List<Net> nets = new ArrayList<>();
    private final boolean anyHome;

    private AssetModel(List<AssetRepository.Asset> assets, List<AssetRepository.Network> networks) {
        for (AssetRepository.Asset a : assets) {
            for (String addr : a.addresses()) {
                java.net.InetAddress ip = IpLiterals.parse(addr);
                if (ip != null) hosts.put(ip, a.value()); // by address, however it is written
            }
            // events whose address a plugin left as a host name are valued by the asset of that name
            if (a.hostname() != null && !a.hostname().isBlank()) names.put(a.hostname().toLowerCase(java.util.Locale.ROOT), a.value());
        }
        boolean home = false;
        for (AssetRepository.Network n : networks) {
            nets.add(new Net(n.name(), Cidr.parse(n.cidr()), n.home(), n.value()));
            home |= n.home();
        }
        this.anyHome = home;
    }

    static AssetModel of(List<AssetRepository.Asset> assets, List<AssetRepository.Network> networks) {
        return new AssetModel(assets, networks);
    }

    @Override
    public int valueOf(String address) {
        if (address == null) return DEFAULT;
        java.net.InetAddress ip = IpLiterals.parse(address);
        if (ip == null) return names.getOrDefault(address.toLowerCase(java.util.Locale.ROOT), DEFAULT);
        byte[] b = ip.getAddress();
        Integer host = hosts.get(ip);
        if (host != null) return host;
        Net best = null;
        for (Net n : nets) if (n.cidr().contains(b) && (best == null || n.cidr().prefix() > best.cidr().prefix())) best = n;
        return best == null ? DEFAULT : best.value();
    }

    @Override
    public boolean inHomeNet(byte[] address) {
        if (!anyHome) return Networks.PRIVATE_HOME_NET.inHomeNet(address);
        for (Net n : nets) if (n.home() && n.cidr().contains(address)) return true;
        return false;
    }

    @Override
    public boolean inNamed(String name, byte[] address) {
        for (Net n : nets) if (n.name().equalsIgnoreCase(name) && n.cidr().contains(address)) return true;
        return false;
    }
}
