package io.vigil.correlate.engine;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An alarm as the engine raises and updates it: one per backlog, updated in place as the
 * backlog climbs (never a second alarm for the same backlog).
 *
 * @param raised true the first time the backlog alarms, false for its updates
 * @param title the directive's name with SRC_IP, DST_IP, SRC_PORT, DST_PORT filled in
 * @param events ids of the events that made the backlog, in order
 * @param trail each level reached, in order
 */
public record Alarm(
        UUID backlogId,
        boolean raised,
        int directiveId,
        String title,
        int priority,
        int level,
        int reliability,
        Risk risk,
        String srcIp,
        String dstIp,
        Integer srcPort,
        Integer dstPort,
        Instant firstSeen,
        Instant lastSeen,
        List<UUID> events,
        List<Level> trail) {

    /** A level the backlog reached: which rule, with which event, at what reliability and risk. */
    public record Level(int level, String rule, UUID event, Instant time, int reliability, Risk risk) {}
}
