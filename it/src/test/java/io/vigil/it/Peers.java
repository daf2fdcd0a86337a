package io.vigil.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real programs the tests drive (installed by .ci/run). */
final class Peers {
    private Peers() {}

    static void require(String binary, String debianPackage) {
        boolean found = List.of("/usr/bin/", "/usr/sbin/", "/bin/", "/sbin/").stream().anyMatch(d -> Files.isExecutable(Path.of(d + binary)));
        assumeTrue(found, binary + " is not installed (Debian package " + debianPackage + "; .ci/run installs it)");
    }

    /** Runs a command to completion, failing with its output if it fails. */
    static String run(List<String> cmd, Path stdin, long timeoutSeconds) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (stdin != null) pb.redirectInput(stdin.toFile());
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", cmd) + " did not finish in " + timeoutSeconds + "s");
        }
        String s = new String(out);
        if (p.exitValue() != 0) throw new IllegalStateException(String.join(" ", cmd) + " exited " + p.exitValue() + ": " + s);
        return s;
    }

    static Path lines(Path file, int count, java.util.function.IntFunction<String> line) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < count; i++) b.append(line.apply(i)).append('\n');
        Files.writeString(file, b);
        return file;
    }
}
