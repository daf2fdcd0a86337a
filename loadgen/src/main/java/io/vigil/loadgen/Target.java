package io.vigil.loadgen;

import java.util.Collection;
import java.util.Set;

/** What a run can ask the receiver it loads (Vigil's API); peers that only write files have none. */
public interface Target {
    /** Events of this run stored and searchable so far. */
    long stored() throws Exception;

    /**
     * Which of the latency probes {@code wanted} (their numbers, not yet seen) are searchable
     * now. {@code receivedSince} (epoch ms) bounds the search: the caller passes the sending
     * time of the oldest of them, so a poll does not search the whole run again.
     */
    Set<Long> probesSeen(Collection<Long> wanted, long receivedSince) throws Exception;
}
