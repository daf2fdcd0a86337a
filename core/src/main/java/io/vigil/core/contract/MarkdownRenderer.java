package io.vigil.core.contract;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * docs/ports.md: the whole contract (every row and note), then for each mode what a firewall
 * must allow. PortsDocTest keeps the checked-in page equal to this output.
 */
public final class MarkdownRenderer {
    /** How to regenerate the page; printed in it and by the test when it is stale. */
    public static final String REGENERATE = "./mvnw -B -q -pl core test -Dtest=PortsDocTest -Dvigil.regenerate=true";

    private MarkdownRenderer() {}

    public static String render(NetworkContract contract) {
        StringBuilder out = new StringBuilder();
        out.append("# Ports and URLs\n\n");
        out.append("<!-- Generated from core/src/main/resources/io/vigil/core/contract/contract.yaml. Do not edit:\n");
        out.append("     change the contract, then run ").append(REGENERATE).append(" -->\n\n");
        out.append("Every port and outbound URL Vigil uses, from its network contract ")
                .append("(`core/src/main/resources/io/vigil/core/contract/contract.yaml`). The listeners take their ")
                .append("default ports from that file, this page is generated from it, and ")
                .append("`vigil ports` prints it for one deployment as a table, an nftables ruleset, ")
                .append("`iptables-restore` input or JSON:\n\n");
        out.append("```\n");
        out.append("vigil ports [--mode all-in-one|server|sensor] [--format table|nftables|iptables|json]\n");
        out.append("            [--without FEATURE,...] [--link-port N] [--with-legacy-scanner]\n");
        out.append("```\n\n");
        out.append("The rows come from the USM Appliance / OSSIM page on ports and URLs (source `seed`: every row of ")
                .append("its URL table and every note below it) and from Vigil's own listeners (source `vigil`). ")
                .append("Direction is seen from the component: `inbound` means others connect to it, `outbound` ")
                .append("means it connects out. Component `all` means every appliance component (Server and Sensor).\n\n");

        out.append("## General notes\n\n");
        for (String n : contract.notes()) out.append("- ").append(n).append('\n');

        out.append("\n## The contract\n\n");
        out.append("| id | component | direction | protocol | ports | peer | hosts | feature | feature name | release | optional | source |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Flow f : contract.flows()) {
            row(out, code(f.id()), f.component().id(), f.direction().id(), f.protocol().id(), f.portsText(), f.peer(),
                    String.join(" ", f.hosts()), code(f.feature()), f.featureName(), f.release(),
                    f.optional() ? (f.legacy() ? "yes (legacy: only on request)" : "yes") : "no", f.source().id());
        }

        out.append("\n## Notes by flow\n\n");
        for (Flow f : contract.flows()) {
            if (f.notes().isEmpty()) continue;
            out.append("### ").append(f.id()).append("\n\n");
            out.append(f.protocol() == Flow.Protocol.UNIX ? "Unix socket " + f.path()
                    : f.portsText() + "/" + f.protocol().id()).append(", ").append(f.component().id()).append(' ')
                    .append(f.direction().id()).append(", ").append(f.featureName()).append(".\n\n");
            for (String n : f.notes()) out.append("- ").append(n).append('\n');
            out.append('\n');
        }

        out.append("## Features\n\n");
        out.append("`vigil ports --without FEATURE,...` removes a feature's rows; turn the feature off in the ")
                .append("configuration as well.\n\n");
        out.append("| feature | name | flows |\n|---|---|---|\n");
        Map<String, List<Flow>> byFeature = new LinkedHashMap<>();
        for (Flow f : contract.flows()) byFeature.computeIfAbsent(f.feature(), k -> new java.util.ArrayList<>()).add(f);
        byFeature.forEach((feature, flows) -> row(out, code(feature), flows.get(0).featureName(),
                flows.stream().map(Flow::id).collect(Collectors.joining(", "))));

        out.append("\n## What a firewall must allow\n\n");
        out.append("With the defaults (no feature turned off, default ports, no legacy scanner port). ")
                .append("Replies travel back on the same connection; a stateful firewall allows them. ")
                .append("Unix sockets are local and need no rule.\n");
        for (Mode mode : Mode.values()) {
            List<Flow> flows = contract.forDeployment(mode, Set.of(), Map.of(), false);
            out.append("\n### ").append(mode.title()).append(" (`vigil ports --mode ").append(mode.id()).append("`)\n\n");
            out.append(mode.description()).append("\n\n");
            for (String dir : List.of("inbound", "outbound")) {
                List<Flow> part = flows.stream().filter(f -> f.direction().id().equals(dir)).toList();
                if (part.isEmpty()) continue;
                out.append(dir.equals("inbound") ? "Inbound (others connect to this machine):\n\n"
                        : "Outbound (this machine connects out):\n\n");
                out.append("| protocol | ports | ").append(dir.equals("inbound") ? "from" : "to")
                        .append(" | feature | optional | flow |\n|---|---|---|---|---|---|\n");
                for (Flow f : part) {
                    row(out, f.protocol().id(), f.portsText(), f.peerOrHosts(), code(f.feature()),
                            f.optional() ? "yes" : "no", code(f.id()));
                }
                out.append('\n');
            }
            List<Flow> legacy = contract.flows().stream().filter(f -> f.legacy() && mode.includes(f)).toList();
            for (Flow f : legacy) {
                out.append("Legacy, only with `--with-legacy-scanner`: ").append(f.portsText()).append('/')
                        .append(f.protocol().id()).append(' ').append(f.direction().id()).append(" (").append(code(f.id()))
                        .append(").\n\n");
            }
            if (mode != Mode.ALL_IN_ONE) {
                out.append("The link port (").append(contract.port(NetworkContract.LINK_FEATURE)).append("/tcp by default) changes with `--link-port N`.\n");
            } else {
                out.append("No link: Server and Sensor talk in memory.\n");
            }
        }
        return out.toString();
    }

    private static String code(String s) {
        return "`" + s + "`";
    }

    private static void row(StringBuilder out, String... cells) {
        out.append('|');
        for (String c : cells) out.append(' ').append(c.replace("|", "\\|").replace("\n", " ")).append(" |");
        out.append('\n');
    }
}
