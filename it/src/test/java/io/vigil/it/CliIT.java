package io.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `vigil search` and `vigil status` as a user runs them: finding the instance through --data. */
class CliIT {
    @TempDir Path tmp;

    record Result(int exit, String out) {}

    static Result cli(String... args) throws Exception {
        List<String> cmd = VigilProcess.vigilCommand();
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    @Test
    void searchAndStatusFindTheInstanceThroughItsDataDirectory() throws Exception {
        Path data = tmp.resolve("data");
        try (VigilProcess vigil = VigilProcess.start(data, Map.of())) {
            // today's date, so that --since below finds them whatever day the test runs
            String stamp = java.time.format.DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", java.util.Locale.ROOT)
                    .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC));
            try (Socket s = new Socket("127.0.0.1", vigil.port("syslog-tcp")); OutputStream out = s.getOutputStream()) {
                out.write(("<34>" + stamp + " fw01 kernel: DROP IN=eth0 SRC=203.0.113.7\n").getBytes(StandardCharsets.US_ASCII));
                // A hostile line: terminal escape sequences must not reach the user's terminal.
                out.write(("<34>" + stamp + " fw01 evil: \u001b]0;pwned\u0007\u001b[2J cleared your screen\n").getBytes(StandardCharsets.UTF_8));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> vigil.count("host:fw01") == 2);

            Result table = cli("search", "host:fw01", "--data", data.toString());
            assertThat(table.exit()).as(table.out()).isZero();
            assertThat(table.out()).contains("kernel").contains("DROP IN=eth0").contains("2 of 2 matching events");
            assertThat(table.out()).doesNotContain("\u001b").contains("\\x1b]0;pwned\\x07");

            Result count = cli("search", "203.0.113.7", "--count", "--data", data.toString());
            assertThat(count.out().trim()).isEqualTo("1");

            Result json = cli("search", "app:kernel", "--format", "json", "--limit", "5", "--since", "1d", "--data", data.toString());
            JsonNode result = VigilProcess.JSON.readTree(json.out());
            assertThat(result.path("events").get(0).path("message").asText()).isEqualTo("DROP IN=eth0 SRC=203.0.113.7");

            Result status = cli("status", "--format", "json", "--data", data.toString());
            JsonNode s = VigilProcess.JSON.readTree(status.out());
            assertThat(s.path("collectors").path("syslog-tcp").path("stored").asLong()).isEqualTo(2);
            assertThat(s.path("store").path("rejected").asLong()).isZero();
            assertThat(s.path("store").path("blocks_read").asLong()).as("the searches above read the block").isPositive();
            Result statusTable = cli("status", "--data", data.toString());
            assertThat(statusTable.out()).contains("syslog-tcp").contains("RECEIVED").contains("journal: process durability")
                    .contains("events refused by the store: 0").contains("blocks read by searches: ");

            Result remote = cli("search", "*", "--count", "--api", vigil.apiUrl(), "--token", "vgl_wrong",
                    "--ca", data.resolve("tls/api.crt").toString());
            assertThat(remote.exit()).isEqualTo(1);
            assertThat(remote.out()).contains("401");

            Result bad = cli("search", "app:(", "--data", data.toString());
            assertThat(bad.exit()).isEqualTo(1);
            assertThat(bad.out()).contains("400").doesNotContain("at io.vigil");
        }
        Result none = cli("status", "--data", data.toString());
        assertThat(none.exit()).isEqualTo(1);
        assertThat(none.out()).contains("no running instance found in").contains("vigil all-in-one --data");
    }
}
