package io.vigil.core.ingest;

/** Why the journal did not take an event. Used as the {@code reason} tag of drop counters. */
public enum RefusalReason {
    /** The in-memory write buffer was full (only non-blocking appends see this). */
    BUFFER_FULL("buffer_full"),
    /** Free disk space is below {@code journal.min_free}. */
    DISK_LOW("disk_low"),
    /** The journal holds {@code journal.max_size} bytes that consumers have not passed. */
    JOURNAL_FULL("journal_full"),
    /** A write failed (e.g. ENOSPC); the journal was rolled back to its last good record. */
    WRITE_FAILED("write_failed"),
    /** The journal is closed (shutting down). */
    CLOSED("closed");

    private final String tag;

    RefusalReason(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }
}
