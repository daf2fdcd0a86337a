package io.vigil.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.core.event.Event;
import io.vigil.core.event.Json;
import io.vigil.core.event.Uuid7;
import io.vigil.normalize.decode.Decoders;
import io.vigil.sigma.engine.EvtxJson;
import io.vigil.sigma.engine.SigmaContent;
import io.vigil.sigma.engine.SigmaEngine;
import io.vigil.sigma.engine.SigmaMatch;
import io.vigil.sigma.rule.RuleLoader.RuleError;
import io.vigil.sigma.rule.SigmaCorrelation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The fixture rules, refusals and regression events of SigmaHQ and the specification. */
class FixtureRulesTest {

    private static List<String> errors(SigmaContent c) {
        return c.errors().stream().map(e -> e.file().getFileName() + ":" + e.line() + ": " + e.message()).sorted().toList();
    }

    @Test
    void everyFixtureRuleLoadsButThePlaceholderRulesWhichMustBeRejected() {
        SigmaContent c = SigmaContent.load(List.of(Fixtures.sigma("rules")));
        // 169 files: the godmode collection holds 3 rules in one file; 4 rules use placeholders Vigil has no values for
        assertThat(c.files()).hasSize(169);
        assertThat(c.rules()).hasSize(167);
        assertThat(errors(c)).containsExactly(
                "proc_creation_win_userdomain_variable_enumeration.yml:20: placeholder %userdomain% has no values (add it under placeholders: in the Sigma mapping)",
                "win_security_adcs_certighost_cdc_chase_request.yml:57: placeholder %known_cdcs% has no values (add it under placeholders: in the Sigma mapping)",
                "win_security_admin_logon.yml:29: placeholder %Admins_Workstations% has no values (add it under placeholders: in the Sigma mapping)",
                "win_security_dc_machine_account_logon_non_dc_ip.yml:37: placeholder %dc_machine_accounts% has no values (add it under placeholders: in the Sigma mapping)");
        Map<String, Integer> counts = c.countsByLogsource();
        assertThat(counts).containsEntry("windows/process_creation/-", 26).containsEntry("linux/-/auditd", 19).containsEntry("-/webserver/-", 16)
                .containsEntry("-/proxy/-", 14).containsEntry("linux/-/sshd", 3);
        assertThat(counts.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(167);
        // the collection's members: one id each
        assertThat(c.rules().stream().filter(r -> r.file().getFileName().toString().equals("godmode_sigma_rule.yml")).map(r -> r.id()))
                .containsExactly("def6caac-a999-4fc9-8800-cfeff700ba98", "def6caac-a999-4fc9-8800-cfeff700ba98/2", "def6caac-a999-4fc9-8800-cfeff700ba98/3");
    }

    @Test
    void placeholderRulesLoadWhenTheMappingGivesTheValues() throws IOException {
        Path dir = Files.createTempDirectory("sigma-ph");
        Files.writeString(dir.resolve("mapping.yml"), """
                placeholders:
                  userdomain: [CONTOSO]
                  Admins_Workstations: [ADMWS01, "ADMWS0?"]
                  dc_machine_accounts: ["DC01$"]
                  dc_ip_addresses: [10.0.0.10]
                  known_cdcs: [cdc01.contoso.local]
                logsources: []
                """);
        SigmaContent c = SigmaContent.load(List.of(Fixtures.sigma("rules/rules-placeholder"), Fixtures.sigma("rules/rules-emerging-threats/2026"), dir));
        assertThat(c.errors()).isEmpty();
        assertThat(c.rules()).extracting(r -> r.file().getFileName().toString())
                .contains("proc_creation_win_userdomain_variable_enumeration.yml", "win_security_admin_logon.yml");
    }

    @Test
    void invalidRulesAreRefusedEachWithItsReason() {
        SigmaContent c = SigmaContent.load(List.of(Fixtures.sigma("invalid")));
        assertThat(errors(c)).containsExactly(
                "azure_ad_mfa_fatigue.yml:1: not a Sigma rule: no detection (nor correlation) section",
                "invalid_sigma-invalid_aggregation.yml:7: aggregation 'foo bar' is not understood (only 'count([field]) [by field] <op> N' is; 'near' needs a temporal correlation rule)",
                "invalid_sigma-invalid_identifier_reference.yml:7: condition 'bar': unknown search identifier 'bar'",
                "invalid_sigma-no_condition.yml:5: detection has no condition",
                "invalid_sigma-no_identifiers.yml:1: not a Sigma rule: no detection (nor correlation) section",
                "invalid_sigma-wrong_identifier_definition.yml:5: a search identifier must be a map or a list (of keywords or maps), not a single value",
                "proc_creation_discovery_ransomware.yml:9: correlation has no timespan");
        // invalid_yaml.badyml is not a .yml file: not read at all; read on purpose, it is a YAML error with its line
        SigmaContent bad = SigmaContent.load(List.of(Fixtures.sigma("invalid/sigmahq-history-c4cb07dd/tests/invalid_yaml.badyml")));
        assertThat(errors(bad)).singleElement().asString().startsWith("invalid_yaml.badyml:1: invalid YAML: mapping values are not allowed here");
        // the two rules of the ransomware file that are valid detections still load
        assertThat(c.rules()).hasSize(2);
    }

    @Test
    void correlationFixturesLoadWhereTheirRulesArePresent() {
        SigmaContent c = SigmaContent.load(List.of(Fixtures.sigma("correlation")));
        Map<String, String> types = new TreeMap<>();
        for (SigmaCorrelation k : c.correlations()) types.put(k.file().getFileName().toString() + "#" + k.title(), k.type().text());
        assertThat(c.correlations()).hasSize(12);
        assertThat(new TreeSet<>(types.values())).containsExactly("event_count", "temporal", "value_count");
        // the specification's schema tests refer to rules they do not include; value_percentile is refused with its reason
        assertThat(errors(c)).hasSize(8).anyMatch(e -> e.startsWith("value_percentile.yml:3: correlation type value_percentile is not supported"))
                .anyMatch(e -> e.startsWith("temporal_ordered.yml:5: unknown rule 'recon_cmd_a'"));
    }

    @Test
    void v1AggregationsBecomeCorrelationRules() {
        SigmaContent c = SigmaContent.load(List.of(Fixtures.sigma("legacy-aggregation")));
        assertThat(c.correlations()).hasSize(5);
        SigmaCorrelation brute = c.correlations().stream().filter(k -> k.file().getFileName().toString().equals("generic_brute_force.yml")).findFirst().orElseThrow();
        assertThat(brute.type()).isEqualTo(SigmaCorrelation.Type.VALUE_COUNT);
        assertThat(brute.groupBy()).containsExactly("dst_ip");
        assertThat(brute.field()).isEqualTo("category");
        assertThat(brute.bounds()).containsEntry("gt", 30.0);
        assertThat(brute.timespan().toSeconds()).isEqualTo(600);
        assertThat(brute.rules().get(0).generate()).as("the detection alone does not alert").isFalse();
        assertThat(errors(c)).containsExactly(
                "lnx_auditd_cve_2021_4034.yml:26: aggregation 'near selection_syscall' is not understood (only 'count([field]) [by field] <op> N' is; 'near' needs a temporal correlation rule)",
                "win_security_susp_failed_logons_single_source.yml:22: aggregation 'count(TargetUserName) by WorkstationName > 3' without a timeframe");
    }

    /**
     * SigmaHQ's regression events (EVTX rendered as JSON) go through Vigil's Windows decoder as
     * a collector would deliver them, then through every fixture rule: each event raises its own
     * rule, and no other.
     */
    @Test
    void regressionEventsMatchTheirRuleAndNoOther() throws IOException {
        SigmaContent c = SigmaContent.load(List.of(Fixtures.sigma("rules")));
        SigmaEngine engine = new SigmaEngine(c, 1000);
        Decoders decoders = new Decoders();
        List<Path> infos;
        try (Stream<Path> s = Files.walk(Fixtures.sigma("events/regression_data"))) {
            infos = s.filter(p -> p.getFileName().toString().equals("info.yml")).sorted().toList();
        }
        int checked = 0;
        Map<String, Set<String>> wrong = new TreeMap<>();
        for (Path info : infos) {
            String ruleId = Files.readAllLines(info).stream().map(String::trim).filter(l -> l.startsWith("- id: ")).findFirst().orElseThrow().substring(6).trim();
            Path json = info.resolveSibling(ruleId + ".json");
            if (!Files.exists(json)) continue; // the Cisco raw line: see its own test
            JsonNode doc = Json.mapper().readTree(json.toFile());
            Event e = new Event().id(Uuid7.next()).collector("test").message(EvtxJson.toFlatJson(EvtxJson.flatten(doc)));
            e.log(e.message());
            assertThat(decoders.apply(e)).as(json.toString()).isPresent();
            Set<String> matched = new TreeSet<>();
            for (SigmaMatch m : engine.process(e, 0)) matched.add(m.ruleKey());
            if (!matched.equals(Set.of(ruleId))) wrong.put(ruleId + " (" + info.getParent().getFileName() + ")", matched);
            checked++;
        }
        assertThat(checked).isEqualTo(16);
        // Two rules are broad by design and rightly take three of the events too: the "godmode" rule
        // (certutil -decode, a Run key on the command line) and a threat-hunting rule (a process that
        // is its own parent, which netexec's event shows).
        String godmode = "def6caac-a999-4fc9-8800-cfeff700ba98";
        String ownParent = "bafd07c6-3ea5-454a-b4be-058fbb073de7";
        assertThat(wrong).containsOnly(
                Map.entry("7638e5fe-600c-4289-a968-f49dd537ec7d (proc_creation_win_hktl_netexec)", Set.of("7638e5fe-600c-4289-a968-f49dd537ec7d", ownParent)),
                Map.entry("cc9cbe82-7bc0-4ef5-bc23-bbfb83947be7 (proc_creation_win_certutil_decode)", Set.of("cc9cbe82-7bc0-4ef5-bc23-bbfb83947be7", godmode)),
                Map.entry("de587dce-915e-4218-aac4-835ca6af6f70 (proc_creation_win_reg_add_run_key)", Set.of("de587dce-915e-4218-aac4-835ca6af6f70", godmode)));
    }

    /** SigmaHQ's one raw-line regression event: a Cisco IOS command disabling 802.1X, as a router sends it. */
    @Test
    void theCiscoRegressionLineMatchesItsRuleAndNoOther() throws IOException {
        SigmaContent c = SigmaContent.load(List.of(Fixtures.sigma("rules")));
        SigmaEngine engine = new SigmaEngine(c, 1000);
        Path raw;
        try (Stream<Path> s = Files.walk(Fixtures.sigma("events/regression_data/rules/cisco"))) {
            raw = s.filter(p -> p.toString().endsWith(".raw")).findFirst().orElseThrow();
        }
        String line = Files.readString(raw).strip();
        Event e = new Event().id(Uuid7.next()).collector("syslog-udp").log(line).message(line);
        assertThat(engine.sourceOf(e)).isEqualTo("cisco-ios");
        assertThat(engine.process(e, 0)).extracting(SigmaMatch::ruleKey).containsExactly("ef0ff092-a24a-4fbc-beea-06c08d53e085");
    }
}
