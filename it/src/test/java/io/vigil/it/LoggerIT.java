package io.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** util-linux's logger, the syslog sender on every Linux box, against a running Vigil. */
class LoggerIT {
    @TempDir Path tmp;

    @BeforeAll
    static void needsLogger() {
        Peers.require("logger", "bsdutils");
    }

    @Test
    void tenThousandTcpMessagesAreAllStoredFoundByFieldAndKeptAcrossARestart() throws Exception {
        Path data = tmp.resolve("data");
        Path lines = Peers.lines(tmp.resolve("lines.txt"), 10_000, i -> "session opened for user u" + (i % 50) + " seq=" + i);
        try (VigilProcess vigil = VigilProcess.start(data, Map.of())) {
            Peers.run(List.of("logger", "-n", "127.0.0.1", "-P", Integer.toString(vigil.port("syslog-tcp")), "-T",
                    "--rfc3164", "-t", "tcpit", "-p", "auth.notice", "-f", lines.toString()), null, 120);
            await().atMost(Duration.ofSeconds(90)).until(() -> vigil.count("app:tcpit") == 10_000);
            assertThat(vigil.count("app:tcpit AND u7")).as("a bare term searches the log").isEqualTo(200);
            assertThat(vigil.counter("syslog-tcp", "received")).isEqualTo(10_000);
            // searchable comes first (refresh, 500 ms); stored counts at the commit after (1 s)
            await().atMost(Duration.ofSeconds(10)).until(() -> vigil.counter("syslog-tcp", "stored") == 10_000);
            assertThat(vigil.stop()).as("SIGTERM is a clean stop").isIn(0, 143);
        }
        try (VigilProcess again = VigilProcess.start(data, Map.of())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> again.count("app:tcpit") == 10_000);
            List<JsonNode> all = again.all("app:tcpit");
            assertThat(all).hasSize(10_000);
            assertThat(all.stream().map(e -> e.path("id").asText()).distinct().count()).isEqualTo(10_000);
            JsonNode e = all.get(0);
            assertThat(e.path("facility").asInt()).isEqualTo(4); // auth
            assertThat(e.path("severity").asInt()).isEqualTo(5); // notice
            assertThat(e.path("collector").asText()).isEqualTo("syslog-tcp");
            assertThat(e.path("message").asText()).startsWith("session opened for user u");
        }
    }

    @Test
    void udpAndTcpInBothFormatsKeepTheirHeaderFields() throws Exception {
        try (VigilProcess vigil = VigilProcess.start(tmp.resolve("data"), Map.of())) {
            String udp = Integer.toString(vigil.port("syslog-udp"));
            String tcp = Integer.toString(vigil.port("syslog-tcp"));
            Path lines = Peers.lines(tmp.resolve("l.txt"), 200, i -> "login failure for root from 10.1.2." + i);
            Peers.run(List.of("logger", "-n", "127.0.0.1", "-P", udp, "-d", "--rfc3164", "-t", "udp3164", "-p", "local3.warning", "-f", lines.toString()), null, 60);
            Peers.run(List.of("logger", "-n", "127.0.0.1", "-P", udp, "-d", "--rfc5424", "-t", "udp5424", "--msgid", "LOGIN", "-f", lines.toString()), null, 60);
            Peers.run(List.of("logger", "-n", "127.0.0.1", "-P", tcp, "-T", "--octet-count", "--rfc5424", "-t", "tcp5424",
                    "--sd-id", "origin@32473", "--sd-param", "software=\"it\"", "-f", lines.toString()), null, 60);
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    vigil.count("app:udp3164") == 200 && vigil.count("app:udp5424") == 200 && vigil.count("app:tcp5424") == 200);
            assertThat(vigil.count("app:udp3164 AND facility:19 AND severity:4")).isEqualTo(200);
            assertThat(vigil.count("msgid:LOGIN")).isEqualTo(200);
            JsonNode e = vigil.get("/api/v1/events", Map.of("q", "app:tcp5424", "limit", "1")).path("events").get(0);
            assertThat(e.path("structured_data").asText()).contains("origin@32473").contains("software=\"it\"");
            assertThat(e.path("message").asText()).startsWith("login failure for root from 10.1.2.");
            String id = e.path("id").asText();
            assertThat(vigil.get("/api/v1/events/" + id, Map.of()).path("log").asText()).isEqualTo(e.path("log").asText());
        }
    }
}
