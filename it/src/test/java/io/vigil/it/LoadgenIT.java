package io.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * `vigil loadgen` against a real All-in-One, as the benchmarks run it: every message it sends
 * over TCP, RELP and TLS must be stored, once, and the report must say so. Counts only, never
 * times. The corpus is the fixture logs when they are there, else a small file of sample lines.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoadgenIT {
    static @TempDir Path tmp;
    VigilProcess vigil;
    Path data;

    @BeforeAll
    void start() throws Exception {
        data = tmp.resolve("data");
        vigil = VigilProcess.start(data, Map.of());
    }

    @AfterAll
    void stop() throws Exception {
        if (vigil != null) vigil.close();
    }

    record Result(int exit, String out, String err) {}

    Result loadgen(String... args) throws Exception {
        List<String> cmd = VigilProcess.vigilCommand();
        cmd.add("loadgen");
        cmd.addAll(List.of("--data", data.toString(), "--format", "json", "--quiet", "--settle", "20s"));
        cmd.addAll(corpus());
        cmd.addAll(List.of(args));
        Path err = tmp.resolve("loadgen-" + System.nanoTime() + ".err");
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out, Files.readString(err));
    }

    private static List<String> corpus() throws Exception {
        String fixtures = System.getenv("VIGIL_FIXTURES");
        if (fixtures == null || fixtures.isBlank()) fixtures = System.getProperty("vigil.fixtures");
        if (fixtures != null && Files.isDirectory(Path.of(fixtures).resolve("logs"))) return List.of("--fixtures", fixtures);
        Path file = tmp.resolve("corpus.log");
        Files.write(file, List.of(
                "Nov 25 10:00:00 web1 sshd[4242]: Failed password for root from 203.0.113.7 port 51234 ssh2",
                "Nov 25 10:00:01 web1 sudo:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/ls",
                "Nov 25 10:00:02 fw01 kernel: DROP IN=eth0 OUT= SRC=198.51.100.9 DST=10.0.0.5 PROTO=TCP SPT=4444 DPT=22",
                "date=2026-11-25 time=10:00:03 devname=FG100 srcip=10.1.2.3 dstip=192.0.2.8 action=deny",
                "CEF:0|Vendor|Product|1.0|100|Something happened|5|src=10.0.0.1 dst=10.0.0.2"));
        return List.of("--corpus", file.toString());
    }

    private static void assertEverythingStoredOnce(Result r, long count) throws Exception {
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode j = VigilProcess.JSON.readTree(r.out());
        assertThat(j.path("sent").asLong()).isEqualTo(count);
        assertThat(j.path("accepted").asLong()).isEqualTo(count);
        assertThat(j.path("stored").asLong()).as(r.out()).isEqualTo(count);
        assertThat(j.path("lost").asLong()).isZero();
        assertThat(j.path("duplicates").asLong()).isZero();
        assertThat(j.path("latency").path("seen").asInt()).as("probes found through the API").isPositive();
        assertThat(j.path("latency").path("seen").asInt()).isEqualTo(j.path("latency").path("probes").asInt());
    }

    @Test
    void tcpRunIsStoredExactly() throws Exception {
        Result r = loadgen("--target", "127.0.0.1:" + vigil.port("syslog-tcp"), "--protocol", "tcp", "--connections", "4",
                "--count", "40000", "--run", "tcpit");
        assertEverythingStoredOnce(r, 40_000);
        // the report's count is the store's: the run's events are searchable by its hosts
        assertThat(vigil.count("host:lgtcpit-*")).isPositive();
    }

    @Test
    void relpRunIsStoredExactlyAndAcknowledged() throws Exception {
        Result r = loadgen("--target", "127.0.0.1:" + vigil.port("relp"), "--protocol", "relp", "--connections", "2",
                "--count", "30000", "--run", "relpit");
        assertEverythingStoredOnce(r, 30_000);
        JsonNode j = VigilProcess.JSON.readTree(r.out());
        assertThat(j.path("refused").asLong()).isZero();
    }

    @Test
    void tlsRunTrustsTheInstancesCertificateAndIsStored() throws Exception {
        Result r = loadgen("--target", "127.0.0.1:" + vigil.port("syslog-tls"), "--protocol", "tls", "--connections", "2",
                "--count", "10000", "--run", "tlsit");
        assertEverythingStoredOnce(r, 10_000);
    }

    @Test
    void fixedRateRunSendsWhatWasAskedAndCountsUdpHonestly() throws Exception {
        Result r = loadgen("--target", "127.0.0.1:" + vigil.port("syslog-udp"), "--protocol", "udp", "--connections", "1",
                "--rate", "2000", "--count", "4000", "--run", "udpit", "--probes", "0");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode j = VigilProcess.JSON.readTree(r.out());
        assertThat(j.path("sent").asLong()).isEqualTo(4000);
        // UDP may lose on a busy machine; the report must add up either way
        assertThat(j.path("stored").asLong() + j.path("lost").asLong()).isEqualTo(4000);
        assertThat(j.path("stored").asLong()).isEqualTo(vigil.count("lgudpit"));
    }

    @Test
    void durationRunStopsByItselfAndIsStoredExactly() throws Exception {
        Result r = loadgen("--target", "127.0.0.1:" + vigil.port("syslog-tcp"), "--protocol", "tcp", "--connections", "2",
                "--rate", "1000", "--duration", "2s", "--run", "durit");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode j = VigilProcess.JSON.readTree(r.out());
        assertThat(j.path("sent").asLong()).isPositive();
        assertEverythingStoredOnce(r, j.path("sent").asLong());
    }

    @Test
    void badTargetIsAClearError() throws Exception {
        Result r = loadgen("--target", "nowhere", "--count", "10");
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("--target must be HOST:PORT");
        Result d = loadgen("--target", "127.0.0.1:1", "--duration", "soon");
        assertThat(d.exit()).isNotZero();
        assertThat(d.err()).contains("expected a duration like 500ms, 30s");
    }
}
