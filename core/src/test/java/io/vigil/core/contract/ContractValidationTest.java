package io.vigil.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ContractValidationTest {
    private static final String GOOD = """
            notes: [a note]
            flows:
              - id: first
                component: sensor
                direction: inbound
                peer: monitored assets
                protocol: udp
                ports: [514]
                feature: syslog
                feature_name: Syslog
                release: "-"
                source: vigil
            """;

    private static String withSecond(String body) {
        return GOOD + "  - id: second\n" + body.indent(4);
    }

    private static final String SECOND_OK = """
            component: server
            direction: outbound
            peer: Internet
            protocol: tcp
            ports: [443]
            hosts: [example.org]
            feature: feed
            feature_name: A feed
            release: All
            source: seed
            """;

    @Test
    void goodContractLoads() {
        NetworkContract c = NetworkContract.parse(withSecond(SECOND_OK), "test.yaml");
        assertThat(c.flows()).hasSize(2);
        assertThat(c.notes()).containsExactly("a note");
        assertThat(c.port("second")).isEqualTo(443);
    }

    @Test
    void duplicateIdNamesBothRows() {
        String text = GOOD + GOOD.substring(GOOD.indexOf("  - id: first"));
        assertThatThrownBy(() -> NetworkContract.parse(text, "test.yaml"))
                .isInstanceOf(ContractException.class)
                .hasMessageContaining("test.yaml").hasMessageContaining("flow #2 'first'").hasMessageContaining("duplicate id")
                .hasMessageContaining("flow #1");
    }

    @Test
    void portOutOfRangeNamesTheRow() {
        assertThatThrownBy(() -> NetworkContract.parse(withSecond(SECOND_OK.replace("[443]", "[70000]")), "test.yaml"))
                .isInstanceOf(ContractException.class)
                .hasMessageContaining("flow #2 'second'").hasMessageContaining("70000").hasMessageContaining("1-65535");
        assertThatThrownBy(() -> NetworkContract.parse(withSecond(SECOND_OK.replace("[443]", "[0]")), "test.yaml"))
                .hasMessageContaining("flow #2 'second'").hasMessageContaining("port 0");
        assertThatThrownBy(() -> NetworkContract.parse(withSecond(SECOND_OK.replace("[443]", "[\"2000-1000\"]")), "test.yaml"))
                .hasMessageContaining("flow #2 'second'").hasMessageContaining("backwards");
        assertThatThrownBy(() -> NetworkContract.parse(withSecond(SECOND_OK.replace("[443]", "[\"http\"]")), "test.yaml"))
                .hasMessageContaining("flow #2 'second'").hasMessageContaining("'http'");
    }

    @Test
    void unknownProtocolNamesTheRow() {
        assertThatThrownBy(() -> NetworkContract.parse(withSecond(SECOND_OK.replace("protocol: tcp", "protocol: sctp")), "test.yaml"))
                .isInstanceOf(ContractException.class)
                .hasMessageContaining("flow #2 'second'").hasMessageContaining("unknown protocol 'sctp'")
                .hasMessageContaining("tcp, udp, unix");
    }

    @Test
    void otherMistakesNameTheRow() {
        assertThatThrownBy(() -> NetworkContract.parse(withSecond(SECOND_OK.replace("component: server", "component: router")), "t"))
                .hasMessageContaining("flow #2 'second'").hasMessageContaining("component 'router'");
        assertThatThrownBy(() -> NetworkContract.parse(withSecond(SECOND_OK.replace("feature: feed\n", "")), "t"))
                .hasMessageContaining("flow #2 'second'").hasMessageContaining("missing 'feature'");
        assertThatThrownBy(() -> NetworkContract.parse(withSecond(SECOND_OK + "colour: red\n"), "t"))
                .hasMessageContaining("flow #2 'second'").hasMessageContaining("colour");
        assertThatThrownBy(() -> NetworkContract.parse(withSecond(SECOND_OK.replace("direction: outbound", "direction: inbound")), "t"))
                .hasMessageContaining("flow #2 'second'").hasMessageContaining("hosts");
        assertThatThrownBy(() -> NetworkContract.parse(withSecond(SECOND_OK.replace("protocol: tcp", "protocol: unix")), "t"))
                .hasMessageContaining("flow #2 'second'").hasMessageContaining("unix");
        assertThatThrownBy(() -> NetworkContract.parse(withSecond(SECOND_OK.replace("ports: [443]\n", "")), "t"))
                .hasMessageContaining("flow #2 'second'").hasMessageContaining("needs 'ports'");
        assertThatThrownBy(() -> NetworkContract.parse(GOOD.replace("id: first", "id: First_Row"), "t"))
                .hasMessageContaining("flow #1 'First_Row'").hasMessageContaining("kebab-case");
        assertThatThrownBy(() -> NetworkContract.parse(withSecond(SECOND_OK.replace("feature: feed", "feature: syslog")), "t"))
                .hasMessageContaining("flow #2 'second'").hasMessageContaining("feature 'syslog'");
    }

    @Test
    void brokenYamlIsReportedWithTheSource() {
        assertThatThrownBy(() -> NetworkContract.parse("flows: [ {id: x", "broken.yaml"))
                .isInstanceOf(ContractException.class).hasMessageContaining("broken.yaml");
        assertThatThrownBy(() -> NetworkContract.parse("notes: []\nflows: []\n", "empty.yaml"))
                .hasMessageContaining("empty.yaml").hasMessageContaining("flows");
        assertThatThrownBy(() -> NetworkContract.parse(GOOD + "flows: []\n", "dup.yaml"))
                .hasMessageContaining("dup.yaml").hasMessageContaining("flows");
    }
}
