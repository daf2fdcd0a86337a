package io.vigil.syslog;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Cuts a RELP stream into {@link RelpFrame}s: {@code TXNR SP COMMAND SP DATALEN [SP DATA] LF},
 * TXNR and DATALEN 1-9 digits, COMMAND 1-32 letters, no data part (and no space) when DATALEN
 * is 0, exactly DATALEN octets of data then the LF trailer. {@code syslog} data longer than the
 * maximum message size is kept up to it (flagged truncated) and the rest skipped as it arrives, so
 * the framing stays right without buffering it (other commands keep at least 4 KiB).
 *
 * <p>Anything else is a protocol violation: one {@link RelpFrame.Violation} is emitted and every
 * later byte on the connection ignored (the session handler answers with {@code serverclose}).
 */
public final class RelpFrameDecoder extends ByteToMessageDecoder {
    private enum State { TXNR, COMMAND, DATALEN, DATA, SKIP, TRAILER, FAILED }

    private static final int MAX_DIGITS = 9;
    private static final int MAX_COMMAND = 32;
    /** Data kept for commands other than syslog (open's offers) even when the message maximum is smaller. */
    private static final int MIN_CONTROL_DATA = 4096;

    private final int max;
    private State state = State.TXNR;
    private int txnr;
    private int digits;
    private final byte[] command = new byte[MAX_COMMAND];
    private int commandLength;
    private int dataLength;
    private int skip;
    private byte[] data;
    private boolean truncated;

    public RelpFrameDecoder(int maxMessageSize) {
        if (maxMessageSize < 1) throw new IllegalArgumentException("maxMessageSize must be positive: " + maxMessageSize);
        this.max = maxMessageSize;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            switch (state) {
                case FAILED -> {
                    in.skipBytes(in.readableBytes());
                    return;
                }
                case TXNR -> {
                    byte b = in.readByte();
                    if (isDigit(b)) {
                        if (++digits > MAX_DIGITS) {
                            fail(out, "transaction number longer than 9 digits");
                        } else {
                            txnr = txnr * 10 + (b - '0');
                        }
                    } else if (b == ' ' && digits > 0) {
                        state = State.COMMAND;
                        digits = 0;
                    } else {
                        fail(out, "transaction number is not a number (got " + describe(b) + ")");
                    }
                }
                case COMMAND -> {
                    byte b = in.readByte();
                    if (b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z') {
                        if (commandLength == MAX_COMMAND) {
                            fail(out, "command longer than 32 letters");
                        } else {
                            command[commandLength++] = b;
                        }
                    } else if (b == ' ' && commandLength > 0) {
                        state = State.DATALEN;
                    } else {
                        fail(out, "bad command (got " + describe(b) + ")");
                    }
                }
                case DATALEN -> {
                    byte b = in.readByte();
                    if (isDigit(b)) {
                        if (++digits > MAX_DIGITS) {
                            fail(out, "data length longer than 9 digits");
                        } else {
                            dataLength = dataLength * 10 + (b - '0');
                        }
                    } else if (digits == 0) {
                        fail(out, "data length is not a number (got " + describe(b) + ")");
                    } else if (dataLength == 0) {
                        if (b == '\n') {
                            emit(out);
                        } else {
                            fail(out, "missing trailer after data length 0 (got " + describe(b) + ")");
                        }
                    } else if (b == ' ') {
                        int keep = Math.min(dataLength, isSyslog() ? max : Math.max(max, MIN_CONTROL_DATA));
                        truncated = keep < dataLength;
                        skip = dataLength - keep;
                        data = new byte[keep];
                        digits = 0; // reused as the count of data bytes read
                        state = State.DATA;
                    } else {
                        fail(out, "missing data after data length " + dataLength + " (got " + describe(b) + ")");
                    }
                }
                case DATA -> {
                    int n = Math.min(in.readableBytes(), data.length - digits);
                    in.readBytes(data, digits, n);
                    digits += n;
                    if (digits == data.length) state = skip > 0 ? State.SKIP : State.TRAILER;
                }
                case SKIP -> {
                    int n = Math.min(in.readableBytes(), skip);
                    in.skipBytes(n);
                    skip -= n;
                    if (skip == 0) state = State.TRAILER;
                }
                case TRAILER -> {
                    byte b = in.readByte();
                    if (b == '\n') {
                        emit(out);
                    } else {
                        fail(out, "missing trailer (LF) after " + dataLength + " data octets (got " + describe(b) + ")");
                    }
                }
            }
        }
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.isReadable()) decode(ctx, in, out);
        in.skipBytes(in.readableBytes());
        // A frame cut off by the close is simply not acknowledged: the client sends it again.
    }

    private void emit(List<Object> out) {
        String cmd = new String(command, 0, commandLength, StandardCharsets.US_ASCII);
        out.add(new RelpFrame(txnr, cmd, data == null ? new byte[0] : data, truncated));
        txnr = 0;
        digits = 0;
        commandLength = 0;
        dataLength = 0;
        skip = 0;
        data = null;
        truncated = false;
        state = State.TXNR;
    }

    private void fail(List<Object> out, String reason) {
        state = State.FAILED;
        data = null;
        out.add(new RelpFrame.Violation(reason));
    }

    private boolean isSyslog() {
        return commandLength == 6 && command[0] == 's' && command[1] == 'y' && command[2] == 's'
                && command[3] == 'l' && command[4] == 'o' && command[5] == 'g';
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static String describe(byte b) {
        if (b >= 0x21 && b < 0x7f) return "'" + (char) b + "'";
        return String.format("0x%02x", b & 0xff);
    }
}
