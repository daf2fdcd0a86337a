package io.vigil.core.contract;

import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code iptables-restore} input ({@code --test} accepts it; {@code ip6tables-restore} too): the
 * chains VIGIL-IN and VIGIL-OUT accepting the deployment's flows, jumped to from INPUT and OUTPUT.
 * The built-in chains are not declared, so their policies stay as they are. Unix socket rows need
 * no rule and appear as {@code #} comments.
 */
public final class IptablesRenderer {
    /** xt_comment holds 256 bytes including the terminating NUL. */
    static final int MAX_COMMENT = 255;
    /** The multiport match takes at most 15 ports (a range counts as two). */
    static final int MAX_MULTIPORT = 15;

    private IptablesRenderer() {}

    public static String render(Mode mode, List<Flow> flows) {
        StringBuilder out = new StringBuilder();
        out.append("# Vigil network contract, mode ").append(mode.id()).append(" (vigil ports --format iptables)\n");
        out.append("# Check: iptables-restore --test FILE\n");
        out.append("# Load:  iptables-restore --noflush FILE && ip6tables-restore --noflush FILE\n");
        out.append("#        (without --noflush the whole filter table is replaced; loading twice adds a second,\n");
        out.append("#        harmless jump to each chain, as the chains themselves are flushed and refilled)\n");
        out.append("# The rules accept; they enforce the contract once INPUT and OUTPUT drop the rest (allow SSH,\n");
        out.append("# DNS and NTP as your site needs first). Outbound rules are by port: host names cannot be\n");
        out.append("# resolved ahead of time, so each rule names its hosts in its comment.\n");
        out.append("*filter\n");
        out.append(":VIGIL-IN - [0:0]\n");
        out.append(":VIGIL-OUT - [0:0]\n");
        out.append("-A VIGIL-IN -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT\n");
        out.append("-A VIGIL-IN -i lo -j ACCEPT\n");
        out.append("-A VIGIL-OUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT\n");
        out.append("-A VIGIL-OUT -o lo -j ACCEPT\n");
        for (Flow f : flows) {
            String chain = f.isInbound() ? "VIGIL-IN" : "VIGIL-OUT";
            if (!f.isNetwork()) {
                out.append("# ").append(f.id()).append(": unix socket ").append(FirewallText.line(f.path()))
                        .append(" is local to the host, no rule needed\n");
                continue;
            }
            String comment = " -m comment --comment \"" + FirewallText.comment(f, MAX_COMMENT) + "\" -j ACCEPT\n";
            int slots = f.ports().stream().mapToInt(p -> p.isSingle() ? 1 : 2).sum();
            if (f.ports().size() == 1) {
                out.append("-A ").append(chain).append(" -p ").append(f.protocol().id())
                        .append(" --dport ").append(f.ports().get(0).format(":")).append(comment);
            } else if (slots <= MAX_MULTIPORT) {
                out.append("-A ").append(chain).append(" -p ").append(f.protocol().id()).append(" -m multiport --dports ")
                        .append(f.ports().stream().map(p -> p.format(":")).collect(Collectors.joining(","))).append(comment);
            } else {
                for (PortRange p : f.ports()) {
                    out.append("-A ").append(chain).append(" -p ").append(f.protocol().id())
                            .append(" --dport ").append(p.format(":")).append(comment);
                }
            }
        }
        out.append("-A INPUT -j VIGIL-IN\n");
        out.append("-A OUTPUT -j VIGIL-OUT\n");
        out.append("COMMIT\n");
        return out.toString();
    }
}
