package io.vigil.syslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.vigil.core.config.Settings;
import io.vigil.core.event.Event;
import io.vigil.core.event.RawEvent;
import io.vigil.core.ingest.RefusalReason;
import io.vigil.core.metrics.Collectors;
import io.vigil.core.net.PortUnavailableException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real sockets on 127.0.0.1, real {@code logger} (util-linux) as the sender. */
class SyslogReceiversTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static X509Certificate cert;
    private static KeyPair keys;

    private final TestSink sink = new TestSink();
    private final Collectors collectors = new Collectors(new SimpleMeterRegistry());
    private final SyslogParser parser = new SyslogParser(ZoneOffset.UTC);
    private SyslogReceivers receivers;

    @BeforeAll
    static void certificate() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        keys = g.generateKeyPair();
        X500Name name = new X500Name("CN=localhost");
        Date now = new Date();
        var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.getTime()), new Date(now.getTime() - 60_000),
                new Date(now.getTime() + 86_400_000L), name, keys.getPublic());
        cert = new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    }

    @AfterEach
    void stop() {
        if (receivers != null) receivers.close();
    }

    private static Map<String, String> allOnEphemeralPorts() {
        Map<String, String> m = new HashMap<>();
        m.put("bind", "127.0.0.1");
        m.put("syslog.udp.port", "0");
        m.put("syslog.tcp.port", "0");
        m.put("syslog.tls.port", "0");
        m.put("relp.port", "0");
        return m;
    }

    private SyslogReceivers start(Map<String, String> settings) throws Exception {
        SslContext tls = SslContextBuilder.forServer(keys.getPrivate(), cert).build();
        receivers = SyslogReceivers.start(Settings.of(settings), sink, collectors, tls);
        return receivers;
    }

    private static boolean hasLogger() {
        return Files.isExecutable(Path.of("/usr/bin/logger")) || Files.isExecutable(Path.of("/bin/logger"));
    }

    private static void logger(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add("logger");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("logger %s: %s", cmd, out).isZero();
    }

    private List<Event> parsed(String collector) {
        List<Event> out = new ArrayList<>();
        for (RawEvent r : sink.events) if (r.collector().equals(collector)) out.add(parser.parse(r));
        return out;
    }

    private Event awaitEvent(String collector, String messagePart) {
        await().atMost(WAIT).until(() -> parsed(collector).stream().anyMatch(e -> e.log().contains(messagePart)));
        return parsed(collector).stream().filter(e -> e.log().contains(messagePart)).findFirst().orElseThrow();
    }

    @Test
    void startsEveryListenerOnEphemeralPorts() throws Exception {
        start(allOnEphemeralPorts());
        assertThat(receivers.boundPorts()).containsOnlyKeys(SyslogReceivers.UDP, SyslogReceivers.TCP, SyslogReceivers.TLS, SyslogReceivers.RELP);
        for (int port : receivers.boundPorts().values()) assertThat(port).isPositive();
        assertThat(receivers.boundPort("nope")).isEqualTo(-1);
    }

    @Test
    void disabledListenersAreNotStarted() throws Exception {
        Map<String, String> m = allOnEphemeralPorts();
        m.put("syslog.udp.enabled", "false");
        m.put("relp.enabled", "false");
        start(m);
        assertThat(receivers.boundPorts()).containsOnlyKeys(SyslogReceivers.TCP, SyslogReceivers.TLS);
    }

    @Test
    void loggerOverUdp() throws Exception {
        assumeTrue(hasLogger(), "util-linux logger is not installed");
        start(allOnEphemeralPorts());
        int port = receivers.boundPort(SyslogReceivers.UDP);
        logger("-n", "127.0.0.1", "-P", Integer.toString(port), "-d", "--rfc3164", "-t", "vigiltest", "-p", "auth.warning", "hello over udp");
        Event e = awaitEvent(SyslogReceivers.UDP, "hello over udp");
        assertThat(e.malformed()).isFalse();
        assertThat(e.app()).isEqualTo("vigiltest");
        assertThat(e.message()).isEqualTo("hello over udp");
        assertThat(e.facility()).isEqualTo(4);
        assertThat(e.severity()).isEqualTo(4);
        assertThat(e.peer()).startsWith("127.0.0.1:");
        assertThat(collectors.of(SyslogReceivers.UDP).received().count()).isEqualTo(1);
        await().atMost(WAIT).until(() -> collectors.of(SyslogReceivers.UDP).journaled().count() == 1);
    }

    @Test
    void loggerOverTcpWithNewlineAndOctetCountedFraming() throws Exception {
        assumeTrue(hasLogger(), "util-linux logger is not installed");
        start(allOnEphemeralPorts());
        String port = Integer.toString(receivers.boundPort(SyslogReceivers.TCP));
        logger("-n", "127.0.0.1", "-P", port, "-T", "--rfc5424", "-t", "vigiltest", "-i", "hello over tcp 5424");
        logger("-n", "127.0.0.1", "-P", port, "-T", "--rfc3164", "-t", "vigiltest", "hello over tcp 3164");
        logger("-n", "127.0.0.1", "-P", port, "-T", "--octet-count", "--rfc5424", "-t", "vigiltest", "hello\noctet counted");
        Event a = awaitEvent(SyslogReceivers.TCP, "hello over tcp 5424");
        assertThat(a.app()).isEqualTo("vigiltest");
        assertThat(a.procid()).isNotNull();
        assertThat(a.structuredData()).contains("timeQuality");
        assertThat(a.message()).isEqualTo("hello over tcp 5424");
        assertThat(awaitEvent(SyslogReceivers.TCP, "hello over tcp 3164").message()).isEqualTo("hello over tcp 3164");
        Event c = awaitEvent(SyslogReceivers.TCP, "octet counted");
        assertThat(c.message()).isEqualTo("hello\noctet counted");
        assertThat(c.truncated()).isFalse();
    }

    @Test
    void loggerSendsAFileOverOneConnection(@TempDir Path dir) throws Exception {
        assumeTrue(hasLogger(), "util-linux logger is not installed");
        start(allOnEphemeralPorts());
        Path file = dir.resolve("lines.txt");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 500; i++) lines.add("line number " + i);
        Files.write(file, lines);
        logger("-n", "127.0.0.1", "-P", Integer.toString(receivers.boundPort(SyslogReceivers.TCP)), "-T", "--octet-count", "-t", "bulk", "-f", file.toString());
        await().atMost(WAIT).until(() -> parsed(SyslogReceivers.TCP).size() == 500);
        List<String> messages = parsed(SyslogReceivers.TCP).stream().map(Event::message).toList();
        assertThat(messages).containsExactlyElementsOf(lines);
    }

    @Test
    void tlsWithOctetCountingAndNewlines() throws Exception {
        start(allOnEphemeralPorts());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("vigil", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", receivers.boundPort(SyslogReceivers.TLS))) {
            String m1 = "<13>1 2026-11-25T10:00:00Z h app - - - over tls counted";
            OutputStream out = s.getOutputStream();
            out.write((m1.length() + " " + m1 + "<13>Nov 25 10:00:00 h app: over tls newline\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            await().atMost(WAIT).until(() -> sink.events.size() == 2);
        }
        assertThat(parsed(SyslogReceivers.TLS)).extracting(Event::message).containsExactly("over tls counted", "over tls newline");
    }

    @Test
    void plainTextOnTheTlsPortIsRefusedWithoutHarm() throws Exception {
        start(allOnEphemeralPorts());
        try (Socket s = new Socket("127.0.0.1", receivers.boundPort(SyslogReceivers.TLS))) {
            s.getOutputStream().write("<13>Nov 25 10:00:00 h app: not tls\n".getBytes(StandardCharsets.UTF_8));
            s.setSoTimeout(5000);
            readToEnd(s.getInputStream()); // the server closes the connection (a TLS alert at most)
        }
        assertThat(sink.events).isEmpty();
    }

    @Test
    void relpOverARealSocket() throws Exception {
        start(allOnEphemeralPorts());
        try (Socket s = new Socket("127.0.0.1", receivers.boundPort(SyslogReceivers.RELP))) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write((RelpSessionTest.OPEN + RelpSessionTest.syslog(2, "<13>Nov 25 10:00:00 h app: relp one")
                    + RelpSessionTest.syslog(3, "<13>Nov 25 10:00:00 h app: relp two") + "4 close 0\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            String expected = RelpSessionTest.OPEN_RSP + "2 rsp 6 200 OK\n3 rsp 6 200 OK\n4 rsp 0\n";
            assertThat(readToEnd(s.getInputStream())).isEqualTo(expected);
        }
        assertThat(parsed(SyslogReceivers.RELP)).extracting(Event::message).containsExactly("relp one", "relp two");
        assertThat(collectors.of(SyslogReceivers.RELP).journaled().count()).isEqualTo(2);
    }

    @Test
    void relpProtocolViolationClosesOnlyThatConnection() throws Exception {
        start(allOnEphemeralPorts());
        int port = receivers.boundPort(SyslogReceivers.RELP);
        try (Socket good = new Socket("127.0.0.1", port); Socket bad = new Socket("127.0.0.1", port)) {
            good.setSoTimeout(5000);
            bad.setSoTimeout(5000);
            good.getOutputStream().write(RelpSessionTest.OPEN.getBytes(StandardCharsets.UTF_8));
            assertThat(readExactly(good.getInputStream(), RelpSessionTest.OPEN_RSP.length())).isEqualTo(RelpSessionTest.OPEN_RSP);
            bad.getOutputStream().write("hello relp\n".getBytes(StandardCharsets.UTF_8));
            assertThat(readToEnd(bad.getInputStream())).isEqualTo("0 serverclose 0\n");
            good.getOutputStream().write(RelpSessionTest.syslog(2, "<13>still fine").getBytes(StandardCharsets.UTF_8));
            assertThat(readExactly(good.getInputStream(), "2 rsp 6 200 OK\n".length())).isEqualTo("2 rsp 6 200 OK\n");
        }
        assertThat(collectors.of(SyslogReceivers.RELP).malformed().count()).isEqualTo(1);
    }

    @Test
    void closeLetsDueRelpAcksGoOutThenSaysServerclose() throws Exception {
        start(allOnEphemeralPorts());
        sink.autoComplete = false;
        try (Socket s = new Socket("127.0.0.1", receivers.boundPort(SyslogReceivers.RELP))) {
            s.setSoTimeout(8000);
            s.getOutputStream().write((RelpSessionTest.OPEN + RelpSessionTest.syslog(2, "<13>pending")).getBytes(StandardCharsets.UTF_8));
            await().atMost(WAIT).until(() -> sink.events.size() == 1);
            CompletableFuture<Void> closing = CompletableFuture.runAsync(receivers::close);
            Thread.sleep(200);
            sink.complete(0);
            assertThat(readToEnd(s.getInputStream())).isEqualTo(RelpSessionTest.OPEN_RSP + "2 rsp 6 200 OK\n0 serverclose 0\n");
            closing.get(10, TimeUnit.SECONDS);
        }
        receivers = null;
    }

    @Test
    void slowSenderDoesNotHoldUpOthers() throws Exception {
        start(allOnEphemeralPorts());
        int port = receivers.boundPort(SyslogReceivers.TCP);
        try (Socket slow = new Socket("127.0.0.1", port); Socket fast = new Socket("127.0.0.1", port)) {
            OutputStream so = slow.getOutputStream();
            for (byte b : "<13>Nov 25 10:00:00 h a: sl".getBytes(StandardCharsets.UTF_8)) {
                so.write(b);
                so.flush();
            }
            fast.getOutputStream().write("<13>Nov 25 10:00:00 h a: fast\n".getBytes(StandardCharsets.UTF_8));
            awaitEvent(SyslogReceivers.TCP, "fast");
            so.write("ow\n".getBytes(StandardCharsets.UTF_8));
            awaitEvent(SyslogReceivers.TCP, "slow");
        }
    }

    @Test
    void idleConnectionsAreClosed() throws Exception {
        Map<String, String> m = allOnEphemeralPorts();
        m.put("syslog.idle_timeout", "1s");
        start(m);
        try (Socket s = new Socket("127.0.0.1", receivers.boundPort(SyslogReceivers.TCP));
             Socket r = new Socket("127.0.0.1", receivers.boundPort(SyslogReceivers.RELP))) {
            s.setSoTimeout(8000);
            r.setSoTimeout(8000);
            assertThat(s.getInputStream().read()).isEqualTo(-1);
            assertThat(readToEnd(r.getInputStream())).isEqualTo("0 serverclose 0\n");
        }
    }

    @Test
    void udpDropsAreCountedWithTheJournalsReason() throws Exception {
        start(allOnEphemeralPorts());
        sink.refusing = RefusalReason.BUFFER_FULL;
        try (DatagramSocket s = new DatagramSocket()) {
            byte[] b = "<13>Nov 25 10:00:00 h a: dropped\n".getBytes(StandardCharsets.UTF_8);
            s.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), receivers.boundPort(SyslogReceivers.UDP)));
        }
        await().atMost(WAIT).until(() -> collectors.registry().find("vigil.events.dropped")
                .tag("collector", SyslogReceivers.UDP).tag("reason", "buffer_full").counter() != null);
        assertThat(collectors.registry().find("vigil.events.dropped").tag("reason", "buffer_full").counter().count()).isEqualTo(1);
        assertThat(sink.events).isEmpty();
    }

    @Test
    void oversizedDatagramIsTruncated() throws Exception {
        Map<String, String> m = allOnEphemeralPorts();
        m.put("syslog.max_message_size", "1KiB");
        start(m);
        byte[] b = new byte[60_000];
        java.util.Arrays.fill(b, (byte) 'x');
        System.arraycopy("<13>".getBytes(StandardCharsets.US_ASCII), 0, b, 0, 4);
        try (DatagramSocket s = new DatagramSocket()) {
            s.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), receivers.boundPort(SyslogReceivers.UDP)));
        }
        await().atMost(WAIT).until(() -> sink.events.size() == 1);
        assertThat(sink.events.get(0).payload()).hasSize(1024);
        assertThat(sink.events.get(0).truncated()).isTrue();
        assertThat(collectors.of(SyslogReceivers.UDP).truncated().count()).isEqualTo(1);
    }

    @Test
    void tcpPortInUseRaisesPortUnavailable() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            Map<String, String> m = allOnEphemeralPorts();
            m.put("syslog.tcp.port", Integer.toString(taken.getLocalPort()));
            assertThatThrownBy(() -> start(m))
                    .isInstanceOf(PortUnavailableException.class)
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort() + "/tcp")
                    .hasMessageContaining("syslog.tcp.port")
                    .satisfies(t -> assertThat(((PortUnavailableException) t).port()).isEqualTo(taken.getLocalPort()));
        }
        receivers = null;
    }

    @Test
    void udpPortInUseRaisesPortUnavailable() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            Map<String, String> m = allOnEphemeralPorts();
            m.put("syslog.udp.port", Integer.toString(taken.getLocalPort()));
            assertThatThrownBy(() -> start(m))
                    .isInstanceOf(PortUnavailableException.class)
                    .hasMessageContaining(Integer.toString(taken.getLocalPort()))
                    .hasMessageContaining("syslog.udp.port");
        }
        receivers = null;
    }

    private static String readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        int n;
        while ((n = in.read(buf)) >= 0) out.write(buf, 0, n);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String readExactly(InputStream in, int len) throws IOException {
        return new String(in.readNBytes(len), StandardCharsets.UTF_8);
    }
}
