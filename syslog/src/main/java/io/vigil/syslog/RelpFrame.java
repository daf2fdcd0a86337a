package io.vigil.syslog;

import java.nio.charset.StandardCharsets;

/**
 * One RELP command as a client sent it.
 *
 * @param txnr      transaction number (0 for hints, 1-999,999,999 otherwise)
 * @param command   e.g. {@code open}, {@code syslog}, {@code close}
 * @param data      the DATA part (empty when DATALEN was 0), cut at the maximum message size
 * @param truncated DATA was longer than the maximum and was cut
 */
public record RelpFrame(int txnr, String command, byte[] data, boolean truncated) {
    /** The highest transaction number; the one after it is 1. */
    static final int MAX_TXNR = 999_999_999;

    /** The stream broke the RELP framing; nothing after this on the connection is read. */
    public record Violation(String reason) {}

    static int nextTxnr(int txnr) {
        return txnr >= MAX_TXNR ? 1 : txnr + 1;
    }

    /** Encodes {@code TXNR rsp DATALEN[ DATA]\n}. */
    static byte[] response(int txnr, String data) {
        return encode(txnr, "rsp", data);
    }

    /** The {@code serverclose} hint: {@code 0 serverclose 0\n}. */
    static byte[] serverclose() {
        return encode(0, "serverclose", "");
    }

    static byte[] encode(int txnr, String command, String data) {
        byte[] d = data.getBytes(StandardCharsets.UTF_8);
        String header = d.length == 0 ? txnr + " " + command + " 0\n" : txnr + " " + command + " " + d.length + " ";
        byte[] h = header.getBytes(StandardCharsets.US_ASCII);
        if (d.length == 0) return h;
        byte[] frame = new byte[h.length + d.length + 1];
        System.arraycopy(h, 0, frame, 0, h.length);
        System.arraycopy(d, 0, frame, h.length, d.length);
        frame[frame.length - 1] = '\n';
        return frame;
    }
}
