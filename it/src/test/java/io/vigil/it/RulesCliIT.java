package io.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `vigil rules list|test` as a rule author runs them: on files, no instance; errors on stderr, the exit status says. */
class RulesCliIT {
    @TempDir Path tmp;

    record Run(int exit, String out, String err) {}

    static Run run(String... args) throws Exception {
        List<String> cmd = VigilProcess.vigilCommand();
        cmd.addAll(List.of(args));
        Path err = Files.createTempFile("vigil-err", ".txt");
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String e = Files.readString(err);
        Files.delete(err);
        return new Run(p.exitValue(), out, e);
    }

    static final String RULE = """
            title: Sudo to root refused
            id: 0b0e1f4a-1111-4c2a-9e5e-000000000001
            logsource:
                product: linux
                service: sudo
            detection:
                selection:
                    - 'incorrect password attempt'
                    - 'user NOT in sudoers'
                condition: selection
            level: medium
            tags:
                - attack.privilege-escalation
            """;

    @Test
    void listNamesEachFailureOnStderrWithFileAndLineAndExitsOne() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("rules"));
        Files.writeString(dir.resolve("good.yml"), RULE);
        Run ok = run("rules", "list", dir.toString());
        assertThat(ok.exit()).as(ok.out() + ok.err()).isZero();
        assertThat(ok.out()).contains("Sudo to root refused").contains("linux-sudo").contains("linux/-/sudo").contains("1 rules (0 inactive)");
        assertThat(ok.err()).isEmpty();

        Files.writeString(dir.resolve("bad.yml"), RULE.replace("condition: selection", "condition: selection and nothing").replace("0001", "0002"));
        Files.writeString(dir.resolve("zeek.yml"), RULE.replace("service: sudo", "service: http").replace("product: linux", "product: zeek").replace("0001", "0003"));
        Run bad = run("rules", "list", dir.toString(), "--format", "json");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("bad.yml:10: condition 'selection and nothing': unknown search identifier 'nothing'");
        JsonNode j = JsonMapper.builder().build().readTree(bad.out());
        assertThat(j.path("rules")).hasSize(2);
        assertThat(j.path("errors").get(0).path("line").asInt()).isEqualTo(10);
        JsonNode zeek = null;
        for (JsonNode r : j.path("rules")) if (r.path("logsource").asText().startsWith("zeek")) zeek = r;
        assertThat(zeek.path("inactive").asText()).isEqualTo("no Vigil log source for zeek/-/http (add one to the Sigma mapping)");
        assertThat(j.path("by_logsource").path("linux/-/sudo").asInt()).isEqualTo(1);
    }

    @Test
    void testShowsEachEventsLogSourceSelectionsAndMatchForRawLinesAndJson() throws Exception {
        Path rule = tmp.resolve("sudo.yml");
        Files.writeString(rule, RULE);
        Path lines = tmp.resolve("auth.log");
        Files.writeString(lines, String.join("\n",
                "Dec  2 10:00:00 bastion sudo:    alice : 3 incorrect password attempts ; TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/bash",
                "Dec  2 10:00:01 bastion sudo:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/ls",
                "Dec  2 10:00:02 bastion sshd[1]: user NOT in sudoers") + "\n");
        Run t = run("rules", "test", rule.toString(), lines.toString());
        assertThat(t.exit()).as(t.err()).isZero();
        assertThat(t.out()).contains("auth.log:1  log source linux-sudo").contains("MATCH    Sudo to root refused")
                .contains("selections: selection=true; condition selection: true")
                .contains("the event is in log source linux-sshd; the rule runs on linux-sudo")
                .contains("3 events, 1 rule matches");
        Run json = run("rules", "test", rule.toString(), lines.toString(), "--format", "json");
        List<Boolean> matched = new ArrayList<>();
        for (String l : json.out().split("\n")) matched.add(JsonMapper.builder().build().readTree(l).path("matched").asBoolean());
        assertThat(matched).containsExactly(true, false, false);
    }

    /** SigmaHQ's regression event (EVTX as JSON, one document) for certutil -decode matches its rule. */
    @Test
    void testReadsAWindowsEventRenderedFromEvtxAsJson() throws Exception {
        Path sigma = CorrelationIT.fixtures().resolve("sigma");
        assumeTrue(Files.isDirectory(sigma), "no fixtures at " + sigma + " (VIGIL_FIXTURES): skipped");
        Path event;
        try (Stream<Path> s = Files.walk(sigma.resolve("events"))) {
            event = s.filter(p -> p.toString().contains("certutil_decode") && p.toString().endsWith(".json")).findFirst().orElseThrow();
        }
        Path rule;
        try (Stream<Path> s = Files.walk(sigma.resolve("rules"))) {
            rule = s.filter(p -> p.getFileName().toString().equals("proc_creation_win_certutil_decode.yml")).findFirst().orElseThrow();
        }
        Run t = run("rules", "test", rule.toString(), event.toString(), "--format", "json");
        assertThat(t.exit()).as(t.err()).isZero();
        JsonNode r = JsonMapper.builder().build().readTree(t.out().trim());
        assertThat(r.path("matched").asBoolean()).isTrue();
        assertThat(r.path("log_source").asText()).isEqualTo("windows-sysmon-process-creation");
        assertThat(r.path("rule").asText()).isEqualTo("cc9cbe82-7bc0-4ef5-bc23-bbfb83947be7");
    }
}
