package io.vigil.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Each consumer's committed position, one small file per consumer ({@code name.pos}:
 * position and its checksum), replaced atomically by rename so a crash leaves the old or
 * the new value, never a torn one. Every consumer that ever committed holds back segment
 * deletion until it passes them; remove its file to retire it.
 */
final class ConsumerPositions {
    private final Path dir;
    private final Durability durability;
    private final Map<String, Long> cache = new ConcurrentHashMap<>();

    ConsumerPositions(Path dir, Durability durability) throws IOException {
        this.dir = dir;
        this.durability = durability;
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String n = p.getFileName().toString();
                if (!n.endsWith(".pos")) continue;
                String name = n.substring(0, n.length() - 4);
                readFile(p).ifPresent(pos -> cache.put(name, pos));
            }
        }
    }

    Set<String> names() {
        return cache.keySet();
    }

    long cached(String name) {
        return cache.getOrDefault(name, Long.MAX_VALUE);
    }

    OptionalLong read(String name) {
        Long p = cache.get(name);
        return p == null ? OptionalLong.empty() : OptionalLong.of(p);
    }

    void write(String name, long position) throws IOException {
        if (!name.matches("[A-Za-z0-9_.-]+")) throw new IllegalArgumentException("consumer name " + name);
        ByteBuffer b = ByteBuffer.allocate(16).putLong(position).putLong(checksum(position));
        b.flip();
        Path tmp = dir.resolve(name + ".pos.tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            while (b.hasRemaining()) ch.write(b);
            if (durability == Durability.POWER) ch.force(true);
        }
        Files.move(tmp, dir.resolve(name + ".pos"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        cache.put(name, position);
    }

    private static OptionalLong readFile(Path p) throws IOException {
        byte[] bytes = Files.readAllBytes(p);
        if (bytes.length != 16) return OptionalLong.empty();
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long pos = b.getLong();
        return b.getLong() == checksum(pos) ? OptionalLong.of(pos) : OptionalLong.empty();
    }

    private static long checksum(long v) {
        CRC32C c = new CRC32C();
        c.update(ByteBuffer.allocate(8).putLong(v).flip());
        return c.getValue();
    }
}
