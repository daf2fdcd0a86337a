package io.vigil.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vigil.core.event.Event;
import io.vigil.core.event.RawEvent;
import io.vigil.core.event.Uuid7;
import io.vigil.syslog.OctetCountingOrNewlineFrameDecoder;
import io.vigil.syslog.SyslogFrame;
import io.vigil.syslog.SyslogParser;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Syslog parsing and framing, one thread: results are messages per second per core.
 *
 * <pre>java -jar bench/target/benchmarks.jar SyslogParse -f 1 -wi 2 -i 3 -w 2s -r 2s</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SyslogParseBenchmark {
    /** Messages in the framing benchmark's buffer. */
    static final int FRAMES = 1000;

    private SyslogParser parser;
    private RawEvent bsdSshd;
    private RawEvent rfc5424WithSd;
    private ByteBuf stream;
    private OctetCountingOrNewlineFrameDecoder decoder;
    private final List<SyslogFrame> frames = new ArrayList<>(FRAMES);

    @Setup
    public void setup() {
        parser = new SyslogParser(ZoneId.of("Europe/Paris"));
        bsdSshd = raw("<38>Nov 25 10:00:00 web1 sshd[4321]: Failed password for invalid user admin from 203.0.113.5 port 52144 ssh2");
        rfc5424WithSd = raw("<165>1 2026-11-25T10:00:00.003Z mymachine.example.com evntslog 1234 ID47 "
                + "[exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"][origin ip=\"192.0.2.1\"] "
                + "\uFEFFAn application event log entry with some text in it");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < FRAMES; i++) {
            out.writeBytes(("<38>Nov 25 10:00:00 web1 sshd[" + (1000 + i) + "]: Accepted publickey for deploy from 198.51.100."
                    + (i % 255) + " port " + (40000 + i) + " ssh2\n").getBytes(StandardCharsets.US_ASCII));
        }
        stream = Unpooled.unreleasableBuffer(Unpooled.directBuffer(out.size()).writeBytes(out.toByteArray()));
        decoder = new OctetCountingOrNewlineFrameDecoder(64 * 1024);
    }

    private static RawEvent raw(String text) {
        return new RawEvent(Uuid7.next(), System.currentTimeMillis(), "syslog-udp", "192.0.2.10:51514", 0,
                text.getBytes(StandardCharsets.UTF_8));
    }

    @Benchmark
    public Event parseRfc3164Sshd() {
        return parser.parse(bsdSshd);
    }

    @Benchmark
    public Event parseRfc5424WithStructuredData() {
        return parser.parse(rfc5424WithSd);
    }

    /** Cutting newline-framed messages out of a TCP read; one operation is one message. */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public int frameNewlineDelimited() {
        stream.readerIndex(0);
        frames.clear();
        decoder.frames(stream, frames);
        return frames.size();
    }
}
