package io.vigil.normalize.decode;

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
import java.util.stream.Stream;

/** The third-party samples in ../shared/fixtures (system property vigil.fixtures); tests skip, saying so, without them. */
final class Fixtures {
    private Fixtures() {}

    /** The fixtures folder, or the test is skipped with a plain message. */
    static Path root() {
        String p = System.getProperty("vigil.fixtures");
        if (p == null || p.isBlank()) p = System.getenv("VIGIL_FIXTURES");
        assumeTrue(p != null && !p.isBlank(),
                "fixtures folder not set: run with -Dvigil.fixtures=DIR (Maven sets it to ../shared/fixtures) or VIGIL_FIXTURES=DIR");
        Path root = Path.of(p);
        assumeTrue(Files.isDirectory(root), "fixtures folder missing: " + root.toAbsolutePath() + " (compatibility tests skipped)");
        return root;
    }

    static Path logs() {
        Path logs = root().resolve("logs");
        assumeTrue(Files.isDirectory(logs), "fixture logs missing: " + logs.toAbsolutePath());
        return logs;
    }

    /** The file's lines (LF or CRLF), decoded as UTF-8 with bad bytes replaced. */
    static List<String> lines(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            List<String> out = new ArrayList<>();
            for (String l : text.split("\n", -1)) {
                if (l.endsWith("\r")) l = l.substring(0, l.length() - 1);
                out.add(l);
            }
            if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) out.remove(out.size() - 1);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every regular file under the folder, sorted. */
    static List<Path> files(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A sample line identified by file and 1-based number, for messages. */
    record Line(Path file, int number, String text) {
        @Override
        public String toString() {
            return file.getFileName() + ":" + number;
        }
    }
}
