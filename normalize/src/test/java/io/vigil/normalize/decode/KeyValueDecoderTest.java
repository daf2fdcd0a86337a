package io.vigil.normalize.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.event.Event;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyValueDecoderTest {
    private final KeyValueDecoder kv = new KeyValueDecoder();

    @Test
    void fortigateTraffic() {
        Decoded d = kv.decode("date=2026-11-25 time=10:00:00 devname=\"FG100\" devid=\"FGT60\" logid=\"0000000013\" type=\"traffic\" "
                + "subtype=\"forward\" level=\"notice\" srcip=192.0.2.1 srcport=51000 srcintf=\"port1\" dstip=198.51.100.7 "
                + "dstport=443 proto=6 action=\"deny\" policyid=0 service=\"HTTPS\" user=\"alice\" msg=\"Denied by policy\" tz=\"+0100\"");

        assertThat(d.errors()).isEmpty();
        assertThat(d.eventFields()).containsEntry("time", Instant.parse("2026-11-25T09:00:00Z")).containsEntry("host", "FG100")
                .containsEntry("src_ip", "192.0.2.1").containsEntry("src_port", 51000).containsEntry("dst_ip", "198.51.100.7")
                .containsEntry("dst_port", 443).containsEntry("protocol", "TCP").containsEntry("userdata3", "deny")
                .containsEntry("userdata5", "HTTPS").containsEntry("username", "alice").containsEntry("userdata1", "0000000013")
                .containsEntry("message", "Denied by policy");
        assertThat(d.extra()).containsEntry("kv.date", "2026-11-25").containsEntry("kv.time", "10:00:00")
                .containsEntry("kv.srcintf", "port1").containsEntry("kv.proto", "6").doesNotContainKeys("kv.srcip", "kv.user");
    }

    @Test
    void netfilter() {
        Decoded d = kv.decode("[50028442.088484] IN=enp1s0 OUT= MAC=00:08:a2:0c:1f:12:00:c8:8b:e2:d6:87:08:00 SRC=195.54.160.107 "
                + "DST=51.15.166.67 LEN=40 TOS=0x00 PREC=0x00 TTL=245 ID=37308 PROTO=TCP SPT=8080 DPT=8123 WINDOW=1024 RES=0x00 SYN URGP=0");

        assertThat(d.errors()).isEmpty();
        assertThat(d.fields()).containsEntry("IN", "enp1s0").containsEntry("OUT", "").containsEntry("_words", "[50028442.088484] SYN");
        assertThat(d.eventFields()).containsEntry("src_ip", "195.54.160.107").containsEntry("dst_ip", "51.15.166.67")
                .containsEntry("protocol", "TCP").containsEntry("src_port", 8080).containsEntry("dst_port", 8123);
        assertThat(d.extra()).containsEntry("kv.OUT", "").containsEntry("kv.TTL", "245").containsEntry("kv._words", "[50028442.088484] SYN");
    }

    @Test
    void quotesAndEscapes() {
        Decoded d = kv.decode("a=\"value with spaces\" b='single quoted' c=\"say \\\"hi\\\" \\\\ C:\\temp\" d=\"\" e='it\\'s' f=plain");

        assertThat(d.errors()).isEmpty();
        assertThat(d.fields()).containsEntry("a", "value with spaces").containsEntry("b", "single quoted")
                .containsEntry("c", "say \"hi\" \\ C:\\temp").containsEntry("d", "").containsEntry("e", "it's")
                .containsEntry("f", "plain");
    }

    @Test
    void anUnterminatedQuoteIsAnErrorAndRunsToTheEnd() {
        Decoded d = kv.decode("src=10.0.0.1 msg=\"never closed dst=10.0.0.2");
        assertThat(d.errors()).singleElement().asString().contains("msg").contains("unterminated");
        assertThat(d.fields()).containsEntry("msg", "never closed dst=10.0.0.2");
        assertThat(d.eventFields()).containsEntry("src_ip", "10.0.0.1").doesNotContainKey("dst_ip");
    }

    @Test
    void repeatedKeys() {
        Decoded d = kv.decode("user=alice user=bob user=carol src=10.0.0.1");
        assertThat(d.fields()).containsEntry("user", "alice").containsEntry("user.2", "bob").containsEntry("user.3", "carol");
        assertThat(d.eventFields()).containsEntry("username", "alice");
        assertThat(d.extra()).containsEntry("kv.user.2", "bob").containsEntry("kv.user.3", "carol").doesNotContainKey("kv.user");
    }

    @Test
    void acceptsNeedsTwoPairs() {
        assertThat(kv.accepts("a=1 b=2")).isTrue();
        assertThat(kv.accepts("IN=eth0 OUT= SRC=1.2.3.4")).isTrue();
        assertThat(kv.accepts("the result was x=5 in the end")).isFalse();
        assertThat(kv.accepts("Failed password for root from 192.0.2.1 port 22 ssh2")).isFalse();
        assertThat(kv.accepts("a = 1 b = 2")).isFalse();
        assertThat(kv.accepts("url=http://x/?a=1&b=2")).isFalse();
        assertThat(kv.accepts("")).isFalse();
        assertThat(kv.accepts(null)).isFalse();
    }

    @Test
    void placeholdersFillNoField() {
        Decoded d = kv.decode("user=\"N/A\" src=- dst=10.0.0.2");
        assertThat(d.errors()).isEmpty();
        assertThat(d.eventFields()).containsOnlyKeys("dst_ip");
        assertThat(d.extra()).containsEntry("kv.user", "N/A").containsEntry("kv.src", "-");
    }

    @Test
    void badValuesAreErrors() {
        Decoded d = kv.decode("src=web01 spt=abc dst=10.0.0.2");
        assertThat(d.errors()).hasSize(2);
        assertThat(d.eventFields()).containsEntry("dst_ip", "10.0.0.2");
    }

    @Test
    void times() {
        assertThat(kv.decode("eventtime=1728938800841267391 date=2024-10-14 time=13:46:40 tz=\"-0700\"").eventFields())
                .containsEntry("time", Instant.parse("2024-10-14T20:46:40.841267391Z"));
        assertThat(kv.decode("date=2024-10-14 time=13:46:40 tz=\"-0700\" x=1").eventFields())
                .containsEntry("time", Instant.parse("2024-10-14T20:46:40Z"));
        KeyValueDecoder paris = new KeyValueDecoder(Map.of(), true, ZoneId.of("Europe/Paris"), Clock.systemUTC());
        assertThat(paris.decode("date=2024-10-14 time=13:46:40").eventFields())
                .containsEntry("time", Instant.parse("2024-10-14T11:46:40Z"));
        assertThat(kv.decode("timestamp=2024-10-14T13:46:40Z a=1").eventFields())
                .containsEntry("time", Instant.parse("2024-10-14T13:46:40Z"));
        // a broken sample as a real anonymised log has it ("time=22: 00:07"): an error, the rest kept
        Decoded broken = kv.decode("date=2011-02-19 time=22: 00:07 devname=Device_Name src=10.10.10.1");
        assertThat(broken.errors()).singleElement().asString().contains("date/time");
        assertThat(broken.eventFields()).containsEntry("src_ip", "10.10.10.1").containsEntry("host", "Device_Name");
    }

    @Test
    void configuredMapping() {
        KeyValueDecoder custom = new KeyValueDecoder(Map.of("sip", "src_ip", "Client", "username"), true, ZoneOffset.UTC, Clock.systemUTC());
        Decoded d = custom.decode("sip=10.9.9.9 src=10.0.0.1 client=dave user=alice");
        assertThat(d.eventFields()).containsEntry("src_ip", "10.9.9.9").containsEntry("username", "dave");

        KeyValueDecoder only = new KeyValueDecoder(Map.of("sip", "src_ip"), false, ZoneOffset.UTC, Clock.systemUTC());
        Decoded o = only.decode("sip=10.9.9.9 dst=10.0.0.1 date=2024-10-14 time=13:46:40");
        assertThat(o.eventFields()).containsOnlyKeys("src_ip");

        assertThatThrownBy(() -> new KeyValueDecoder(Map.of("x", "nope"), true, ZoneOffset.UTC, Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
    }

    @Test
    void nothingToDecode() {
        assertThat(kv.decode("just prose").errors()).singleElement().asString().contains("no key=value");
        assertThat(kv.decode(null).errors()).isNotEmpty();
        assertThat(kv.decode("").errors()).isNotEmpty();
    }

    @Test
    void applyToAnEvent() {
        Event e = new Event().message("IN=eth0 OUT= SRC=10.0.0.1 DST=10.0.0.2 PROTO=UDP SPT=5353 DPT=53");
        kv.decode(e.message()).applyTo(e);
        assertThat(e.srcIp()).isEqualTo("10.0.0.1");
        assertThat(e.dstPort()).isEqualTo(53);
        assertThat(e.protocol()).isEqualTo("UDP");
        assertThat(e.extra()).containsEntry("decoder", "kv").containsEntry("kv.IN", "eth0");
    }
}
