package io.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk with less free space than journal.min_free: input is refused with a counted,
 * visible reason; a RELP sender gets no acknowledgement (so it keeps the message); the
 * journal stays intact.
 */
class DiskFullIT {
    @TempDir Path tmp;

    @Test
    void aFullDiskRefusesInputVisiblyAndAcknowledgesNothing() throws Exception {
        // More free space than any test machine has: the journal behaves as on a full disk.
        try (VigilProcess vigil = VigilProcess.start(tmp.resolve("data"), Map.of("journal.min_free", "1000000GiB"))) {
            Peers.run(List.of("logger", "-n", "127.0.0.1", "-P", Integer.toString(vigil.port("syslog-tcp")), "-T", "-t", "fulldisk", "lost but counted"), null, 30);
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    vigil.status().path("collectors").path("syslog-tcp").path("dropped").path("disk_low").asLong() == 1);
            JsonNode journal = vigil.status().path("journal");
            assertThat(journal.path("refusing").asText()).isEqualTo("disk_low");
            assertThat(journal.path("refused").path("disk_low").asLong()).isPositive();

            try (Socket s = new Socket("127.0.0.1", vigil.port("relp"))) {
                s.setSoTimeout(10_000);
                OutputStream out = s.getOutputStream();
                String offers = "relp_version=0\nrelp_software=test\ncommands=syslog";
                out.write(("1 open " + offers.length() + " " + offers + "\n").getBytes(StandardCharsets.US_ASCII));
                String msg = "<13>Nov 25 10:00:00 h fulldisk: must be kept by the sender";
                out.write(("2 syslog " + msg.length() + " " + msg + "\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = s.getInputStream();
                String answers = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
                assertThat(answers).startsWith("1 rsp ").contains("serverclose").doesNotContain("2 rsp");
            }
            assertThat(vigil.count("fulldisk")).isZero();
            assertThat(vigil.log()).doesNotContain("Exception in thread");
        }
        // Nothing half-written: the journal holds no records at all, and opens cleanly.
        try (Stream<Path> segs = Files.list(tmp.resolve("data/journal"))) {
            assertThat(segs.filter(p -> p.toString().endsWith(".seg")).mapToLong(p -> p.toFile().length()).sum()).isZero();
        }
    }
}
