package io.vigil.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NetworkContractTest {
    private final NetworkContract contract = NetworkContract.standard();

    private static List<String> ids(List<Flow> flows) {
        return flows.stream().map(Flow::id).toList();
    }

    private static Flow find(List<Flow> flows, String id) {
        return flows.stream().filter(f -> f.id().equals(id)).findFirst().orElseThrow(() -> new AssertionError("no " + id));
    }

    private static boolean has(List<Flow> flows, Flow.Protocol protocol, String ports, Flow.Direction direction) {
        return flows.stream().anyMatch(f -> f.protocol() == protocol && f.portsText().equals(ports) && f.direction() == direction);
    }

    @Test
    void defaultPortsOfTheListeners() {
        assertThat(contract.port("syslog-udp")).isEqualTo(514);
        assertThat(contract.port("syslog-tcp")).isEqualTo(514);
        assertThat(contract.port("syslog-tls")).isEqualTo(6514);
        assertThat(contract.port("relp")).isEqualTo(2514);
        assertThat(contract.port("api")).isEqualTo(8443);
        assertThat(contract.port("link")).isEqualTo(33800);
        assertThat(contract.port("link-out")).isEqualTo(33800);
        assertThat(contract.port("hids")).isEqualTo(1514);
        assertThat(contract.port("snmp-trap")).isEqualTo(162);
        assertThat(contract.port("snmp-poll")).isEqualTo(161);
        assertThat(contract.port("scanner-legacy")).isEqualTo(9391);
        assertThat(contract.port("hids-deploy-rpc")).isEqualTo(135);
        assertThat(contract.port("hids-deploy-smb")).isEqualTo(139);
        assertThat(contract.port("hids-deploy-high")).isEqualTo(1024);
        assertThat(NetworkContract.standard()).isSameAs(contract);
    }

    @Test
    void unknownFlowOrPortlessFlowIsRefused() {
        assertThatThrownBy(() -> contract.port("nope")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> contract.port("scanner-socket")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scanner.sock");
    }

    @Test
    void everyHostAndPortOfTheSeedsUrlTable() {
        Map<String, String> seed = Map.ofEntries(
                Map.entry("data.alienvault.com", "80"),
                Map.entry("maps-api-ssl.google.com", "443"),
                Map.entry("maps.googleapis.com", "443"),
                Map.entry("maps.google.com", "80"),
                Map.entry("maps.gstatic.com", "80"),
                Map.entry("messages.alienvault.com", "443"),
                Map.entry("otx.alienvault.com", "443"),
                Map.entry("reputation.alienvault.com", "443"),
                Map.entry("tractorbeam.alienvault.com", "22, 443"),
                Map.entry("www.google.com", "80"),
                Map.entry("cybersecurity.att.com/product/help/ping.php", "443"));
        seed.forEach((host, ports) -> {
            List<Flow> rows = contract.flows().stream().filter(f -> f.hosts().contains(host)).toList();
            assertThat(rows).as(host).hasSize(1);
            Flow f = rows.get(0);
            assertThat(f.portsText()).as(host).isEqualTo(ports);
            assertThat(f.protocol()).isEqualTo(Flow.Protocol.TCP);
            assertThat(f.direction()).isEqualTo(Flow.Direction.OUTBOUND);
            assertThat(f.source()).isEqualTo(Flow.Source.SEED);
            assertThat(f.optional()).as("every outbound feed can be turned off").isTrue();
        });
        assertThat(contract.flows().stream().flatMap(f -> f.hosts().stream()))
                .as("no footnote digits left on host names").noneMatch(h -> h.matches(".*\\.(com|php)\\d"));
        assertThat(contract.flows().stream().filter(f -> !f.hosts().isEmpty())).hasSize(9);
    }

    @Test
    void seedFeatureNamesAndComponentsOfTheFeeds() {
        assertThat(contract.flow("updates").featureName()).isEqualTo("USM Appliance product and feed update");
        assertThat(contract.flow("maps-api").featureName()).isEqualTo("Asset Location");
        assertThat(contract.flow("maps-tiles").featureName()).isEqualTo("Asset Location");
        assertThat(contract.flow("otx").featureName()).isEqualTo("Open Threat Exchange®");
        assertThat(contract.flow("reputation").featureName()).isEqualTo("USM Appliance IP Reputation");
        assertThat(contract.flow("api-check").featureName()).isEqualTo("USM Appliance API");
        assertThat(contract.flow("online-check").featureName()).isEqualTo("Detects if the USM Appliance component is online");
        assertThat(contract.flow("messages").notes()).anyMatch(n -> n.contains("blank"));
        assertThat(contract.flow("remote-support").notes()).anyMatch(n -> n.contains("blank"));
        for (String id : List.of("maps-api", "maps-tiles", "messages", "otx", "reputation", "api-check")) {
            assertThat(contract.flow(id).component()).as(id).isEqualTo(Flow.Component.SERVER);
        }
        for (String id : List.of("updates", "remote-support", "online-check")) {
            assertThat(contract.flow(id).component()).as(id).isEqualTo(Flow.Component.ALL);
        }
    }

    @Test
    void seedPortsBetweenComponentsAndAssets() {
        List<Flow> all = contract.flows();
        assertThat(has(all, Flow.Protocol.TCP, "135", Flow.Direction.OUTBOUND)).isTrue();
        assertThat(has(all, Flow.Protocol.TCP, "139, 445", Flow.Direction.OUTBOUND)).isTrue();
        assertThat(has(all, Flow.Protocol.TCP, "1024-65535", Flow.Direction.OUTBOUND)).isTrue();
        assertThat(has(all, Flow.Protocol.UDP, "1514", Flow.Direction.INBOUND)).isTrue();
        assertThat(has(all, Flow.Protocol.UDP, "161", Flow.Direction.OUTBOUND)).isTrue();
        assertThat(has(all, Flow.Protocol.UDP, "162", Flow.Direction.INBOUND)).isTrue();
        assertThat(has(all, Flow.Protocol.TCP, "9391", Flow.Direction.INBOUND)).isTrue();
        assertThat(has(all, Flow.Protocol.TCP, "33800", Flow.Direction.INBOUND)).isTrue();
        assertThat(has(all, Flow.Protocol.TCP, "33800", Flow.Direction.OUTBOUND)).isTrue();

        Flow hids = contract.flow("hids");
        assertThat(hids.component()).isEqualTo(Flow.Component.SENSOR);
        assertThat(hids.peer()).containsIgnoringCase("agent");
        assertThat(contract.flow("snmp-poll").peer()).isEqualTo("SNMP agents");
        assertThat(contract.flow("hids-deploy-high").peer()).isEqualTo("Windows hosts (HIDS deployment)");
        assertThat(contract.flow("hids-deploy-high").ports()).containsExactly(new PortRange(1024, 65535));
        assertThat(contract.flow("hids-deploy-smb").notes()).anyMatch(n -> n.contains("either"));

        Flow socket = contract.flow("scanner-socket");
        assertThat(socket.protocol()).isEqualTo(Flow.Protocol.UNIX);
        assertThat(socket.ports()).isEmpty();
        assertThat(socket.path()).startsWith("/run/vigil/").endsWith(".sock");
        assertThat(socket.notes()).anyMatch(n -> n.contains("5.6.5"));

        Flow legacy = contract.flow("scanner-legacy");
        assertThat(legacy.legacy()).isTrue();
        assertThat(legacy.optional()).isTrue();
        assertThat(legacy.release()).isEqualTo("before 5.6.5");
    }

    @Test
    void footnotesAndNotes() {
        assertThat(contract.flow("otx").release()).isEqualTo("5.1+");
        assertThat(contract.flow("otx").notes()).anyMatch(n -> n.contains("5.1"));
        assertThat(contract.flow("api-check").notes()).anyMatch(n -> n.contains("connectivity check"));
        assertThat(contract.flow("online-check").notes()).anyMatch(n -> n.contains("online"));
        for (String id : List.of("link", "link-out")) {
            List<String> notes = contract.flow(id).notes();
            assertThat(notes).anyMatch(n -> n.contains("different port"));
            assertThat(notes).anyMatch(n -> n.contains("do not need to open the other ports"));
            assertThat(notes).anyMatch(n -> n.contains("inspect or intercept TLS"));
        }
        assertThat(contract.notes()).anyMatch(n -> n.contains("All-in-One") && n.contains("monitored assets"));
        assertThat(contract.notes()).anyMatch(n -> n.contains("highly secure environment"));
        assertThat(contract.flows()).allMatch(f -> !f.release().isBlank());
    }

    @Test
    void allInOneHasNoLinkButCollectorsConsoleAndFeeds() {
        List<Flow> flows = contract.forDeployment(Mode.ALL_IN_ONE);
        assertThat(flows).noneMatch(f -> f.feature().equals("link"));
        assertThat(ids(flows)).contains("syslog-udp", "syslog-tcp", "syslog-tls", "relp", "hids", "snmp-trap", "snmp-poll",
                "api", "hids-deploy-rpc", "hids-deploy-smb", "hids-deploy-high", "scanner-socket", "updates", "maps-api",
                "maps-tiles", "messages", "otx", "reputation", "remote-support", "api-check", "online-check");
        assertThat(ids(flows)).doesNotContain("scanner-legacy");
    }

    @Test
    void serverHasLinkInboundApiAndItsFeeds() {
        List<Flow> flows = contract.forDeployment(Mode.SERVER);
        assertThat(find(flows, "link").direction()).isEqualTo(Flow.Direction.INBOUND);
        assertThat(find(flows, "link").port()).isEqualTo(33800);
        assertThat(ids(flows)).contains("api", "otx", "maps-api", "reputation", "updates", "online-check")
                .doesNotContain("link-out", "syslog-udp", "hids", "snmp-poll", "hids-deploy-rpc");
    }

    @Test
    void sensorHasLinkOutboundAndCollectors() {
        List<Flow> flows = contract.forDeployment(Mode.SENSOR);
        assertThat(find(flows, "link-out").direction()).isEqualTo(Flow.Direction.OUTBOUND);
        assertThat(find(flows, "link-out").peer()).isEqualTo("Server");
        assertThat(ids(flows)).contains("syslog-udp", "syslog-tcp", "syslog-tls", "relp", "hids", "snmp-trap", "snmp-poll",
                "hids-deploy-rpc", "updates").doesNotContain("link", "api", "otx", "maps-api");
    }

    @Test
    void withoutRemovesFeatures() {
        List<Flow> flows = contract.forDeployment(Mode.ALL_IN_ONE, Set.of("otx", "maps"), Map.of(), false);
        assertThat(flows).noneMatch(f -> f.hosts().contains("otx.alienvault.com"));
        assertThat(flows).noneMatch(f -> f.feature().equals("maps"));
        assertThat(ids(flows)).contains("reputation");
        assertThatThrownBy(() -> contract.forDeployment(Mode.SERVER, Set.of("otx", "bogus"), Map.of(), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bogus").hasMessageContaining("valid features").hasMessageContaining("remote-support");
    }

    @Test
    void linkPortOverrideChangesBothEnds() {
        Map<String, Integer> port = Map.of("link", 34000);
        assertThat(find(contract.forDeployment(Mode.SERVER, Set.of(), port, false), "link").port()).isEqualTo(34000);
        assertThat(find(contract.forDeployment(Mode.SENSOR, Set.of(), port, false), "link-out").port()).isEqualTo(34000);
        assertThat(contract.forDeployment(Mode.ALL_IN_ONE, Set.of(), port, false)).noneMatch(f -> f.feature().equals("link"));
        assertThat(contract.port("link")).as("the standard contract is unchanged").isEqualTo(33800);
        assertThatThrownBy(() -> contract.forDeployment(Mode.SERVER, Set.of(), Map.of("link", 70000), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("70000");
        assertThatThrownBy(() -> contract.forDeployment(Mode.SERVER, Set.of(), Map.of("hids-deploy", 5000), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("several ports");
    }

    @Test
    void legacyScannerOnlyWhenAskedFor() {
        assertThat(ids(contract.forDeployment(Mode.SENSOR, Set.of(), Map.of(), true))).contains("scanner-legacy", "scanner-socket");
        assertThat(ids(contract.forDeployment(Mode.ALL_IN_ONE, Set.of(), Map.of(), true))).contains("scanner-legacy");
        assertThat(ids(contract.forDeployment(Mode.SERVER, Set.of(), Map.of(), true))).doesNotContain("scanner-legacy");
    }

    @Test
    void modeAndFormatNames() {
        assertThat(Mode.parse("all-in-one")).isEqualTo(Mode.ALL_IN_ONE);
        assertThat(Mode.parse("Sensor")).isEqualTo(Mode.SENSOR);
        assertThatThrownBy(() -> Mode.parse("both")).hasMessageContaining("all-in-one, server, sensor");
        assertThat(Format.parse("nftables")).isEqualTo(Format.NFTABLES);
        assertThatThrownBy(() -> Format.parse("pf")).hasMessageContaining("table, nftables, iptables, json");
    }
}
