package io.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sigma end to end: lines from logger, normalized by Vigil's own pack, the fixture SigmaHQ rule
 * "Suspicious OpenSSH Daemon Error" (lnx_sshd_susp_ssh.yml: linux/sshd keywords, level medium,
 * tags attack.initial-access and attack.t1190) and a correlation rule written here (five failed
 * passwords from one source within five minutes), alarms in the state store, a retro-hunt.
 */
class SigmaIT {
    static final String SSHD_RULE = "e76b413a-83d0-4b94-8e4c-85db4a5b8bdc";
    @TempDir Path tmp;

    static final String FAILED_LOGINS = """
            title: Failed SSH password
            id: 5f1f6a4e-0c8a-4d0b-9d7e-0a6a1a4b7c01
            name: ssh_failed_password
            status: test
            logsource:
                product: linux
                service: sshd
            detection:
                keywords:
                    - 'Failed password for'
                condition: keywords
            level: low
            ---
            title: SSH password guessing from one source
            id: 5f1f6a4e-0c8a-4d0b-9d7e-0a6a1a4b7c02
            status: test
            correlation:
                type: event_count
                rules:
                    - ssh_failed_password
                group-by:
                    - SourceIp
                timespan: 5m
                condition:
                    gte: 5
            level: high
            tags:
                - attack.credential-access
                - attack.t1110.001
            """;

    private static void logger(VigilProcess vigil, String tag, String message) throws Exception {
        Peers.run(List.of("logger", "-n", "127.0.0.1", "-P", Integer.toString(vigil.port("syslog-tcp")), "-T", "--rfc5424", "-t", tag, message), null, 30);
    }

    private static List<JsonNode> alarms(VigilProcess vigil, String rule) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode a : vigil.get("/api/v1/alarms", Map.of("rule", rule)).path("alarms")) out.add(a);
        return out;
    }

    static final String WINDOWS_RULE = """
            title: Network logon failure for the administrator
            id: 5f1f6a4e-0c8a-4d0b-9d7e-0a6a1a4b7c10
            status: test
            logsource:
                product: windows
                service: security
            detection:
                selection:
                    EventID: 4625
                    LogonType: 3
                    TargetUserName: administrator
                condition: selection
            level: medium
            """;

    /** A Windows event rendered as XML, as Event Viewer and wevtutil write it, sent by logger over TCP. */
    static String windowsXml(String time, String user, String address) {
        return "<Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\"><System>"
                + "<Provider Name=\"Microsoft-Windows-Security-Auditing\" Guid=\"{54849625-5478-4994-a5ba-3e3b0328c30d}\"/>"
                + "<EventID>4625</EventID><TimeCreated SystemTime=\"" + time + "\"/><Channel>Security</Channel>"
                + "<Computer>dc01.corp.example</Computer><Security/></System><EventData>"
                + "<Data Name=\"TargetUserName\">" + user + "</Data><Data Name=\"TargetDomainName\">CORP</Data>"
                + "<Data Name=\"LogonType\">3</Data><Data Name=\"IpAddress\">" + address + "</Data>"
                + "<Data Name=\"Status\">0xc000006d</Data></EventData></Event>";
    }

    @Test
    void windowsEventsAsXmlReachTheWindowsRules() throws Exception {
        Peers.require("logger", "bsdutils");
        Path rules = Files.createDirectories(tmp.resolve("rules"));
        Files.writeString(rules.resolve("windows-logon.yml"), WINDOWS_RULE);
        try (VigilProcess vigil = VigilProcess.start(tmp.resolve("data"), Map.of("content.paths", rules.toString(), "correlation.lateness", "1s"))) {
            String now = java.time.Instant.now().toString();
            logger(vigil, "winlog", windowsXml(now, "administrator", "203.0.113.77"));
            logger(vigil, "winlog", windowsXml(now, "alice", "203.0.113.78")); // the rule names another user

            await().atMost(Duration.ofSeconds(30)).until(() -> vigil.count("extra.decoder:windows-xml") == 2);
            assertThat(vigil.count("userdata1:4625 AND userdata2:Security AND username:administrator AND src_ip:203.0.113.77 AND host:dc01.corp.example"))
                    .isEqualTo(1);
            await().atMost(Duration.ofSeconds(30)).until(() -> alarms(vigil, "5f1f6a4e-0c8a-4d0b-9d7e-0a6a1a4b7c10").size() == 1);
            JsonNode alarm = alarms(vigil, "5f1f6a4e-0c8a-4d0b-9d7e-0a6a1a4b7c10").get(0);
            assertThat(alarm.toString()).contains("203.0.113.77").doesNotContain("203.0.113.78");
        }
    }

    @Test
    void aFixtureRuleAndACorrelationRuleRaiseAlarmsAndAHuntFindsTheEvents() throws Exception {
        Peers.require("logger", "bsdutils");
        Path fixture = CorrelationIT.fixtures().resolve("sigma/rules/rules/linux/builtin/sshd/lnx_sshd_susp_ssh.yml");
        assumeTrue(Files.isRegularFile(fixture), "no fixtures at " + fixture + " (VIGIL_FIXTURES): Sigma scenario skipped");
        Path rules = Files.createDirectories(tmp.resolve("rules"));
        Files.writeString(rules.resolve("ssh-guessing.yml"), FAILED_LOGINS);
        try (VigilProcess vigil = VigilProcess.start(tmp.resolve("data"), Map.of("content.paths", fixture + "," + rules, "correlation.lateness", "1s"))) {
            JsonNode sigma = vigil.status().path("correlation").path("sigma");
            assertThat(sigma.path("rules").asInt()).isEqualTo(2);
            assertThat(sigma.path("correlation_rules").asInt()).isEqualTo(1);
            assertThat(sigma.path("content_errors").asInt()).isZero();

            // the fixture rule: one line it describes raises its alarm, with its title, level and tags
            logger(vigil, "sshd", "fatal: Corrupted MAC on input. [preauth]");
            await().atMost(Duration.ofSeconds(30)).until(() -> alarms(vigil, SSHD_RULE).size() == 1);
            JsonNode a = alarms(vigil, SSHD_RULE).get(0);
            assertThat(a.path("title").asText()).isEqualTo("Suspicious OpenSSH Daemon Error");
            assertThat(a.path("rule_source").asText()).isEqualTo("sigma");
            assertThat(a.path("rule_level").asText()).isEqualTo("medium");
            assertThat(a.path("tags")).extracting(JsonNode::asText).containsExactly("attack.initial-access", "attack.t1190");
            assertThat(a.path("priority").asInt()).isEqualTo(3);
            // priority 3 (medium), reliability 10, unknown assets (2): floor(3 x 2 x 10 / 25) = 2
            assertThat(a.path("risk").asInt()).isEqualTo(2);
            JsonNode detail = vigil.get("/api/v1/alarms/" + a.path("id").asText(), Map.of());
            assertThat(detail.path("events")).hasSize(1);
            assertThat(vigil.count("id:" + detail.path("events").get(0).asText())).isEqualTo(1);

            // the correlation: 5 failures from one source cross the threshold once; 4 from another do not
            for (int i = 0; i < 5; i++) logger(vigil, "sshd", "Failed password for root from 203.0.113.50 port " + (40000 + i) + " ssh2");
            for (int i = 0; i < 4; i++) logger(vigil, "sshd", "Failed password for root from 203.0.113.51 port " + (40000 + i) + " ssh2");
            String corr = "5f1f6a4e-0c8a-4d0b-9d7e-0a6a1a4b7c02";
            await().atMost(Duration.ofSeconds(30)).until(() -> vigil.status().path("correlation").path("sigma").path("rule_matches").asLong() >= 10);
            await().atMost(Duration.ofSeconds(30)).until(() -> alarms(vigil, corr).size() == 1);
            JsonNode c = alarms(vigil, corr).get(0);
            assertThat(c.path("title").asText()).isEqualTo("SSH password guessing from one source");
            assertThat(c.path("src_ip").asText()).isEqualTo("203.0.113.50");
            assertThat(c.path("rule_level").asText()).isEqualTo("high");
            assertThat(c.path("events").asInt()).isEqualTo(5);
            assertThat(c.path("tags")).extracting(JsonNode::asText).contains("attack.t1110.001");
            // the detection rule alone does not alert (generate is false), and 203.0.113.51 never crossed
            assertThat(alarms(vigil, "5f1f6a4e-0c8a-4d0b-9d7e-0a6a1a4b7c01")).isEmpty();
            assertThat(vigil.get("/api/v1/alarms", Map.of("address", "203.0.113.51")).path("alarms")).isEmpty();

            // a suppression of the fixture rule stops what it would raise next (here: the open alarm's update)
            JsonNode suppression = vigil.post("/api/v1/suppressions", Map.of("rule_id", SSHD_RULE, "reason", "lab box", "expires_in", "1h"));
            logger(vigil, "sshd-lab", "Corrupted MAC on input");
            logger(vigil, "sshd", "error: Corrupted MAC on input from 198.51.100.77");
            await().atMost(Duration.ofSeconds(30)).until(() -> vigil.status().path("correlation").path("sigma").path("alarms_suppressed").asLong() >= 1);
            assertThat(alarms(vigil, SSHD_RULE)).singleElement().satisfies(x -> assertThat(x.path("events").asInt()).isEqualTo(1));

            // retro-hunt over the last hour: both Corrupted MAC lines of sshd, no alarm raised by it
            int before = vigil.get("/api/v1/alarms", Map.of()).path("alarms").size();
            CliIT.Result hunt = CliIT.cli("rules", "hunt", fixture.toString(), "--since", "1h", "--data", vigil.data().toString(), "--format", "json");
            assertThat(hunt.exit()).as(hunt.out()).isZero();
            JsonNode h = com.fasterxml.jackson.databind.json.JsonMapper.builder().build().readTree(hunt.out());
            assertThat(h.path("state").asText()).isEqualTo("done");
            assertThat(h.path("matches").asInt()).isEqualTo(2);
            assertThat(h.path("scanned").asLong()).isGreaterThanOrEqualTo(12);
            assertThat(h.path("results")).allSatisfy(m -> assertThat(m.path("rule").asText()).isEqualTo(SSHD_RULE));
            assertThat(vigil.get("/api/v1/alarms", Map.of()).path("alarms").size()).isEqualTo(before);

            // asked to, a hunt raises its alarm, stored by the time the hunt reports done (the suppression lifted first)
            assertThat(vigil.send("DELETE", "/api/v1/suppressions/" + suppression.path("id").asText(), null).statusCode()).isBetween(200, 299);
            CliIT.Result raised = CliIT.cli("rules", "hunt", fixture.toString(), "--since", "1h", "--raise-alarms",
                    "--data", vigil.data().toString(), "--format", "json");
            assertThat(raised.exit()).as(raised.out()).isZero();
            JsonNode after = vigil.get("/api/v1/alarms", Map.of()).path("alarms");
            assertThat(after.size()).isGreaterThan(before);
            assertThat(alarms(vigil, SSHD_RULE)).hasSizeGreaterThan(1);
        }
    }
}
