package io.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * bench/compare.sh --quick, as CI runs it: every system of the comparison receives the same
 * 20,000 messages and the table reports each one complete (counts, never rates). It needs the
 * fixture corpus and the peers (bench/peers/fetch.sh, which .ci/run calls); without either it
 * is skipped, saying why.
 */
class CompareScriptIT {
    @Test
    void quickComparisonRunsEverySystemToCompletion() throws Exception {
        String fixtures = System.getenv("VIGIL_FIXTURES");
        if (fixtures == null || fixtures.isBlank()) fixtures = System.getProperty("vigil.fixtures");
        assumeTrue(fixtures != null && Files.isDirectory(Path.of(fixtures).resolve("logs")),
                "fixtures folder not found: the comparison needs its corpus; test skipped");
        Path root = VigilProcess.projectRoot();
        Process fetch = new ProcessBuilder("bash", root.resolve("bench/peers/fetch.sh").toString()).redirectErrorStream(true).start();
        String fetched = new String(fetch.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(fetch.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assumeTrue(fetch.exitValue() == 0, "the peers (syslog-ng) could not be fetched here; test skipped:\n" + fetched);

        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("bench/compare.sh").toString(), "--quick").redirectErrorStream(true);
        pb.environment().put("VIGIL_FIXTURES", fixtures);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(600, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        for (String row : List.of("| vigil (full path) |", "| vigil (full path), warm JVM |", "| vigil (receive-only) |",
                "| vigil (receive-only), warm JVM |", "| loggen -> vigil (full path) |")) {
            assertThat(out).as(out).containsPattern("(?m)^\\Q" + row + "\\E.*stored 20000 of 20000");
        }
        for (String row : List.of("| syslog-ng (to file) |", "| syslog-ng + patterndb |", "| rsyslog (to file) |")) {
            assertThat(out).as(out).containsPattern("(?m)^\\Q" + row + "\\E.*wrote 20000 of 20000 lines");
        }
        assertThat(out).contains("lost 0");
    }
}
