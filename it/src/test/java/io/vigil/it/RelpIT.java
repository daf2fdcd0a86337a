package io.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's rsyslog, run by the test with its own configuration, forwarding with omrelp to
 * Vigil, which is killed with SIGKILL halfway and restarted: every message stored once.
 */
class RelpIT {
    private static final int MESSAGES = 100_000;

    @TempDir Path tmp;

    @BeforeAll
    static void needsRsyslog() {
        Peers.require("rsyslogd", "rsyslog");
        Peers.require("logger", "bsdutils");
        Path omrelp = Path.of("/usr/lib/x86_64-linux-gnu/rsyslog/omrelp.so");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(omrelp) || Files.exists(Path.of("/usr/lib/aarch64-linux-gnu/rsyslog/omrelp.so")),
                "rsyslog's omrelp is not installed (Debian package rsyslog-relp; .ci/run installs it)");
    }

    @Test
    void aHundredThousandMessagesThroughOmrelpSurviveSigkillExactlyOnce() throws Exception {
        Path data = tmp.resolve("data");
        int relpPort = VigilProcess.freePort();
        int rsyslogPort = VigilProcess.freePort();
        Map<String, String> settings = Map.of("relp.port", Integer.toString(relpPort), "durability", "process");
        VigilProcess vigil = VigilProcess.start(data, settings);
        Process rsyslog = startRsyslog(rsyslogPort, relpPort);
        try {
            Path lines = Peers.lines(tmp.resolve("lines.txt"), MESSAGES, i -> "relp message seq=" + i + " " + "p".repeat(i % 40));
            Process sender = new ProcessBuilder("logger", "-n", "127.0.0.1", "-P", Integer.toString(rsyslogPort), "-T",
                    "-t", "relpit", "-f", lines.toString()).redirectErrorStream(true).start();

            VigilProcess first = vigil;
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                    .until(() -> first.counter("relp", "journaled") >= MESSAGES / 3);
            long journaledAtKill = first.counter("relp", "journaled");
            vigil.kill();
            assertThat(journaledAtKill).as("killed in the middle of the stream").isLessThan(MESSAGES);
            Thread.sleep(1500); // rsyslog notices, suspends the action and keeps queueing
            vigil = VigilProcess.start(data, settings);

            assertThat(sender.waitFor(180, TimeUnit.SECONDS)).isTrue();
            VigilProcess second = vigil;
            await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> second.count("app:relpit") >= MESSAGES);
            Thread.sleep(2000); // anything late would be a duplicate: give it the chance to show
            List<JsonNode> all = vigil.all("app:relpit");
            Set<Integer> seqs = new HashSet<>();
            Pattern seq = Pattern.compile("seq=(\\d+)");
            for (JsonNode e : all) {
                Matcher m = seq.matcher(e.path("message").asText());
                assertThat(m.find()).isTrue();
                assertThat(seqs.add(Integer.parseInt(m.group(1)))).as("seq %s stored once", m.group(1)).isTrue();
            }
            assertThat(seqs).hasSize(MESSAGES);
            JsonNode relp = vigil.status().path("collectors").path("relp");
            System.out.printf("RelpIT: killed after %d journaled; after restart: %s%n", journaledAtKill, relp);
            assertThat(all).hasSize(MESSAGES);
        } finally {
            rsyslog.destroy();
            rsyslog.waitFor(10, TimeUnit.SECONDS);
            vigil.close();
        }
    }

    private Process startRsyslog(int listenPort, int relpPort) throws Exception {
        Path work = Files.createDirectories(tmp.resolve("rsyslog"));
        Path conf = work.resolve("rsyslog.conf");
        Files.writeString(conf, """
                global(workDirectory="%s")
                module(load="imtcp")
                module(load="omrelp")
                input(type="imtcp" address="127.0.0.1" port="%d")
                action(type="omrelp" target="127.0.0.1" port="%d"
                       action.resumeRetryCount="-1" action.resumeInterval="1"
                       queue.type="LinkedList" queue.size="250000" queue.dequeueBatchSize="128")
                """.formatted(work, listenPort, relpPort));
        Process p = new ProcessBuilder("rsyslogd", "-n", "-f", conf.toString(), "-i", work.resolve("rsyslogd.pid").toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("rsyslogd.out").toFile()).start();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            if (!p.isAlive()) throw new IllegalStateException("rsyslogd exited: " + Files.readString(work.resolve("rsyslogd.out")));
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", listenPort)) {
                return true;
            } catch (java.io.IOException e) {
                return false;
            }
        });
        return p;
    }
}
