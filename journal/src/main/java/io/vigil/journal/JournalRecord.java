package io.vigil.journal;

/**
 * A record read back from the journal.
 *
 * @param position where the record starts
 * @param next     where the following record starts: the position a consumer commits
 *                 once it has handled this one
 * @param payload  the bytes appended
 */
public record JournalRecord(long position, long next, byte[] payload) {}
