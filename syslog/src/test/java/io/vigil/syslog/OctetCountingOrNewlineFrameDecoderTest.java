package io.vigil.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.vigil.core.event.RawEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OctetCountingOrNewlineFrameDecoderTest {
    private static final int MAX = 1024;

    private static EmbeddedChannel channel(int max) {
        return new EmbeddedChannel(new OctetCountingOrNewlineFrameDecoder(max));
    }

    private static void write(EmbeddedChannel ch, String s) {
        ch.writeInbound(Unpooled.wrappedBuffer(s.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<SyslogFrame> frames(EmbeddedChannel ch) {
        List<SyslogFrame> out = new ArrayList<>();
        SyslogFrame f;
        while ((f = ch.readInbound()) != null) out.add(f);
        return out;
    }

    private static String text(SyslogFrame f) {
        return new String(f.payload(), StandardCharsets.UTF_8);
    }

    @Test
    void newlineFramingWithLfCrlfAndNul() {
        EmbeddedChannel ch = channel(MAX);
        write(ch, "<13>one\n<13>two\r\n<13>three\u0000\n\n\r\n<13>four\n");
        List<SyslogFrame> fs = frames(ch);
        assertThat(fs).extracting(OctetCountingOrNewlineFrameDecoderTest::text).containsExactly("<13>one", "<13>two", "<13>three", "<13>four");
        assertThat(fs).allMatch(f -> f.flags() == 0);
    }

    @Test
    void octetCountingAndMixedFraming() {
        EmbeddedChannel ch = channel(MAX);
        write(ch, "5 <13>a9 <13>b\nc d9 <13>line\n\n<13>newline framed\n0 7 <13>xyz");
        assertThat(frames(ch)).extracting(OctetCountingOrNewlineFrameDecoderTest::text)
                .containsExactly("<13>a", "<13>b\nc d", "<13>line\n", "<13>newline framed", "<13>xyz");
    }

    @Test
    void linesThatStartWithDigitsAreNotCounts() {
        EmbeddedChannel ch = channel(MAX);
        write(ch, "2026-11-25T10:00:00Z host app: rsyslog without pri\n12345678901234567890123 not a count\n42\n");
        assertThat(frames(ch)).extracting(OctetCountingOrNewlineFrameDecoderTest::text)
                .containsExactly("2026-11-25T10:00:00Z host app: rsyslog without pri", "12345678901234567890123 not a count", "42");
    }

    @Test
    void longLineIsCutAtTheMaximumAndTheRestSkippedWithoutBufferingIt() {
        int max = 64 * 1024;
        EmbeddedChannel ch = channel(max);
        OctetCountingOrNewlineFrameDecoder decoder = ch.pipeline().get(OctetCountingOrNewlineFrameDecoder.class);
        byte[] line = new byte[1 << 20];
        Arrays.fill(line, (byte) 'x');
        line[0] = '<';
        int chunk = 8192;
        int largest = 0;
        for (int i = 0; i < line.length; i += chunk) {
            ch.writeInbound(Unpooled.wrappedBuffer(line, i, Math.min(chunk, line.length - i)));
            largest = Math.max(largest, decoder.bufferedCapacity());
        }
        write(ch, "\n<13>next\n");
        List<SyslogFrame> fs = frames(ch);
        assertThat(fs).hasSize(2);
        assertThat(fs.get(0).payload()).hasSize(max);
        assertThat(fs.get(0).flags()).isEqualTo(RawEvent.TRUNCATED);
        assertThat(text(fs.get(1))).isEqualTo("<13>next");
        assertThat(fs.get(1).flags()).isZero();
        assertThat(largest).as("decoder buffer").isLessThan(2 * max + 4 * chunk);
    }

    @Test
    void lineOfExactlyTheMaximumIsWhole() {
        EmbeddedChannel ch = channel(10);
        write(ch, "0123456789\r\nabcdefghijk\nxyz");
        ch.finish();
        List<SyslogFrame> fs = frames(ch);
        assertThat(fs).extracting(OctetCountingOrNewlineFrameDecoderTest::text).containsExactly("0123456789", "abcdefghij", "xyz");
        assertThat(fs).extracting(SyslogFrame::flags).containsExactly(0, RawEvent.TRUNCATED, 0);
    }

    @Test
    void oversizedOctetCountIsCutAndTheRestOfTheFrameSkipped() {
        EmbeddedChannel ch = channel(100);
        byte[] body = new byte[200_000];
        Arrays.fill(body, (byte) 'y');
        write(ch, "200000 ");
        for (int i = 0; i < body.length; i += 4096) ch.writeInbound(Unpooled.wrappedBuffer(body, i, Math.min(4096, body.length - i)));
        write(ch, "9 <13>after");
        List<SyslogFrame> fs = frames(ch);
        assertThat(fs).hasSize(2);
        assertThat(fs.get(0).payload()).hasSize(100);
        assertThat(fs.get(0).flags()).isEqualTo(RawEvent.TRUNCATED);
        assertThat(text(fs.get(1))).isEqualTo("<13>after");
    }

    @Test
    void absurdOctetCountIsTruncatedAtTheMaximum() {
        EmbeddedChannel ch = channel(100);
        write(ch, "9999999999 <13>");
        byte[] body = new byte[50_000];
        Arrays.fill(body, (byte) 'z');
        ch.writeInbound(Unpooled.wrappedBuffer(body));
        List<SyslogFrame> fs = frames(ch);
        assertThat(fs).hasSize(1);
        assertThat(fs.get(0).payload()).hasSize(100);
        assertThat(fs.get(0).flags()).isEqualTo(RawEvent.TRUNCATED);
        ch.finish();
        assertThat(frames(ch)).isEmpty();
    }

    @Test
    void partialOctetCountedFrameAtCloseIsMalformed() {
        EmbeddedChannel ch = channel(MAX);
        write(ch, "6 <13>ab20 <13>cut short");
        ch.finish();
        List<SyslogFrame> fs = frames(ch);
        assertThat(fs).extracting(OctetCountingOrNewlineFrameDecoderTest::text).containsExactly("<13>ab", "<13>cut short");
        assertThat(fs).extracting(SyslogFrame::flags).containsExactly(0, RawEvent.MALFORMED_FRAME);
    }

    @Test
    void lastLineWithoutNewlineAtCloseIsNormal() {
        EmbeddedChannel ch = channel(MAX);
        write(ch, "<13>first\n<13>last line\r");
        assertThat(frames(ch)).extracting(OctetCountingOrNewlineFrameDecoderTest::text).containsExactly("<13>first");
        ch.finish();
        List<SyslogFrame> fs = frames(ch);
        assertThat(fs).extracting(OctetCountingOrNewlineFrameDecoderTest::text).containsExactly("<13>last line");
        assertThat(fs.get(0).flags()).isZero();
    }

    @Test
    void randomSplitsGiveTheSameFrames() {
        Random rnd = new Random(7);
        for (int round = 0; round < 300; round++) {
            int max = 16 + rnd.nextInt(200);
            List<String> expected = new ArrayList<>();
            List<Integer> expectedFlags = new ArrayList<>();
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            int n = 1 + rnd.nextInt(40);
            for (int i = 0; i < n; i++) {
                int len = 1 + rnd.nextInt(max + 40);
                StringBuilder sb = new StringBuilder("<").append(rnd.nextInt(192)).append('>');
                while (sb.length() < len) sb.append((char) ('a' + rnd.nextInt(26)));
                String msg = sb.toString();
                boolean counted = rnd.nextBoolean();
                byte[] bytes = msg.getBytes(StandardCharsets.US_ASCII);
                if (counted) {
                    stream.writeBytes((bytes.length + " ").getBytes(StandardCharsets.US_ASCII));
                    stream.writeBytes(bytes);
                } else {
                    stream.writeBytes(bytes);
                    stream.writeBytes(rnd.nextBoolean() ? new byte[] {'\n'} : new byte[] {'\r', '\n'});
                }
                expected.add(msg.length() > max ? msg.substring(0, max) : msg);
                expectedFlags.add(msg.length() > max ? RawEvent.TRUNCATED : 0);
            }
            byte[] all = stream.toByteArray();
            EmbeddedChannel ch = channel(max);
            int i = 0;
            while (i < all.length) {
                int k = Math.min(all.length - i, 1 + rnd.nextInt(rnd.nextBoolean() ? 3 : 300));
                ByteBuf b = Unpooled.buffer(k);
                b.writeBytes(all, i, k);
                ch.writeInbound(b);
                i += k;
            }
            ch.finish();
            List<SyslogFrame> fs = frames(ch);
            assertThat(fs).extracting(OctetCountingOrNewlineFrameDecoderTest::text).as("round %d", round).containsExactlyElementsOf(expected);
            assertThat(fs).extracting(SyslogFrame::flags).containsExactlyElementsOf(expectedFlags);
        }
    }
}
