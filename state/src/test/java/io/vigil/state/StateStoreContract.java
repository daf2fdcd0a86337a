package io.vigil.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.event.Uuid7;
import io.vigil.correlate.engine.Alarm;
import io.vigil.correlate.engine.Risk;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
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
    void alarmsWrittenTogetherAppendOnlyWhatIsNewAlsoAfterARestart() {
        StateStore s = store();
        UUID a = Uuid7.next();
        UUID b = Uuid7.next();
        Risk r = new Risk(2, 4);
        AlarmRepository.RuleInfo d = AlarmRepository.RuleInfo.DIRECTIVE;
        s.alarms().upsertAll(List.of(new AlarmRepository.Update(alarm(a, 50004, 1, r, "203.0.113.7", "10.0.0.5", 5), d),
                new AlarmRepository.Update(alarm(b, 50010, 2, r, "198.51.100.4", "10.0.0.9", 8), d)), NOW);
        // the same alarm twice in one transaction: the second appends after the first
        s.alarms().upsertAll(List.of(new AlarmRepository.Update(alarm(a, 50004, 3, r, "203.0.113.7", "10.0.0.5", 30), d),
                new AlarmRepository.Update(alarm(a, 50004, 4, r, "203.0.113.7", "10.0.0.5", 40), d)), NOW + 1000);
        // a repository that did not write them, as after a restart, finds what is there
        new AlarmRepository(s.dataSource()).upsert(alarm(b, 50010, 3, r, "198.51.100.4", "10.0.0.9", 12), NOW + 2000);
        s.alarms().upsert(alarm(a, 50004, 5, r, "203.0.113.7", "10.0.0.5", 45), NOW + 3000);

        AlarmRepository.Detail da = s.alarms().get(a.toString()).orElseThrow();
        List<String> idsA = new ArrayList<>();
        for (int i = 0; i < 45; i++) idsA.add(new UUID(a.getMostSignificantBits(), i).toString());
        assertThat(da.events()).isEqualTo(idsA);
        assertThat(da.levels()).extracting(AlarmRepository.Level::level).containsExactly(1, 2, 3, 4, 5);
        AlarmRepository.Detail db = s.alarms().get(b.toString()).orElseThrow();
        assertThat(db.events()).hasSize(12).doesNotHaveDuplicates();
        assertThat(db.levels()).extracting(AlarmRepository.Level::level).containsExactly(1, 2, 3);
        assertThat(db.alarm().events()).isEqualTo(12);
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

    // ------------------------------------------------------------ console security

    static final String PASSWORD = "correct horse battery";
    static final long MINUTE = 60_000;

    static char[] pw(String s) {
        return s.toCharArray();
    }

    /** Every value of every row of the tables, as text: what a stolen database would show. */
    static List<String> everyValue(StateStore s, String... tables) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = s.dataSource().getConnection()) {
            for (String t : tables) {
                try (PreparedStatement p = c.prepareStatement("SELECT * FROM " + t); ResultSet r = p.executeQuery()) {
                    int n = r.getMetaData().getColumnCount();
                    while (r.next()) {
                        for (int i = 1; i <= n; i++) {
                            String v = r.getString(i);
                            if (v != null) out.add(v);
                        }
                    }
                }
            }
        }
        return out;
    }

    static List<String> fields(Object record) {
        List<String> names = new ArrayList<>();
        new ObjectMapper().valueToTree(record).fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void passwordsHashWithArgon2idAndVerifyOnlyTheRightOne() {
        String h = PasswordHasher.hash(pw(PASSWORD));
        assertThat(h).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(PasswordHasher.verify(pw(PASSWORD), h)).isTrue();
        assertThat(PasswordHasher.verify(pw(PASSWORD + "!"), h)).isFalse();
        assertThat(PasswordHasher.hash(pw(PASSWORD))).as("a fresh salt each time").isNotEqualTo(h);
        // a vector of the reference implementation (phc-winner-argon2's test.c): its parameters are read from the string
        String reference = "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4";
        assertThat(PasswordHasher.verify(pw("password"), reference)).isTrue();
        assertThat(PasswordHasher.verify(pw("Password"), reference)).isFalse();
        for (String bad : new String[] {null, "", "plain text", "$argon2i$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
                "$argon2id$v=16$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
                "$argon2id$v=19$m=256,t=2$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
                "$argon2id$v=19$m=999999999,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
                "$argon2id$v=19$m=256,t=-2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
                "$argon2id$v=19$m=256,t=2,p=1$c29t*ZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
                "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4=",
                "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$", "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4$x"}) {
            assertThat(PasswordHasher.verify(pw("password"), bad)).as(bad).isFalse();
        }
        assertThat(PasswordHasher.verify(null, h)).isFalse();
    }

    @Test
    void usersAreCreatedWithCheckedNamesRolesAndPasswords() {
        StateStore s = store();
        assertThat(s.users().any()).isFalse();
        UserRepository.User alice = s.users().create("alice", pw(PASSWORD), "admin", NOW);
        assertThat(alice).isEqualTo(new UserRepository.User(alice.id(), "alice", "admin", NOW, false, null, 0));
        assertThat(s.users().any()).isTrue();
        assertThat(fields(alice)).containsExactly("id", "username", "role", "created", "disabled", "locked_until", "failed_logins");

        for (String bad : new String[] {null, "", "a b", "bob/x", "éva", "x".repeat(65)}) {
            assertThatThrownBy(() -> s.users().create(bad, pw(PASSWORD), "analyst", NOW)).as(String.valueOf(bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 64 characters");
        }
        assertThat(s.users().create("x".repeat(64), pw(PASSWORD), "read-only", NOW).username()).hasSize(64);
        assertThatThrownBy(() -> s.users().create("bob", pw(PASSWORD), "root", NOW)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one of admin, analyst, read-only");
        assertThatThrownBy(() -> s.users().create("bob", pw("eleven char"), "analyst", NOW)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 12 characters");
        assertThatThrownBy(() -> s.users().create("bob", null, "analyst", NOW)).hasMessageContaining("at least 12 characters");
        assertThatThrownBy(() -> s.users().create("ALICE", pw(PASSWORD), "analyst", NOW)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'ALICE' is taken");

        UserRepository.User bob = s.users().create("Bob.Smith@example-1_x", pw(PASSWORD), "analyst", NOW + 1);
        assertThat(s.users().byName("bob.smith@EXAMPLE-1_x")).contains(bob);
        assertThat(s.users().byName("nobody")).isEmpty();
        assertThat(s.users().byName("not a name")).isEmpty();
        assertThat(s.users().byId(bob.id())).contains(bob);
        assertThat(s.users().byId(-1)).isEmpty();
        assertThat(s.users().list()).extracting(UserRepository.User::username).containsExactly("alice", "Bob.Smith@example-1_x", "x".repeat(64));

        assertThat(s.users().setRole(bob.id(), "read-only")).isTrue();
        assertThat(s.users().byId(bob.id()).orElseThrow().role()).isEqualTo("read-only");
        assertThat(s.users().setRole(-1, "analyst")).isFalse();
        assertThatThrownBy(() -> s.users().setRole(bob.id(), "superuser")).hasMessageContaining("one of admin, analyst, read-only");
        assertThat(s.users().delete(bob.id())).isTrue();
        assertThat(s.users().delete(bob.id())).isFalse();
        assertThat(s.users().byName("bob.smith@example-1_x")).isEmpty();
    }

    @Test
    void fiveFailedLoginsLockAnAccountForFifteenMinutes() {
        StateStore s = store();
        UserRepository.User alice = s.users().create("alice", pw(PASSWORD), "admin", NOW);
        assertThat(s.users().login("ALICE", pw(PASSWORD), NOW)).isEqualTo(new UserRepository.LoginResult(UserRepository.Outcome.OK, alice, null));

        long started = System.nanoTime();
        UserRepository.LoginResult unknown = s.users().login("mallory", pw(PASSWORD), NOW);
        assertThat(unknown).isEqualTo(new UserRepository.LoginResult(UserRepository.Outcome.BAD_CREDENTIALS, null, null));
        assertThat(System.nanoTime() - started).as("an unknown name costs a hash too").isGreaterThan(Duration.ofMillis(5).toNanos());
        assertThat(s.users().login(null, null, NOW).outcome()).isEqualTo(UserRepository.Outcome.BAD_CREDENTIALS);

        s.users().login("alice", pw("wrong one"), NOW + 1);
        s.users().login("alice", pw("wrong two"), NOW + 2);
        assertThat(s.users().byId(alice.id()).orElseThrow().failedLogins()).isEqualTo(2);
        assertThat(s.users().login("alice", pw(PASSWORD), NOW + 3).outcome()).isEqualTo(UserRepository.Outcome.OK);
        assertThat(s.users().byId(alice.id()).orElseThrow().failedLogins()).as("a success clears the count").isZero();

        for (int i = 1; i <= 4; i++) {
            assertThat(s.users().login("alice", pw("wrong"), NOW + 10 + i)).isEqualTo(new UserRepository.LoginResult(UserRepository.Outcome.BAD_CREDENTIALS, null, null));
        }
        long until = NOW + 15 + 15 * MINUTE;
        assertThat(s.users().login("alice", pw("wrong"), NOW + 15)).isEqualTo(new UserRepository.LoginResult(UserRepository.Outcome.BAD_CREDENTIALS, null, until));
        assertThat(s.users().byId(alice.id()).orElseThrow()).satisfies(u -> {
            assertThat(u.failedLogins()).isEqualTo(5);
            assertThat(u.lockedUntil()).isEqualTo(until);
        });
        UserRepository.LoginResult locked = s.users().login("alice", pw(PASSWORD), until - 1);
        assertThat(locked.outcome()).as("the right password does not open a locked account").isEqualTo(UserRepository.Outcome.LOCKED);
        assertThat(locked.lockedUntil()).isEqualTo(until);
        assertThat(locked.user().id()).isEqualTo(alice.id());
        assertThat(s.users().login("alice", pw("wrong"), until - 1).outcome()).isEqualTo(UserRepository.Outcome.LOCKED);
        assertThat(s.users().byId(alice.id()).orElseThrow().lockedUntil()).as("failures while locked do not extend it").isEqualTo(until);

        // when the lock has run out, a failure starts a new count
        assertThat(s.users().login("alice", pw("wrong"), until)).isEqualTo(new UserRepository.LoginResult(UserRepository.Outcome.BAD_CREDENTIALS, null, null));
        assertThat(s.users().byId(alice.id()).orElseThrow().failedLogins()).isEqualTo(1);
        UserRepository.LoginResult ok = s.users().login("alice", pw(PASSWORD), until + 1);
        assertThat(ok.outcome()).isEqualTo(UserRepository.Outcome.OK);
        assertThat(ok.user()).isEqualTo(alice);
        assertThat(s.users().byId(alice.id()).orElseThrow()).isEqualTo(alice);
    }

    @Test
    void disabledUsersCannotLogInAndTheLastAdminIsKept() {
        StateStore s = store();
        UserRepository.User admin = s.users().create("admin", pw(PASSWORD), "admin", NOW);
        UserRepository.User bob = s.users().create("bob", pw(PASSWORD), "analyst", NOW);
        assertThat(s.users().setDisabled(bob.id(), true)).isTrue();
        assertThat(s.users().byId(bob.id()).orElseThrow().disabled()).isTrue();
        UserRepository.LoginResult r = s.users().login("bob", pw(PASSWORD), NOW + 1);
        assertThat(r.outcome()).isEqualTo(UserRepository.Outcome.DISABLED);
        assertThat(r.user().id()).isEqualTo(bob.id());
        assertThat(s.users().login("bob", pw("not his password"), NOW + 2).outcome()).as("a wrong password says nothing more")
                .isEqualTo(UserRepository.Outcome.BAD_CREDENTIALS);
        assertThat(s.users().setDisabled(bob.id(), false)).isTrue();
        assertThat(s.users().login("bob", pw(PASSWORD), NOW + 3).outcome()).isEqualTo(UserRepository.Outcome.OK);
        assertThat(s.users().setDisabled(-1, true)).isFalse();

        assertThatThrownBy(() -> s.users().setDisabled(admin.id(), true)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("last enabled admin");
        assertThatThrownBy(() -> s.users().setRole(admin.id(), "analyst")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("last enabled admin");
        assertThatThrownBy(() -> s.users().delete(admin.id())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("last enabled admin");
        assertThat(s.users().byId(admin.id()).orElseThrow()).isEqualTo(admin);
        assertThat(s.users().setRole(bob.id(), "admin")).isTrue();
        assertThat(s.users().setDisabled(admin.id(), true)).isTrue();
        assertThatThrownBy(() -> s.users().delete(bob.id())).hasMessageContaining("last enabled admin");

        assertThat(s.users().setPassword(admin.id(), pw("another long password"), NOW + 4)).isTrue();
        assertThatThrownBy(() -> s.users().setPassword(admin.id(), pw("short"), NOW + 4)).hasMessageContaining("at least 12 characters");
        assertThat(s.users().setPassword(-1, pw("another long password"), NOW + 4)).isFalse();
        assertThat(s.users().setDisabled(admin.id(), false)).isTrue();
        assertThat(s.users().login("admin", pw(PASSWORD), NOW + 5).outcome()).isEqualTo(UserRepository.Outcome.BAD_CREDENTIALS);
        assertThat(s.users().login("admin", pw("another long password"), NOW + 6).outcome()).isEqualTo(UserRepository.Outcome.OK);
    }

    @Test
    void apiTokensAreShownOnceAndKeptOnlyAsDigests() throws Exception {
        StateStore s = store();
        UserRepository.User alice = s.users().create("alice", pw(PASSWORD), "admin", NOW);
        UserRepository.User bob = s.users().create("bob", pw(PASSWORD), "analyst", NOW);
        TokenRepository.Created made = s.tokens().create(alice.id(), " ci pipeline ", NOW);
        String secret = made.secret();
        assertThat(secret).matches("vgl_[A-Za-z0-9_-]{43}");
        assertThat(made.token()).isEqualTo(new TokenRepository.ApiToken(made.token().id(), alice.id(), "alice", "ci pipeline", secret.substring(0, 8), NOW, null, false));
        assertThat(fields(made.token())).containsExactly("id", "user_id", "username", "name", "prefix", "created", "last_used", "revoked");
        assertThat(new ObjectMapper().writeValueAsString(made.token())).doesNotContain(secret);

        assertThat(s.tokens().authenticate(secret, NOW + 1)).contains(alice);
        assertThat(s.tokens().byId(made.token().id()).orElseThrow().lastUsed()).isEqualTo(NOW + 1);
        assertThat(s.tokens().authenticate(secret, NOW + 1 + MINUTE - 1)).contains(alice);
        assertThat(s.tokens().byId(made.token().id()).orElseThrow().lastUsed()).as("written at most once a minute").isEqualTo(NOW + 1);
        assertThat(s.tokens().authenticate(secret, NOW + 1 + MINUTE)).contains(alice);
        assertThat(s.tokens().byId(made.token().id()).orElseThrow().lastUsed()).isEqualTo(NOW + 1 + MINUTE);
        for (String wrong : new String[] {null, "", "vgl_", secret + "x", secret.substring(0, secret.length() - 1), secret.substring(4)}) {
            assertThat(s.tokens().authenticate(wrong, NOW)).as(String.valueOf(wrong)).isEmpty();
        }

        TokenRepository.Created bobs = s.tokens().create(bob.id(), "laptop", NOW + 2);
        assertThat(bobs.secret()).isNotEqualTo(secret);
        assertThat(s.tokens().authenticate(bobs.secret(), NOW + 3)).contains(bob);
        s.users().setDisabled(bob.id(), true);
        assertThat(s.tokens().authenticate(bobs.secret(), NOW + 4)).as("a disabled user's token").isEmpty();
        s.users().setDisabled(bob.id(), false);
        assertThat(s.tokens().authenticate(bobs.secret(), NOW + 5)).isPresent();

        assertThat(s.tokens().list(alice.id())).extracting(TokenRepository.ApiToken::name).containsExactly("ci pipeline");
        assertThat(s.tokens().all()).extracting(TokenRepository.ApiToken::username).containsExactly("alice", "bob");
        assertThat(s.tokens().byId(-1)).isEmpty();

        // nothing that opens anything is in the database: no secret, no password
        assertThat(everyValue(s, "users", "api_tokens", "sessions", "setup_tokens", "audit_log"))
                .isNotEmpty().noneMatch(v -> v.contains(secret) || v.contains(bobs.secret()) || v.contains(PASSWORD))
                .contains(Secrets.sha256(secret));

        assertThat(s.tokens().revoke(made.token().id(), NOW + 6)).isTrue();
        assertThat(s.tokens().authenticate(secret, NOW + 7)).isEmpty();
        assertThat(s.tokens().byId(made.token().id()).orElseThrow().revoked()).isTrue();
        assertThat(s.tokens().revoke(made.token().id(), NOW + 8)).isTrue();
        assertThat(s.tokens().revoke(-1, NOW)).isFalse();
        assertThat(s.tokens().list(alice.id())).singleElement().satisfies(t -> assertThat(t.revoked()).isTrue());

        assertThatThrownBy(() -> s.tokens().create(-1, "x", NOW)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no user");
        assertThatThrownBy(() -> s.tokens().create(alice.id(), "  ", NOW)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
        s.users().delete(bob.id());
        assertThat(s.tokens().all()).extracting(TokenRepository.ApiToken::username).containsExactly("alice");
        assertThat(s.tokens().authenticate(bobs.secret(), NOW + 9)).isEmpty();
    }

    @Test
    void sessionsEndWhenIdleTooLongTooOldClosedOrTheirUserIsDisabled() throws Exception {
        StateStore s = store();
        Duration idle = Duration.ofMinutes(30);
        Duration absolute = Duration.ofHours(1);
        UserRepository.User admin = s.users().create("admin", pw(PASSWORD), "admin", NOW);
        UserRepository.User bob = s.users().create("bob", pw(PASSWORD), "analyst", NOW);

        SessionRepository.Opened a = s.sessions().open(bob.id(), NOW);
        assertThat(a.cookie()).matches("[A-Za-z0-9_-]{43}");
        assertThat(a.session().csrf()).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(a.cookie());
        assertThat(a.session()).isEqualTo(new SessionRepository.Session(bob.id(), a.session().csrf(), NOW, NOW));
        assertThat(fields(a.session())).containsExactly("user_id", "csrf", "created", "last_seen");
        assertThat(everyValue(s, "sessions")).noneMatch(v -> v.contains(a.cookie())).contains(Secrets.sha256(a.cookie()));

        assertThat(s.sessions().touch(a.cookie(), NOW + 29 * MINUTE, idle, absolute))
                .contains(new SessionRepository.Session(bob.id(), a.session().csrf(), NOW, NOW + 29 * MINUTE));
        assertThat(s.sessions().touch(a.cookie(), NOW + 58 * MINUTE, idle, absolute)).isPresent();
        assertThat(s.sessions().touch(a.cookie(), NOW + 60 * MINUTE - 1, idle, absolute)).isPresent();
        assertThat(s.sessions().touch(a.cookie(), NOW + 60 * MINUTE, idle, absolute)).as("an hour old").isEmpty();
        assertThat(s.sessions().touch(a.cookie(), NOW + 61 * MINUTE, Duration.ofDays(1), Duration.ofDays(1))).as("deleted").isEmpty();

        SessionRepository.Opened b = s.sessions().open(bob.id(), NOW);
        assertThat(s.sessions().touch(b.cookie(), NOW + 30 * MINUTE - 1, idle, absolute)).isPresent();
        assertThat(s.sessions().touch(b.cookie(), NOW + 60 * MINUTE - 1, idle, absolute)).as("idle for 30 minutes").isEmpty();
        assertThat(s.sessions().touch(b.cookie(), NOW + 60 * MINUTE - 1, Duration.ofDays(1), Duration.ofDays(1))).as("deleted").isEmpty();

        SessionRepository.Opened c = s.sessions().open(bob.id(), NOW);
        s.sessions().close(c.cookie());
        assertThat(s.sessions().touch(c.cookie(), NOW + 1, idle, absolute)).isEmpty();
        s.sessions().close("no such cookie");
        s.sessions().close(null);
        assertThat(s.sessions().touch("no such cookie", NOW, idle, absolute)).isEmpty();
        assertThat(s.sessions().touch(null, NOW, idle, absolute)).isEmpty();

        SessionRepository.Opened d = s.sessions().open(bob.id(), NOW);
        SessionRepository.Opened e = s.sessions().open(bob.id(), NOW);
        SessionRepository.Opened f = s.sessions().open(admin.id(), NOW);
        s.users().setDisabled(bob.id(), true);
        assertThat(s.sessions().touch(d.cookie(), NOW + 1, idle, absolute)).as("a disabled user's session").isEmpty();
        assertThat(s.sessions().closeAll(bob.id())).isEqualTo(1);
        assertThat(s.sessions().touch(e.cookie(), NOW + 2, idle, absolute)).isEmpty();
        assertThat(s.sessions().touch(f.cookie(), NOW + 2, idle, absolute)).isPresent();
        assertThat(s.sessions().closeAll(admin.id())).isEqualTo(1);
        assertThat(s.sessions().closeAll(admin.id())).isZero();
        assertThatThrownBy(() -> s.sessions().open(-1, NOW)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no user");

        SessionRepository.Opened g = s.sessions().open(admin.id(), NOW);
        s.users().setDisabled(bob.id(), false);
        s.users().setRole(bob.id(), "admin");
        assertThat(s.users().delete(admin.id())).isTrue();
        assertThat(s.sessions().touch(g.cookie(), NOW + 1, idle, absolute)).as("a deleted user's session").isEmpty();
        assertThat(everyValue(s, "sessions")).isEmpty();
    }

    @Test
    void theAuditLogListsNewestFirstFilteredByTextAndTime() {
        StateStore s = store();
        s.audit().record(NOW, "alice", "login", null, null, "192.0.2.1", true);
        s.audit().record(NOW + 1, "bob", "login", null, "bad password", "192.0.2.9", false);
        s.audit().record(NOW + 2, "alice", "user.create", "user Bob_2", "role analyst, 100% sure", "192.0.2.1", true);
        s.audit().record(NOW + 3, "x".repeat(5000), "y".repeat(100), "z".repeat(499) + "\uD83D\uDE00zzz", "d\0".repeat(5000) + "\uD83D\uDE00", "a".repeat(300), true);
        s.audit().record(NOW + 3, null, null, null, null, null, false);

        List<AuditRepository.Entry> all = s.audit().list(null, null, 100);
        assertThat(all).extracting(AuditRepository.Entry::at).containsExactly(NOW + 3, NOW + 3, NOW + 2, NOW + 1, NOW);
        assertThat(all.get(0).actor()).isNull();
        assertThat(all.get(1)).satisfies(e -> {
            assertThat(e.actor()).hasSize(200);
            assertThat(e.action()).hasSize(64);
            assertThat(e.target()).as("not cut inside a character").isEqualTo("z".repeat(499));
            assertThat(e.detail()).hasSize(2000).startsWith("d\uFFFDd");
            assertThat(e.address()).hasSize(64);
        });
        assertThat(all.get(3)).isEqualTo(new AuditRepository.Entry(all.get(3).id(), NOW + 1, "bob", "login", null, "bad password", "192.0.2.9", false));
        assertThat(fields(all.get(3))).containsExactly("id", "at", "actor", "action", "target", "detail", "address", "ok");

        assertThat(s.audit().list("ALICE", null, 100)).extracting(AuditRepository.Entry::at).containsExactly(NOW + 2, NOW);
        assertThat(s.audit().list("Password", null, 100)).extracting(AuditRepository.Entry::actor).containsExactly("bob");
        assertThat(s.audit().list("bob_", null, 100)).extracting(AuditRepository.Entry::at).as("_ is a character, not a wildcard").containsExactly(NOW + 2);
        assertThat(s.audit().list("b_b", null, 100)).isEmpty();
        assertThat(s.audit().list("100%", null, 100)).extracting(AuditRepository.Entry::at).containsExactly(NOW + 2);
        assertThat(s.audit().list("%", null, 100)).hasSize(1);
        assertThat(s.audit().list("192.0.2.1", null, 100)).as("the address is not searched").isEmpty();
        assertThat(s.audit().list(null, NOW + 1, 100)).extracting(AuditRepository.Entry::at).containsExactly(NOW + 3, NOW + 3, NOW + 2, NOW + 1);
        assertThat(s.audit().list("login", NOW + 1, 100)).extracting(AuditRepository.Entry::actor).containsExactly("bob");
        assertThat(s.audit().list(null, null, 2)).hasSize(2);
        assertThat(s.audit().list(null, null, 0)).hasSize(1);
    }

    @Test
    void theSetupLinkCreatesTheFirstAdminOnce() throws Exception {
        StateStore s = store();
        String first = s.setup().issue(NOW).orElseThrow();
        assertThat(first).matches("[A-Za-z0-9_-]{43}");
        assertThat(s.setup().valid(first, NOW)).isTrue();
        String link = s.setup().issue(NOW + 1).orElseThrow();
        assertThat(s.setup().valid(first, NOW + 1)).as("an older unused link is gone").isFalse();
        assertThat(s.setup().complete(first, "root", pw(PASSWORD), NOW + 2)).isEmpty();
        assertThat(s.setup().valid(link, NOW + 1 + 24 * 60 * MINUTE - 1)).isTrue();
        assertThat(s.setup().valid(link, NOW + 1 + 24 * 60 * MINUTE)).as("a day old").isFalse();
        assertThat(s.setup().complete(link, "root", pw(PASSWORD), NOW + 1 + 24 * 60 * MINUTE)).isEmpty();
        assertThat(s.setup().valid("nonsense", NOW)).isFalse();
        assertThat(s.setup().valid(null, NOW)).isFalse();
        assertThat(everyValue(s, "setup_tokens")).noneMatch(v -> v.contains(link) || v.contains(first));

        assertThatThrownBy(() -> s.setup().complete(link, "bad name", pw(PASSWORD), NOW + 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 to 64 characters");
        assertThatThrownBy(() -> s.setup().complete(link, "root", pw("short"), NOW + 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 12 characters");
        assertThat(s.users().any()).isFalse();

        UserRepository.User root = s.setup().complete(link, "root", pw(PASSWORD), NOW + 3).orElseThrow();
        assertThat(root).isEqualTo(new UserRepository.User(root.id(), "root", "admin", NOW + 3, false, null, 0));
        assertThat(s.users().list()).containsExactly(root);
        assertThat(s.users().login("root", pw(PASSWORD), NOW + 4).outcome()).isEqualTo(UserRepository.Outcome.OK);
        assertThat(s.setup().valid(link, NOW + 4)).isFalse();
        assertThat(s.setup().complete(link, "second", pw(PASSWORD), NOW + 4)).as("a used link").isEmpty();
        assertThat(s.setup().issue(NOW + 5)).as("once a user exists").isEmpty();
        assertThat(s.users().list()).containsExactly(root);
        assertThat(everyValue(s, "users", "setup_tokens")).noneMatch(v -> v.contains(link) || v.contains(PASSWORD));
    }
}
