package io.vigil.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A load run against a TCP receiver on loopback that "stores" what it read a moment later. */
class LoadRunTest {

    @Test
    void everyMessageStoredIsCountedOnceInTheReportAndItsSeconds() throws Exception {
        List<Corpus.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 50; i++) entries.add(Corpus.entry("sshd", Integer.toString(i), "Accepted password for u" + i + " from 10.0.0." + i));
        AtomicLong received = new AtomicLong();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofPlatform().daemon().start(() -> { // a reader per connection, until the server socket closes
                try {
                    while (true) {
                        Socket s = server.accept();
                        Thread.ofPlatform().daemon().start(() -> {
                            try (var in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
                                while (in.readLine() != null) received.incrementAndGet();
                            } catch (Exception ignored) {
                                // the run closed it
                            }
                        });
                    }
                } catch (Exception closed) {
                    // the test is over
                }
            });
            // Stored lags received by 1.5 s and grows in steps, as a store's refreshes make events
            // searchable: the run must wait for the last step and count it in its seconds.
            Target lagging = new Target() {
                private final List<long[]> seen = new ArrayList<>(); // {nanoTime, received}

                @Override
                public synchronized long stored() {
                    long now = System.nanoTime();
                    seen.add(new long[] {now, received.get()});
                    long stored = 0;
                    for (long[] s : seen) if (now - s[0] >= 1_500_000_000L) stored = s[1];
                    return stored;
                }

                @Override
                public Set<Long> probesSeen(Collection<Long> wanted, long receivedSince) {
                    return Set.of();
                }
            };
            LoadOptions o = new LoadOptions("127.0.0.1", server.getLocalPort(), Protocol.TCP, 3, 20_000, null, 30_000, null, 0, "t1",
                    0, null, false, 64, Duration.ofSeconds(10));
            Report r = new LoadRun(o, Corpus.of(entries), lagging, null).run();
            assertThat(r.sent()).isEqualTo(30_000);
            assertThat(r.stored()).isEqualTo(30_000L);
            assertThat(r.lost()).isZero();
            assertThat(r.series().stream().mapToLong(Report.Second::stored).sum()).as("the seconds' stored counts add up").isEqualTo(30_000);
            assertThat(r.series().stream().mapToLong(Report.Second::sent).sum()).isEqualTo(30_000);
        }
    }
}
