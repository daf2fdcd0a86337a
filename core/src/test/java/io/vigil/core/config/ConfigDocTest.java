package io.vigil.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/configuration.md is generated from Keys; this fails when it is stale. */
class ConfigDocTest {
    static Path projectRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("mvnw"))) p = p.getParent();
        return p;
    }

    @Test
    void configurationDocMatchesTheKeys() throws Exception {
        Path doc = projectRoot().resolve("docs/configuration.md");
        String expected = ConfigTemplate.markdown();
        if (Boolean.getBoolean("vigil.regenerate")) {
            Files.createDirectories(doc.getParent());
            Files.writeString(doc, expected);
        }
        assertThat(Files.exists(doc) ? Files.readString(doc) : "")
                .as("docs/configuration.md is stale: run ./mvnw -pl core test -Dtest=ConfigDocTest -Dvigil.regenerate=true")
                .isEqualTo(expected);
    }
}
