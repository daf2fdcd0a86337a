package io.vigil.server;

import io.vigil.correlate.engine.Alarm;
import io.vigil.state.AlarmRepository;
import io.vigil.state.StateStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an engine's alarms to the state store, unless a suppression stops them, and counts
 * both. A state store that is down is counted and logged (at most every 10 s), never thrown:
 * correlation and the storing of events go on. One per engine (directives, Sigma), each with its
 * own counters; driven by the correlation thread.
 *
 * <p>Alarms are held until {@link #flush()}, which the correlator calls after a batch of
 * events once a write interval has passed ({@link #flushIfDue}): a backlog climbing levels,
 * or a Sigma alarm gathering matches, updates its alarm on every event, and each update was a
 * transaction of the state store (a sixth of correlation's time under load). An alarm carries
 * its whole state, so its last update stands for the others. Suppressions are still asked at
 * once, on each update as before.
 */
final class AlarmWriter {
    private static final Logger log = LoggerFactory.getLogger(AlarmWriter.class);
    /** Alarms held at most before they are written whatever the batch (memory stays bounded). */
    static final int MAX_PENDING = 10_000;

    enum Outcome { QUEUED, SUPPRESSED, FAILED }

    private record Pending(Alarm alarm, AlarmRepository.RuleInfo rule) {}

    /** The latest update of each alarm since the last flush, in the order first updated. */
    private final Map<UUID, Pending> pending = new LinkedHashMap<>();

    private final StateStore state;
    private final String engine;
    private volatile Runnable onStored = () -> { };
    private long stored;
    private long suppressed;
    private long failures;
    private long lastFailureLog;
    /** System.nanoTime() of the last write; an alarm after a quiet spell is written at once. */
    private long lastFlush = System.nanoTime() - Long.MAX_VALUE / 2;

    AlarmWriter(StateStore state, String engine) {
        this.state = state;
        this.engine = engine;
    }

    /** Called after each alarm is stored (the console's live feed). */
    void onStored(Runnable r) {
        this.onStored = r;
    }

    /** An alarm the caller already knows to be suppressed. */
    void countSuppressed() {
        suppressed++;
    }

    /**
     * Takes an alarm's new state, to be written at the next {@link #flush()}.
     *
     * @param checkSuppressions whether to ask the suppressions first (directives: when the alarm is raised; Sigma: each match)
     */
    Outcome write(Alarm alarm, AlarmRepository.RuleInfo rule, boolean checkSuppressions) {
        if (checkSuppressions) {
            long now = System.currentTimeMillis();
            try {
                if (state.suppressions().suppress(alarm, rule, now).isPresent()) {
                    suppressed++;
                    // an update held from earlier in the batch stands: it was not suppressed then
                    return Outcome.SUPPRESSED;
                }
            } catch (RuntimeException e) {
                failed(alarm, e, now); // the state store is down: the write would fail too
                return Outcome.FAILED;
            }
        }
        pending.put(alarm.backlogId(), new Pending(alarm, rule));
        if (pending.size() >= MAX_PENDING) flush();
        return Outcome.QUEUED;
    }

    /**
     * Writes the alarms held if the last write is at least {@code everyNanos} ago (at once for
     * 0): the alarms of a busy stretch are written a few times a second, each in its latest
     * state, instead of after every batch of events.
     */
    void flushIfDue(long everyNanos) {
        if (pending.isEmpty()) return;
        if (everyNanos > 0 && System.nanoTime() - lastFlush < everyNanos) return;
        flush();
    }

    /** Writes the alarms held, each once, in the order they were first updated. */
    void flush() {
        if (pending.isEmpty()) return;
        lastFlush = System.nanoTime();
        long now = System.currentTimeMillis();
        List<AlarmRepository.Update> all = new ArrayList<>(pending.size());
        for (Pending p : pending.values()) all.add(new AlarmRepository.Update(p.alarm(), p.rule()));
        pending.clear();
        try {
            state.alarms().upsertAll(all, now); // one transaction
            stored += all.size();
            for (int i = 0; i < all.size(); i++) onStored.run();
            return;
        } catch (RuntimeException e) {
            if (all.size() == 1) {
                failed(all.get(0).alarm(), e, now);
                return;
            }
            // one at a time: one alarm the store refuses loses only itself
        }
        for (AlarmRepository.Update u : all) {
            try {
                state.alarms().upsert(u.alarm(), u.rule(), now);
                stored++;
                onStored.run();
            } catch (RuntimeException e) {
                failed(u.alarm(), e, now);
            }
        }
    }

    private void failed(Alarm alarm, RuntimeException e, long now) {
        failures++;
        if (now - lastFailureLog > 10_000) {
            log.error("storing the {} alarm {} failed: {}", engine, alarm.backlogId(), e.getMessage());
            lastFailureLog = now;
        }
    }

    void status(Map<String, Object> m) {
        m.put("alarms_stored", stored);
        m.put("alarms_suppressed", suppressed);
        m.put("alarm_store_failures", failures);
    }
}
