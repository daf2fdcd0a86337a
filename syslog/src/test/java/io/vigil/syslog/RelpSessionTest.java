package io.vigil.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.vigil.core.event.RawEvent;
import io.vigil.core.ingest.RefusalReason;
import io.vigil.core.metrics.CollectorMetrics;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RelpSessionTest {
    /** What librelp's client (omrelp) sends to open a session. */
    static final String OFFERS = "relp_version=0\nrelp_software=librelp,1.11.0,http://librelp.adiscon.com\ncommands=syslog";
    static final String OPEN = "1 open " + OFFERS.length() + " " + OFFERS + "\n";
    static final String OPEN_RSP = "1 rsp 57 200 OK\nrelp_version=0\nrelp_software=vigil\ncommands=syslog\n";

    private final TestSink sink = new TestSink();
    private final CollectorMetrics metrics = new CollectorMetrics(new SimpleMeterRegistry(), "relp");

    {
        sink.autoComplete = false; // acks wait for the test to complete the journal's futures
    }

    private EmbeddedChannel channel(int max) {
        return channel(max, Runnable::run);
    }

    private EmbeddedChannel channel(int max, java.util.concurrent.Executor blocking) {
        return new EmbeddedChannel(new RelpFrameDecoder(max), new RelpSessionHandler("relp", metrics, sink, blocking));
    }

    private static void write(EmbeddedChannel ch, String s) {
        ch.writeInbound(Unpooled.wrappedBuffer(s.getBytes(StandardCharsets.UTF_8)));
    }

    private static String out(EmbeddedChannel ch) {
        StringBuilder sb = new StringBuilder();
        ByteBuf b;
        while ((b = ch.readOutbound()) != null) {
            sb.append(b.toString(StandardCharsets.UTF_8));
            b.release();
        }
        return sb.toString();
    }

    static String syslog(int txnr, String msg) {
        return txnr + " syslog " + msg.getBytes(StandardCharsets.UTF_8).length + " " + msg + "\n";
    }

    @Test
    void openSyslogCloseExchangeWithExactBytes() {
        EmbeddedChannel ch = channel(1024);
        write(ch, OPEN);
        assertThat(out(ch)).isEqualTo(OPEN_RSP);
        write(ch, syslog(2, "<13>Nov 25 10:00:00 h a: hello"));
        assertThat(out(ch)).as("no ack before the journal holds it").isEmpty();
        assertThat(sink.texts()).containsExactly("<13>Nov 25 10:00:00 h a: hello");
        assertThat(sink.events.get(0).collector()).isEqualTo("relp");
        sink.complete(0);
        assertThat(out(ch)).isEqualTo("2 rsp 6 200 OK\n");
        write(ch, "3 close 0\n");
        assertThat(out(ch)).isEqualTo("3 rsp 0\n");
        assertThat(ch.isActive()).isFalse();
        assertThat(metrics.received().count()).isEqualTo(1);
        assertThat(metrics.journaled().count()).isEqualTo(1);
        assertThat(metrics.malformed().count()).isZero();
    }

    @Test
    void acksGoOutInTransactionOrderWhateverOrderTheJournalCompletes() {
        EmbeddedChannel ch = channel(1024);
        write(ch, OPEN + syslog(2, "<13>a") + syslog(3, "<13>b") + syslog(4, "<13>c"));
        assertThat(out(ch)).isEqualTo(OPEN_RSP);
        sink.complete(2);
        assertThat(out(ch)).isEmpty();
        sink.complete(0);
        assertThat(out(ch)).isEqualTo("2 rsp 6 200 OK\n");
        sink.complete(1);
        assertThat(out(ch)).isEqualTo("3 rsp 6 200 OK\n4 rsp 6 200 OK\n");
    }

    @Test
    void closeWaitsForPendingAcks() {
        EmbeddedChannel ch = channel(1024);
        write(ch, OPEN + syslog(2, "<13>a") + "3 close 0\n");
        assertThat(out(ch)).isEqualTo(OPEN_RSP);
        assertThat(ch.isActive()).isTrue();
        sink.complete(0);
        assertThat(out(ch)).isEqualTo("2 rsp 6 200 OK\n3 rsp 0\n");
        assertThat(ch.isActive()).isFalse();
    }

    @Test
    void protocolViolationsGetServercloseAndTheConnectionClosed() {
        String[] broken = {
            "x open 0\n",                                   // non-numeric txnr
            "1 syslog 5 <13>a\n",                           // data before open
            OPEN + "3 syslog 5 <13>a\n",                    // txnr out of sequence
            OPEN + "2 syslog 5 <13>aX",                     // missing trailer
            "1 open abc\n",                                 // bad datalen
            "1 open 0 \n",                                  // data part with length 0
            "1 open 3\n",                                   // data length without data
            "1234567890 open 0\n",                          // txnr too long
            "1 op3n 0\n",                                   // command not letters
            OPEN + OPEN.replace("1 open", "2 open"),        // open twice
        };
        for (String input : broken) {
            TestSink s = new TestSink();
            CollectorMetrics m = new CollectorMetrics(new SimpleMeterRegistry(), "relp");
            EmbeddedChannel ch = new EmbeddedChannel(new RelpFrameDecoder(1024), new RelpSessionHandler("relp", m, s, Runnable::run));
            write(ch, input);
            String o = out(ch);
            assertThat(o).as(input).endsWith("0 serverclose 0\n");
            assertThat(o.replace(OPEN_RSP, "")).as(input).isEqualTo("0 serverclose 0\n");
            assertThat(ch.isActive()).as(input).isFalse();
            assertThat(m.malformed().count()).as(input).isEqualTo(1);
            assertThat(s.events).as(input).isEmpty();
        }
    }

    @Test
    void violationAfterPendingAcksSendsThemFirst() {
        EmbeddedChannel ch = channel(1024);
        sink.autoComplete = false;
        write(ch, OPEN + syslog(2, "<13>a") + "garbage\n");
        assertThat(out(ch)).isEqualTo(OPEN_RSP);
        assertThat(ch.isActive()).isTrue();
        sink.complete(0);
        assertThat(out(ch)).isEqualTo("2 rsp 6 200 OK\n0 serverclose 0\n");
        assertThat(ch.isActive()).isFalse();
    }

    @Test
    void unknownCommandGets500() {
        EmbeddedChannel ch = channel(1024);
        write(ch, OPEN + "2 starttls 0\n" + syslog(3, "<13>x"));
        assertThat(out(ch)).isEqualTo(OPEN_RSP + "2 rsp 28 500 unknown command starttls\n");
        sink.complete(0);
        assertThat(out(ch)).isEqualTo("3 rsp 6 200 OK\n");
        assertThat(ch.isActive()).isTrue();
    }

    @Test
    void clientThatDoesNotOfferSyslogIsRefused() {
        EmbeddedChannel ch = channel(1024);
        String offers = "relp_version=0\ncommands=eventlog";
        write(ch, "1 open " + offers.length() + " " + offers + "\n");
        assertThat(out(ch)).isEqualTo("1 rsp 52 500 required command not supported by client: syslog\n");
        assertThat(ch.isActive()).isFalse();
    }

    @Test
    void journalRefusalLeavesTheFrameUnackedSoTheClientResendsIt() {
        EmbeddedChannel ch = channel(1024);
        sink.autoComplete = false;
        write(ch, OPEN + syslog(2, "<13>a") + syslog(3, "<13>b"));
        out(ch);
        sink.refuse(0, RefusalReason.DISK_LOW);
        assertThat(out(ch)).isEqualTo("0 serverclose 0\n");
        assertThat(ch.isActive()).isFalse();
        sink.complete(1);
        assertThat(out(ch)).isEmpty();
        assertThat(metrics.journaled().count()).isEqualTo(1);
    }

    @Test
    void oversizedSyslogDataIsTruncatedAndFramingKept() {
        EmbeddedChannel ch = channel(10);
        sink.autoComplete = true;
        write(ch, OPEN + syslog(2, "<13>0123456789abcdef") + syslog(3, "<13>short"));
        assertThat(out(ch)).isEqualTo(OPEN_RSP + "2 rsp 6 200 OK\n3 rsp 6 200 OK\n");
        assertThat(sink.texts()).containsExactly("<13>012345", "<13>short");
        assertThat(sink.events.get(0).truncated()).isTrue();
        assertThat(sink.events.get(1).truncated()).isFalse();
        assertThat(metrics.truncated().count()).isEqualTo(1);
    }

    @Test
    void theFirstFramesOfASessionAreFlaggedAsPossibleResends() {
        EmbeddedChannel ch = channel(1024);
        sink.autoComplete = true;
        StringBuilder frames = new StringBuilder(OPEN);
        int n = RelpSessionHandler.RESEND_WINDOW + 2;
        for (int i = 0; i < n; i++) frames.append(syslog(2 + i, "<13>m" + i));
        write(ch, frames.toString());
        assertThat(sink.events).hasSize(n);
        assertThat(sink.events.get(0).retransmitCandidate()).isTrue();
        assertThat(sink.events.get(RelpSessionHandler.RESEND_WINDOW - 1).retransmitCandidate()).isTrue();
        assertThat(sink.events.get(RelpSessionHandler.RESEND_WINDOW).retransmitCandidate()).isFalse();
        assertThat(sink.events.get(n - 1).retransmitCandidate()).isFalse();
    }

    @Test
    void oneByteAtATime() {
        EmbeddedChannel ch = channel(1024);
        sink.autoComplete = true;
        byte[] all = (OPEN + syslog(2, "<13>Nov 25 10:00:00 h a: slow") + syslog(3, "<13>two") + "4 close 0\n").getBytes(StandardCharsets.UTF_8);
        for (byte b : all) ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        assertThat(out(ch)).isEqualTo(OPEN_RSP + "2 rsp 6 200 OK\n3 rsp 6 200 OK\n4 rsp 0\n");
        assertThat(sink.texts()).containsExactly("<13>Nov 25 10:00:00 h a: slow", "<13>two");
    }

    @Test
    void idleSessionEndsWithServerclose() {
        EmbeddedChannel ch = channel(1024);
        write(ch, OPEN);
        out(ch);
        ch.pipeline().fireUserEventTriggered(IdleStateEvent.READER_IDLE_STATE_EVENT);
        assertThat(out(ch)).isEqualTo("0 serverclose 0\n");
        assertThat(ch.isActive()).isFalse();
    }

    @Test
    void backpressureStopsReadingWithoutBlockingTheEventLoopAndKeepsOrder() throws Exception {
        ExecutorService blocking = Executors.newSingleThreadExecutor();
        try {
            EmbeddedChannel ch = channel(1024, blocking);
            write(ch, OPEN);
            out(ch);
            CompletableFuture<Void> gate = new CompletableFuture<>();
            sink.gate = gate; // the journal is full: tryAppend takes nothing, append waits
            write(ch, syslog(2, "<13>a") + syslog(3, "<13>b"));
            assertThat(ch.config().isAutoRead()).isFalse();
            assertThat(sink.events).isEmpty();
            sink.autoComplete = true;
            sink.gate = null;
            gate.complete(null);
            blocking.submit(() -> { }).get(5, TimeUnit.SECONDS); // the blocked append has returned and handed back
            ch.runPendingTasks();
            assertThat(sink.texts()).containsExactly("<13>a", "<13>b");
            assertThat(ch.config().isAutoRead()).isTrue();
            assertThat(out(ch)).isEqualTo("2 rsp 6 200 OK\n3 rsp 6 200 OK\n");
        } finally {
            blocking.shutdownNow();
        }
    }
}
