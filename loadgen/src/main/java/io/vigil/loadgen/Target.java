package io.vigil.loadgen;

import java.util.Set;

/** What a run can ask the receiver it loads (Vigil's API); peers that only write files have none. */
public interface Target {
    /** Events of this run stored and searchable so far. */
    long stored() throws Exception;

    /** Numbers of the latency probes of this run that are searchable now. */
    Set<Long> probesSeen() throws Exception;
}
