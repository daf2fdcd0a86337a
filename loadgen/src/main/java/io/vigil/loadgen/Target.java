package io.vigil.loadgen;

import java.util.Set;

/** What a run can ask the receiver it loads (Vigil's API); peers that only write files have none. */
public interface Target {
    /** Events of this run stored and searchable so far. */
    long stored() throws Exception;

    /**
     * Numbers of the latency probes of this run that are searchable now, among those the
     * receiver got at or after {@code receivedSince} (epoch ms; the caller passes the sending
     * time of the oldest probe not yet seen, so a poll does not search the whole run again).
     */
    Set<Long> probesSeen(long receivedSince) throws Exception;
}
