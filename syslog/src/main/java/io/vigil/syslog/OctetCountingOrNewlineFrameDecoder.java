package io.vigil.syslog;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.vigil.core.event.RawEvent;
import java.util.List;

/**
 * Cuts a syslog TCP/TLS stream into {@link SyslogFrame}s (RFC 6587, RFC 5425). Each frame
 * chooses its own framing: one that starts with a digit is octet-counted ({@code LEN SP MSG}),
 * anything else runs to LF (CRLF and NUL accepted too). Empty lines are skipped.
 *
 * <p>A message longer than {@code maxMessageSize} is cut there and flagged
 * {@link RawEvent#TRUNCATED}; the rest of that frame is skipped as it arrives, so a 1 MB line or
 * an absurd octet count never makes this buffer more than the maximum plus one read. When the
 * connection closes mid-frame, an unfinished octet-counted frame is emitted with what arrived,
 * flagged {@link RawEvent#MALFORMED_FRAME}; an unterminated last line is a normal message (as
 * {@code logger} sends it).
 */
public final class OctetCountingOrNewlineFrameDecoder extends ByteToMessageDecoder {
    /** More digits than this before the space: not an octet count but a line starting with digits. */
    private static final int MAX_COUNT_DIGITS = 18;

    private enum State { START, COUNT, COUNTED, DISCARD_COUNTED, LINE, DISCARD_LINE }

    private final int max;
    private State state = State.START;
    private long count;
    private int countDigits;
    private int scanned; // bytes after readerIndex already looked at in COUNT/LINE

    public OctetCountingOrNewlineFrameDecoder(int maxMessageSize) {
        if (maxMessageSize < 1) throw new IllegalArgumentException("maxMessageSize must be positive: " + maxMessageSize);
        this.max = maxMessageSize;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        frames(in, out);
    }

    /** Takes every complete frame out of {@code in}, leaving a partial one. Public for benchmarks. */
    public void frames(ByteBuf in, List<? super SyslogFrame> out) {
        while (true) {
            switch (state) {
                case START -> {
                    if (!in.isReadable()) return;
                    byte b = in.getByte(in.readerIndex());
                    if (b == '\n' || b == '\r' || b == 0) {
                        in.skipBytes(1);
                    } else if (b >= '0' && b <= '9') {
                        state = State.COUNT;
                        count = 0;
                        countDigits = 0;
                        scanned = 0;
                    } else {
                        state = State.LINE;
                        scanned = 0;
                    }
                }
                case COUNT -> {
                    int ri = in.readerIndex();
                    int wi = in.writerIndex();
                    int i = ri + scanned;
                    while (i < wi && countDigits <= MAX_COUNT_DIGITS) {
                        byte b = in.getByte(i);
                        if (b < '0' || b > '9') break;
                        count = count * 10 + (b - '0');
                        countDigits++;
                        i++;
                    }
                    if (countDigits > MAX_COUNT_DIGITS) {
                        state = State.LINE;
                        scanned = 0;
                    } else if (i == wi) {
                        scanned = i - ri;
                        return;
                    } else if (in.getByte(i) == ' ') {
                        in.readerIndex(i + 1);
                        state = State.COUNTED;
                    } else {
                        state = State.LINE; // digits, then not a space: a line that starts with digits
                        scanned = 0;
                    }
                }
                case COUNTED -> {
                    if (count == 0) {
                        state = State.START;
                    } else if (count <= max) {
                        if (in.readableBytes() < count) return;
                        out.add(frame(in, (int) count, 0));
                        state = State.START;
                    } else {
                        if (in.readableBytes() < max) return;
                        out.add(frame(in, max, RawEvent.TRUNCATED));
                        count -= max;
                        state = State.DISCARD_COUNTED;
                    }
                }
                case DISCARD_COUNTED -> {
                    int skip = (int) Math.min(count, in.readableBytes());
                    in.skipBytes(skip);
                    count -= skip;
                    if (count > 0) return;
                    state = State.START;
                }
                case LINE -> {
                    int ri = in.readerIndex();
                    int wi = in.writerIndex();
                    // A line of max bytes plus CR plus LF still fits: look that far and no further.
                    int window = (int) Math.min(wi, (long) ri + max + 2);
                    int end = delimiter(in, ri + scanned, window);
                    if (end >= 0) {
                        int len = end - ri;
                        if (len > 0 && in.getByte(end - 1) == '\r') len--;
                        if (len <= max) {
                            out.add(frame(in, len, 0));
                        } else {
                            out.add(frame(in, max, RawEvent.TRUNCATED));
                        }
                        in.readerIndex(end + 1);
                        state = State.START;
                    } else if (window - ri >= max + 2) {
                        out.add(frame(in, max, RawEvent.TRUNCATED));
                        state = State.DISCARD_LINE;
                    } else {
                        scanned = wi - ri;
                        return;
                    }
                }
                case DISCARD_LINE -> {
                    int end = delimiter(in, in.readerIndex(), in.writerIndex());
                    if (end < 0) {
                        in.skipBytes(in.readableBytes());
                        return;
                    }
                    in.readerIndex(end + 1);
                    state = State.START;
                }
            }
        }
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        frames(in, out);
        int left = in.readableBytes();
        switch (state) {
            case COUNTED -> {
                // The connection ended inside an octet-counted frame: keep what came, say so.
                if (left > 0) out.add(frame(in, Math.min(left, max), RawEvent.MALFORMED_FRAME));
            }
            case COUNT, LINE -> {
                int len = left;
                while (len > 0 && in.getByte(in.readerIndex() + len - 1) == '\r') len--;
                if (len > max) {
                    out.add(frame(in, max, RawEvent.TRUNCATED));
                } else if (len > 0) {
                    out.add(frame(in, len, 0));
                }
            }
            default -> { }
        }
        in.skipBytes(in.readableBytes());
        state = State.START;
    }

    /** Bytes this decoder holds right now (its cumulation buffer's capacity); for tests. */
    int bufferedCapacity() {
        ByteBuf b = internalBuffer();
        return b == null ? 0 : b.capacity();
    }

    private static int delimiter(ByteBuf in, int from, int to) {
        if (from >= to) return -1;
        return in.forEachByte(from, to - from, b -> b != '\n' && b != 0);
    }

    private static SyslogFrame frame(ByteBuf in, int len, int flags) {
        byte[] payload = new byte[len];
        in.readBytes(payload);
        return new SyslogFrame(payload, flags);
    }
}
