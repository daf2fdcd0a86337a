package io.vigil.correlate.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.event.Event;
import io.vigil.core.event.Uuid7;
import io.vigil.correlate.directive.Directive;
import io.vigil.correlate.directive.DirectiveLoader;
import io.vigil.correlate.directive.Networks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's semantics on directives written here, each expectation worked out by hand from the XML. */
class DirectiveEngineTest {
    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir Path tmp;

    /** Collects what the engine gives out. */
    static final class Collected implements DirectiveEngine.Sink {
        final List<Event> directiveEvents = new ArrayList<>();
        final List<Alarm> alarms = new ArrayList<>();

        @Override
        public void directiveEvent(Event event) {
            directiveEvents.add(event);
        }

        @Override
        public void alarm(Alarm alarm) {
            alarms.add(alarm);
        }

        Alarm last() {
            return alarms.get(alarms.size() - 1);
        }
    }

    List<Directive> load(String xml) throws IOException {
        Path f = tmp.resolve("d" + System.nanoTime() + ".xml");
        Files.writeString(f, xml);
        DirectiveLoader.Result r = DirectiveLoader.load(List.of(f));
        assertThat(r.errors()).isEmpty();
        return r.directives();
    }

    static Event ev(int pluginId, int sid, String src, String dst, int dstPort, Instant t) {
        return new Event().id(Uuid7.next()).time(t).pluginId(pluginId).pluginSid(sid).srcIp(src).dstIp(dst).srcPort(40000).dstPort(dstPort).protocol("TCP");
    }

    static final String BRUTE = """
            <directive id="900001" name="SSH brute force against DST_IP from SRC_IP" priority="4">
              <rule type="detector" name="failed login" reliability="1" occurrence="1" from="ANY" to="HOME_NET" port_from="ANY" port_to="22" plugin_id="4003" plugin_sid="1,2">
                <rules>
                  <rule type="detector" name="10 more" reliability="4" occurrence="10" from="1:SRC_IP" to="1:DST_IP" port_from="ANY" port_to="ANY" time_out="60" plugin_id="4003" plugin_sid="1,2">
                    <rules>
                      <rule type="detector" name="a success after them" reliability="+6" occurrence="1" from="1:SRC_IP" to="1:DST_IP" port_from="ANY" port_to="ANY" time_out="30" plugin_id="4003" plugin_sid="7"/>
                      <rule type="detector" name="100 more" reliability="8" occurrence="100" from="1:SRC_IP" to="1:DST_IP" port_from="ANY" port_to="ANY" time_out="600" plugin_id="4003" plugin_sid="1,2"/>
                    </rules>
                  </rule>
                </rules>
              </rule>
            </directive>
            """;

    @Test
    void aBruteForceClimbsLevelsWithOneAlarmWhoseRiskIsOssims() throws IOException {
        Collected out = new Collected();
        AssetValues assets = a -> a.equals("10.0.0.5") ? 5 : AssetValues.DEFAULT;
        DirectiveEngine engine = new DirectiveEngine(load(BRUTE), Networks.PRIVATE_HOME_NET, assets, DirectiveEngine.Limits.DEFAULT, out);
        Instant t = T0;
        engine.process(ev(4003, 1, "203.0.113.7", "10.0.0.5", 22, t));
        // level 1, reliability 1: attack = floor(4 x 5 x 1 / 25) = 0, so OSSIM emits nothing yet
        assertThat(out.directiveEvents).isEmpty();
        for (int i = 1; i <= 9; i++) engine.process(ev(4003, 2, "203.0.113.7", "10.0.0.5", 22, t = t.plusSeconds(1)));
        assertThat(out.alarms).isEmpty(); // 9 of the 10 the second rule waits for
        engine.process(ev(4003, 2, "203.0.113.7", "10.0.0.5", 22, t = t.plusSeconds(1)));
        // level 2, reliability 4: compromise floor(4 x 2 x 4 / 25) = 1, attack floor(4 x 5 x 4 / 25) = 3
        assertThat(out.alarms).hasSize(1);
        Alarm a = out.last();
        assertThat(a.level()).isEqualTo(2);
        assertThat(a.risk()).isEqualTo(new Risk(1, 3));
        assertThat(a.title()).isEqualTo("SSH brute force against 10.0.0.5 from 203.0.113.7");
        assertThat(a.events()).hasSize(11);
        assertThat(a.trail()).extracting(Alarm.Level::level).containsExactly(1, 2);
        // The success (sid 7) completes the relative rule: reliability 1 + 4 + 6 = 11, held to 10
        engine.process(ev(4003, 7, "203.0.113.7", "10.0.0.5", 22, t = t.plusSeconds(1)));
        Alarm last = out.last();
        assertThat(last.backlogId()).isEqualTo(a.backlogId());
        assertThat(last.level()).isEqualTo(3);
        assertThat(last.reliability()).isEqualTo(10);
        assertThat(last.risk()).isEqualTo(new Risk(3, 8)); // 4x2x10/25 = 3.2, 4x5x10/25 = 8
        assertThat(out.directiveEvents).extracting(Event::pluginId).containsOnly(DirectiveEngine.DIRECTIVE_PLUGIN_ID);
        assertThat(out.directiveEvents).extracting(Event::pluginSid).containsOnly(900001);
        assertThat(out.directiveEvents).extracting(e -> e.extra().get("directive_level")).containsExactly("2", "3");
        assertThat(engine.stats().live).isZero(); // the last level ends the backlog
    }

    @Test
    void otherSourcesAndAddressesOutsideTheReferencesDoNotCount() throws IOException {
        Collected out = new Collected();
        DirectiveEngine engine = new DirectiveEngine(load(BRUTE), Networks.PRIVATE_HOME_NET, AssetValues.NONE, DirectiveEngine.Limits.DEFAULT, out);
        Instant t = T0;
        engine.process(ev(4003, 1, "203.0.113.7", "10.0.0.5", 22, t));
        for (int i = 0; i < 9; i++) engine.process(ev(4003, 2, "203.0.113.7", "10.0.0.5", 22, t = t.plusSeconds(1)));
        // a second attacker opens its own backlog; the first one's count is untouched by it
        engine.process(ev(4003, 2, "198.51.100.9", "10.0.0.5", 22, t = t.plusSeconds(1)));
        // nor does the root match an external target (to="HOME_NET")
        engine.process(ev(4003, 2, "203.0.113.7", "192.0.2.80", 22, t = t.plusSeconds(1)));
        assertThat(engine.stats().opened).isEqualTo(2);
        assertThat(out.alarms).isEmpty();
        engine.process(ev(4003, 2, "203.0.113.7", "10.0.0.5", 22, t = t.plusSeconds(1)));
        assertThat(out.alarms).singleElement().satisfies(a -> assertThat(a.srcIp()).isEqualTo("203.0.113.7"));
    }

    @Test
    void aLevelWhoseWindowClosedNoLongerMatchesAndTheBacklogExpires() throws IOException {
        Collected out = new Collected();
        DirectiveEngine engine = new DirectiveEngine(load(BRUTE), Networks.PRIVATE_HOME_NET, AssetValues.NONE, DirectiveEngine.Limits.DEFAULT, out);
        engine.process(ev(4003, 1, "203.0.113.7", "10.0.0.5", 22, T0));
        for (int i = 1; i <= 9; i++) engine.process(ev(4003, 2, "203.0.113.7", "10.0.0.5", 22, T0.plusSeconds(i)));
        // the 10th comes 61 s after level 1 completed: past the rule's time_out of 60
        engine.process(ev(4003, 2, "203.0.113.7", "10.0.0.5", 22, T0.plusSeconds(61)));
        assertThat(out.alarms).isEmpty();
        assertThat(engine.stats().expired).isEqualTo(1);
        assertThat(engine.stats().opened).isEqualTo(2); // that event opened a fresh backlog
        engine.advanceTo(T0.plusSeconds(200).toEpochMilli());
        assertThat(engine.stats().live).isZero();
    }

    @Test
    void aDestinationLeftAsAHostNameIsTheSameDestinationByItsText() throws IOException {
        Collected out = new Collected();
        String xml = BRUTE.replace("to=\"HOME_NET\"", "to=\"ANY\"");
        DirectiveEngine engine = new DirectiveEngine(load(xml), Networks.PRIVATE_HOME_NET, AssetValues.NONE, DirectiveEngine.Limits.DEFAULT, out);
        Instant t = T0;
        for (int i = 0; i <= 10; i++) engine.process(ev(4003, 2, "203.0.113.7", "bastion", 22, t = t.plusSeconds(1)));
        engine.process(ev(4003, 2, "203.0.113.7", "web01", 22, t.plusSeconds(1))); // another host: not the same backlog
        assertThat(out.alarms).singleElement().satisfies(a -> assertThat(a.dstIp()).isEqualTo("bastion"));
        assertThat(engine.stats().opened).isEqualTo(2);
    }

    static final String SCAN = """
            <directive id="900002" name="Port scan against DST_IP" priority="3">
              <rule type="detector" name="a probe" reliability="2" from="!HOME_NET" to="HOME_NET" port_from="ANY" port_to="ANY" plugin_id="1001" plugin_sid="ANY" protocol="TCP">
                <rules>
                  <rule type="detector" name="5 distinct ports" reliability="6" occurrence="5" from="1:SRC_IP" to="1:DST_IP" port_from="ANY" port_to="!1:DST_PORT" time_out="30" plugin_id="1001" plugin_sid="ANY" sticky_different="DST_PORT"/>
                </rules>
              </rule>
            </directive>
            """;

    @Test
    void stickyDifferentCountsOnlyNewValuesAndNegatedReferencesExclude() throws IOException {
        Collected out = new Collected();
        AssetValues assets = a -> a.equals("192.168.1.20") ? 4 : AssetValues.DEFAULT;
        DirectiveEngine engine = new DirectiveEngine(load(SCAN), Networks.PRIVATE_HOME_NET, assets, DirectiveEngine.Limits.DEFAULT, out);
        Instant t = T0;
        engine.process(ev(1001, 5, "198.51.100.4", "192.168.1.20", 22, t));
        int[] ports = {80, 80, 80, 443, 443, 3389, 8080};
        // repeats of 80 and 443 are not new values: 80, 443, 3389, 8080 = 4 of the 5
        for (int p : ports) engine.process(ev(1001, 5, "198.51.100.4", "192.168.1.20", p, t = t.plusSeconds(1)));
        assertThat(out.alarms).isEmpty();
        engine.process(ev(1001, 5, "198.51.100.4", "192.168.1.20", 25, t.plusSeconds(1)));
        // reliability 6, priority 3: attack floor(3 x 4 x 6 / 25) = 2, compromise floor(3 x 2 x 6 / 25) = 1
        assertThat(out.alarms).singleElement().satisfies(a -> {
            assertThat(a.risk()).isEqualTo(new Risk(1, 2));
            assertThat(a.dstPort()).isEqualTo(25);
        });
        // a probe from inside HOME_NET opens nothing (from="!HOME_NET")
        engine.process(ev(1001, 5, "10.9.9.9", "192.168.1.20", 22, t.plusSeconds(2)));
        assertThat(engine.stats().opened).isEqualTo(1);
        // the level-1 port again cannot count (port_to="!1:DST_PORT"), so, touching no backlog,
        // it opens a second one: OSSIM's rule for when a new backlog starts
        engine.process(ev(1001, 5, "198.51.100.4", "192.168.1.20", 22, t.plusSeconds(3)));
        assertThat(engine.stats().opened).isEqualTo(2);
    }

    static final String CHAIN = """
            <directive id="900003" name="Brute force then scan from SRC_IP" priority="5">
              <rule type="detector" name="a brute force alarm" reliability="3" from="ANY" to="ANY" port_from="ANY" port_to="ANY" plugin_id="1505" plugin_sid="900001">
                <rules>
                  <rule type="detector" name="then a scan" reliability="10" from="1:SRC_IP" to="ANY" port_from="ANY" port_to="ANY" time_out="3600" plugin_id="1505" plugin_sid="900002"/>
                </rules>
              </rule>
            </directive>
            """;

    @Test
    void directivesBuildOnDirectiveEvents() throws IOException {
        Collected out = new Collected();
        DirectiveEngine engine = new DirectiveEngine(load(BRUTE + SCAN + CHAIN), Networks.PRIVATE_HOME_NET, AssetValues.NONE, DirectiveEngine.Limits.DEFAULT, out);
        Instant t = T0;
        engine.process(ev(4003, 1, "203.0.113.7", "10.0.0.5", 22, t));
        for (int i = 0; i < 10; i++) engine.process(ev(4003, 2, "203.0.113.7", "10.0.0.5", 22, t = t.plusSeconds(1)));
        engine.process(ev(1001, 5, "203.0.113.7", "192.168.1.20", 21, t = t.plusSeconds(1)));
        for (int p = 100; p < 105; p++) engine.process(ev(1001, 5, "203.0.113.7", "192.168.1.20", p, t = t.plusSeconds(1)));
        assertThat(out.alarms).extracting(Alarm::directiveId).contains(900001, 900002, 900003);
        Alarm chained = out.alarms.stream().filter(a -> a.directiveId() == 900003).reduce((a, b) -> b).orElseThrow();
        assertThat(chained.level()).isEqualTo(2);
        assertThat(chained.risk().value()).isEqualTo(4); // 5 x 2 x 10 / 25
    }

    @Test
    void outOfOrderWithinTheLatenessGivesTheSameAlarmsAsInOrder() throws IOException {
        List<Event> inOrder = new ArrayList<>();
        Instant t = T0;
        inOrder.add(ev(4003, 1, "203.0.113.7", "10.0.0.5", 22, t));
        for (int i = 0; i < 120; i++) inOrder.add(ev(4003, 2, "203.0.113.7", "10.0.0.5", 22, t = t.plusMillis(400)));
        inOrder.add(ev(1001, 5, "198.51.100.4", "192.168.1.20", 22, t));
        for (int p = 1; p <= 12; p++) inOrder.add(ev(1001, 5, "198.51.100.4", "192.168.1.20", 1000 + p, t = t.plusMillis(700)));
        List<String> expected = run(inOrder);
        assertThat(expected).isNotEmpty();
        Random random = new Random(42);
        for (int round = 0; round < 20; round++) {
            // each event delayed by up to 5 s of arrival; the buffer allows 10 s of lateness
            List<Event> shuffled = new ArrayList<>(inOrder);
            Map<Event, Long> arrival = new java.util.IdentityHashMap<>();
            for (Event e : shuffled) arrival.put(e, e.time().toEpochMilli() + random.nextInt(5000));
            shuffled.sort((a, b) -> Long.compare(arrival.get(a), arrival.get(b)));
            assertThat(run(shuffled)).as("round %d", round).isEqualTo(expected);
        }
        Collections.reverse(inOrder); // far beyond the lateness: a different (but still bounded) result is allowed
    }

    /** Alarms as (directive, level, risk, events) after a run through the reorder buffer. */
    List<String> run(List<Event> arrivals) throws IOException {
        Collected out = new Collected();
        DirectiveEngine engine = new DirectiveEngine(load(BRUTE + SCAN), Networks.PRIVATE_HOME_NET, AssetValues.NONE, DirectiveEngine.Limits.DEFAULT, out);
        ReorderBuffer buffer = new ReorderBuffer(Duration.ofSeconds(10), engine::process);
        for (Event e : arrivals) buffer.add(e);
        buffer.flush();
        assertThat(buffer.late()).isZero();
        List<String> s = new ArrayList<>();
        for (Alarm a : out.alarms) s.add(a.directiveId() + "@" + a.level() + " risk " + a.risk() + " events " + a.events().size());
        return s;
    }

    @Test
    void backlogMemoryIsBoundedAndEvictionsCounted() throws IOException {
        Collected out = new Collected();
        DirectiveEngine engine = new DirectiveEngine(load(BRUTE), Networks.PRIVATE_HOME_NET, AssetValues.NONE, new DirectiveEngine.Limits(50, 80), out);
        for (int i = 0; i < 200; i++) engine.process(ev(4003, 1, "203.0.113." + i, "10.0.0.5", 22, T0.plusMillis(i)));
        assertThat(engine.stats().live).isEqualTo(50);
        assertThat(engine.stats().evicted).isEqualTo(150);
    }

    /** Shaped like the feed's 30062 (web vulnerability scanner): chosen by taxonomy, no plugin_id. */
    static final String BY_TAXONOMY = """
            <directive id="900050" name="Web scanner against DST_IP" priority="3">
              <rule type="detector" name="scanner seen" reliability="1" from="!HOME_NET" to="HOME_NET" port_from="ANY" port_to="ANY" product="5,10,12,13,14" category="3" subcategory="30">
                <rules>
                  <rule type="detector" name="five kinds" reliability="5" occurrence="5" from="1:SRC_IP" to="1:DST_IP" time_out="600" port_from="ANY" port_to="ANY" product="5,10,12,13,14" category="3" subcategory="30" sticky_different="PLUGIN_SID"/>
                </rules>
              </rule>
            </directive>
            """;

    /** An IDS plugin (product type 13) whose sids 1-9 are Access / Web scanner (3 / 30), sid 10 another subcategory; a web server plugin (29). */
    static final Taxonomy IDS_TAXONOMY = new Taxonomy() {
        @Override
        public Integer productType(int pluginId) {
            return pluginId == 1001 ? Integer.valueOf(13) : pluginId == 1501 ? Integer.valueOf(29) : null;
        }

        @Override
        public Integer category(int pluginId, int sid) {
            return pluginId == 1001 || pluginId == 1501 ? Integer.valueOf(3) : null;
        }

        @Override
        public Integer subcategory(int pluginId, int sid) {
            return (pluginId == 1001 || pluginId == 1501) ? Integer.valueOf(sid == 10 ? 31 : 30) : null;
        }
    };

    @Test
    void rulesChooseEventsByTaxonomy() throws IOException {
        Collected out = new Collected();
        DirectiveEngine engine = new DirectiveEngine(load(BY_TAXONOMY), Networks.PRIVATE_HOME_NET, AssetValues.NONE, IDS_TAXONOMY,
                DirectiveEngine.Limits.DEFAULT, out);
        // not this directive's: a web server's product type, another subcategory, an unknown plugin
        engine.process(ev(1501, 1, "198.51.100.9", "10.0.0.8", 80, T0));
        engine.process(ev(1001, 10, "198.51.100.9", "10.0.0.8", 80, T0));
        engine.process(ev(7777, 1, "198.51.100.9", "10.0.0.8", 80, T0));
        assertThat(engine.stats().opened).isZero();
        // the IDS's scanner sids: the first opens, five different ones (sticky_different) reach level 2
        for (int sid = 1; sid <= 6; sid++) engine.process(ev(1001, sid, "198.51.100.9", "10.0.0.8", 80, T0.plusSeconds(sid)));
        assertThat(engine.stats().opened).isEqualTo(1);
        assertThat(out.alarms).hasSize(1);
        Alarm a = out.last();
        assertThat(a.level()).isEqualTo(2);
        assertThat(a.reliability()).isEqualTo(5);
        // priority 3, default asset value 2 on both sides, reliability 5: floor(3*2*5/25) = 1
        assertThat(a.risk()).isEqualTo(new Risk(1, 1));

        DirectiveEngine without = new DirectiveEngine(load(BY_TAXONOMY), Networks.PRIVATE_HOME_NET, AssetValues.NONE,
                DirectiveEngine.Limits.DEFAULT, new Collected());
        Event e = ev(1001, 1, "198.51.100.9", "10.0.0.8", 80, T0);
        without.process(e);
        assertThat(without.stats().opened).as("no taxonomy content: nothing to match by").isZero();
        assertThat(without.whyNot(without.directives().get(0).root(), e, null)).contains("product type (none in the content for plugin 1001)");
        assertThat(engine.whyNot(engine.directives().get(0).root(), ev(1001, 10, "198.51.100.9", "10.0.0.8", 80, T0), null))
                .isEqualTo("subcategory 31 is not subcategory=\"30\"");
    }
}
