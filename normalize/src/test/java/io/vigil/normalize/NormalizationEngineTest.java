package io.vigil.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.core.event.Event;
import io.vigil.core.event.Uuid7;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default content pack through the engine, on lines as real daemons write them. */
class NormalizationEngineTest {
    static final Instant RECEIVED = Instant.parse("2026-11-25T10:00:05Z");
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    NormalizationEngine engine(List<Path> paths) {
        return ContentLoader.load(new ContentLoader.Options(paths, true, ZoneOffset.UTC, false, "10.0.0.1", Map.of()), registry);
    }

    /** An event as the syslog parser leaves it. */
    static Event syslog(String host, String app, String procid, String message) {
        return new Event().id(Uuid7.next()).received(RECEIVED).time(Instant.parse("2026-11-25T10:00:00Z"))
                .host(host).app(app).procid(procid).message(message).log("<38>" + message);
    }

    /** An engine with one detector plugin of one rule (its section's lines as written in a .cfg) beside the default pack. */
    NormalizationEngine withRule(Path dir, int pluginId, String section, String rule) throws java.io.IOException {
        Files.writeString(dir.resolve("p" + pluginId + ".cfg"), """
                [DEFAULT]
                plugin_id=%d

                [config]
                type=detector
                enable=yes
                source=log

                [%s]
                %s
                """.formatted(pluginId, section, rule));
        return engine(List.of(dir));
    }

    @Test
    void theDefaultPackLoadsWithoutErrors() {
        NormalizationEngine e = engine(List.of());
        assertThat(e.errors()).isEmpty();
        assertThat(e.plugins()).extracting(p -> p.pluginId()).contains(4003, 4005, 4004, 9001, 9002, 1503, 9003, 1501, 1521);
    }

    @Test
    void sshdFailedPasswordBecomesAnOssimEvent() {
        Event ev = syslog("bastion", "sshd", "811", "Failed password for invalid user admin from 203.0.113.9 port 52344 ssh2");
        engine(List.of()).normalize(ev);
        assertThat(ev.pluginId()).isEqualTo(4003);
        assertThat(ev.pluginSid()).isEqualTo(1);
        assertThat(ev.srcIp()).isEqualTo("203.0.113.9");
        assertThat(ev.srcPort()).isEqualTo(52344);
        assertThat(ev.dstPort()).isEqualTo(22);
        assertThat(ev.username()).isEqualTo("admin");
        assertThat(ev.userdata1()).isEqualTo("password");
        assertThat(ev.userdata2()).isEqualTo("invalid user ");
        assertThat(ev.priority()).isEqualTo(3);
        assertThat(ev.reliability()).isEqualTo(2);
        assertThat(ev.extra()).containsEntry("plugin", "sshd").containsEntry("sid_name", "sshd: failed authentication");
        assertThat(ev.time()).isEqualTo(Instant.parse("2026-11-25T10:00:00Z"));
    }

    @Test
    void aPluginsWholeSecondDateKeepsTheEventsPreciseTime() {
        // RFC 5424 senders give microseconds; the plugin reads the file-form header, whole seconds
        Event precise = syslog("bastion", "sshd", "811", "Failed password for root from 203.0.113.9 port 52344 ssh2")
                .time(Instant.parse("2026-11-25T10:00:00.123456Z"));
        engine(List.of()).normalize(precise);
        assertThat(precise.pluginId()).isEqualTo(4003);
        assertThat(precise.time()).isEqualTo(Instant.parse("2026-11-25T10:00:00.123456Z"));
    }

    @Test
    void translatedSidsAndOtherSources() {
        NormalizationEngine e = engine(List.of());
        Event accepted = syslog("bastion", "sshd", "9", "Accepted publickey for alice from 198.51.100.4 port 40000 ssh2: ED25519 SHA256:x");
        e.normalize(accepted);
        assertThat(accepted.pluginSid()).isEqualTo(8);

        Event sudo = syslog("web1", "sudo", null, "   alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/systemctl restart nginx");
        e.normalize(sudo);
        assertThat(sudo.pluginId()).isEqualTo(4005);
        assertThat(sudo.pluginSid()).isEqualTo(3);
        assertThat(sudo.username()).isEqualTo("alice");
        assertThat(sudo.userdata1()).isEqualTo("root");
        assertThat(sudo.filename()).isEqualTo("/usr/bin/systemctl restart nginx");

        Event drop = syslog("fw", "kernel", null, "[UFW BLOCK] IN=eth0 OUT= MAC=00:11:22:33:44:55:66:77:88:99:aa:bb:08:00 SRC=192.0.2.7 DST=10.0.0.5 LEN=60 TOS=0x00 PREC=0x00 TTL=52 ID=0 DF PROTO=TCP SPT=51000 DPT=3389 WINDOW=64240 RES=0x00 SYN URGP=0");
        e.normalize(drop);
        assertThat(drop.pluginId()).isEqualTo(1503);
        assertThat(drop.srcIp()).isEqualTo("192.0.2.7");
        assertThat(drop.dstPort()).isEqualTo(3389);
        assertThat(drop.protocol()).isEqualTo("tcp");
        assertThat(drop.iface()).isEqualTo("eth0");

        Event access = syslog("web1", "nginx", null, "198.51.100.23 - - [25/Nov/2026:10:00:00 +0000] \"GET /wp-login.php HTTP/1.1\" 404 153 \"-\" \"curl/8.0\"");
        e.normalize(access);
        assertThat(access.pluginId()).isEqualTo(9003);
        assertThat(access.pluginSid()).isEqualTo(400);
        assertThat(access.filename()).isEqualTo("/wp-login.php");
        assertThat(access.userdata5()).isEqualTo("curl/8.0");

        Event postfix = syslog("mx", "postfix/smtpd", "77", "warning: unknown[192.0.2.50]: SASL LOGIN authentication failed: UGFzc3dvcmQ6");
        e.normalize(postfix);
        assertThat(postfix.pluginId()).isEqualTo(1521);
        assertThat(postfix.pluginSid()).isEqualTo(2);
        assertThat(postfix.srcIp()).isEqualTo("192.0.2.50");
    }

    @Test
    void aLineNoPluginTakesIsDecodedOrKeptGeneric() {
        NormalizationEngine e = engine(List.of());
        Event cef = syslog("sensor", "CEF", null, "0|Vendor|IDS|1.0|100|Port scan|7|src=192.0.2.1 dst=10.0.0.2 spt=1234 dpt=80");
        e.normalize(cef);
        assertThat(cef.extra()).containsEntry("decoder", "cef");
        assertThat(cef.srcIp()).isEqualTo("192.0.2.1");

        Event prose = syslog("h", "myapp", null, "something happened that nobody wrote a plugin for");
        e.normalize(prose);
        assertThat(prose.pluginId()).isNull();
        assertThat(prose.message()).isEqualTo("something happened that nobody wrote a plugin for");
        assertThat(registry.get("vigil.normalize.unmatched").counter().count()).isEqualTo(1);
    }

    @Test
    void aUserPluginWithTheSamePluginIdReplacesTheShippedOneAndABrokenOneIsReportedAlone(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("my-ssh.cfg"), """
                [DEFAULT]
                plugin_id=4003

                [config]
                type=detector
                enable=yes
                source=log

                [0001 - mine]
                regexp=sshd\\[\\d+\\]: (?P<what>.*)
                plugin_sid=500
                userdata9={$what}
                """);
        Files.writeString(dir.resolve("broken.cfg"), """
                [DEFAULT]
                plugin_id=9500

                [config]
                type=detector
                enable=yes
                source=log

                [0001 - bad regexp]
                regexp=(?P<unclosed
                plugin_sid=1
                """);
        NormalizationEngine e = engine(List.of(dir));
        assertThat(e.errors()).anySatisfy(err -> assertThat(err.toString()).contains("broken.cfg").contains("0001 - bad regexp"));
        Event ev = syslog("bastion", "sshd", "1", "Failed password for root from 203.0.113.9 port 1 ssh2");
        e.normalize(ev);
        assertThat(ev.pluginSid()).isEqualTo(500);
        assertThat(ev.extra()).containsEntry("plugin", "my-ssh");
        assertThat(e.plugins()).filteredOn(p -> p.pluginId() == 4003).hasSize(1);
    }

    @Test
    void aPluginGuessedFromTheProgramsLastLineDoesNotClaimOtherLinesWithItsCatchAll(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("alpha.cfg"), """
                [DEFAULT]
                plugin_id=9701

                [config]
                type=detector
                enable=yes
                source=log

                [0001 - login failed]
                regexp=login failed for (?P<user>\\S+)
                plugin_sid=1
                username={$user}

                [9999 - anything]
                regexp=(?P<all>.+)
                plugin_sid=99
                userdata1={$all}
                """);
        NormalizationEngine e = engine(List.of(dir));
        // Two sources behind one program name (as devices that send none get one placeholder).
        Event first = syslog("h", "app", null, "login failed for bob");
        e.normalize(first);
        assertThat(first.pluginId()).isEqualTo(9701);
        assertThat(first.pluginSid()).isEqualTo(1);
        Event other = syslog("h", "app", null, "GET /index.html 200");
        e.normalize(other);
        assertThat(other.pluginId()).as("the guessed plugin's catch-all must not take another source's line").isNull();
        Event again = syslog("h", "app", null, "login failed for eve");
        e.normalize(again);
        assertThat(again.username()).isEqualTo("eve");
        // Routed by its name, the plugin tries all its rules.
        Event routed = syslog("h", "alpha", null, "GET /index.html 200");
        e.normalize(routed);
        assertThat(routed.pluginSid()).isEqualTo(99);
    }

    @Test
    void everyRequiredLiteralOfARuleIsFoundInAnyCaseAndAMissingOneRulesItOut(@TempDir Path dir) throws Exception {
        // Several literals per rule: the longest is the anchor, the others are checked too (the
        // long ones with letters by the line's scan, the rest in the line itself).
        Files.writeString(dir.resolve("gate.cfg"), """
                [DEFAULT]
                plugin_id=9702

                [config]
                type=detector
                enable=yes
                source=log

                [0001 - session opened]
                regexp=gate: session opened for user (?P<user>\\S+) by (?P<by>\\S+) via sso
                plugin_sid=1
                username={$user}
                userdata1={$by}

                [0002 - short]
                regexp=id=(?P<id>\\d+) ok$
                plugin_sid=2
                userdata1={$id}
                """);
        NormalizationEngine e = engine(List.of(dir));
        for (String line : new String[] {"gate: session opened for user bob by admin via sso",
                "GATE: Session Opened For User bob BY admin VIA SSO", "gAtE: sEsSiOn OpEnEd fOr UsEr bob bY admin vIa SsO"}) {
            Event ev = syslog("h", "gate", null, line);
            e.normalize(ev);
            assertThat(ev.pluginSid()).as(line).isEqualTo(1);
            assertThat(ev.username()).as(line).isEqualTo("bob");
        }
        Event missing = syslog("h", "gate", null, "gate: session opened for user bob by admin via password");
        e.normalize(missing);
        assertThat(missing.pluginId()).isNull();
        // The generic rule's short literals ("id=", " ok"), on a line routed to its plugin.
        for (String line : new String[] {"id=42 ok", "ID=42 OK"}) {
            Event ev = syslog("h", "gate", null, line);
            e.normalize(ev);
            assertThat(ev.pluginSid()).as(line).isEqualTo(2);
            assertThat(ev.userdata1()).isEqualTo("42");
        }
    }

    @Test
    void theTraceSaysWhyEachRuleDidNotMatch() {
        NormalizationEngine e = engine(List.of());
        List<NormalizationEngine.TraceEntry> trace = new ArrayList<>();
        var sshd = e.plugins().stream().filter(p -> p.pluginId() == 4003).findFirst().orElseThrow();
        var m = e.matchPlugin("Nov 25 10:00:00 h sshd[1]: Accepted password for bob from 192.0.2.1 port 2 ssh2", sshd, trace);
        assertThat(m).isPresent();
        assertThat(m.get().rule().name()).isEqualTo("0003 - Accepted");
        assertThat(trace.get(0).whyNot()).contains("not in the line");
        assertThat(trace.get(trace.size() - 1).whyNot()).isNull();
    }

    /** Why plugin {@code pluginId}'s one rule did not take the line: the reason in its trace, the only entry. */
    static String whyNot(NormalizationEngine e, int pluginId, String line) {
        var plugin = e.plugins().stream().filter(p -> p.pluginId() == pluginId).findFirst().orElseThrow();
        List<NormalizationEngine.TraceEntry> trace = new ArrayList<>();
        assertThat(e.matchPlugin(line, plugin, trace)).as(line).isEmpty();
        assertThat(trace).hasSize(1);
        return trace.get(0).whyNot();
    }

    /** Whether plugin {@code pluginId} takes the line. */
    static boolean takes(NormalizationEngine e, int pluginId, String line) {
        var plugin = e.plugins().stream().filter(p -> p.pluginId() == pluginId).findFirst().orElseThrow();
        return e.matchPlugin(line, plugin, new ArrayList<>()).isPresent();
    }

    @Test
    void theTraceNamesOnlyTheOutlinesTheLineLacks(@TempDir Path dir) throws Exception {
        NormalizationEngine e = withRule(dir, 9703, "0001 - login", """
                regexp=(?P<src>\\d+\\.\\d+\\.\\d+\\.\\d+) login (?P<user>\\S+) port (?P<port>\\d+)/(?P<proto>\\d+)
                plugin_sid=1
                src_ip={$src}""");
        // Every literal is there, and the address: only the numbers after "port" are missing.
        assertThat(whyNot(e, 9703, "10.0.0.1 login bob port tcp/ssh")).isEqualTo("the line's outline '0.0.0.0 a a a a/a' lacks [' a 0/0']");
        assertThat(takes(e, 9703, "10.0.0.1 login bob port 22/6")).isTrue();
    }

    @Test
    void aLineWithTheRulesLiteralsInAnotherOrderIsRuledOutBeforeTheRegexp(@TempDir Path dir) throws Exception {
        NormalizationEngine e = withRule(dir, 9704, "0001 - traffic", """
                regexp=devname=(?P<dev>\\S+).*?type=(?P<type>\\S+).*?service=(?P<svc>\\S+)\\s+proto=(?P<proto>\\S+)
                plugin_sid=1
                userdata1={$svc}""");
        assertThat(whyNot(e, 9704, "devname=fw1 type=traffic proto=6 action=deny service=HTTP"))
                .isEqualTo("the line lacks ['devname=', 'type=', 'service=', 'proto='] in that order");
        assertThat(takes(e, 9704, "devname=fw1 type=traffic action=deny service=HTTP proto=6")).isTrue();
    }

    @Test
    void aLongSIsAnSAsTheRegexpsSeeIt(@TempDir Path dir) throws Exception {
        // Java's case-insensitive regexps (like Python's) match the long s for s: the literal
        // tests before them must not rule out what the regexp would take.
        NormalizationEngine e = withRule(dir, 9705, "0001 - failed", """
                regexp=Failed password for (?P<user>\\S+) from (?P<src>\\S+)
                plugin_sid=1
                username={$user}""");
        Event ev = syslog("h", "authd", null, "Failed pa\u017F\u017Fword for root from 203.0.113.9");
        e.normalize(ev);
        assertThat(ev.pluginId()).isEqualTo(9705);
        assertThat(ev.username()).isEqualTo("root");
    }

    @Test
    void excludedSidsAreKeptAsGenericEventsNotNormalized(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("noisy.cfg"), """
                [DEFAULT]
                plugin_id=9600

                [config]
                type=detector
                enable=yes
                source=log
                exclude_sids=2

                [0001 - level]
                regexp=noisyd(?:\\[\\d+\\])?: level=(?P<level>\\d+)
                plugin_sid={$level}
                """);
        NormalizationEngine e = engine(List.of(dir));
        Event kept = syslog("h", "noisyd", null, "level=1");
        e.normalize(kept);
        assertThat(kept.pluginSid()).isEqualTo(1);
        Event excluded = syslog("h", "noisyd", null, "level=2");
        e.normalize(excluded);
        assertThat(excluded.pluginId()).isNull();
        assertThat(excluded.message()).isEqualTo("level=2");
        assertThat(excluded.extra()).containsEntry("excluded_by", "noisy:2");
        assertThat(registry.get("vigil.normalize.excluded").tag("plugin", "noisy").counter().count()).isEqualTo(1);
    }
}
