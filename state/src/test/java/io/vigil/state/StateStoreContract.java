package io.vigil.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.event.Uuid7;
import io.vigil.correlate.engine.Alarm;
import io.vigil.correlate.engine.Risk;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What the state store does, the same on every database: H2 and PostgreSQL run these. */
abstract class StateStoreContract {
    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    static final long NOW = T0.toEpochMilli();

    /** A fresh, empty store. */
    abstract StateStore store();

    static Alarm alarm(UUID backlog, int directive, int level, Risk risk, String src, String dst, int events) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < events; i++) ids.add(new UUID(backlog.getMostSignificantBits(), i));
        List<Alarm.Level> trail = new ArrayList<>();
        for (int l = 1; l <= level; l++) trail.add(new Alarm.Level(l, "rule " + l + " <b>", ids.get(Math.min(events - 1, l - 1)), T0.plusSeconds(l), l * 2, risk));
        return new Alarm(backlog, level <= 2, directive, "attack against " + dst, 4, level, level * 2, risk, src, dst, 40000, 22, T0, T0.plusSeconds(level),
                ids, trail);
    }

    @Test
    void anAlarmIsRaisedOnceAndUpdatedInPlaceAsItsBacklogClimbs() {
        StateStore s = store();
        UUID b = Uuid7.next();
        s.alarms().upsert(alarm(b, 50004, 2, new Risk(1, 3), "203.0.113.7", "10.0.0.5", 21), NOW);
        s.alarms().upsert(alarm(b, 50004, 3, new Risk(3, 8), "203.0.113.7", "10.0.0.5", 71), NOW + 1000);
        List<AlarmRepository.Stored> all = s.alarms().list(AlarmRepository.Query.all(100));
        assertThat(all).singleElement().satisfies(a -> {
            assertThat(a.level()).isEqualTo(3);
            assertThat(a.risk()).isEqualTo(8);
            assertThat(a.events()).isEqualTo(71);
            assertThat(a.status()).isEqualTo("open");
        });
        AlarmRepository.Detail d = s.alarms().get(b.toString()).orElseThrow();
        assertThat(d.events()).hasSize(71).startsWith(new UUID(b.getMostSignificantBits(), 0).toString());
        assertThat(d.levels()).extracting(AlarmRepository.Level::level).containsExactly(1, 2, 3);
        assertThat(d.levels().get(0).rule()).isEqualTo("rule 1 <b>"); // stored as written; escaping is the console's job
    }

    @Test
    void alarmsFilterByStatusRiskDirectiveAddressAndTime() {
        StateStore s = store();
        UUID a = Uuid7.next();
        UUID b = Uuid7.next();
        s.alarms().upsert(alarm(a, 50004, 2, new Risk(1, 3), "203.0.113.7", "10.0.0.5", 3), NOW);
        s.alarms().upsert(alarm(b, 50010, 4, new Risk(6, 9), "198.51.100.4", "10.0.0.9", 5), NOW);
        assertThat(s.alarms().list(new AlarmRepository.Query(null, 5, null, null, null, 10))).extracting(AlarmRepository.Stored::id).containsExactly(b.toString());
        assertThat(s.alarms().list(new AlarmRepository.Query(null, null, 50004, null, null, 10))).extracting(AlarmRepository.Stored::id).containsExactly(a.toString());
        assertThat(s.alarms().list(new AlarmRepository.Query(null, null, null, "10.0.0.9", null, 10))).extracting(AlarmRepository.Stored::id).containsExactly(b.toString());
        assertThat(s.alarms().list(new AlarmRepository.Query(null, null, null, null, T0.plusSeconds(3).toEpochMilli(), 10)))
                .extracting(AlarmRepository.Stored::id).containsExactly(b.toString()); // last seen at level 4: T0 + 4 s
        assertThat(s.alarms().list(AlarmRepository.Query.all(10))).extracting(AlarmRepository.Stored::id).containsExactly(b.toString(), a.toString());

        assertThat(s.alarms().setStatus(a.toString(), "acknowledged", "alice", "looking", "alice", NOW + 5)).isTrue();
        assertThat(s.alarms().setStatus(a.toString(), "closed", null, "false positive", "bob", NOW + 6)).isTrue();
        assertThat(s.alarms().list(new AlarmRepository.Query("closed", null, null, null, null, 10))).singleElement()
                .satisfies(x -> assertThat(x.assignee()).isEqualTo("alice"));
        assertThat(s.alarms().get(a.toString()).orElseThrow().comments()).extracting(AlarmRepository.Comment::status).containsExactly("acknowledged", "closed");
        assertThat(s.alarms().setStatus("no-such", "closed", null, null, "bob", NOW)).isFalse();
        assertThatThrownBy(() -> s.alarms().setStatus(a.toString(), "resolved", null, null, "bob", NOW)).hasMessageContaining("open, acknowledged, closed");
    }

    @Test
    void assetValuesComeFromHostsThenTheMostSpecificNetwork() {
        StateStore s = store();
        s.assets().createNetwork("office", "10.0.0.0/8", true, 3, null);
        s.assets().createNetwork("servers", "10.0.1.0/24", true, 4, "the server room");
        s.assets().createNetwork("partner", "198.51.100.0/24", false, 1, null);
        s.assets().createAsset("db01", List.of("10.0.1.10", "2001:db8::10"), 5, "rack 3", "Debian 12");
        AssetModel m = s.assets().model();
        assertThat(m.valueOf("10.0.1.10")).isEqualTo(5);
        assertThat(m.valueOf("2001:db8:0:0::10")).isEqualTo(5); // the same address written another way
        assertThat(m.valueOf("10.0.1.11")).isEqualTo(4);
        assertThat(m.valueOf("10.9.9.9")).isEqualTo(3);
        assertThat(m.valueOf("192.0.2.1")).isEqualTo(2);
        assertThat(m.valueOf("DB01")).as("a host name a plugin left unresolved").isEqualTo(5);
        assertThat(m.valueOf("web99")).isEqualTo(2);
        assertThat(m.inHomeNet(new byte[] {10, 0, 1, 1})).isTrue();
        assertThat(m.inHomeNet(new byte[] {(byte) 198, 51, 100, 1})).isFalse(); // a network, but not home
        assertThat(m.inHomeNet(new byte[] {(byte) 192, (byte) 168, 1, 1})).isFalse(); // HOME_NET is what is defined, once something is
        assertThat(m.inNamed("partner", new byte[] {(byte) 198, 51, 100, 1})).isTrue();

        long id = s.assets().assets().get(0).id();
        assertThat(s.assets().updateAsset(id, "db01", List.of("10.0.1.10"), 1, null, null)).isTrue();
        assertThat(s.assets().model().valueOf("10.0.1.10")).isEqualTo(1);
        assertThat(s.assets().model().valueOf("2001:db8::10")).isEqualTo(2);
        assertThat(s.assets().deleteAsset(id)).isTrue();
        assertThat(s.assets().assets()).isEmpty();
        assertThatThrownBy(() -> s.assets().createAsset("x", List.of("not-an-ip"), 2, null, null)).hasMessageContaining("not an IP address");
        assertThatThrownBy(() -> s.assets().createNetwork("bad", "10.0.0.0/8", true, 9, null)).hasMessageContaining("0 to 5");
    }

    @Test
    void contentVersionsRecordEachFileOnceUntilItChanges(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        StateStore s = store();
        java.nio.file.Path f = dir.resolve("mine.xml");
        java.nio.file.Files.writeString(f, "<directive/>");
        assertThat(s.contentVersions().record("directives", List.of(f), NOW)).isEqualTo(1);
        assertThat(s.contentVersions().record("directives", List.of(f), NOW + 1)).isZero();
        java.nio.file.Files.writeString(f, "<directive id=\"1\"/>");
        assertThat(s.contentVersions().record("directives", List.of(f), NOW + 2)).isEqualTo(1);
        assertThat(s.contentVersions().list()).extracting(ContentVersions.Version::loaded).containsExactly(NOW, NOW + 2);
        assertThat(s.contentVersions().list().get(0).sha256()).hasSize(64).isNotEqualTo(s.contentVersions().list().get(1).sha256());
    }

    @Test
    void aSuppressionStopsMatchingAlarmsUntilItExpiresAndCountsThem() {
        StateStore s = store();
        s.suppressions().create(50004, "203.0.113.0/24", null, "our scanner", "alice", NOW, NOW + 60_000);
        Alarm ours = alarm(Uuid7.next(), 50004, 2, new Risk(1, 3), "203.0.113.7", "10.0.0.5", 3);
        Alarm other = alarm(Uuid7.next(), 50004, 2, new Risk(1, 3), "198.51.100.7", "10.0.0.5", 3);
        Alarm otherDirective = alarm(Uuid7.next(), 50005, 2, new Risk(1, 3), "203.0.113.7", "10.0.0.5", 3);
        assertThat(s.suppressions().suppress(ours, NOW + 1)).isPresent();
        assertThat(s.suppressions().suppress(ours, NOW + 2)).isPresent();
        assertThat(s.suppressions().suppress(other, NOW + 3)).isEmpty();
        assertThat(s.suppressions().suppress(otherDirective, NOW + 4)).isEmpty();
        assertThat(s.suppressions().suppress(ours, NOW + 60_000)).isEmpty(); // expired
        assertThat(s.suppressions().list()).singleElement().satisfies(x -> assertThat(x.suppressed()).isEqualTo(2));
        assertThatThrownBy(() -> s.suppressions().create(null, "nowhere", null, null, "alice", NOW, null)).hasMessageContaining("not an address");
    }

    @Test
    void sigmaAlarmsKeepTheirRuleLevelTagsAndReferencesAndSuppressionsCanNameTheRule() {
        StateStore s = store();
        AlarmRepository.RuleInfo rule = AlarmRepository.RuleInfo.sigma("e76b413a-83d0-4b94-8e4c-85db4a5b8bdc", "medium",
                List.of("attack.initial-access", "attack.t1190"), List.of("https://example.org/a", "https://example.org/b"));
        Alarm a = alarm(Uuid7.next(), 0, 1, new Risk(2, 2), "203.0.113.7", "10.0.0.5", 1);
        s.alarms().upsert(a, rule, NOW);
        s.alarms().upsert(alarm(Uuid7.next(), 50004, 2, new Risk(1, 3), "203.0.113.7", "10.0.0.5", 3), NOW);
        List<AlarmRepository.Stored> sigma = s.alarms().list(new AlarmRepository.Query(null, null, null, null, null, 10, rule.ruleId()));
        assertThat(sigma).singleElement().satisfies(x -> {
            assertThat(x.ruleSource()).isEqualTo("sigma");
            assertThat(x.ruleLevel()).isEqualTo("medium");
            assertThat(x.tags()).containsExactly("attack.initial-access", "attack.t1190");
            assertThat(x.references()).containsExactly("https://example.org/a", "https://example.org/b");
        });
        assertThat(s.alarms().list(AlarmRepository.Query.all(10))).extracting(AlarmRepository.Stored::ruleSource).containsExactlyInAnyOrder("sigma", "directive");

        s.suppressions().create(null, rule.ruleId(), null, null, "lab", "alice", NOW, null);
        assertThat(s.suppressions().suppress(a, rule, NOW + 1)).isPresent();
        AlarmRepository.RuleInfo other = AlarmRepository.RuleInfo.sigma("another", "high", List.of(), List.of());
        assertThat(s.suppressions().suppress(a, other, NOW + 1)).isEmpty();
        assertThat(s.suppressions().suppress(alarm(Uuid7.next(), 50004, 2, new Risk(1, 3), "203.0.113.7", "10.0.0.5", 3), NOW + 1))
                .as("a suppression of a Sigma rule does not touch directives' alarms").isEmpty();
        assertThatThrownBy(() -> s.suppressions().create(50004, "x", null, null, null, "alice", NOW, null)).hasMessageContaining("not both");
    }
}
