package io.vigil.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The default content pack is unpacked into a temporary directory for loading: nothing of it outlives the process. */
class BuiltInContentTest {
    /** Run in a JVM of its own by the test: unpacks the pack, prints where, exits. */
    public static void main(String[] args) {
        Path dir = ContentLoader.builtInDirectory();
        System.out.println(dir);
        System.out.println(Files.exists(dir.resolve("sshd.cfg")));
    }

    @Test
    void theUnpackedPackIsRemovedWhenTheProcessExits() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"), BuiltInContentTest.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        String[] lines = out.strip().split("\\R");
        Path dir = Path.of(lines[lines.length - 2]);
        assertThat(lines[lines.length - 1]).as("the pack was unpacked").isEqualTo("true");
        assertThat(dir.getFileName().toString()).startsWith("vigil-content-");
        assertThat(dir).doesNotExist();
    }
}
