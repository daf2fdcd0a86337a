package io.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and broken senders against one running Vigil: each is counted, kept raw where it
 * is a message at all, and never stops the receiver or other clients.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedInputIT {
    @TempDir static Path tmp;
    VigilProcess vigil;

    @BeforeAll
    void start() throws Exception {
        vigil = VigilProcess.start(tmp.resolve("data"), Map.of("syslog.max_message_size", "16KiB", "syslog.idle_timeout", "2m"));
    }

    @AfterAll
    void stop() throws Exception {
        vigil.close();
    }

    private Socket tcp() throws Exception {
        return new Socket("127.0.0.1", vigil.port("syslog-tcp"));
    }

    /** A well-formed message from another connection, to show the receiver still serves others. */
    private void assertOthersStillServed(String tag) throws Exception {
        Peers.run(List.of("logger", "-n", "127.0.0.1", "-P", Integer.toString(vigil.port("syslog-tcp")), "-T", "-t", tag, "still fine"), null, 30);
        await().atMost(Duration.ofSeconds(30)).until(() -> vigil.count("app:" + tag) == 1);
    }

    @Test
    void binaryJunkIsStoredRawAsMalformed() throws Exception {
        byte[] junk = new byte[2048];
        new Random(42).nextBytes(junk);
        for (int i = 0; i < junk.length; i++) if (junk[i] == '\n' || junk[i] == 0) junk[i] = 'x';
        junk[0] = 'J'; // not '<' and not a digit: newline framing, no syslog header
        try (Socket s = tcp(); OutputStream out = s.getOutputStream()) {
            out.write(junk);
            out.write('\n');
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> vigil.count("malformed:true AND collector:syslog-tcp") >= 1);
        assertThat(vigil.counter("syslog-tcp", "malformed")).isGreaterThanOrEqualTo(1);
        assertOthersStillServed("afterjunk");
    }

    @Test
    void aOneMegabyteLineIsCutAtTheMaximumAndCounted() throws Exception {
        long before = vigil.counter("syslog-tcp", "truncated");
        try (Socket s = tcp(); OutputStream out = s.getOutputStream()) {
            out.write("<13>Nov 25 10:00:00 bighost bigapp: ".getBytes(StandardCharsets.US_ASCII));
            out.write("A".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII));
            out.write("\n<13>Nov 25 10:00:01 bighost afterbig: next message on the same connection\n".getBytes(StandardCharsets.US_ASCII));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> vigil.count("app:bigapp") == 1 && vigil.count("app:afterbig") == 1);
        JsonNode big = vigil.get("/api/v1/events", Map.of("q", "app:bigapp", "limit", "1")).path("events").get(0);
        assertThat(big.path("truncated").asBoolean()).isTrue();
        assertThat(big.path("log").asText().length()).isLessThanOrEqualTo(16 * 1024);
        assertThat(vigil.counter("syslog-tcp", "truncated")).isEqualTo(before + 1);
    }

    @Test
    void aTruncatedOctetCountKeepsWhatArrived() throws Exception {
        try (Socket s = tcp(); OutputStream out = s.getOutputStream()) {
            out.write("500 <13>Nov 25 10:00:00 cuthost cutapp: only part of it".getBytes(StandardCharsets.US_ASCII));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> vigil.count("cutapp") >= 1);
        assertOthersStillServed("aftercut");
    }

    @Test
    void invalidUtf8IsKeptWithReplacementCharacters() throws Exception {
        try (Socket s = tcp(); OutputStream out = s.getOutputStream()) {
            out.write("<13>Nov 25 10:00:00 utfhost utfapp: bad ".getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xc3});
            out.write(" bytes\n".getBytes(StandardCharsets.US_ASCII));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> vigil.count("app:utfapp") == 1);
        JsonNode e = vigil.get("/api/v1/events", Map.of("q", "app:utfapp", "limit", "1")).path("events").get(0);
        assertThat(e.path("message").asText()).startsWith("bad ").endsWith(" bytes").contains("\uFFFD");
    }

    @Test
    void aSlowClientDoesNotHoldUpOthers() throws Exception {
        try (Socket slow = tcp(); OutputStream out = slow.getOutputStream()) {
            byte[] msg = "<13>Nov 25 10:00:00 slowhost slowapp: one byte at a time\n".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 4; i++) {
                out.write(msg[i]);
                out.flush();
                Thread.sleep(1000);
            }
            assertOthersStillServed("whileslow");
            out.write(msg, 4, msg.length - 4);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> vigil.count("app:slowapp") == 1);
    }

    @Test
    void aRelpPeerThatBreaksTheProtocolIsClosedAndCounted() throws Exception {
        try (Socket s = new Socket("127.0.0.1", vigil.port("relp"))) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("hello this is not relp\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer).contains("serverclose");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> vigil.counter("relp", "malformed") >= 1);
        assertOthersStillServed("afterrelp");
    }

    @Test
    void anOversizedDatagramIsCutAndCounted() throws Exception {
        long before = vigil.counter("syslog-udp", "truncated");
        byte[] head = "<13>Nov 25 10:00:00 udphost bigudp: ".getBytes(StandardCharsets.US_ASCII);
        byte[] datagram = new byte[60_000];
        java.util.Arrays.fill(datagram, (byte) 'B');
        System.arraycopy(head, 0, datagram, 0, head.length);
        try (DatagramSocket s = new DatagramSocket()) {
            s.send(new DatagramPacket(datagram, datagram.length, InetAddress.getLoopbackAddress(), vigil.port("syslog-udp")));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> vigil.count("app:bigudp") == 1);
        assertThat(vigil.counter("syslog-udp", "truncated")).isEqualTo(before + 1);
    }

    @Test
    void theApiRefusesCallsWithoutTheToken() throws Exception {
        assertThat(vigil.request("/api/v1/events", Map.of(), null).statusCode()).isEqualTo(401);
        assertThat(vigil.request("/api/v1/status", Map.of(), "vgl_wrong").statusCode()).isEqualTo(401);
        assertThat(vigil.request("/metrics", Map.of(), null).statusCode()).isEqualTo(401);
        assertThat(vigil.request("/health", Map.of(), null).statusCode()).isEqualTo(200);
        var metrics = vigil.request("/metrics", Map.of(), vigil.token());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("vigil_events_total{collector=\"syslog-tcp\"")
                .contains("vigil_store_rejected_total").contains("vigil_store_blocks_read_total");
        var bad = vigil.request("/api/v1/events", Map.of("q", "app:(unclosed"), vigil.token());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("error");
    }
}
