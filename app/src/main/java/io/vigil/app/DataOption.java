package io.vigil.app;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --data DIR}: default {@code data/} beside the launcher (the launcher passes -Dvigil.home). */
final class DataOption {
    @Option(names = "--data", paramLabel = "DIR", description = "Data directory of the instance (default: data/ beside the launcher).")
    Path data;

    Path resolve() {
        if (data != null) return data;
        String home = System.getProperty("vigil.home");
        return home == null ? Path.of("data") : Path.of(home, "data");
    }
}
