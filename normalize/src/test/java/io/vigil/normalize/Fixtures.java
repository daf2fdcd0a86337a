package io.vigil.normalize;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The third-party content of the compatibility suite ({@code ../shared/fixtures}): the folder
 * named by the system property {@code vigil.fixtures} (Maven sets it; the environment variable
 * {@code VIGIL_FIXTURES} overrides it). A test that needs it calls {@link #root()} or one of the
 * helpers and is skipped, with a plain message, when the folder is not there; when it is there
 * the test runs.
 */
public final class Fixtures {

    private Fixtures() {}

    /** The fixtures folder if it exists (no skipping). */
    public static Optional<Path> find() {
        String p = System.getenv("VIGIL_FIXTURES");
        if (p == null || p.isBlank()) {
            p = System.getProperty("vigil.fixtures");
        }
        if (p == null || p.isBlank()) {
            return Optional.empty();
        }
        Path root = Path.of(p);
        return Files.isDirectory(root) ? Optional.of(root) : Optional.empty();
    }

    /** The fixtures folder; skips the test with a plain message when it does not exist. */
    public static Path root() {
        String p = System.getenv("VIGIL_FIXTURES");
        if (p == null || p.isBlank()) {
            p = System.getProperty("vigil.fixtures");
        }
        assumeTrue(p != null && !p.isBlank(), "fixtures folder not set (system property vigil.fixtures or"
                + " VIGIL_FIXTURES): third-party compatibility tests skipped");
        Path root = Path.of(p);
        assumeTrue(Files.isDirectory(root), "fixtures folder " + root.toAbsolutePath()
                + " does not exist: third-party compatibility tests skipped");
        return root;
    }

    /** A path under the fixtures folder that must exist (else the test is skipped, saying which). */
    public static Path path(String first, String... more) {
        Path p = root().resolve(Path.of(first, more));
        assumeTrue(Files.exists(p), "fixture " + p.toAbsolutePath() + " does not exist: test skipped");
        return p;
    }

    /** {@code ossim/...} */
    public static Path ossim(String... more) {
        return path("ossim", more);
    }

    /** The OSSIM agent plugins folder. */
    public static Path ossimPlugins() {
        return ossim("plugins");
    }

    /** The OSSIM plugin files, sorted by name. */
    public static List<Path> ossimPluginFiles() {
        try (var s = Files.list(ossimPlugins())) {
            return s.filter(f -> f.getFileName().toString().endsWith(".cfg")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file's lines (LF or CRLF), decoded as UTF-8 with bad bytes replaced. */
    public static List<String> lines(Path file) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
            List<String> out = new ArrayList<>();
            for (String l : text.split("\n", -1)) {
                out.add(l.endsWith("\r") ? l.substring(0, l.length() - 1) : l);
            }
            if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
                out.remove(out.size() - 1);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
