package io.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.core.event.Event;
import io.vigil.core.event.Normalizer;
import io.vigil.core.event.RawEvent;
import io.vigil.core.event.RawEventCodec;
import io.vigil.core.metrics.Collectors;
import io.vigil.core.store.SearchRequest;
import io.vigil.journal.Durability;
import io.vigil.journal.Journal;
import io.vigil.journal.JournalOptions;
import io.vigil.store.LuceneEventStore;
import io.vigil.store.Retention;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal-to-store loop with the real journal and the real Lucene store. */
class StorePipelineTest {
    @TempDir Path dir;
    final Collectors metrics = new Collectors(new SimpleMeterRegistry());

    /** Enough of a normalizer for the pipeline: the payload becomes the message. */
    static final Normalizer TEXT = raw -> new Event().id(raw.id()).received(Instant.ofEpochMilli(raw.received()))
            .time(Instant.ofEpochMilli(raw.received())).collector(raw.collector()).peer(raw.peer())
            .log(new String(raw.payload(), StandardCharsets.UTF_8)).message(new String(raw.payload(), StandardCharsets.UTF_8));

    Journal journal() throws Exception {
        return Journal.open(dir.resolve("journal"), JournalOptions.defaults(Durability.PROCESS));
    }

    LuceneEventStore store() throws Exception {
        return new LuceneEventStore(dir.resolve("events"), Retention.NONE, Duration.ofMillis(50), Clock.systemUTC());
    }

    static CompletableFuture<Void> append(Journal j, String collector, String peer, int flags, String text) {
        return j.append(RawEventCodec.encode(RawEvent.received(collector, peer, flags, text.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void parallelWorkersStoreEveryEventOnceAndKeepEachOnesText() throws Exception {
        try (Journal j = journal(); LuceneEventStore store = store();
             StorePipeline p = new StorePipeline(j, TEXT, store, metrics, Duration.ofMillis(50), 3).start()) {
            CompletableFuture<Void> last = null;
            for (int i = 0; i < 30_000; i++) last = append(j, "syslog-tcp", "10.0.0.1:5000", 0, "parallel event n" + i);
            last.get();
            await().until(() -> metrics.of("syslog-tcp").stored().count() == 30_000);
            store.refresh();
            assertThat(store.count(SearchRequest.of("*", 1))).isEqualTo(30_000);
            for (int i : new int[] {0, 4095, 4096, 17_777, 29_999}) {
                assertThat(store.count(SearchRequest.of("n" + i, 10))).as("event %d", i).isEqualTo(1);
            }
        }
    }

    /** Records what correlation is handed, in the order it is handed. */
    static final class Recording implements BatchCorrelator {
        final List<String> seen = Collections.synchronizedList(new ArrayList<>());
        volatile boolean finished;

        @Override
        public void finish() {
            finished = true;
        }

        @Override
        public List<Event> correlate(List<Event> events) {
            for (Event e : events) seen.add(e.message());
            return List.of();
        }

        @Override
        public List<Event> tick() {
            return List.of();
        }
    }

    @Test
    void correlationGetsEveryEventInJournalOrderWhileWorkersFinishOutOfOrder() throws Exception {
        // Events whose number ends in 7 take a while to normalize, so chunks finish out of order.
        Random random = new Random(42);
        Normalizer uneven = raw -> {
            Event e = TEXT.normalize(raw);
            if (e.message().endsWith("7") && random.nextInt(50) == 0) LockSupport.parkNanos(2_000_000);
            return e;
        };
        Recording correlation = new Recording();
        int n = 20_000;
        try (Journal j = journal(); LuceneEventStore store = store();
             StorePipeline p = new StorePipeline(j, uneven, store, metrics, Duration.ofMillis(50), 3).correlateWith(correlation).start()) {
            CompletableFuture<Void> last = null;
            for (int i = 0; i < n; i++) last = append(j, "syslog-tcp", "10.0.0.1:5000", 0, "ordered " + i);
            last.get();
            await().until(() -> metrics.of("syslog-tcp").stored().count() == n && correlation.seen.size() == n);
        }
        for (int i = 0; i < n; i++) assertThat(correlation.seen.get(i)).isEqualTo("ordered " + i);
        assertThat(correlation.finished).as("told to write what it holds when the pipeline closed").isTrue();
    }

    @Test
    void theEndOfABacklogIsSearchableWithoutWaitingForTheScheduleAndATrickleWaits() throws Exception {
        try (Journal j = journal();
             LuceneEventStore store = new LuceneEventStore(dir.resolve("events"), Retention.NONE, Duration.ofHours(1), Clock.systemUTC())) {
            CompletableFuture<Void> last = null;
            for (int i = 0; i < 10_000; i++) last = append(j, "syslog-tcp", "10.0.0.1:5000", 0, "backlog " + i);
            last.get(); // journaled before the pipeline starts: a backlog
            try (StorePipeline p = new StorePipeline(j, TEXT, store, metrics, Duration.ofMillis(50), 2).start()) {
                // the schedule says an hour: only the pipeline catching up can make them searchable now
                await().until(() -> store.count(SearchRequest.of("*", 1)) == 10_000);
                for (int i = 0; i < 20; i++) { // a trickle: the journal runs dry after each event
                    append(j, "syslog-tcp", "10.0.0.1:5000", 0, "trickle " + i).get();
                    long stored = 10_001 + i;
                    await().until(() -> metrics.of("syslog-tcp").stored().count() == stored);
                }
                assertThat(store.counters()).containsEntry("early_refreshes", 1L);
                assertThat(store.count(SearchRequest.of("*", 1))).as("a trickle waits for the schedule").isEqualTo(10_000);
            }
        }
    }

    @Test
    void aFailingChunkIsReadAgainAndEveryEventIsStoredOnce() throws Exception {
        AtomicBoolean failed = new AtomicBoolean();
        Normalizer failsOnce = raw -> {
            Event e = TEXT.normalize(raw);
            if (e.message().equals("event 6000") && failed.compareAndSet(false, true)) throw new IllegalStateException("a worker's failure");
            return e;
        };
        try (Journal j = journal(); LuceneEventStore store = store();
             StorePipeline p = new StorePipeline(j, failsOnce, store, metrics, Duration.ofMillis(50), 2).start()) {
            CompletableFuture<Void> last = null;
            for (int i = 0; i < 12_000; i++) last = append(j, "syslog-tcp", "10.0.0.1:5000", 0, "event " + i);
            last.get();
            await().atMost(Duration.ofSeconds(30)).until(() -> p.lagBytes() == 0 && metrics.of("syslog-tcp").stored().count() == 12_000);
            store.refresh();
            assertThat(failed).isTrue();
            assertThat(store.count(SearchRequest.of("*", 1))).isEqualTo(12_000);
            assertThat(store.count(SearchRequest.of("\"event 6000\"", 10))).isEqualTo(1);
        }
        assertThat(metrics.of("syslog-tcp").stored().count()).isEqualTo(12_000);
    }

    @Test
    void everyJournaledEventIsStoredOnceEvenWhenTheWholeJournalIsReplayed() throws Exception {
        try (Journal j = journal(); LuceneEventStore store = store();
             StorePipeline p = new StorePipeline(j, TEXT, store, metrics, Duration.ofMillis(50)).start()) {
            CompletableFuture<Void> last = null;
            for (int i = 0; i < 5000; i++) last = append(j, "syslog-tcp", "10.0.0.1:5000", 0, "event " + i);
            last.get();
            await().until(() -> metrics.of("syslog-tcp").stored().count() == 5000);
            assertThat(store.count(SearchRequest.of("*", 1))).isEqualTo(5000);
        }
        // As if the process died after the store commit but before the position was saved:
        // the consumer starts again from the beginning of the journal.
        Files.delete(dir.resolve("journal/consumers/store.pos"));
        try (Journal j = journal(); LuceneEventStore store = store();
             StorePipeline p = new StorePipeline(j, TEXT, store, metrics, Duration.ofMillis(50)).start()) {
            await().until(() -> p.lagBytes() == 0);
            store.refresh();
            assertThat(store.count(SearchRequest.of("*", 1))).isEqualTo(5000);
        }
    }

    @Test
    void aRelpResendOfAStoredMessageIsDroppedButARepeatInTheSameSessionIsKept() throws Exception {
        try (Journal j = journal(); LuceneEventStore store = store()) {
            try (StorePipeline p = new StorePipeline(j, TEXT, store, metrics, Duration.ofMillis(50)).start()) {
                append(j, "relp", "10.0.0.9:40001", 0, "<13>2026-11-25T10:00:00.123456+00:00 h app: original").get();
                await().until(() -> metrics.of("relp").stored().count() == 1);
            }
            // A new process: the filter's memory is empty, the original is only in the store.
            try (StorePipeline p = new StorePipeline(j, TEXT, store, metrics, Duration.ofMillis(50)).start()) {
                // The next session from the same host (new source port) resends it first...
                append(j, "relp", "10.0.0.9:40002", RawEvent.RETRANSMIT_CANDIDATE, "<13>2026-11-25T10:00:00.123456+00:00 h app: original").get();
                // ...another host may well send the same bytes...
                append(j, "relp", "10.0.0.7:40003", RawEvent.RETRANSMIT_CANDIDATE, "<13>2026-11-25T10:00:00.123456+00:00 h app: original").get();
                // ...and a repeat later in a session is the sender's own repeat, not a resend.
                append(j, "relp", "10.0.0.9:40002", 0, "<13>2026-11-25T10:00:00.123456+00:00 h app: original").get();
                await().until(() -> p.lagBytes() == 0 && metrics.of("relp").stored().count() == 3);
            }
            store.refresh();
            assertThat(store.count(SearchRequest.of("original", 1))).isEqualTo(3);
            assertThat(metrics.registry().get("vigil.events.dropped").tag("reason", "retransmitted_duplicate").counter().count()).isEqualTo(1);
        }
    }

    static final String BURST = """
            <directive id="900101" name="Burst from SRC_IP" priority="4">
              <rule type="detector" name="first" reliability="1" occurrence="1" from="ANY" to="ANY" port_from="ANY" port_to="ANY" plugin_id="4003" plugin_sid="2">
                <rules>
                  <rule type="detector" name="ten more" reliability="4" occurrence="10" from="1:SRC_IP" to="1:DST_IP" port_from="ANY" port_to="ANY" time_out="600" plugin_id="4003" plugin_sid="2"/>
                </rules>
              </rule>
            </directive>
            """;

    /** Lines "fail N" are failed logins from one address; the rest stay plain text. */
    static final Normalizer LOGINS = raw -> {
        Event e = TEXT.normalize(raw);
        if (e.message().startsWith("fail ")) e.pluginId(4003).pluginSid(2).srcIp("203.0.113.7").dstIp("10.0.0.5").dstPort(22);
        return e;
    };

    @Test
    void directiveEventsFromTheCorrelationThreadAreStoredAndCountedByTheCommitThatHoldsThem() throws Exception {
        Path content = Files.createDirectories(dir.resolve("content"));
        Files.writeString(content.resolve("burst.xml"), BURST);
        try (io.vigil.state.StateStore state = io.vigil.state.StateStore.openH2(dir.resolve("state"));
             Journal j = journal(); LuceneEventStore store = store()) {
            Correlator correlator = new Correlator(java.util.List.of(content), state, Duration.ZERO, io.vigil.correlate.engine.DirectiveEngine.Limits.DEFAULT);
            try (StorePipeline p = new StorePipeline(j, LOGINS, store, metrics, Duration.ofMillis(50), 2).correlateWith(correlator).start()) {
                CompletableFuture<Void> last = null;
                for (int i = 0; i < 20_000; i++) last = append(j, "syslog-tcp", "10.0.0.1:5000", 0, i % 1000 < 11 ? "fail " + i : "quiet " + i);
                last.get();
                await().until(() -> metrics.of("syslog-tcp").stored().count() == 20_000 && metrics.of("correlation").stored().count() > 0);
            }
            // closed: everything the correlation thread appended was committed and counted, and nothing else
            long counted = (long) metrics.of("correlation").stored().count();
            try (LuceneEventStore reopened = store()) {
                assertThat(reopened.count(SearchRequest.of("plugin_id:1505", 1))).isEqualTo(counted);
                assertThat(reopened.count(SearchRequest.of("*", 1))).isEqualTo(20_000 + counted);
            }
            assertThat(state.alarms().list(io.vigil.state.AlarmRepository.Query.all(100))).isNotEmpty();
        }
    }
}
