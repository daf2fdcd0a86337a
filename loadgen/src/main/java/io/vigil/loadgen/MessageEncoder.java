package io.vigil.loadgen;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Writes message number n as an RFC 3164 syslog message, {@code <PRI>Mmm dd hh:mm:ss HOST
 * program[pid]: message}, stamped with the current second (rendered once per second) and
 * sent from one of a few hosts named after the run, so that a run's events can be counted
 * with {@code host:lg<run>*}. Not thread-safe: one per connection.
 */
public final class MessageEncoder {
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    static final int HOSTS = 16;

    private final Corpus corpus;
    private final byte[][] hosts = new byte[HOSTS][];
    private final byte[] probeHost;
    private long second = -1;
    private byte[] stamp;

    public MessageEncoder(Corpus corpus, String run) {
        this.corpus = corpus;
        for (int i = 0; i < HOSTS; i++) hosts[i] = (hostPrefix(run) + i).getBytes(StandardCharsets.US_ASCII);
        probeHost = (hostPrefix(run) + "p").getBytes(StandardCharsets.US_ASCII);
    }

    /** The host name prefix of a run's messages. */
    public static String hostPrefix(String run) {
        return "lg" + run + "-";
    }

    /** Writes message n into buf (grown when needed) and returns it with its length in {@code length[0]}. */
    public byte[] encode(long n, byte[] buf, int[] length) {
        Corpus.Entry e = corpus.get(n);
        return write(pri(e.app()), hosts[(int) (n % HOSTS)], e.tail(), buf, length);
    }

    /** A latency probe: program {@code vigilprobe}, pid {@link #probePid} of the probe's number. */
    public byte[] probe(long seq, byte[] buf, int[] length) {
        byte[] tail = ("vigilprobe[" + probePid(seq) + "]: load generator probe " + seq).getBytes(StandardCharsets.US_ASCII);
        return write(13, probeHost, tail, buf, length);
    }

    /**
     * Probe pids start here, where no process id of the corpus is: a poll asks for probes by
     * pid, and the store answers by block, so a block is read when it holds a probe and any
     * event with one of the asked pids. With the probe's own number as its pid, small numbers
     * that real pids share made nearly every recent block match.
     */
    static final long PROBE_PID_BASE = 900_000_000L;

    /** The pid probe number {@code seq} is sent with. */
    public static long probePid(long seq) {
        return PROBE_PID_BASE + seq;
    }

    /** The probe number of a probe's pid, or -1 when it is not one. */
    public static long probeSeq(String pid) {
        try {
            long v = Long.parseLong(pid);
            return v >= PROBE_PID_BASE ? v - PROBE_PID_BASE : -1;
        } catch (NumberFormatException notOurs) {
            return -1;
        }
    }

    private byte[] write(int pri, byte[] host, byte[] tail, byte[] buf, int[] length) {
        byte[] ts = stamp();
        int need = 5 + ts.length + 1 + host.length + 1 + tail.length;
        if (buf.length < need) buf = new byte[Math.max(need, buf.length * 2)];
        int p = 0;
        buf[p++] = '<';
        if (pri >= 100) buf[p++] = (byte) ('0' + pri / 100);
        if (pri >= 10) buf[p++] = (byte) ('0' + pri / 10 % 10);
        buf[p++] = (byte) ('0' + pri % 10);
        buf[p++] = '>';
        System.arraycopy(ts, 0, buf, p, ts.length);
        p += ts.length;
        buf[p++] = ' ';
        System.arraycopy(host, 0, buf, p, host.length);
        p += host.length;
        buf[p++] = ' ';
        System.arraycopy(tail, 0, buf, p, tail.length);
        p += tail.length;
        length[0] = p;
        return buf;
    }

    /** auth.info for the programs that log authentication, user.notice otherwise. */
    private static int pri(String app) {
        return switch (app) {
            case "sshd", "sudo", "su", "login", "pam" -> 38;
            default -> 13;
        };
    }

    private byte[] stamp() {
        long now = System.currentTimeMillis() / 1000;
        if (now != second) {
            ZonedDateTime t = Instant.ofEpochSecond(now).atZone(ZoneOffset.UTC);
            stamp = String.format("%s %2d %02d:%02d:%02d", MONTHS[t.getMonthValue() - 1], t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond())
                    .getBytes(StandardCharsets.US_ASCII);
            second = now;
        }
        return stamp;
    }
}
