package io.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ./vigil launcher: JDK discovery, and exec (the launcher's process becomes the JVM). */
class LauncherIT {
    @TempDir Path tmp;

    static Path launcher() {
        return VigilProcess.projectRoot().resolve("vigil");
    }

    @Test
    void withoutAJdk21ItSaysSoClearly() throws Exception {
        Path fakeHome = Files.createDirectories(tmp.resolve("jdk17/bin"));
        Files.writeString(fakeHome.getParent().resolve("release"), "JAVA_VERSION=\"17.0.15\"\n");
        ProcessBuilder pb = new ProcessBuilder("bash", launcher().toString(), "status").redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("JAVA_HOME", fakeHome.getParent().toString());
        env.put("VIGIL_JVM_ROOT", tmp.resolve("no-jvms").toString());
        env.put("PATH", "/nonexistent");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(out).contains("no JDK 21 or newer found").contains("JAVA_HOME");
    }

    private static String javaHome() {
        return Path.of(ProcessHandle.current().info().command().orElseThrow()).getParent().getParent().toString();
    }

    /** What `./vigil jvm-flags` prints: the options the benchmark scripts run Vigil with, as the launcher does. */
    private static List<String> printedJvmFlags() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", launcher().toString(), "jvm-flags");
        pb.environment().put("JAVA_HOME", javaHome());
        pb.environment().put("VIGIL_AOT", "0");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        return List.of(out.split("\\s+"));
    }

    @Test
    void theLauncherExecsTheJvmWithItsOptionsSoSignalsAndExitCodesReachVigil() throws Exception {
        List<String> flags = printedJvmFlags();
        assertThat(flags).as("the JIT thresholds docs/benchmarks.md measured").contains("-XX:CompileThresholdScaling=3");
        Path data = tmp.resolve("data");
        // VIGIL_AOT=0: the AOT cache has a test of its own
        Process p = startAllInOne(data, Map.of("VIGIL_JAVA_OPTS", "-Dvigil.it.own=yes", "VIGIL_AOT", "0"));
        Path instance = data.resolve("run/instance.json");
        assertThat(VigilProcess.JSON.readTree(instance.toFile()).path("pid").asLong()).as("the JVM is the launcher's own process").isEqualTo(p.pid());
        // the running JVM's own command line (/proc): the printed options, then the user's
        List<String> running = List.of(p.info().arguments().orElseThrow());
        assertThat(running).as("what ./vigil jvm-flags prints is what Vigil runs with").containsAll(flags);
        assertThat(running).as("VIGIL_JAVA_OPTS reaches the JVM").contains("-Dvigil.it.own=yes");
        p.destroy(); // SIGTERM to the launcher's pid reaches Vigil itself
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isIn(0, 143);
        assertThat(instance).as("a clean stop removes the instance file").doesNotExist();
    }

    /** A server run through the launcher, with its environment; returns the process once it is up. */
    private Process startAllInOne(Path data, Map<String, String> env) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("bash", launcher().toString()));
        cmd.addAll(VigilProcess.allInOneArgs(data, Map.of()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(data.resolveSibling(data.getFileName() + ".log").toFile());
        pb.environment().put("JAVA_HOME", javaHome());
        pb.environment().putAll(env);
        Process p = pb.start();
        Path instance = data.resolve("run/instance.json");
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            if (!p.isAlive()) throw new IllegalStateException("exited: " + Files.readString(data.resolveSibling(data.getFileName() + ".log")));
            return Files.exists(instance);
        });
        return p;
    }

    private static String launcherSays(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("bash", launcher().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("JAVA_HOME", javaHome());
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    @Test
    void aServersFirstRunRecordsAnAotCacheThatLaterStartsRead() throws Exception {
        Assumptions.assumeTrue(Runtime.version().feature() >= 25, "AOT caches with profiles need JDK 25");
        Path cacheDir = tmp.resolve("aot");
        Map<String, String> env = Map.of("VIGIL_AOT_DIR", cacheDir.toString());
        assertThat(launcherSays(env, "aot-cache")).as("no cache before the first run").isEmpty();

        Process first = startAllInOne(tmp.resolve("first"), env);
        assertThat(List.of(first.info().arguments().orElseThrow())).anyMatch(a -> a.startsWith("-XX:AOTCacheOutput=" + cacheDir));
        assertThat(launcherSays(env, "aot-cache")).as("a recording under way is not a cache yet").isEmpty();
        first.destroy(); // the JVM writes the cache as it stops
        assertThat(first.waitFor(120, TimeUnit.SECONDS)).isTrue();

        String cache = launcherSays(env, "aot-cache");
        assertThat(cache).as("the recording checked and taken as the cache").startsWith(cacheDir.toString()).endsWith(".aot");
        assertThat(Path.of(cache)).isRegularFile();
        assertThat(launcherSays(env, "jvm-flags")).contains("-XX:AOTCache=" + cache);

        Process second = startAllInOne(tmp.resolve("second"), env);
        assertThat(List.of(second.info().arguments().orElseThrow())).contains("-XX:AOTCache=" + cache).noneMatch(a -> a.startsWith("-XX:AOTCacheOutput"));
        second.destroy();
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(launcherSays(Map.of("VIGIL_AOT_DIR", cacheDir.toString(), "VIGIL_AOT", "0"), "jvm-flags")).doesNotContain("AOT");
    }
}
