package io.vigil.server;

import io.vigil.correlate.engine.Alarm;
import io.vigil.state.AlarmRepository;
import io.vigil.state.StateStore;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an engine's alarms to the state store, unless a suppression stops them, and counts
 * both. A state store that is down is counted and logged (at most every 10 s), never thrown:
 * correlation and the storing of events go on. One per engine (directives, Sigma), each with its
 * own counters; driven by the correlation thread.
 */
final class AlarmWriter {
    private static final Logger log = LoggerFactory.getLogger(AlarmWriter.class);

    enum Outcome { STORED, SUPPRESSED, FAILED }

    private final StateStore state;
    private final String engine;
    private volatile Runnable onStored = () -> { };
    private long stored;
    private long suppressed;
    private long failures;
    private long lastFailureLog;

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

    /** @param checkSuppressions whether to ask the suppressions first (directives: when the alarm is raised; Sigma: each match) */
    Outcome write(Alarm alarm, AlarmRepository.RuleInfo rule, boolean checkSuppressions) {
        long now = System.currentTimeMillis();
        try {
            if (checkSuppressions && state.suppressions().suppress(alarm, rule, now).isPresent()) {
                suppressed++;
                return Outcome.SUPPRESSED;
            }
            state.alarms().upsert(alarm, rule, now);
            stored++;
            onStored.run();
            return Outcome.STORED;
        } catch (RuntimeException e) {
            failures++;
            if (now - lastFailureLog > 10_000) {
                log.error("storing the {} alarm {} failed: {}", engine, alarm.backlogId(), e.getMessage());
                lastFailureLog = now;
            }
            return Outcome.FAILED;
        }
    }

    void status(Map<String, Object> m) {
        m.put("alarms_stored", stored);
        m.put("alarms_suppressed", suppressed);
        m.put("alarm_store_failures", failures);
    }
}
