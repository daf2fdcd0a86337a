package io.vigil.core.contract;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A complete nftables ruleset ({@code nft -c -f FILE} accepts it): table {@code inet vigil}
 * with an input and an output chain accepting the deployment's flows. Host names cannot be
 * resolved ahead of time, so outbound rules are by port with the host names in the comment.
 * Unix socket rows need no rule and appear as {@code #} comments.
 */
public final class NftablesRenderer {
    /** nftables refuses rule comments longer than 128 characters. */
    static final int MAX_COMMENT = 128;

    private NftablesRenderer() {}

    public static String render(Mode mode, List<Flow> flows) {
        StringBuilder out = new StringBuilder();
        out.append("#!/usr/sbin/nft -f\n");
        out.append("# Vigil network contract, mode ").append(mode.id()).append(" (vigil ports --format nftables)\n");
        out.append("# Check: nft -c -f FILE    Load: nft -f FILE    (reloading replaces table inet vigil)\n");
        out.append("#\n");
        out.append("# Both chains keep policy accept, so loading this blocks nothing. To enforce the contract,\n");
        out.append("# first allow what your site needs beyond it (SSH, DNS, NTP), then change \"policy accept\"\n");
        out.append("# to \"policy drop\". Outbound rules are by port: host names cannot be resolved ahead of\n");
        out.append("# time, so each rule names its hosts in its comment.\n\n");
        // Declaring then deleting the table makes the file reloadable: the last definition wins.
        out.append("table inet vigil\n");
        out.append("delete table inet vigil\n\n");
        out.append("table inet vigil {\n");
        chain(out, "input", "iifname", flows.stream().filter(Flow::isInbound).toList());
        out.append('\n');
        chain(out, "output", "oifname", flows.stream().filter(f -> !f.isInbound()).toList());
        out.append("}\n");
        return out.toString();
    }

    private static void chain(StringBuilder out, String name, String ifname, List<Flow> flows) {
        out.append("\tchain ").append(name).append(" {\n");
        out.append("\t\ttype filter hook ").append(name).append(" priority filter; policy accept;\n");
        out.append("\t\tct state established,related accept\n");
        out.append("\t\t").append(ifname).append(" \"lo\" accept\n");
        out.append("\t\tmeta l4proto { icmp, ipv6-icmp } accept\n");
        for (Flow f : flows) {
            if (!f.isNetwork()) {
                out.append("\t\t# ").append(f.id()).append(": unix socket ").append(FirewallText.line(f.path()))
                        .append(" is local to the host, no rule needed\n");
                continue;
            }
            out.append("\t\t").append(f.protocol().id()).append(" dport ").append(ports(f))
                    .append(" accept comment \"").append(FirewallText.comment(f, MAX_COMMENT)).append("\"\n");
        }
        out.append("\t}\n");
    }

    private static String ports(Flow f) {
        if (f.ports().size() == 1) return f.ports().get(0).format("-");
        return f.ports().stream().map(p -> p.format("-")).collect(Collectors.joining(", ", "{ ", " }"));
    }
}
