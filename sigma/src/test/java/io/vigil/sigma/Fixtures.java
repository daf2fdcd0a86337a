package io.vigil.sigma;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shared fixtures' Sigma folder (system property vigil.fixtures, or VIGIL_FIXTURES); tests that need it are skipped without it. */
public final class Fixtures {
    private Fixtures() {}

    public static Path sigma(String... more) {
        String p = System.getProperty("vigil.fixtures", System.getenv().getOrDefault("VIGIL_FIXTURES", "../../shared/fixtures"));
        Path dir = Path.of(p, "sigma").resolve(Path.of("", more));
        assumeTrue(Files.exists(dir), "no fixture " + dir.toAbsolutePath() + " (set VIGIL_FIXTURES): skipped");
        return dir;
    }
}
