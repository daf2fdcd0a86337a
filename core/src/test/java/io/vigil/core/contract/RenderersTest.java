package io.vigil.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class RenderersTest {
    private static final NetworkContract CONTRACT = NetworkContract.standard();

    @TempDir
    Path tmp;

    /** Each mode with the defaults, with the legacy scanner, and with features off and the link moved. */
    static Stream<Arguments> deployments() {
        List<Arguments> out = new ArrayList<>();
        for (Mode m : Mode.values()) {
            out.add(Arguments.of(m, Set.of(), Map.of(), false));
            out.add(Arguments.of(m, Set.of(), Map.of(), true));
            out.add(Arguments.of(m, Set.of("otx", "maps"), Map.of("link", 34000), false));
        }
        return out.stream();
    }

    private static List<Flow> flows(Mode mode, Set<String> without, Map<String, Integer> ports, boolean legacy) {
        return CONTRACT.forDeployment(mode, without, ports, legacy);
    }

    // ------------------------------------------------------------------ table

    @ParameterizedTest
    @EnumSource(Mode.class)
    void tableListsEveryFlowAligned(Mode mode) {
        List<Flow> flows = CONTRACT.forDeployment(mode);
        String table = Format.TABLE.render(mode, flows, CONTRACT.notes());
        List<String> lines = table.lines().toList();
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("ID ")).findFirst().orElseThrow());
        int portsCol = lines.get(header).indexOf("PORTS");
        for (int i = 0; i < flows.size(); i++) {
            String line = lines.get(header + 1 + i);
            assertThat(line).startsWith(flows.get(i).id() + " ");
            assertThat(line.substring(portsCol)).startsWith(flows.get(i).portsText());
        }
        assertThat(table).contains("Notes by flow:").contains("General notes:");
        for (String n : CONTRACT.notes()) assertThat(table).contains(n);
    }

    @Test
    void tableShowsHostsAndOverriddenLinkPort() {
        String table = Format.TABLE.render(Mode.SERVER,
                CONTRACT.forDeployment(Mode.SERVER, Set.of("otx"), Map.of("link", 34000), false), CONTRACT.notes());
        assertThat(table).contains("maps-api-ssl.google.com, maps.googleapis.com").contains("34000")
                .doesNotContain("otx.alienvault.com").doesNotContain("33800  ");
    }

    // ------------------------------------------------------------------ nftables

    @ParameterizedTest
    @MethodSource("deployments")
    void nftablesRulesetIsAcceptedByNft(Mode mode, Set<String> without, Map<String, Integer> ports, boolean legacy)
            throws Exception {
        List<Flow> flows = flows(mode, without, ports, legacy);
        String ruleset = Format.NFTABLES.render(mode, flows, CONTRACT.notes());
        assertThat(ruleset).contains("table inet vigil {").contains("chain input {").contains("chain output {");
        for (Flow f : flows) {
            if (f.isNetwork()) assertThat(ruleset).contains("comment \"vigil " + f.id() + " [");
            else assertThat(ruleset).contains("# " + f.id() + ": unix socket " + f.path());
        }
        if (mode == Mode.SERVER) assertThat(ruleset).contains("tcp dport " + (ports.isEmpty() ? 33800 : 34000) + " accept");
        if (mode != Mode.SERVER) assertThat(ruleset).contains("tcp dport 1024-65535 accept").contains("tcp dport { 139, 445 } accept");
        if (mode == Mode.ALL_IN_ONE) assertThat(ruleset).doesNotContain("33800").doesNotContain("link");
        Tool nft = tool("nft", "table inet vigil_probe {\n\tchain c {\n\t\ttcp dport 1 accept comment \"probe\"\n\t}\n}\n", "-c", "-f");
        nft.assertAccepts(write("vigil.nft", ruleset));
    }

    @Test
    void nftablesCommentsFitTheLimit() {
        for (Mode m : Mode.values()) {
            for (Flow f : CONTRACT.forDeployment(m, Set.of(), Map.of(), true)) {
                String c = FirewallText.comment(f, NftablesRenderer.MAX_COMMENT);
                assertThat(c.length()).isLessThanOrEqualTo(NftablesRenderer.MAX_COMMENT);
                assertThat(c).doesNotContain("\"").matches("[\\x20-\\x7e]*");
            }
        }
    }

    // ------------------------------------------------------------------ iptables

    @ParameterizedTest
    @MethodSource("deployments")
    void iptablesInputIsAcceptedByIptablesRestore(Mode mode, Set<String> without, Map<String, Integer> ports, boolean legacy)
            throws Exception {
        List<Flow> flows = flows(mode, without, ports, legacy);
        String rules = Format.IPTABLES.render(mode, flows, CONTRACT.notes());
        assertThat(rules).startsWith("#").contains("*filter\n").endsWith("COMMIT\n")
                .contains(":VIGIL-IN - [0:0]").contains("-A INPUT -j VIGIL-IN").doesNotContain(":INPUT");
        for (Flow f : flows) {
            if (f.isNetwork()) assertThat(rules).contains("--comment \"vigil " + f.id() + " [");
        }
        if (mode != Mode.SERVER) {
            assertThat(rules).contains("-A VIGIL-OUT -p tcp --dport 1024:65535 ")
                    .contains("-A VIGIL-OUT -p tcp -m multiport --dports 139,445 ")
                    .contains("-A VIGIL-IN -p udp --dport 1514 ");
        }
        if (mode == Mode.SENSOR) assertThat(rules).contains("-A VIGIL-OUT -p tcp --dport " + (ports.isEmpty() ? 33800 : 34000) + " ");
        Path file = write("vigil.rules", rules);
        String probe = "*filter\n:VIGIL-PROBE - [0:0]\n-A VIGIL-PROBE -p tcp --dport 1 -m comment --comment \"probe\" -j ACCEPT\nCOMMIT\n";
        tool("iptables-restore", probe, "--test").assertAccepts(file);
        tool("ip6tables-restore", probe, "--test").assertAccepts(file);
    }

    // ------------------------------------------------------------------ json

    @ParameterizedTest
    @MethodSource("deployments")
    void jsonParsesBackToTheSameFlows(Mode mode, Set<String> without, Map<String, Integer> ports, boolean legacy) throws Exception {
        List<Flow> flows = flows(mode, without, ports, legacy);
        String json = Format.JSON.render(mode, flows, CONTRACT.notes());
        var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        assertThat(tree.get("mode").asText()).isEqualTo(mode.id());
        assertThat(tree.get("flows").size()).isEqualTo(flows.size());
        assertThat(tree.get("notes").size()).isEqualTo(CONTRACT.notes().size());
        NetworkContract back = NetworkContract.parse(json, "json output");
        assertThat(back.flows()).isEqualTo(flows);
        assertThat(back.notes()).isEqualTo(CONTRACT.notes());
    }

    @Test
    void jsonKeepsRangesAsTextAndPortsAsNumbers() throws Exception {
        String json = Format.JSON.render(Mode.SENSOR, CONTRACT.forDeployment(Mode.SENSOR), List.of());
        var flows = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).get("flows");
        for (var f : flows) {
            if (f.get("id").asText().equals("hids-deploy-high")) assertThat(f.get("ports").get(0).asText()).isEqualTo("1024-65535");
            if (f.get("id").asText().equals("hids")) assertThat(f.get("ports").get(0).isInt()).isTrue();
            if (f.get("id").asText().equals("scanner-socket")) assertThat(f.get("path").asText()).isEqualTo("/run/vigil/scanner.sock");
        }
    }

    // ------------------------------------------------------------------ markdown

    @Test
    void markdownHoldsEveryRowNoteAndMode() {
        String md = MarkdownRenderer.render(CONTRACT);
        for (Flow f : CONTRACT.flows()) {
            assertThat(md).contains("| `" + f.id() + "` |");
            for (String h : f.hosts()) assertThat(md).contains(h);
            for (String n : f.notes()) assertThat(md).contains(n);
        }
        for (String n : CONTRACT.notes()) assertThat(md).contains(n);
        for (Mode m : Mode.values()) assertThat(md).contains("### " + m.title() + " (`vigil ports --mode " + m.id() + "`)");
        assertThat(md).contains(MarkdownRenderer.REGENERATE);
    }

    // ------------------------------------------------------------------ helpers

    private Path write(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    /** A validator binary; the test is skipped, saying why, when it is missing or cannot work here. */
    private Tool tool(String name, String probe, String... args) throws Exception {
        Optional<Path> bin = Stream.concat(
                        Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)),
                        Stream.of("/usr/sbin", "/sbin", "/usr/local/sbin"))
                .filter(s -> !s.isEmpty())
                .map(d -> Path.of(d, name))
                .filter(Files::isExecutable)
                .findFirst();
        assumeTrue(bin.isPresent(), name + " is not installed: cannot validate the " + name
                + " output (CI installs it: apt-get install nftables iptables)");
        Tool t = new Tool(bin.get(), List.of(args));
        Result r = t.run(write(name + ".probe", probe));
        assumeTrue(r.code == 0, name + " cannot check even a trivial ruleset here (it needs root or CAP_NET_ADMIN and "
                + "nf_tables in the kernel): " + r.output.strip());
        return t;
    }

    private record Result(int code, String output) {}

    private record Tool(Path bin, List<String> args) {
        Result run(Path file) throws Exception {
            List<String> cmd = new ArrayList<>();
            cmd.add(bin.toString());
            cmd.addAll(args);
            cmd.add(file.toString());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(cmd + " did not finish in 30 s");
            }
            return new Result(p.exitValue(), out);
        }

        void assertAccepts(Path file) throws Exception {
            Result r = run(file);
            assertThat(r.code).as(bin.getFileName() + " " + String.join(" ", args) + " " + file + " said:\n" + r.output
                    + "\n--- input ---\n" + Files.readString(file)).isZero();
        }
    }
}
