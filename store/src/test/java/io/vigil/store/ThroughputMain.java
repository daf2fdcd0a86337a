package io.vigil.store;

import io.vigil.core.event.Event;
import io.vigil.core.store.SearchRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Throwaway measurement of append+commit throughput (not a test, not a benchmark: JMH lives in
 * bench/). Three runs (the first warms up the JIT) of sshd-like events with most fields set,
 * appended in batches, committed every commitEvery events, with the usual 500 ms refresh:
 * <pre>
 * ./mvnw -q -o -pl store test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/store.cp -Dmdep.includeScope=test
 * java -cp store/target/classes:store/target/test-classes:$(cat /tmp/store.cp) io.vigil.store.ThroughputMain [events [batch [commitEvery]]]
 * </pre>
 */
public final class ThroughputMain {
    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int commitEvery = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
        Path dir = Files.createTempDirectory("vigil-store-throughput");
        Random rnd = new Random(42);
        String[] users = {"root", "admin", "oracle", "test", "ubuntu", "git", "postgres"};
        for (int run = 0; run < 3; run++) {
            Path d = dir.resolve("run" + run);
            List<Event> all = new ArrayList<>(total);
            long t0 = System.currentTimeMillis();
            for (int i = 0; i < total; i++) {
                Instant t = Instant.ofEpochMilli(t0 + i / 50);
                String ip = "192.168." + rnd.nextInt(256) + "." + rnd.nextInt(256);
                String user = users[rnd.nextInt(users.length)];
                int port = 1024 + rnd.nextInt(60000);
                String msg = "Failed password for invalid user " + user + " from " + ip + " port " + port + " ssh2";
                all.add(new Event().id(TestEvents.idAt(t)).time(t).received(t).collector("syslog-udp").peer("10.0.0." + rnd.nextInt(20) + ":514")
                        .log("<38>Nov 25 11:59:59 web" + rnd.nextInt(50) + " sshd[" + rnd.nextInt(30000) + "]: " + msg)
                        .facility(4).severity(6).host("web" + rnd.nextInt(50)).app("sshd").procid(Integer.toString(rnd.nextInt(30000)))
                        .message(msg).pluginId(4003).pluginSid(20).srcIp(ip).dstIp("10.0.0.5").srcPort(port).dstPort(22)
                        .protocol("TCP").username(user).sensor("sensor-a").priority(3).reliability(2)
                        .productType("Authentication and DHCP").category("Authentication").subcategory("Failed login"));
            }
            long start = System.nanoTime();
            long cpu0 = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
            try (LuceneEventStore store = new LuceneEventStore(d, Retention.NONE, Duration.ofMillis(500), Clock.systemUTC())) {
                for (int i = 0; i < total; i += batch) {
                    store.append(all.subList(i, Math.min(total, i + batch)));
                    if ((i + batch) % commitEvery == 0) store.commit();
                }
                store.commit();
                long nanos = System.nanoTime() - start;
                long cpu = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() - cpu0;
                System.out.printf("run %d: %d events in %.2f s: %.0f events/s append+commit (%.0f events per CPU-second of the process); %d bytes on disk (%.0f B/event)%n",
                        run, total, nanos / 1e9, total / (nanos / 1e9), total / (cpu / 1e9), store.sizeOnDisk(), (double) store.sizeOnDisk() / total);
                if (args.length > 3) continue;
                store.refresh();
                long q0 = System.nanoTime();
                long n = store.count(SearchRequest.of("log:root", 1));
                var r = store.search(SearchRequest.of("app:sshd AND severity:[0 TO 6]", 100));
                System.out.printf("  count(log:root)=%d, search total=%d in %.1f ms%n", n, r.total(), (System.nanoTime() - q0) / 1e6);
            }
        }
    }
}
