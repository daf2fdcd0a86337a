package io.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class PortsCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = new CommandLine(new PortsCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    private List<String> ids(String json) throws Exception {
        List<String> ids = new ArrayList<>();
        for (JsonNode f : new ObjectMapper().readTree(json).get("flows")) ids.add(f.get("id").asText());
        return ids;
    }

    @Test
    void defaultIsAllInOneTable() {
        assertThat(run()).isZero();
        assertThat(out.toString()).contains("mode all-in-one").contains("syslog-udp").contains("8443")
                .doesNotContain("33800");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void serverJsonWithoutOtxAndMovedLink() throws Exception {
        assertThat(run("--mode", "server", "--format", "json", "--without", "otx,maps", "--link-port", "34000")).isZero();
        String json = out.toString();
        assertThat(ids(json)).contains("link", "api", "reputation").doesNotContain("otx", "maps-api", "maps-tiles");
        assertThat(json).doesNotContain("otx.alienvault.com").contains("34000");
        assertThat(new ObjectMapper().readTree(json).get("mode").asText()).isEqualTo("server");
    }

    @Test
    void sensorNftablesWithLegacyScanner() {
        assertThat(run("--mode=sensor", "--format=nftables", "--with-legacy-scanner", "--link-port=34000")).isZero();
        assertThat(out.toString()).contains("table inet vigil {").contains("tcp dport 9391 accept")
                .contains("tcp dport 34000 accept").contains("udp dport 1514 accept");
    }

    @Test
    void iptablesFormat() {
        assertThat(run("--mode", "sensor", "--format", "iptables")).isZero();
        assertThat(out.toString()).contains("*filter").contains("--dport 1024:65535").endsWith("COMMIT\n");
    }

    @Test
    void invalidValuesExitWithTwoAndSayWhy() {
        assertThat(run("--mode", "both")).isEqualTo(2);
        assertThat(err.toString()).contains("--mode").contains("all-in-one, server, sensor");

        err.getBuffer().setLength(0);
        assertThat(run("--format", "pf")).isEqualTo(2);
        assertThat(err.toString()).contains("--format").contains("table, nftables, iptables, json");

        err.getBuffer().setLength(0);
        assertThat(run("--without", "otx,bogus")).isEqualTo(2);
        assertThat(err.toString()).contains("bogus").contains("valid features").contains("remote-support");

        err.getBuffer().setLength(0);
        assertThat(run("--link-port", "70000")).isEqualTo(2);
        assertThat(err.toString()).contains("--link-port").contains("70000");

        err.getBuffer().setLength(0);
        assertThat(run("--link-port", "abc")).isEqualTo(2);
        assertThat(err.toString()).contains("--link-port");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void helpListsTheChoices() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("all-in-one, server, sensor").contains("table, nftables, iptables, json");
    }
}
