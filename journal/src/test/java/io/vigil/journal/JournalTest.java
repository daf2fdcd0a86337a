package io.vigil.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.ingest.IngestRefusedException;
import io.vigil.core.ingest.RefusalReason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JournalTest {
    private static final long MIB = 1 << 20;

    @TempDir Path dir;

    private static JournalOptions small(Durability d) {
        return new JournalOptions(MIB, 64 * MIB, 0, 256 * 1024, d);
    }

    private static byte[] msg(int i) {
        return ("message number " + i + " " + "x".repeat(i % 300)).getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> drain(JournalConsumer c) throws Exception {
        List<String> out = new ArrayList<>();
        while (true) {
            List<JournalRecord> batch = c.poll(1000, Duration.ofMillis(50));
            if (batch.isEmpty()) return out;
            for (JournalRecord r : batch) out.add(new String(r.payload(), StandardCharsets.UTF_8));
        }
    }

    @ParameterizedTest
    @EnumSource(Durability.class)
    void recordsComeBackInOrderAcrossSegments(Durability durability) throws Exception {
        try (Journal j = Journal.open(dir, small(durability))) {
            JournalConsumer c = j.consumer("store");
            CompletableFuture<Void> last = null;
            for (int i = 0; i < 20_000; i++) last = j.append(msg(i));
            last.get(10, TimeUnit.SECONDS);
            assertThat(j.segmentCount()).as("1 MiB segments hold ~3 MB of records").isGreaterThan(2);
            List<String> read = drain(c);
            assertThat(read).hasSize(20_000);
            for (int i = 0; i < read.size(); i++) assertThat(read.get(i)).isEqualTo(new String(msg(i), StandardCharsets.UTF_8));
        }
    }

    @Test
    void restartResumesAtTheCommittedPositionAndRereadsTheRest() throws Exception {
        try (Journal j = Journal.open(dir, small(Durability.PROCESS))) {
            JournalConsumer c = j.consumer("store");
            for (int i = 0; i < 100; i++) j.append(msg(i));
            j.append(msg(100)).get();
            List<JournalRecord> first = c.poll(40, Duration.ofSeconds(1));
            assertThat(first).hasSize(40);
            c.commit(first.get(29).next()); // handled 30 of the 40 it read
        }
        try (Journal j = Journal.open(dir, small(Durability.PROCESS))) {
            List<String> rest = drain(j.consumer("store"));
            assertThat(rest).hasSize(71);
            assertThat(rest.get(0)).startsWith("message number 30 ");
        }
    }

    @Test
    void aTornTailIsCutOffAndEveryWholeRecordSurvives() throws Exception {
        try (Journal j = Journal.open(dir, small(Durability.PROCESS))) {
            for (int i = 0; i < 9; i++) j.append(msg(i));
            j.append(msg(9)).get();
        }
        Path seg = onlySegment();
        long good = Files.size(seg);
        // A record header promising 500 bytes, followed by only 20: what a crash mid-write leaves.
        Files.write(seg, new byte[] {0, 0, 1, (byte) 0xF4, 1, 2, 3, 4, 'p', 'a', 'r', 't', 'i', 'a', 'l', 0, 0, 0, 0, 0, 0, 0, 0, 0}, StandardOpenOption.APPEND);
        try (Journal j = Journal.open(dir, small(Durability.PROCESS))) {
            assertThat(j.recovery().truncatedBytes()).isEqualTo(24);
            assertThat(Files.size(seg)).isEqualTo(good);
            j.append(msg(10)).get();
            List<String> all = drain(j.consumer("reader"));
            assertThat(all).hasSize(11);
            assertThat(all.get(10)).startsWith("message number 10 ");
        }
    }

    @Test
    void aFlippedBitInTheLastSegmentIsCutAtRecovery() throws Exception {
        try (Journal j = Journal.open(dir, small(Durability.PROCESS))) {
            for (int i = 0; i < 9; i++) j.append(msg(i));
            j.append(msg(9)).get();
        }
        Path seg = onlySegment();
        byte[] bytes = Files.readAllBytes(seg);
        bytes[bytes.length - 3] ^= 0x40; // inside the payload of the last record
        Files.write(seg, bytes);
        try (Journal j = Journal.open(dir, small(Durability.PROCESS))) {
            assertThat(j.recovery().truncatedBytes()).isPositive();
            assertThat(drain(j.consumer("reader"))).hasSize(9);
        }
    }

    @Test
    void segmentsAreDeletedOnceEveryConsumerHasPassedThem() throws Exception {
        try (Journal j = Journal.open(dir, small(Durability.PROCESS))) {
            JournalConsumer fast = j.consumer("fast");
            JournalConsumer slow = j.consumer("slow");
            CompletableFuture<Void> last = null;
            for (int i = 0; i < 20_000; i++) last = j.append(msg(i));
            last.get();
            int segments = j.segmentCount();
            drain(fast);
            fast.commit(fast.position());
            assertThat(j.segmentCount()).as("the slow consumer holds them").isEqualTo(segments);
            drain(slow);
            slow.commit(slow.position());
            assertThat(j.segmentCount()).as("only the active segment stays").isEqualTo(1);
        }
    }

    @Test
    void lowDiskRefusesWithAReasonAndWritesNothing() throws Exception {
        JournalOptions needsMoreThanExists = new JournalOptions(MIB, 64 * MIB, Long.MAX_VALUE / 4, 256 * 1024, Durability.PROCESS);
        try (Journal j = Journal.open(dir, needsMoreThanExists)) {
            long before = j.writtenPosition();
            assertThatThrownBy(() -> j.append(msg(1)).get())
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(IngestRefusedException.class)
                    .hasMessageContaining("journal.min_free")
                    .satisfies(e -> assertThat(((IngestRefusedException) e).reason()).isEqualTo(RefusalReason.DISK_LOW));
            assertThat(j.tryAppend(msg(2))).isNull();
            assertThat(j.refusalReason()).isEqualTo(RefusalReason.DISK_LOW);
            assertThat(j.guard().refusals()).containsEntry(RefusalReason.DISK_LOW, 2L);
            assertThat(j.writtenPosition()).isEqualTo(before);
        }
    }

    @Test
    void aJournalFullOfUnconsumedDataRefusesUntilTheConsumerCatchesUp() throws Exception {
        JournalOptions twoMib = new JournalOptions(MIB, 2 * MIB, 0, 256 * 1024, Durability.PROCESS);
        try (Journal j = Journal.open(dir, twoMib)) {
            JournalConsumer c = j.consumer("store");
            int accepted = 0;
            Throwable refusal = null;
            for (int i = 0; i < 100_000 && refusal == null; i++) {
                try {
                    j.append(msg(i)).get();
                    accepted++;
                } catch (ExecutionException e) {
                    refusal = e.getCause();
                }
            }
            assertThat(refusal).isInstanceOf(IngestRefusedException.class);
            assertThat(((IngestRefusedException) refusal).reason()).isEqualTo(RefusalReason.JOURNAL_FULL);
            assertThat(j.unconsumedBytes()).isGreaterThanOrEqualTo(2 * MIB);
            List<String> read = drain(c);
            assertThat(read).as("everything accepted is intact").hasSize(accepted);
            c.commit(c.position());
            j.append(msg(1)).get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void concurrentAppendersLoseNothingAndDuplicateNothing() throws Exception {
        int threads = 4;
        int perThread = 25_000;
        try (Journal j = Journal.open(dir, small(Durability.POWER))) {
            JournalConsumer c = j.consumer("store");
            List<Thread> ts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                ts.add(Thread.ofPlatform().start(() -> {
                    Random rnd = new Random(id);
                    CompletableFuture<Void> last = null;
                    for (int i = 0; i < perThread; i++) {
                        String s = id + ":" + i + ":" + "y".repeat(rnd.nextInt(200));
                        last = j.append(s.getBytes(StandardCharsets.UTF_8));
                    }
                    last.join();
                }));
            }
            Set<String> seen = new HashSet<>();
            int[] nextPerThread = new int[threads];
            while (seen.size() < threads * perThread) {
                for (JournalRecord r : c.poll(5000, Duration.ofSeconds(5))) {
                    String[] parts = new String(r.payload(), StandardCharsets.UTF_8).split(":");
                    int t = Integer.parseInt(parts[0]);
                    int i = Integer.parseInt(parts[1]);
                    assertThat(i).as("per-thread order").isEqualTo(nextPerThread[t]++);
                    assertThat(seen.add(parts[0] + ":" + parts[1])).isTrue();
                }
            }
            for (Thread t : ts) t.join();
            assertThat(c.poll(10, Duration.ofMillis(100))).isEmpty();
        }
    }

    @Test
    void aCorruptRecordInAnOldSegmentSkipsTheRestOfThatSegmentOnly() throws Exception {
        try (Journal j = Journal.open(dir, small(Durability.PROCESS))) {
            CompletableFuture<Void> last = null;
            for (int i = 0; i < 10_000; i++) last = j.append(msg(i));
            last.get();
        }
        Path first;
        try (Stream<Path> s = Files.list(dir)) {
            first = s.filter(p -> p.toString().endsWith(".seg")).sorted().findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(first);
        bytes[100] ^= 0x01;
        Files.write(first, bytes);
        try (Journal j = Journal.open(dir, small(Durability.PROCESS))) {
            JournalConsumer c = j.consumer("reader");
            List<String> read = drain(c);
            assertThat(read).isNotEmpty().hasSizeLessThan(10_000);
            assertThat(read.get(read.size() - 1)).startsWith("message number 9999 ");
            assertThat(c.corruptBytesSkipped()).isPositive();
        }
    }

    private Path onlySegment() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> segs = s.filter(p -> p.toString().endsWith(".seg")).toList();
            assertThat(segs).hasSize(1);
            return segs.get(0);
        }
    }
}
