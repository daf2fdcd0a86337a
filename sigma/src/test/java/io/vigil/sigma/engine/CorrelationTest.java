package io.vigil.sigma.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.event.Event;
import io.vigil.core.event.Uuid7;
import io.vigil.sigma.rule.FieldSlots;
import io.vigil.sigma.rule.RuleLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Correlation rules on the engine, time passed in exactly: each type of the specification, the
 * firing decisions of docs/sigma.md, aliases, generate and the bound on groups. The events are
 * Windows Security events as the decoder leaves them (EventID in userdata1, Channel in userdata2,
 * the rest under extra "win.").
 */
class CorrelationTest {
    static final long T0 = 1_796_000_000_000L;

    static final String RULES = """
            title: Failed logon
            name: failed_logon
            logsource: {product: windows, service: security}
            detection:
              sel: {EventID: 4625}
              condition: sel
            level: low
            ---
            title: Successful logon
            name: logon
            logsource: {product: windows, service: security}
            detection:
              sel: {EventID: 4624}
              condition: sel
            level: low
            ---
            title: Logoff
            name: logoff
            logsource: {product: windows, service: security}
            detection:
              sel: {EventID: 4634}
              condition: sel
            level: low
            """;

    static SigmaEngine engine(String correlation, int maxGroups) {
        RuleLoader.Result r = RuleLoader.parse(Path.of("t.yml"), RULES + "---\n" + correlation, new FieldSlots(), Map.of());
        assertThat(r.errors()).isEmpty();
        return new SigmaEngine(SigmaContent.of(r), maxGroups);
    }

    static Event ev(int eventId, String user, String ip, String workstation) {
        Event e = new Event().id(Uuid7.next()).userdata1(Integer.toString(eventId)).userdata2("Security").username(user).srcIp(ip);
        e.extra("decoder", "windows-json");
        if (workstation != null) e.extra("win.WorkstationName", workstation);
        return e;
    }

    static List<SigmaMatch> feed(SigmaEngine g, List<Event> events, long start, long step) {
        List<SigmaMatch> out = new ArrayList<>();
        long t = start;
        for (Event e : events) {
            out.addAll(g.process(e, t));
            t += step;
        }
        return out;
    }

    static List<SigmaMatch> correlations(List<SigmaMatch> ms) {
        return ms.stream().filter(SigmaMatch::isCorrelation).toList();
    }

    @Test
    void eventCountFiresOnceWhenTheThresholdIsCrossedWithinTheTimespanPerGroup() {
        SigmaEngine g = engine("""
                title: Brute force
                correlation: {type: event_count, rules: [failed_logon], group-by: [TargetUserName], timespan: 5m, condition: {gte: 5}}
                """, 1000);
        List<Event> es = new ArrayList<>();
        for (int i = 0; i < 12; i++) es.add(ev(4625, "alice", "203.0.113.1", null));
        for (int i = 0; i < 4; i++) es.add(ev(4625, "bob", "203.0.113.1", null));
        List<SigmaMatch> m = correlations(feed(g, es, T0, 1000));
        // alice: fires at her 5th and 10th failure (a fired group starts afresh); bob never reaches 5
        assertThat(m).hasSize(2).allSatisfy(x -> assertThat(x.group()).containsEntry("TargetUserName", "alice"));
        assertThat(m.get(0).events()).hasSize(5);
        // the detection rule alone does not alert: a correlation refers to it without generate
        assertThat(feed(g, List.of(ev(4625, "carol", "x", null)), T0 + 20_000, 1)).isEmpty();
    }

    @Test
    void eventsOutsideTheTimespanDoNotCount() {
        SigmaEngine g = engine("""
                title: Brute force
                correlation: {type: event_count, rules: [failed_logon], group-by: [TargetUserName], timespan: 1m, condition: {gte: 3}}
                """, 1000);
        // one failure every 40 s: never 3 within a minute
        assertThat(correlations(feed(g, List.of(ev(4625, "a", null, null), ev(4625, "a", null, null), ev(4625, "a", null, null),
                ev(4625, "a", null, null)), T0, 40_000))).isEmpty();
    }

    @Test
    void valueCountCountsDistinctValues() {
        SigmaEngine g = engine("""
                title: Password spray
                correlation: {type: value_count, rules: [failed_logon], group-by: [IpAddress], timespan: 10m, condition: {field: TargetUserName, gt: 2}}
                """, 1000);
        List<SigmaMatch> m = correlations(feed(g, List.of(ev(4625, "a", "198.51.100.1", null), ev(4625, "a", "198.51.100.1", null),
                ev(4625, "b", "198.51.100.1", null), ev(4625, "c", "198.51.100.2", null), ev(4625, "c", "198.51.100.1", null)), T0, 1000));
        assertThat(m).singleElement().satisfies(x -> {
            assertThat(x.group()).containsEntry("IpAddress", "198.51.100.1");
            assertThat(x.value()).isEqualTo(3.0);
        });
    }

    @Test
    void temporalNeedsEveryRuleWithinTheTimespanInAnyOrder() {
        SigmaEngine g = engine("""
                title: Logon after failures
                correlation: {type: temporal, rules: [failed_logon, logon], group-by: [TargetUserName], timespan: 2m}
                """, 1000);
        assertThat(correlations(feed(g, List.of(ev(4624, "a", null, null), ev(4625, "a", null, null)), T0, 1000))).hasSize(1);
        assertThat(correlations(feed(g, List.of(ev(4624, "b", null, null), ev(4625, "c", null, null)), T0 + 10_000, 1000)))
                .as("different groups").isEmpty();
        assertThat(correlations(feed(g, List.of(ev(4625, "d", null, null), ev(4624, "d", null, null)), T0 + 20_000, 300_000)))
                .as("too far apart").isEmpty();
    }

    @Test
    void temporalOrderedNeedsTheRulesInTheirOrder() {
        SigmaEngine g = engine("""
                title: Failed, then in, then out
                correlation: {type: temporal_ordered, rules: [failed_logon, logon, logoff], group-by: [TargetUserName], timespan: 5m}
                """, 1000);
        assertThat(correlations(feed(g, List.of(ev(4624, "a", null, null), ev(4625, "a", null, null), ev(4634, "a", null, null)), T0, 1000)))
                .as("out of order").isEmpty();
        assertThat(correlations(feed(g, List.of(ev(4625, "b", null, null), ev(4624, "b", null, null), ev(4634, "b", null, null)), T0, 1000)))
                .hasSize(1);
    }

    @Test
    void aliasesGroupDifferentFieldsOfDifferentRules() {
        SigmaEngine g = engine("""
                title: Same machine
                correlation:
                  type: temporal
                  rules: [failed_logon, logon]
                  group-by: [machine]
                  aliases:
                    machine:
                      failed_logon: WorkstationName
                      logon: IpAddress
                  timespan: 5m
                """, 1000);
        List<SigmaMatch> m = correlations(feed(g, List.of(ev(4625, "a", "10.9.9.9", "10.0.0.7"), ev(4624, "b", "10.0.0.7", "elsewhere")), T0, 1000));
        assertThat(m).singleElement().satisfies(x -> assertThat(x.group()).containsEntry("machine", "10.0.0.7"));
    }

    @Test
    void lessThanIsJudgedWhenTheWindowCloses() {
        SigmaEngine g = engine("""
                title: Too few logons
                correlation: {type: event_count, rules: [logon], group-by: [TargetUserName], timespan: 1m, condition: {lt: 3}}
                """, 1000);
        assertThat(correlations(feed(g, List.of(ev(4624, "a", null, null), ev(4624, "b", null, null), ev(4624, "b", null, null),
                ev(4624, "b", null, null)), T0, 1000))).isEmpty();
        List<SigmaMatch> closed = g.advanceTo(T0 + 61_001);
        assertThat(closed).singleElement().satisfies(x -> {
            assertThat(x.group()).containsEntry("TargetUserName", "a");
            assertThat(x.value()).isEqualTo(1.0);
        });
        assertThat(g.stats().liveGroups).isZero();
    }

    @Test
    void valueSumAndAverage() {
        String rule = """
                title: Bytes
                correlation: {type: %s, rules: [logon], group-by: [TargetUserName], timespan: 5m, condition: {field: Bytes, gte: %s}}
                """;
        SigmaEngine sum = engine(rule.formatted("value_sum", "100"), 1000);
        SigmaEngine avg = engine(rule.formatted("value_avg", "40"), 1000);
        List<Event> es = new ArrayList<>();
        for (int b : new int[] {30, 30, 50}) es.add(ev(4624, "a", null, null).extra("win.Bytes", Integer.toString(b)));
        assertThat(correlations(feed(sum, es, T0, 1000))).singleElement().satisfies(x -> assertThat(x.value()).isEqualTo(110.0));
        List<Event> es2 = new ArrayList<>();
        for (int b : new int[] {30, 30, 90}) es2.add(ev(4624, "a", null, null).extra("win.Bytes", Integer.toString(b)));
        assertThat(correlations(feed(avg, es2, T0, 1000))).singleElement().satisfies(x -> assertThat(x.value()).isEqualTo(50.0));
    }

    @Test
    void groupsAreBoundedTheIdlestEvicted() {
        SigmaEngine g = engine("""
                title: Brute force
                correlation: {type: event_count, rules: [failed_logon], group-by: [TargetUserName], timespan: 5m, condition: {gte: 3}}
                """, 10);
        List<Event> es = new ArrayList<>();
        for (int i = 0; i < 50; i++) es.add(ev(4625, "user" + i, null, null));
        feed(g, es, T0, 10);
        assertThat(g.stats().liveGroups).isEqualTo(10);
        assertThat(g.stats().groupsEvicted).isEqualTo(40);
    }
}
