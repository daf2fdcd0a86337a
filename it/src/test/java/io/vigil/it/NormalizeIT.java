package io.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real syslog senders through the normalization engine into the store, and content reload. */
class NormalizeIT {
    @TempDir Path tmp;

    private static void logger(VigilProcess vigil, String tag, String message) throws Exception {
        Peers.run(List.of("logger", "-n", "127.0.0.1", "-P", Integer.toString(vigil.port("syslog-tcp")), "-T", "--rfc5424", "-t", tag, message), null, 30);
    }

    @Test
    void eventsAreNormalizedSearchableByOssimFieldsAndNewContentIsPickedUpLive() throws Exception {
        Peers.require("logger", "bsdutils");
        Path content = Files.createDirectories(tmp.resolve("content"));
        try (VigilProcess vigil = VigilProcess.start(tmp.resolve("data"), Map.of("content.paths", content.toString(), "content.reload_interval", "500ms"))) {
            logger(vigil, "sshd", "Failed password for invalid user oracle from 203.0.113.9 port 52344 ssh2");
            logger(vigil, "sshd", "Accepted publickey for alice from 198.51.100.4 port 40000 ssh2");
            logger(vigil, "CEF", "0|Acme|Gateway|2.1|42|Blocked download|8|src=192.0.2.10 dst=10.1.1.1 dpt=443 suser=bob");
            await().atMost(Duration.ofSeconds(30)).until(() -> vigil.count("*") == 3);
            assertThat(vigil.count("plugin_id:4003 AND plugin_sid:1 AND src_ip:203.0.113.9 AND username:oracle AND src_port:52344")).isEqualTo(1);
            assertThat(vigil.count("plugin_id:4003 AND plugin_sid:8 AND username:alice")).isEqualTo(1);
            JsonNode failed = vigil.get("/api/v1/events", Map.of("q", "plugin_sid:1", "limit", "1")).path("events").get(0);
            assertThat(failed.path("priority").asInt()).isEqualTo(3);
            assertThat(failed.path("extra").path("sid_name").asText()).isEqualTo("sshd: failed authentication");
            assertThat(failed.path("log").asText()).as("the original is kept").startsWith("<13>1 ");
            assertThat(vigil.count("extra.decoder:cef AND src_ip:192.0.2.10 AND dst_port:443")).isEqualTo(1);
            JsonNode norm = vigil.status().path("normalization");
            assertThat(norm.path("plugins").path("sshd").path("matched").asLong()).isEqualTo(2);
            assertThat(norm.path("decoded").path("cef").asLong()).isEqualTo(1);
            assertThat(norm.path("content_errors").asInt()).isZero();

            // A plugin dropped into content.paths is live within the reload interval.
            Files.writeString(content.resolve("payments.cfg"), """
                    [DEFAULT]
                    plugin_id=9500

                    [config]
                    type=detector
                    enable=yes
                    source=log

                    [0001 - Refund]
                    regexp=payments(?:\\[\\d+\\])?: refund of (?P<amount>\\d+) to (?P<who>\\S+) approved by (?P<by>\\S+)
                    plugin_sid=1
                    username={$by}
                    userdata1={$amount}
                    userdata2={$who}
                    """);
            await().atMost(Duration.ofSeconds(20)).until(() -> vigil.status().path("normalization").path("plugin_count").asInt() == 10);
            logger(vigil, "payments", "refund of 9000 to acct-17 approved by mallory");
            await().atMost(Duration.ofSeconds(30)).until(() -> vigil.count("plugin_id:9500 AND username:mallory AND userdata1:9000") == 1);

            CliIT.Result reload = CliIT.cli("plugins", "reload", "--data", vigil.data().toString());
            assertThat(reload.exit()).as(reload.out()).isZero();
            assertThat(reload.out()).contains("reloaded: 10 plugins");

            // Reloads while events stream in lose nothing and leave none half-normalized.
            Path lines = Peers.lines(tmp.resolve("stream.txt"), 5000, i -> "refund of " + i + " to acct-" + i + " approved by bot");
            Process sender = new ProcessBuilder("logger", "-n", "127.0.0.1", "-P", Integer.toString(vigil.port("syslog-tcp")), "-T",
                    "-t", "payments", "-f", lines.toString()).redirectErrorStream(true).start();
            for (int i = 0; i < 3; i++) vigil.post("/api/v1/content/reload");
            assertThat(sender.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(60)).until(() -> vigil.count("app:payments AND username:bot") == 5000);
            assertThat(vigil.count("app:payments AND username:bot AND plugin_id:9500")).isEqualTo(5000);
        }
    }

    @Test
    void pluginsTestShowsTheRuleAndFieldsOrWhyNot() throws Exception {
        Path log = Files.writeString(tmp.resolve("auth.log"), """
                Nov 25 10:00:00 bastion sshd[811]: Failed password for root from 203.0.113.9 port 2222 ssh2
                Nov 25 10:00:01 bastion cron[5]: (root) CMD (run-parts /etc/cron.hourly)
                """);
        CliIT.Result table = CliIT.cli("plugins", "test", "sshd", log.toString());
        assertThat(table.exit()).as(table.out()).isZero();
        assertThat(table.out()).contains("matched [0001 - Failed password or publickey]").contains("src_ip       203.0.113.9")
                .contains("no rule matched").contains("1 of 2 lines matched sshd");
        CliIT.Result json = CliIT.cli("plugins", "test", "4003", log.toString(), "--format", "json");
        String first = json.out().lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow();
        JsonNode o = VigilProcess.JSON.readTree(first);
        assertThat(o.path("fields").path("username").asText()).isEqualTo("root");
        assertThat(o.path("fields").path("src_port").asText()).isEqualTo("2222");

        Path bad = Files.writeString(tmp.resolve("bad.cfg"), "[DEFAULT]\nplugin_id=1\n[config]\ntype=detector\nenable=yes\nsource=log\n[0001 - x]\nregexp=(?P<open\n");
        CliIT.Result broken = CliIT.cli("plugins", "test", bad.toString(), log.toString());
        assertThat(broken.exit()).isEqualTo(1);
        assertThat(broken.out()).contains("bad.cfg:8 [0001 - x]").contains("invalid Python regexp");

        CliIT.Result list = CliIT.cli("plugins", "list");
        assertThat(list.exit()).as(list.out()).isZero();
        assertThat(list.out()).contains("4003").contains("builtin:sshd.cfg").contains("9 plugins");
        CliIT.Result listBad = CliIT.cli("plugins", "list", bad.toString());
        assertThat(listBad.exit()).isEqualTo(1);
        assertThat(listBad.out()).contains("bad.cfg:8 [0001 - x]");
    }
}
