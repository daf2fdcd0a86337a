package io.vigil.core.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The one directory an instance keeps everything in. Layout:
 * <pre>
 *   vigil.yaml         configuration (written on first run)
 *   journal/           the journal's segments and consumer positions
 *   events/            the event store (one Lucene index per day)
 *   tls/               generated certificates and keys (keys 0600)
 *   secrets/           the administrator API token (0600)
 *   run/instance.json  how the CLI finds the running instance (API URL, pid)
 * </pre>
 */
public final class DataDir {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");

    private final Path root;

    public DataDir(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** Creates the directory and its private sub-directories if missing. */
    public DataDir create() throws IOException {
        Files.createDirectories(root);
        for (Path p : new Path[] {tls(), secrets()}) {
            Files.createDirectories(p);
            restrict(p, OWNER_DIR);
        }
        Files.createDirectories(run());
        return this;
    }

    public Path root() { return root; }
    public Path configFile() { return root.resolve("vigil.yaml"); }
    public Path journal() { return root.resolve("journal"); }
    public Path events() { return root.resolve("events"); }
    public Path tls() { return root.resolve("tls"); }
    public Path secrets() { return root.resolve("secrets"); }
    public Path run() { return root.resolve("run"); }
    public Path adminToken() { return secrets().resolve("admin.token"); }
    public Path instanceFile() { return run().resolve("instance.json"); }

    /** Writes a secret readable by the owner only; the file is never world-readable, not even briefly. */
    public static void writeSecret(Path file, byte[] content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        }
        Files.write(tmp, content);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static void restrict(Path p, Set<PosixFilePermission> perms) throws IOException {
        try {
            Files.setPosixFilePermissions(p, perms);
        } catch (UnsupportedOperationException ignored) {
            // Not a POSIX file system: nothing finer to set.
        }
    }
}
