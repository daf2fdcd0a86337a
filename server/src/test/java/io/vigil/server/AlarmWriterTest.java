package io.vigil.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.correlate.engine.Alarm;
import io.vigil.correlate.engine.Risk;
import io.vigil.state.AlarmRepository;
import io.vigil.state.StateStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Alarm updates are held until the batch ends, and the state store ends as if each had been written. */
class AlarmWriterTest {
    @TempDir
    Path tmp;

    /** A backlog's alarm after {@code events} events, climbing one level every third event. */
    private static Alarm backlog(UUID id, int events, List<UUID> ids) {
        List<Alarm.Level> trail = new ArrayList<>();
        for (int i = 0; i < events; i += 3) {
            trail.add(new Alarm.Level(trail.size() + 1, "rule " + (trail.size() + 1), ids.get(i), Instant.ofEpochMilli(1000L + i),
                    2 + trail.size(), new Risk(trail.size(), trail.size())));
        }
        return new Alarm(id, events == 1, 500001, "SSH brute force", 3, trail.size(), 2 + trail.size(), new Risk(trail.size(), trail.size()),
                "203.0.113.9", "10.0.0.5", 40000 + events, 22, Instant.ofEpochMilli(1000), Instant.ofEpochMilli(1000L + events),
                List.copyOf(ids.subList(0, events)), trail);
    }

    @Test
    void theLastUpdateOfEachAlarmInABatchIsWrittenOnceAndHoldsEverything() {
        try (StateStore state = StateStore.openH2(tmp)) {
            AlarmWriter writer = new AlarmWriter(state, "directive");
            AtomicInteger written = new AtomicInteger();
            writer.onStored(written::incrementAndGet);
            UUID a = UUID.randomUUID();
            UUID b = UUID.randomUUID();
            List<UUID> eventsA = new ArrayList<>();
            List<UUID> eventsB = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                eventsA.add(UUID.randomUUID());
                eventsB.add(UUID.randomUUID());
            }
            for (int i = 1; i <= 7; i++) {
                assertEquals(AlarmWriter.Outcome.QUEUED, writer.write(backlog(a, i, eventsA), AlarmRepository.RuleInfo.DIRECTIVE, i == 1));
                if (i <= 4) writer.write(backlog(b, i, eventsB), AlarmRepository.RuleInfo.DIRECTIVE, i == 1);
            }
            assertEquals(0, state.alarms().list(new AlarmRepository.Query(null, null, null, null, null, 10)).size(), "nothing written before the batch ends");

            writer.flush();
            assertEquals(2, written.get(), "one write per alarm");
            var detailA = state.alarms().get(a.toString()).orElseThrow();
            assertEquals(eventsA.subList(0, 7).stream().map(UUID::toString).toList(), detailA.events());
            assertEquals(3, detailA.levels().size(), "levels reached at events 1, 4 and 7");
            assertEquals(3, detailA.alarm().level());
            assertEquals(40007, detailA.alarm().srcPort());
            var detailB = state.alarms().get(b.toString()).orElseThrow();
            assertEquals(4, detailB.events().size());
            assertEquals(2, detailB.levels().size());

            // the next batch goes on from what is stored, as if every update had been written
            writer.write(backlog(a, 10, eventsA), AlarmRepository.RuleInfo.DIRECTIVE, false);
            writer.flush();
            detailA = state.alarms().get(a.toString()).orElseThrow();
            assertEquals(eventsA.stream().map(UUID::toString).toList(), detailA.events());
            assertEquals(4, detailA.levels().size());
            Map<String, Object> status = new LinkedHashMap<>();
            writer.status(status);
            assertEquals(3L, status.get("alarms_stored"));
        }
    }

    @Test
    void anAlarmTheStateStoreRefusesLosesOnlyItself() {
        try (StateStore state = StateStore.openH2(tmp)) {
            AlarmWriter writer = new AlarmWriter(state, "directive");
            List<UUID> events = new ArrayList<>();
            for (int i = 0; i < 3; i++) events.add(UUID.randomUUID());
            UUID good = UUID.randomUUID();
            UUID bad = UUID.randomUUID();
            UUID alsoGood = UUID.randomUUID();
            Alarm b = backlog(bad, 3, events);
            Alarm tooLong = new Alarm(bad, false, b.directiveId(), "x".repeat(5000), b.priority(), b.level(), b.reliability(), b.risk(),
                    b.srcIp(), b.dstIp(), b.srcPort(), b.dstPort(), b.firstSeen(), b.lastSeen(), b.events(), b.trail()); // the column holds 2,000
            writer.write(backlog(good, 3, events), AlarmRepository.RuleInfo.DIRECTIVE, false);
            writer.write(tooLong, AlarmRepository.RuleInfo.DIRECTIVE, false);
            writer.write(backlog(alsoGood, 2, events), AlarmRepository.RuleInfo.DIRECTIVE, false);
            writer.flush();
            assertEquals(3, state.alarms().get(good.toString()).orElseThrow().events().size());
            assertEquals(2, state.alarms().get(alsoGood.toString()).orElseThrow().events().size());
            assertTrue(state.alarms().get(bad.toString()).isEmpty());
            Map<String, Object> status = new LinkedHashMap<>();
            writer.status(status);
            assertEquals(2L, status.get("alarms_stored"));
            assertEquals(1L, status.get("alarm_store_failures"));
        }
    }

    @Test
    void aSuppressedAlarmIsNotHeldAndAnUpdateHeldBeforeTheSuppressionStands() {
        try (StateStore state = StateStore.openH2(tmp)) {
            AlarmWriter writer = new AlarmWriter(state, "directive");
            UUID a = UUID.randomUUID();
            UUID b = UUID.randomUUID();
            List<UUID> events = new ArrayList<>();
            for (int i = 0; i < 3; i++) events.add(UUID.randomUUID());
            writer.write(backlog(a, 1, events), AlarmRepository.RuleInfo.DIRECTIVE, true);
            state.suppressions().create(500001, "203.0.113.9", null, "scanner we run", "analyst", System.currentTimeMillis(), null);
            assertEquals(AlarmWriter.Outcome.SUPPRESSED, writer.write(backlog(b, 1, events), AlarmRepository.RuleInfo.DIRECTIVE, true));
            writer.flush();
            assertTrue(state.alarms().get(a.toString()).isPresent(), "raised before the suppression existed");
            assertTrue(state.alarms().get(b.toString()).isEmpty());
            Map<String, Object> status = new LinkedHashMap<>();
            writer.status(status);
            assertEquals(1L, status.get("alarms_suppressed"));
        }
    }
}
