package io.vigil.loadgen;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * One load run: N connections, each sending its share of the messages at its share of the
 * rate (or as fast as the target takes), a progress line every second, then — when the target
 * can be asked — waiting until what was sent is stored, and latency probes followed from send
 * to searchable.
 */
public final class LoadRun {
    private final LoadOptions o;
    private final Corpus corpus;
    private final Target target;
    private final PrintStream progress;
    private final AtomicLong sent = new AtomicLong();
    private final List<Sender> senders = new CopyOnWriteArrayList<>();
    /**
     * At most this many probes are asked for in one poll (the oldest unseen): ample for the
     * default 5 a second at latencies up to 20 s, and a search query of about 1.5 KB.
     */
    private static final int PROBES_PER_POLL = 100;
    /** A probe not seen this long after its sending is given up (lost; it counts as not seen). */
    private static final long PROBE_GIVE_UP_MS = 60_000;
    /** How often the target's stored count is asked once sending has ended. */
    static final long POLL_NANOS = 100_000_000L;
    private final Map<Long, Long> probeSentAt = new ConcurrentHashMap<>();
    /** Wall-clock sending time of each probe (epoch ms): where the next poll's search starts. */
    private final Map<Long, Long> probeSentWall = new ConcurrentSkipListMap<>();
    private final Map<Long, Long> probeLatencyNanos = new ConcurrentHashMap<>();
    private final List<Report.Second> series = new ArrayList<>();
    private volatile boolean sending = true;
    private volatile boolean watching = true;
    private volatile Throwable failure;

    public LoadRun(LoadOptions options, Corpus corpus, Target target, PrintStream progress) {
        this.o = options;
        this.corpus = corpus;
        this.target = target;
        this.progress = progress;
    }

    public Report run() throws Exception {
        long startedMillis = System.currentTimeMillis();
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        long perConnection = o.count() / o.connections();
        for (int c = 0; c < o.connections(); c++) {
            Sender s = open();
            senders.add(s);
            long quota = o.count() <= 0 ? Long.MAX_VALUE : perConnection + (c == 0 ? o.count() % o.connections() : 0);
            int conn = c;
            Thread t = new Thread(() -> sendLoop(s, conn, quota, start), "loadgen-" + c);
            threads.add(t);
        }
        threads.forEach(Thread::start);
        Thread prober = target != null && o.probesPerSecond() > 0 ? Thread.ofPlatform().daemon().name("loadgen-probes").start(this::watchProbes) : null;

        long lastSent = 0;
        long lastStored = 0;
        int second = 0;
        long storedNow = 0;
        while (threads.stream().anyMatch(Thread::isAlive)) {
            sleepUntil(start + (second + 1) * 1_000_000_000L);
            second++;
            long s = sent.get();
            storedNow = stored();
            series.add(new Report.Second(second, s - lastSent, target == null ? -1 : storedNow - lastStored));
            progress(second, s, s - lastSent, storedNow, storedNow - lastStored);
            lastSent = s;
            lastStored = storedNow;
            if (o.duration() != null && System.nanoTime() - start >= o.duration().toNanos()) sending = false;
        }
        for (Thread t : threads) t.join();
        for (Sender s : senders) s.drain(60_000);
        long sendEnd = System.nanoTime();
        for (Sender s : senders) {
            try {
                s.close();
            } catch (IOException e) {
                // the counts are what matter now
            }
        }
        if (failure != null) throw new IOException("sending failed: " + failure.getMessage(), failure);

        long total = sent.get();
        long storedEnd = sendEnd;
        if (target != null) {
            // Wait for the store to catch up: until everything is there, or nothing new arrives for
            // `settle`. Asked every POLL_NANOS, so that the end of the run is known to a tenth of
            // a second: asked once a second, a 22.1 s run read as 23 s (4% off the rate).
            long lastChange = System.nanoTime();
            long nextSecond = start + (second + 1) * 1_000_000_000L;
            while (storedNow < total && System.nanoTime() - lastChange < o.settle().toNanos()) {
                sleepUntil(Math.min(nextSecond, System.nanoTime() + POLL_NANOS));
                long now = stored();
                if (now >= 0 && now != storedNow) { // -1: the target did not answer; asked again next time
                    lastChange = System.nanoTime();
                    storedEnd = lastChange;
                    storedNow = now;
                }
                if (System.nanoTime() >= nextSecond || storedNow >= total) { // a whole second, or the end in the middle of one
                    second++;
                    series.add(new Report.Second(second, 0, storedNow - lastStored));
                    progress(second, total, 0, storedNow, storedNow - lastStored);
                    lastStored = storedNow;
                    nextSecond += 1_000_000_000L;
                }
            }
            if (storedNow >= total) storedEnd = Math.max(storedEnd, sendEnd);
            // the probes sent last need a moment to become searchable too
            long probeDeadline = System.nanoTime() + 5_000_000_000L;
            while (prober != null && probeLatencyNanos.size() < probeSentAt.size() && System.nanoTime() < probeDeadline) Thread.sleep(100);
        }
        sending = false;
        watching = false;
        if (progress != null) progress.println();
        long accepted = senders.stream().mapToLong(Sender::accepted).sum();
        long refused = senders.stream().filter(s -> s instanceof RelpSender).mapToLong(s -> ((RelpSender) s).refused()).sum();
        long resent = senders.stream().filter(s -> s instanceof RelpSender).mapToLong(s -> ((RelpSender) s).resent()).sum();
        return new Report(o, startedMillis, total, accepted, refused, resent, target == null ? null : storedNow,
                (sendEnd - start) / 1e9, target == null ? null : (storedEnd - start) / 1e9,
                Report.Latency.of(probeSentAt.size(), probeLatencyNanos.values()), List.copyOf(series));
    }

    private long stored() {
        if (target == null) return 0;
        try {
            return target.stored();
        } catch (Exception e) {
            return -1;
        }
    }

    private void progress(int second, long total, long rate, long stored, long storedRate) {
        if (progress == null) return;
        String line = String.format("%5ds  sent %,d (%,d/s)", second, total, rate)
                + (target == null ? "" : String.format("  stored %,d (%,d/s)", stored, storedRate));
        progress.print("\r" + line + "   ");
        progress.flush();
    }

    /** How early a paced sender may send a message: the window it sends in bursts of. */
    static final long PACE_AHEAD_NANOS = 5_000_000L;

    private void sendLoop(Sender s, int conn, long quota, long start) {
        MessageEncoder enc = new MessageEncoder(corpus, o.run());
        byte[] buf = new byte[1024];
        int[] len = new int[1];
        double perSecond = o.rate() == 0 ? 0 : (double) o.rate() / o.connections();
        long probeEvery = o.probesPerSecond() > 0 ? 1_000_000_000L / o.probesPerSecond() : Long.MAX_VALUE;
        long nextProbe = start;
        long probeSeq = 0;
        try {
            for (long i = 0; i < quota && sending; i++) {
                long n = i * o.connections() + conn;
                if (perSecond > 0) {
                    // A message due within PACE_AHEAD goes now: the sender waits once per
                    // burst, and writes each burst at once, as a forwarding daemon would.
                    // Waiting and writing message by message cost the sender half a core at
                    // 20,000/s (docs/benchmarks.md).
                    long due = start + (long) (i * 1e9 / perSecond);
                    long now = System.nanoTime();
                    if (due - now > PACE_AHEAD_NANOS) {
                        s.flush(); // nothing waits in a buffer while the rate holds the sender back
                        while ((now = System.nanoTime()) < due) LockSupport.parkNanos(due - now);
                    }
                }
                if (conn == 0 && target != null && System.nanoTime() >= nextProbe) {
                    buf = enc.probe(probeSeq, buf, len);
                    probeSentWall.put(probeSeq, System.currentTimeMillis());
                    probeSentAt.put(probeSeq, System.nanoTime());
                    s.send(buf, len[0]);
                    s.flush();
                    sent.incrementAndGet();
                    probeSeq++;
                    nextProbe += probeEvery;
                    i++;
                    if (i >= quota) break;
                }
                buf = enc.encode(n, buf, len);
                s.send(buf, len[0]);
                sent.incrementAndGet();
            }
            s.flush();
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
    }

    /** Follows the probes: each one's latency is from its sending to the first poll that finds it. */
    private void watchProbes() {
        while (watching) {
            try {
                // The oldest probes not seen yet, by number: a search for them reads only the
                // blocks that hold them, not every event received since the oldest one.
                List<Long> wanted = new ArrayList<>();
                long since = Long.MAX_VALUE;
                long giveUp = System.currentTimeMillis() - PROBE_GIVE_UP_MS;
                for (Map.Entry<Long, Long> p : probeSentWall.entrySet()) { // in probe order
                    if (p.getValue() < giveUp) {
                        probeSentWall.remove(p.getKey());
                        continue;
                    }
                    wanted.add(p.getKey());
                    since = Math.min(since, p.getValue());
                    if (wanted.size() == PROBES_PER_POLL) break;
                }
                if (!wanted.isEmpty()) {
                    Set<Long> seen = target.probesSeen(wanted, since - 1000); // a second's margin: receiving is a moment later, clocks tick apart
                    long now = System.nanoTime();
                    for (Long p : seen) {
                        Long at = probeSentAt.get(p);
                        if (at != null) probeLatencyNanos.putIfAbsent(p, now - at);
                        probeSentWall.remove(p);
                    }
                }
            } catch (Exception e) {
                // the next poll may work; a probe never found counts as not seen
            }
            // four polls a second: latency to the nearest 250 ms, at a search cost the receiver hardly notices
            LockSupport.parkNanos(250_000_000L);
        }
    }

    private Sender open() throws IOException {
        InetSocketAddress address = new InetSocketAddress(o.host(), o.port());
        return switch (o.protocol()) {
            case UDP -> new UdpSender(address);
            case TCP -> new StreamSender(connect(address, false));
            case TLS -> new StreamSender(connect(address, true));
            case RELP -> new RelpSender(() -> connect(address, false), o.relpWindow());
        };
    }

    private Socket connect(InetSocketAddress address, boolean tls) throws IOException {
        Socket plain = new Socket();
        plain.connect(address, 10_000);
        if (!tls) return plain;
        try {
            SSLSocket s = (SSLSocket) sslContext().getSocketFactory().createSocket(plain, o.host(), o.port(), true);
            s.startHandshake();
            return s;
        } catch (GeneralSecurityException e) {
            plain.close();
            throw new IOException("TLS: " + e.getMessage(), e);
        }
    }

    private SSLContext ssl;

    private synchronized SSLContext sslContext() throws GeneralSecurityException, IOException {
        if (ssl != null) return ssl;
        TrustManager[] trust;
        if (o.insecure()) {
            trust = new TrustManager[] {new X509TrustManager() {
                @Override public void checkClientTrusted(X509Certificate[] c, String a) {}
                @Override public void checkServerTrusted(X509Certificate[] c, String a) {}
                @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
            }};
        } else {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(o.tlsTrust() == null ? (KeyStore) null : io.vigil.core.tls.PemPair.trusting(o.tlsTrust()));
            trust = tmf.getTrustManagers();
        }
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(null, trust, null);
        ssl = c;
        return c;
    }

    private static void sleepUntil(long deadline) {
        long now;
        while ((now = System.nanoTime()) < deadline) LockSupport.parkNanos(deadline - now);
    }
}
