package io.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `vigil directives list|test` as a content author runs them: on files, no instance. */
class DirectivesCliIT {
    @TempDir Path tmp;

    static final String DIRECTIVE = """
            <directive id="700001" name="Guessing against DST_IP" priority="3">
              <rule type="detector" name="a failure" reliability="1" from="ANY" to="ANY" port_from="ANY" port_to="ANY" plugin_id="4003" plugin_sid="1">
                <rules>
                  <rule type="detector" name="two more from the same source" reliability="5" occurrence="2" from="1:SRC_IP" to="ANY" port_from="ANY" port_to="ANY" time_out="60" plugin_id="4003" plugin_sid="1"/>
                </rules>
              </rule>
            </directive>
            """;

    @Test
    void listShowsEachDirectiveAndNamesFileAndLineOfWhatFails() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("content"));
        Files.writeString(dir.resolve("mine.xml"), DIRECTIVE);
        CliIT.Result ok = CliIT.cli("directives", "list", dir.toString());
        assertThat(ok.exit()).as(ok.out()).isZero();
        assertThat(ok.out()).contains("700001").contains("Guessing against DST_IP").contains("mine.xml:1").contains("900100");

        Files.writeString(dir.resolve("broken.xml"), """
                <directive id="700002" name="bad" priority="2">
                  <rule type="detector" name="x" plugin_id="4003" plugin_sid="1"
                        occurrence="many"/>
                </directive>
                <directive id="700003" name="fine" priority="2">
                  <rule type="detector" name="y" plugin_id="4003" plugin_sid="2"/>
                </directive>
                """);
        CliIT.Result bad = CliIT.cli("directives", "list", dir.toString());
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.out()).contains("broken.xml:3: directive 700002: occurrence=\"many\": not a whole number").contains("700003");

        CliIT.Result json = CliIT.cli("directives", "list", "--format", "json", dir.resolve("mine.xml").toString());
        assertThat(json.out()).contains("\"id\" : 700001").contains("\"levels\" : 2");
    }

    @Test
    void testShowsBacklogsLevelsAndWhyARuleDidNotTakeAnEvent() throws Exception {
        Path d = tmp.resolve("mine.xml");
        Files.writeString(d, DIRECTIVE);
        Path lines = tmp.resolve("auth.log");
        Files.writeString(lines, String.join("\n",
                "Dec  2 10:00:00 bastion sshd[811]: Failed password for root from 203.0.113.7 port 50001 ssh2",
                "Dec  2 10:00:01 bastion sshd[811]: Failed password for root from 198.51.100.9 port 50002 ssh2",
                "Dec  2 10:00:02 bastion sshd[811]: Failed password for root from 203.0.113.7 port 50003 ssh2",
                "Dec  2 10:00:03 bastion sshd[811]: Failed password for root from 203.0.113.7 port 50004 ssh2",
                "Dec  2 10:00:04 bastion sshd[811]: Accepted password for root from 203.0.113.7 port 50005 ssh2") + "\n");
        CliIT.Result r = CliIT.cli("directives", "test", d.toString(), lines.toString(), "--directive", "700001");
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out())
                .contains("opened   700001")
                .contains("counted  700001").contains("1 of 2")
                .contains("reached  700001").contains("[level 2: two more from the same source]: reliability 5")
                .contains("src_ip 198.51.100.9 is not from=\"1:SRC_IP\" (1:SRC_IP = 203.0.113.7)")
                .contains("plugin_sid 7 is not 1")
                .contains("5 events, 2 backlogs opened");

        CliIT.Result json = CliIT.cli("directives", "test", d.toString(), lines.toString(), "--format", "json", "--directive", "700001");
        assertThat(json.out()).contains("\"step\":\"reached\"").contains("\"level\":2");

        // events as the API gives them, one JSON object a line; a broken line is named and skipped
        Path events = tmp.resolve("events.jsonl");
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            jsonl.append("{\"time\":\"2026-12-02T10:00:0").append(i).append("Z\",\"plugin_id\":4003,\"plugin_sid\":1,\"src_ip\":\"192.0.2.5\",\"dst_ip\":\"10.0.0.5\"}\n");
            if (i == 0) jsonl.append("{\"plugin_id\": oops}\n");
        }
        Files.writeString(events, jsonl);
        CliIT.Result fromJson = CliIT.cli("directives", "test", d.toString(), events.toString(), "--directive", "700001");
        assertThat(fromJson.out()).contains("events.jsonl:2: not a JSON event")
                .contains("reached  700001").contains("[level 2: two more from the same source]")
                .contains("3 events, 1 backlogs opened");
    }

    @Test
    void theFixtureDirectivesListWithTheirTwoKnownErrors() throws Exception {
        Path f = Path.of(System.getProperty("vigil.fixtures", "../../shared/fixtures")).resolve("ossim/directives");
        assumeTrue(Files.isDirectory(f), "no fixtures at " + f + " (VIGIL_FIXTURES): skipped");
        CliIT.Result r = CliIT.cli("directives", "list", f.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("generic.xml:73: directive 2: id 2 is already used by").contains("no file user.xml beside directives.xml")
                .contains("50113").contains("monitor*");
    }

    /**
     * The feed's 30062 chooses events by taxonomy (product 5,10,12,13,14; category 3; subcategory
     * 30): the taxonomy package's plugin file gives snort (1001) product type 13; the fixtures hold
     * no snort sids, so the test writes two rows of that category the way a SID file does.
     */
    @Test
    void aFeedDirectiveChoosesEventsByTaxonomyFromTheContentsSql() throws Exception {
        Path fixtures = Path.of(System.getProperty("vigil.fixtures", "../../shared/fixtures")).resolve("ossim");
        assumeTrue(Files.isDirectory(fixtures), "no fixtures at " + fixtures + " (VIGIL_FIXTURES): skipped");
        Path sids = tmp.resolve("snort-scan.sql");
        Files.writeString(sids, """
                INSERT INTO plugin_sid (plugin_id, sid, category_id, subcategory_id, priority, reliability, name) VALUES
                  (1001, 2002677, 3, 30, 2, 1, 'ET SCAN Nikto Web App Scan in Progress'),
                  (1001, 2009479, 3, 30, 2, 1, 'ET SCAN Acunetix Version 6 Crawl/Scan Detected'),
                  (1001, 2000419, 7, 53, 2, 1, 'ET POLICY PE EXE Download');
                """);
        Path events = tmp.resolve("ids.jsonl");
        Files.writeString(events, String.join("\n",
                "{\"time\":\"2026-12-02T10:00:00Z\",\"plugin_id\":1001,\"plugin_sid\":2000419,\"src_ip\":\"198.51.100.9\",\"dst_ip\":\"10.0.0.8\"}",
                "{\"time\":\"2026-12-02T10:00:01Z\",\"plugin_id\":1001,\"plugin_sid\":2002677,\"src_ip\":\"198.51.100.9\",\"dst_ip\":\"10.0.0.8\"}",
                "{\"time\":\"2026-12-02T10:00:02Z\",\"plugin_id\":1001,\"plugin_sid\":2009479,\"src_ip\":\"198.51.100.9\",\"dst_ip\":\"10.0.0.8\"}") + "\n");
        CliIT.Result r = CliIT.cli("directives", "test", fixtures.resolve("directives/alienvault-scan.xml").toString(), events.toString(),
                "--directive", "30062", "--content", fixtures.resolve("taxonomy/ossim-taxonomy/alienvault-plugin.sql").toString(),
                "--content", sids.toString());
        assertThat(r.out())
                .contains("category 7 is not category=\"3\"")
                .contains("opened   30062")
                .contains("counted  30062").contains("1 of 5")
                .contains("3 events, 1 backlogs opened");
    }
}
