package io.vigil.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/ports.md is generated from the contract. This test fails when the page is stale; run it
 * with {@code -Dvigil.regenerate=true} to rewrite the page instead.
 */
class PortsDocTest {

    @Test
    void portsPageMatchesTheContract() throws IOException {
        String expected = MarkdownRenderer.render(NetworkContract.standard());
        Path page = projectRoot().resolve("docs").resolve("ports.md");
        if (Boolean.getBoolean("vigil.regenerate")) {
            Files.createDirectories(page.getParent());
            Files.writeString(page, expected, StandardCharsets.UTF_8);
            return;
        }
        if (!Files.exists(page)) {
            fail(page + " is missing. Generate it with:\n  " + MarkdownRenderer.REGENERATE);
        }
        String actual = Files.readString(page, StandardCharsets.UTF_8);
        if (!actual.equals(expected)) {
            fail(page + " is stale: it no longer matches the network contract (contract.yaml). Regenerate it with:\n  "
                    + MarkdownRenderer.REGENERATE + "\nfirst difference at line " + firstDifference(actual, expected));
        }
        assertThat(actual).isEqualTo(expected);
    }

    private static int firstDifference(String a, String b) {
        String[] x = a.split("\n", -1);
        String[] y = b.split("\n", -1);
        for (int i = 0; i < Math.min(x.length, y.length); i++) if (!x[i].equals(y[i])) return i + 1;
        return Math.min(x.length, y.length) + 1;
    }

    /** The project root: the nearest directory upward holding mvnw, else one holding docs/ and a pom.xml. */
    static Path projectRoot() {
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path d = start; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("mvnw"))) return d;
        }
        for (Path d = start; d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("docs")) && Files.isRegularFile(d.resolve("pom.xml"))) return d;
        }
        throw new IllegalStateException("no project root (a directory with mvnw or docs/) above " + start);
    }
}
