package io.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a new user meets on the first run: the data directory, and a port that is taken. */
class StartupIT {
    @TempDir Path tmp;

    @Test
    void aTakenPortStopsStartUpWithPortReasonAndFix() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Path data = tmp.resolve("data");
            Process p = new ProcessBuilder(VigilProcess.command(data, Map.of("syslog.tcp.port", Integer.toString(port))))
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(1);
            assertThat(out).contains("127.0.0.1:" + port + "/tcp").contains("already listening").contains("syslog.tcp.port").contains("Fix:");
            assertThat(Files.exists(data.resolve("run/instance.json"))).isFalse();
        }
    }

    @Test
    void aPrivilegedPortWithoutRootSaysWhatToDo() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/sbin/runuser")),
                "needs root and runuser to start Vigil as an unprivileged user");
        // nobody must be able to read the jar and write the data directory.
        Path shared = Files.createDirectories(tmp.resolve("shared"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path jar = Files.copy(VigilProcess.jar(), shared.resolve("vigil.jar"));
        Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("/usr/sbin/runuser", "-u", "nobody", "--"));
        java.util.List<String> vigil = VigilProcess.vigilCommand();
        vigil.set(vigil.indexOf(VigilProcess.jar().toString()), jar.toString());
        cmd.addAll(vigil);
        cmd.addAll(VigilProcess.allInOneArgs(shared.resolve("data"), Map.of("syslog.udp.port", "514")));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isEqualTo(1);
        assertThat(out).contains("127.0.0.1:514/udp").contains("ports below 1024 need root or the CAP_NET_BIND_SERVICE capability")
                .contains("--set syslog.udp.port=N");
    }

    @Test
    void theFirstRunWritesCommentedDefaultsAndAPrivateToken() throws Exception {
        Path data = tmp.resolve("data");
        try (VigilProcess vigil = VigilProcess.start(data, Map.of())) {
            String yaml = Files.readString(data.resolve("vigil.yaml"));
            assertThat(yaml).contains("# syslog.udp.port: 514").contains("# durability: process").contains("# content.paths:");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("secrets/admin.token")))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("tls/api.key")))).isEqualTo("rw-------");
            assertThat(vigil.log()).doesNotContain(vigil.token());
            // A second instance on the same data directory would share the journal: refused.
            Process second = new ProcessBuilder(VigilProcess.command(data, Map.of())).redirectErrorStream(true).start();
            String out = new String(second.getInputStream().readAllBytes());
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(second.exitValue()).isEqualTo(1);
            assertThat(out).contains("another Vigil instance is running");
        }
    }
}
