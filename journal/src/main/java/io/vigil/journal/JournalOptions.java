package io.vigil.journal;

/**
 * @param segmentSize bytes at which a new segment file is started
 * @param maxSize     most unconsumed bytes kept; input slows past 90% and is refused at 100%
 * @param minFree     free bytes left on the file system; input slows below 2x and is refused below 1x
 * @param bufferSize  bytes of each of the two write buffers (the one filling and the one being written)
 * @param durability  when appends complete
 */
public record JournalOptions(long segmentSize, long maxSize, long minFree, int bufferSize, Durability durability) {
    public static final int MIN_BUFFER = 256 * 1024;

    public JournalOptions {
        if (segmentSize < 1024 * 1024) throw new IllegalArgumentException("journal.segment_size must be at least 1MiB");
        if (bufferSize < MIN_BUFFER) throw new IllegalArgumentException("journal.buffer_size must be at least 256KiB");
        if (maxSize < segmentSize) throw new IllegalArgumentException("journal.max_size must be at least journal.segment_size");
    }

    public static JournalOptions defaults(Durability durability) {
        return new JournalOptions(64L << 20, 20L << 30, 512L << 20, 8 << 20, durability);
    }

    public JournalOptions withDurability(Durability d) {
        return new JournalOptions(segmentSize, maxSize, minFree, bufferSize, d);
    }
}
