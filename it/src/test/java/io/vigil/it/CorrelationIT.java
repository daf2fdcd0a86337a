package io.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OSSIM's own content end to end: syslog from logger, normalized by the fixture ssh plugin,
 * correlated by the fixture directive 50113 (SSH brute force), alarms in the state store.
 * Expected levels and risks are worked out by hand from the files (alienvault-bruteforce.xml):
 * <pre>
 *   50113, priority 4
 *   level 1: plugin 4003 sid 1, reliability 1
 *   level 2: 5 more from 1:SRC_IP to 1:DST_IP within 30 s, reliability 2
 *   level 3: 10 more within 60 s, reliability 4
 *   risk = floor(priority x asset value x reliability / 25), source and destination
 *   target's asset value 5, attacker unknown (2):
 *   level 2: attack floor(4 x 5 x 2 / 25) = 1, compromise floor(4 x 2 x 2 / 25) = 0 -> alarm, risk 1
 *   level 3: attack floor(4 x 5 x 4 / 25) = 3, compromise floor(4 x 2 x 4 / 25) = 1 -> risk 3
 * </pre>
 */
class CorrelationIT {
    static final int DIRECTIVE = 50113;
    @TempDir Path tmp;

    static Path fixtures() {
        return Path.of(System.getProperty("vigil.fixtures", "../../shared/fixtures"));
    }

    private static void logger(VigilProcess vigil, String message) throws Exception {
        Peers.run(List.of("logger", "-n", "127.0.0.1", "-P", Integer.toString(vigil.port("syslog-tcp")), "-T", "--rfc5424", "--id=4242",
                "-t", "sshd", message), null, 30);
    }

    static JsonNode alarmFrom(VigilProcess vigil, String src) throws Exception {
        for (JsonNode a : vigil.get("/api/v1/alarms", Map.of("directive", Integer.toString(DIRECTIVE), "address", src)).path("alarms")) return a;
        return null;
    }

    @Test
    void anSshBruteForceRaisesTheFeedsAlarmAtTheLevelAndRiskOfTheFilesAndASuppressionStopsTheNext() throws Exception {
        Peers.require("logger", "bsdutils");
        Path f = fixtures();
        assumeTrue(Files.isDirectory(f.resolve("ossim/directives")), "no fixtures at " + f + " (VIGIL_FIXTURES): OSSIM content scenario skipped");
        String content = String.join(",", f.resolve("ossim/plugins").toString(), f.resolve("ossim/plugin_sids").toString(),
                f.resolve("ossim/agent").toString(), f.resolve("ossim/directives").toString());
        try (VigilProcess vigil = VigilProcess.start(tmp.resolve("data"), Map.of("content.paths", content, "correlation.lateness", "2s"))) {
            JsonNode corr = vigil.status().path("correlation");
            assertThat(corr.path("content_errors").asInt()).as("the feed and the 2.1 set load (2 known errors: a duplicate id, a missing template include)").isEqualTo(2);
            // The host logger writes into the header is what the ssh plugin makes the destination.
            logger(vigil, "Accepted password for alice from 198.51.100.200 port 50000 ssh2");
            await().atMost(Duration.ofSeconds(30)).until(() -> vigil.count("plugin_id:4003") == 1);
            String target = vigil.get("/api/v1/events", Map.of("q", "plugin_id:4003")).path("events").get(0).path("dst_ip").asText();
            vigil.post("/api/v1/assets", Map.of("hostname", target, "addresses", List.of("192.0.2.250"), "value", 5));

            for (int i = 0; i < 16; i++) logger(vigil, "Failed password for root from 203.0.113.7 port 4711 ssh2");
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                JsonNode a = alarmFrom(vigil, "203.0.113.7");
                return a != null && a.path("level").asInt() == 3;
            });
            JsonNode alarm = alarmFrom(vigil, "203.0.113.7");
            assertThat(alarm.path("risk").asInt()).isEqualTo(3);
            assertThat(alarm.path("risk_attack").asInt()).isEqualTo(3);
            assertThat(alarm.path("risk_compromise").asInt()).isEqualTo(1);
            assertThat(alarm.path("events").asInt()).isEqualTo(16);
            assertThat(alarm.path("title").asText()).isEqualTo("AV-FREE-FEED Bruteforce attack, SSH service authentication attack against " + target);
            JsonNode detail = vigil.get("/api/v1/alarms/" + alarm.path("id").asText(), Map.of());
            assertThat(detail.path("levels")).extracting(l -> l.path("level").asInt()).containsExactly(1, 2, 3);
            assertThat(detail.path("levels").get(1).path("risk_attack").asInt()).isEqualTo(1);
            // every event of the alarm is a stored event
            for (JsonNode id : detail.path("events")) assertThat(vigil.count("id:" + id.asText())).isEqualTo(1);
            // the directive events are stored and searchable (at the store's next refresh: the alarm can be read before)
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(vigil.count("plugin_id:1505 AND plugin_sid:" + DIRECTIVE)).isEqualTo(2));

            JsonNode acked = vigil.post("/api/v1/alarms/" + alarm.path("id").asText() + "/status", Map.of("status", "acknowledged", "comment", "on it"));
            assertThat(acked.path("alarm").path("status").asText()).isEqualTo("acknowledged");
            CliIT.Result cli = CliIT.cli("alarms", "--status", "acknowledged", "--data", vigil.data().toString());
            assertThat(cli.exit()).as(cli.out()).isZero();
            assertThat(cli.out()).contains(alarm.path("id").asText()).contains("SSH service authentication attack");

            // A line no plugin normalizes and no rule can use is stored, but never waits in the reorder buffer.
            long passed = vigil.status().path("correlation").path("passed").asLong();
            Peers.run(List.of("logger", "-n", "127.0.0.1", "-P", Integer.toString(vigil.port("syslog-tcp")), "-T", "-t", "app", "a line nothing here can use"), null, 30);
            await().atMost(Duration.ofSeconds(30)).until(() -> vigil.status().path("correlation").path("passed").asLong() == passed + 1);
            CliIT.Result status = CliIT.cli("status", "--data", vigil.data().toString());
            assertThat(status.out()).contains((passed + 1) + " passed");

            // An analyst says: our own scanner in 198.51.100.0/24 is not an attack.
            vigil.post("/api/v1/suppressions", Map.of("directive_id", DIRECTIVE, "src", "198.51.100.0/24", "reason", "internal audit", "expires_in", "1d"));
            for (int i = 0; i < 16; i++) logger(vigil, "Failed password for root from 198.51.100.9 port 4711 ssh2");
            await().atMost(Duration.ofSeconds(60)).until(() -> vigil.status().path("correlation").path("alarms_suppressed").asLong() >= 2);
            assertThat(alarmFrom(vigil, "198.51.100.9")).isNull();
            assertThat(vigil.get("/api/v1/suppressions", Map.of()).get(0).path("suppressed").asLong()).isEqualTo(1);
            assertThat(vigil.count("src_ip:198.51.100.9 AND plugin_id:4003")).isEqualTo(16); // the events themselves are kept
        }
    }

    /**
     * Vigil's own port-scan directive (900102, priority 3) on its netfilter plugin, no fixtures:
     * 1 refused packet from outside HOME_NET to HOME_NET, then 10 more on 10 new ports, reliability 5.
     * Target valued 5: attack floor(3 x 5 x 5 / 25) = 3; scanner unknown (2): compromise floor(3 x 2 x 5 / 25) = 1.
     */
    @Test
    void aPortScanFromOutsideHomeNetIsScoredWithTheAssetValues() throws Exception {
        Peers.require("logger", "bsdutils");
        try (VigilProcess vigil = VigilProcess.start(tmp.resolve("data"), Map.of("correlation.lateness", "2s"))) {
            vigil.post("/api/v1/networks", Map.of("name", "lan", "cidr", "10.0.0.0/8", "home", true, "value", 2));
            vigil.post("/api/v1/assets", Map.of("hostname", "db01", "addresses", List.of("10.0.0.5"), "value", 5));
            for (int port = 1; port <= 11; port++) {
                Peers.run(List.of("logger", "-n", "127.0.0.1", "-P", Integer.toString(vigil.port("syslog-tcp")), "-T", "--rfc5424", "-t", "kernel",
                        "DROP IN=eth0 OUT= SRC=198.51.100.23 DST=10.0.0.5 LEN=60 PROTO=TCP SPT=40000 DPT=" + (1000 + port)), null, 30);
            }
            // a probe from inside HOME_NET is no scan from outside
            Peers.run(List.of("logger", "-n", "127.0.0.1", "-P", Integer.toString(vigil.port("syslog-tcp")), "-T", "--rfc5424", "-t", "kernel",
                    "DROP IN=eth0 OUT= SRC=10.9.9.9 DST=10.0.0.5 LEN=60 PROTO=TCP SPT=40000 DPT=22"), null, 30);
            await().atMost(Duration.ofSeconds(60)).until(() -> vigil.get("/api/v1/alarms", Map.of("directive", "900102")).path("alarms").size() == 1);
            JsonNode alarm = vigil.get("/api/v1/alarms", Map.of("directive", "900102")).path("alarms").get(0);
            assertThat(alarm.path("title").asText()).isEqualTo("Vigil: port scan against 10.0.0.5 from 198.51.100.23");
            assertThat(alarm.path("level").asInt()).isEqualTo(2);
            assertThat(alarm.path("risk_attack").asInt()).isEqualTo(3);
            assertThat(alarm.path("risk_compromise").asInt()).isEqualTo(1);
            assertThat(alarm.path("events").asInt()).isEqualTo(11);
            await().atMost(Duration.ofSeconds(30)).until(() -> vigil.count("src_ip:10.9.9.9") == 1);
            assertThat(vigil.status().path("correlation").path("backlogs_opened").asLong()).isEqualTo(1);
        }
    }

    @Test
    void theSameEventsOutOfOrderWithinTheLatenessGiveTheSameAlarm() throws Exception {
        Path f = fixtures();
        assumeTrue(Files.isDirectory(f.resolve("ossim/directives")), "no fixtures at " + f + " (VIGIL_FIXTURES): OSSIM content scenario skipped");
        String content = String.join(",", f.resolve("ossim/plugins").toString(), f.resolve("ossim/plugin_sids").toString(),
                f.resolve("ossim/agent").toString(), f.resolve("ossim/directives").toString());
        try (VigilProcess vigil = VigilProcess.start(tmp.resolve("data"), Map.of("content.paths", content, "correlation.lateness", "3s"))) {
            // 16 failures 100 ms apart in event time, sent with each shuffled among its neighbours
            // by up to 1.5 s (less than the lateness), over one TCP connection as RFC 5424 lines
            Instant base = Instant.now().minusSeconds(20);
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                lines.add("<38>1 " + base.plusMillis(100L * i) + " bastion sshd 4242 - - Failed password for root from 192.0.2.77 port 4711 ssh2");
            }
            List<String> sent = new ArrayList<>(lines);
            Random random = new Random(7);
            for (int i = 0; i < sent.size(); i++) Collections.swap(sent, i, Math.min(sent.size() - 1, i + random.nextInt(15)));
            assertThat(sent).isNotEqualTo(lines);
            try (Socket s = new Socket("127.0.0.1", vigil.port("syslog-tcp")); OutputStream out = s.getOutputStream()) {
                for (String l : sent) out.write((l + "\n").getBytes(StandardCharsets.UTF_8));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                JsonNode a = alarmFrom(vigil, "192.0.2.77");
                return a != null && a.path("level").asInt() == 3;
            });
            JsonNode alarm = alarmFrom(vigil, "192.0.2.77");
            // as in order: level 3 after 1 + 5 + 10 events; the target (bastion) is worth 2 here:
            // attack and compromise floor(4 x 2 x 4 / 25) = 1
            assertThat(alarm.path("events").asInt()).isEqualTo(16);
            assertThat(alarm.path("risk").asInt()).isEqualTo(1);
            assertThat(vigil.status().path("correlation").path("late").asLong()).isZero();
        }
    }
}
