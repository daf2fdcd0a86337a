package io.vigil.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;

/**
 * The segment files of a journal, keyed by base position: the global byte position of a
 * segment's first record, which is also its file name ({@code 00000000000067108864.seg}),
 * so a position maps to a file and offset without an index.
 */
final class Segments {
    static final String SUFFIX = ".seg";

    private final Path dir;
    private final ConcurrentSkipListMap<Long, Path> byBase = new ConcurrentSkipListMap<>();

    Segments(Path dir) throws IOException {
        this.dir = dir;
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).forEach(p -> {
                String n = p.getFileName().toString();
                try {
                    byBase.put(Long.parseLong(n.substring(0, n.length() - SUFFIX.length())), p);
                } catch (NumberFormatException e) {
                    throw new IllegalStateException("unexpected file in journal directory: " + p);
                }
            });
        }
    }

    Path fileFor(long base) {
        return dir.resolve(String.format("%020d%s", base, SUFFIX));
    }

    Path add(long base) {
        Path p = fileFor(base);
        byBase.put(base, p);
        return p;
    }

    boolean isEmpty() { return byBase.isEmpty(); }
    long firstBase() { return byBase.firstKey(); }
    long lastBase() { return byBase.lastKey(); }
    int count() { return byBase.size(); }

    /** The segment holding a position, or null if it was deleted (the position is older than the journal). */
    Map.Entry<Long, Path> containing(long position) {
        return byBase.floorEntry(position);
    }

    /** Base of the segment after the one starting at base, or -1 if that is the last. */
    long nextBase(long base) {
        Long n = byBase.higherKey(base);
        return n == null ? -1 : n;
    }

    /** Deletes every segment that ends at or before the position, never the last one. */
    int deleteBefore(long position) throws IOException {
        int deleted = 0;
        for (Map.Entry<Long, Path> e : byBase.entrySet()) {
            long next = nextBase(e.getKey());
            if (next < 0 || next > position) break;
            byBase.remove(e.getKey());
            Files.deleteIfExists(e.getValue());
            deleted++;
        }
        return deleted;
    }

    long totalBytes() {
        long total = 0;
        for (Path p : byBase.values()) {
            try {
                total += Files.size(p);
            } catch (IOException ignored) {
                // Deleted concurrently: counts as nothing.
            }
        }
        return total;
    }
}
