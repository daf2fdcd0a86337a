package io.vigil.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.vigil.core.event.RawEvent;
import io.vigil.core.ingest.RefusalReason;
import io.vigil.core.metrics.CollectorMetrics;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JournalingHandlersTest {
    private final TestSink sink = new TestSink();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final CollectorMetrics metrics = new CollectorMetrics(registry, "syslog-tcp");

    private static SyslogFrame frame(String s, int flags) {
        return new SyslogFrame(s.getBytes(StandardCharsets.UTF_8), flags);
    }

    @Test
    void streamFramesBecomeRawEventsAndAreCounted() {
        EmbeddedChannel ch = new EmbeddedChannel(new StreamJournalingHandler("syslog-tcp", metrics, sink, Runnable::run));
        ch.writeInbound(frame("<13>a", 0), frame("<13>b", RawEvent.TRUNCATED));
        assertThat(sink.texts()).containsExactly("<13>a", "<13>b");
        assertThat(sink.events.get(0).collector()).isEqualTo("syslog-tcp");
        assertThat(sink.events.get(1).truncated()).isTrue();
        assertThat(metrics.received().count()).isEqualTo(2);
        assertThat(metrics.truncated().count()).isEqualTo(1);
        assertThat(metrics.journaled().count()).isEqualTo(2);
    }

    @Test
    void refusedEventsAreCountedAsDroppedWithTheReason() {
        sink.autoComplete = false;
        EmbeddedChannel ch = new EmbeddedChannel(new StreamJournalingHandler("syslog-tcp", metrics, sink, Runnable::run));
        ch.writeInbound(frame("<13>a", 0));
        sink.refuse(0, RefusalReason.JOURNAL_FULL);
        assertThat(registry.find("vigil.events.dropped").tag("reason", "journal_full").counter().count()).isEqualTo(1);
        assertThat(metrics.journaled().count()).isZero();
    }

    @Test
    void backpressureTurnsReadingOffUntilTheSinkTakesEverythingInOrder() throws Exception {
        ExecutorService blocking = Executors.newSingleThreadExecutor();
        try {
            EmbeddedChannel ch = new EmbeddedChannel(new StreamJournalingHandler("syslog-tcp", metrics, sink, blocking));
            CompletableFuture<Void> gate = new CompletableFuture<>();
            sink.gate = gate;
            ch.writeInbound(frame("<13>1", 0), frame("<13>2", 0), frame("<13>3", 0));
            assertThat(ch.config().isAutoRead()).isFalse();
            sink.gate = null;
            gate.complete(null);
            blocking.submit(() -> { }).get(5, TimeUnit.SECONDS);
            ch.runPendingTasks();
            assertThat(sink.texts()).containsExactly("<13>1", "<13>2", "<13>3");
            assertThat(ch.config().isAutoRead()).isTrue();
        } finally {
            blocking.shutdownNow();
        }
    }

    @Test
    void drainClosesOnceEverythingIsHandedOver() {
        EmbeddedChannel ch = new EmbeddedChannel(new StreamJournalingHandler("syslog-tcp", metrics, sink, Runnable::run));
        ch.writeInbound(frame("<13>a", 0));
        ch.pipeline().fireUserEventTriggered(StreamJournalingHandler.DRAIN);
        assertThat(ch.isActive()).isFalse();
        assertThat(sink.events).hasSize(1);
    }

    @Test
    void datagramsAreTrimmedCutAndNeverBlock() {
        CollectorMetrics udp = new CollectorMetrics(registry, "syslog-udp");
        EmbeddedChannel ch = new EmbeddedChannel(new UdpJournalingHandler("syslog-udp", udp, sink, 8));
        InetSocketAddress sender = new InetSocketAddress("2001:db8::7", 5140);
        InetSocketAddress local = new InetSocketAddress("127.0.0.1", 514);
        ch.writeInbound(new DatagramPacket(Unpooled.copiedBuffer("<13>ab\n\u0000", StandardCharsets.UTF_8), local, sender));
        ch.writeInbound(new DatagramPacket(Unpooled.copiedBuffer("<13>abcdefgh\n", StandardCharsets.UTF_8), local, sender));
        ch.writeInbound(new DatagramPacket(Unpooled.copiedBuffer("\n", StandardCharsets.UTF_8), local, sender));
        assertThat(sink.texts()).containsExactly("<13>ab", "<13>abcd");
        assertThat(sink.events.get(0).peer()).isEqualTo("[2001:db8::7]:5140");
        assertThat(sink.events.get(1).truncated()).isTrue();
        assertThat(udp.received().count()).isEqualTo(2);
        assertThat(udp.truncated().count()).isEqualTo(1);
        sink.refusing = RefusalReason.DISK_LOW;
        ch.writeInbound(new DatagramPacket(Unpooled.copiedBuffer("<13>x", StandardCharsets.UTF_8), local, sender));
        assertThat(registry.find("vigil.events.dropped").tag("collector", "syslog-udp").tag("reason", "disk_low").counter().count()).isEqualTo(1);
        assertThat(sink.appendCalls).as("UDP never calls the blocking append").isZero();
    }
}
