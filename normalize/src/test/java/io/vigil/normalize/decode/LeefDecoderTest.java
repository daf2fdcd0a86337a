package io.vigil.normalize.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.event.Event;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LeefDecoderTest {
    private final LeefDecoder leef = new LeefDecoder();

    @Test
    void leef1WithTabs() {
        Decoded d = leef.decode("LEEF:1.0|Microsoft|MSExchange|4.0 SP1|15345|src=192.0.2.0\tdst=172.50.123.1\tsev=5\t"
                + "cat=anomaly\tsrcPort=81\tdstPort=21\tusrName=joe.black\tproto=tcp\turl=http://x/y\tsrcMAC=00:11:22:33:44:55");

        assertThat(d.errors()).isEmpty();
        assertThat(d.fields()).containsEntry("version", "1.0").containsEntry("vendor", "Microsoft")
                .containsEntry("product", "MSExchange").containsEntry("productVersion", "4.0 SP1").containsEntry("eventId", "15345");
        assertThat(d.eventFields()).containsEntry("src_ip", "192.0.2.0").containsEntry("dst_ip", "172.50.123.1")
                .containsEntry("src_port", 81).containsEntry("dst_port", 21).containsEntry("username", "joe.black")
                .containsEntry("protocol", "TCP").containsEntry("priority", 3).containsEntry("app", "MSExchange")
                .containsEntry("userdata1", "15345").containsEntry("userdata2", "anomaly").containsEntry("userdata4", "http://x/y")
                .containsEntry("userdata8", "00:11:22:33:44:55");
        assertThat(d.extra()).containsEntry("leef.vendor", "Microsoft").containsEntry("leef.sev", "5")
                .doesNotContainKeys("leef.src", "leef.usrName");
    }

    @Test
    void leef2WithACaret() {
        Decoded d = leef.decode("LEEF:2.0|Lancope|StealthWatch|1.0|41|^|src=10.0.1.8^dst=10.0.0.5^sev=5^srcPort=81^dstPort=21");

        assertThat(d.errors()).isEmpty();
        assertThat(d.fields()).containsEntry("delimiter", "^");
        assertThat(d.eventFields()).containsEntry("src_ip", "10.0.1.8").containsEntry("dst_ip", "10.0.0.5")
                .containsEntry("src_port", 81).containsEntry("dst_port", 21).containsEntry("userdata1", "41");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"x09;'\t'", "0x09;'\t'", "X9;'\t'", "x5E;^", "0x5e;^", "x007C;|", "x20;' '"})
    void leef2HexDelimiters(String spec, String delimiter) {
        String body = "src=10.0.0.1" + delimiter + "dst=10.0.0.2" + delimiter + "usrName=bob";
        Decoded d = leef.decode("LEEF:2.0|V|P|1|ID|" + spec + "|" + body);

        assertThat(d.errors()).isEmpty();
        assertThat(d.field("delimiter")).isEqualTo(spec);
        assertThat(d.eventFields()).containsEntry("src_ip", "10.0.0.1").containsEntry("dst_ip", "10.0.0.2")
                .containsEntry("username", "bob");
    }

    @Test
    void leef2PipeDelimiterWrittenAsThreePipes() {
        Decoded d = leef.decode("LEEF:2.0|V|P|1|ID|||src=10.0.0.1|dst=10.0.0.2");

        assertThat(d.errors()).isEmpty();
        assertThat(d.field("delimiter")).isEqualTo("|");
        assertThat(d.eventFields()).containsEntry("src_ip", "10.0.0.1").containsEntry("dst_ip", "10.0.0.2");
    }

    @Test
    void leef2WithoutOrWithAnEmptyDelimiterFieldMeansTab() {
        Decoded absent = leef.decode("LEEF:2.0|V|P|1|ID|src=10.0.0.1\tdst=10.0.0.2");
        assertThat(absent.errors()).isEmpty();
        assertThat(absent.field("delimiter")).isNull();
        assertThat(absent.eventFields()).containsEntry("src_ip", "10.0.0.1").containsEntry("dst_ip", "10.0.0.2");

        Decoded empty = leef.decode("LEEF:2.0|V|P|1|ID||src=10.0.0.1\tdst=10.0.0.2");
        assertThat(empty.errors()).isEmpty();
        assertThat(empty.field("delimiter")).isEmpty();
        assertThat(empty.eventFields()).containsEntry("src_ip", "10.0.0.1").containsEntry("dst_ip", "10.0.0.2");
    }

    @Test
    void spacesInsteadOfTabsAreReadAsCefDoes() {
        Decoded d = leef.decode("LEEF:1.0|V|P|1|ID|src=10.0.0.1 usrName=John Smith dst=10.0.0.2 resource=a b c");

        assertThat(d.errors()).isEmpty();
        assertThat(d.fields()).containsEntry("usrName", "John Smith").containsEntry("resource", "a b c");
        assertThat(d.eventFields()).containsEntry("src_ip", "10.0.0.1").containsEntry("dst_ip", "10.0.0.2")
                .containsEntry("username", "John Smith");
    }

    @Test
    void valuesWithSpacesInTabMode() {
        Decoded d = leef.decode("LEEF:1.0|V|P|1|ID|usrName=John Smith\tpolicy=Allow all web\tsrc=10.0.0.1");
        assertThat(d.fields()).containsEntry("usrName", "John Smith").containsEntry("policy", "Allow all web");
    }

    @Test
    void headerEscapes() {
        Decoded d = leef.decode("LEEF:1.0|Ven\\|dor|Pro\\\\duct|1|ID\\|2|src=10.0.0.1");

        assertThat(d.errors()).isEmpty();
        assertThat(d.fields()).containsEntry("vendor", "Ven|dor").containsEntry("product", "Pro\\duct").containsEntry("eventId", "ID|2");
        assertThat(d.eventFields()).containsEntry("src_ip", "10.0.0.1");
    }

    @Test
    void valueEscapes() {
        Decoded d = leef.decode("LEEF:2.0|V|P|1|ID|^|msg=a \\= b^path=C:\\\\Temp^note=x\\^y^win=C:\\Windows\\System32^src=10.0.0.1");

        assertThat(d.errors()).isEmpty();
        assertThat(d.fields()).containsEntry("msg", "a = b").containsEntry("path", "C:\\Temp").containsEntry("note", "x^y")
                .containsEntry("win", "C:\\Windows\\System32").containsEntry("src", "10.0.0.1");
    }

    @Test
    void anEscapedEqualsSignIsNotTheKeySeparator() {
        Decoded d = leef.decode("LEEF:1.0|V|P|1|ID|a\\=b=c\tsrc=10.0.0.1");
        assertThat(d.fields()).containsEntry("a=b", "c");
    }

    @Test
    void aValueEndingInABackslashBeforeTheDelimiter() {
        // "\<tab>" followed by key= is a value ending in a backslash; otherwise an escaped tab
        Decoded d = leef.decode("LEEF:1.0|V|P|1|ID|path=C:\\dir\\\tsrc=10.0.0.1\tnote=a\\\tb");

        assertThat(d.fields()).containsEntry("path", "C:\\dir\\").containsEntry("src", "10.0.0.1").containsEntry("note", "a\tb");
        assertThat(d.errors()).isEmpty();
    }

    @Test
    void multiLineValues() {
        Decoded d = leef.decode("LEEF:1.0|V|P|1|ID|msg=line one\nline two\r\nline three\tsrc=10.0.0.1");

        assertThat(d.field("msg")).isEqualTo("line one\nline two\r\nline three");
        assertThat(d.eventFields()).containsEntry("src_ip", "10.0.0.1");
        assertThat(d.errors()).isEmpty();
    }

    @Test
    void keysWithBlanks() {
        Decoded d = leef.decode("LEEF:1.0|V|P|1|ID|file name =pic07720.gif\tsrc=10.0.0.1");
        assertThat(d.fields()).containsEntry("file name", "pic07720.gif");
        assertThat(d.extra()).containsEntry("leef.file_name", "pic07720.gif");
    }

    @Test
    void missingHeaderFields() {
        Decoded d = leef.decode("LEEF:1.0|Vendor|Product");
        assertThat(d.errors()).singleElement().asString().contains("3 of 5").contains("productVersion, eventId");
        assertThat(d.eventFields()).containsEntry("app", "Product");

        Decoded noId = leef.decode("LEEF:1.0|V|P|1.0|");
        assertThat(noId.errors()).singleElement().asString().contains("4 of 5");

        Decoded into = leef.decode("LEEF:1.0|Vendor|Product|src=10.0.0.1\tdst=10.0.0.2");
        assertThat(into.errors()).singleElement().asString().contains("3 of 5");
        assertThat(into.eventFields()).containsEntry("src_ip", "10.0.0.1").containsEntry("dst_ip", "10.0.0.2");
    }

    @Test
    void emptyAttributes() {
        Decoded d = leef.decode("LEEF:1.0|V|P|1|ID|");
        assertThat(d.errors()).isEmpty();
        assertThat(d.fields()).hasSize(5);

        Decoded blanks = leef.decode("LEEF:2.0|V|P|1|ID|^|^^ ^");
        assertThat(blanks.errors()).isEmpty();
        assertThat(blanks.fields()).hasSize(6);

        Decoded emptyValue = leef.decode("LEEF:1.0|V|P|1|ID|usrName=\tsrc=10.0.0.1");
        assertThat(emptyValue.fields()).containsEntry("usrName", "");
        assertThat(emptyValue.eventFields()).doesNotContainKey("username");
    }

    @Test
    void garbageAfterThePrefix() {
        Decoded d = leef.decode("LEEF:1.0|garbage");
        assertThat(d.errors()).singleElement().asString().contains("2 of 5");

        Decoded noPair = leef.decode("LEEF:1.0|V|P|1|ID|just words\tsrc=10.0.0.1\tmore words");
        assertThat(noPair.errors()).hasSize(2).allSatisfy(e -> assertThat(e).contains("without key=value"));
        assertThat(noPair.fields()).containsEntry("_unparsed", "just words");
        assertThat(noPair.eventFields()).containsEntry("src_ip", "10.0.0.1");

        assertThat(leef.accepts("LEEF:one|V")).isFalse();
        assertThat(leef.decode("LEEF:one|V").errors()).singleElement().asString().contains("no LEEF header");
        assertThat(leef.decode(null).errors()).isNotEmpty();
    }

    @Test
    void prefixAfterASyslogHeader() {
        assertThat(leef.accepts("<13>Jan 18 11:07:53 192.168.1.1 LEEF:1.0|V|P|1|ID|src=1.2.3.4")).isTrue();
        assertThat(leef.accepts("<13>1 2019-01-18T11:07:53.520Z 192.168.1.1 LEEF:2.0|V|P|1|ID|^|src=1.2.3.4")).isTrue();
        assertThat(leef.accepts("xLEEF:1.0|V|P|1|ID|")).isFalse();
        assertThat(leef.accepts("talking about LEEF: in prose")).isFalse();

        Decoded d = leef.decode("<13>Jan 18 11:07:53 192.168.1.1 LEEF:2.0|V|P|1|ID|^|src=1.2.3.4^sev=9");
        assertThat(d.errors()).isEmpty();
        assertThat(d.eventFields()).containsEntry("src_ip", "1.2.3.4").containsEntry("priority", 5);
    }

    @Test
    void devTimeWithAndWithoutAFormat() {
        assertThat(leef.decode("LEEF:1.0|V|P|1|ID|devTime=2026-11-25 10:00:00.123\tdevTimeFormat=yyyy-MM-dd HH:mm:ss.SSS")
                .eventFields()).containsEntry("time", Instant.parse("2026-11-25T10:00:00.123Z"));
        assertThat(leef.decode("LEEF:1.0|V|P|1|ID|devTime=Nov 25 2026 10:00:00 CET\tdevTimeFormat=MMM dd yyyy HH:mm:ss z")
                .eventFields()).containsEntry("time", Instant.parse("2026-11-25T09:00:00Z"));
        assertThat(leef.decode("LEEF:1.0|V|P|1|ID|devTimeFormat=dd/MM/yyyy HH:mm:ssZ\tdevTime=25/11/2026 10:00:00-0500")
                .eventFields()).containsEntry("time", Instant.parse("2026-11-25T15:00:00Z"));
        // no format: the default MMM dd yyyy HH:mm:ss, epoch millis, ISO 8601
        assertThat(leef.decode("LEEF:1.0|V|P|1|ID|devTime=Nov 25 2026 10:00:00").eventFields())
                .containsEntry("time", Instant.parse("2026-11-25T10:00:00Z"));
        assertThat(leef.decode("LEEF:1.0|V|P|1|ID|devTime=1700000000000").eventFields())
                .containsEntry("time", Instant.parse("2023-11-14T22:13:20Z"));
        assertThat(leef.decode("LEEF:1.0|V|P|1|ID|devTime=2026-11-25T10:00:00+02:00").eventFields())
                .containsEntry("time", Instant.parse("2026-11-25T08:00:00Z"));

        LeefDecoder paris = new LeefDecoder(ZoneId.of("Europe/Paris"), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
        assertThat(paris.decode("LEEF:1.0|V|P|1|ID|devTime=2026-11-25 10:00:00\tdevTimeFormat=yyyy-MM-dd HH:mm:ss").eventFields())
                .containsEntry("time", Instant.parse("2026-11-25T09:00:00Z"));

        Decoded bad = leef.decode("LEEF:1.0|V|P|1|ID|devTime=soon\tdevTimeFormat=yyyy\tsrc=10.0.0.1");
        assertThat(bad.errors()).singleElement().asString().contains("devTime").contains("soon").contains("yyyy");
        assertThat(bad.eventFields()).containsEntry("src_ip", "10.0.0.1").doesNotContainKey("time");

        Decoded badFormat = leef.decode("LEEF:1.0|V|P|1|ID|devTime=Nov 25 2026 10:00:00\tdevTimeFormat=not a pattern qqq");
        assertThat(badFormat.eventFields()).containsEntry("time", Instant.parse("2026-11-25T10:00:00Z"));
        assertThat(badFormat.extra()).containsEntry("leef.devTime", "Nov 25 2026 10:00:00");
    }

    @Test
    void sevAndBadValues() {
        Decoded d = leef.decode("LEEF:1.0|V|P|1|ID|sev=12\tsrcPort=x\tsrc=1.2.3\tdst=10.0.0.2");
        assertThat(d.errors()).hasSize(3);
        assertThat(d.eventFields()).containsOnlyKeys("dst_ip", "app", "userdata1");
        assertThat(d.extra()).containsEntry("leef.sev", "12").containsEntry("leef.srcPort", "x").containsEntry("leef.src", "1.2.3");
    }

    @Test
    void applyToAnEvent() {
        Event e = new Event().app("LEEF").message("1.0|...");
        leef.decode("LEEF:1.0|IBM|Guardium|11|Login Failed|src=10.0.0.1\tusrName=db2admin\tcat=auth\tsev=7").applyTo(e);

        assertThat(e.srcIp()).isEqualTo("10.0.0.1");
        assertThat(e.username()).isEqualTo("db2admin");
        assertThat(e.app()).isEqualTo("Guardium");
        assertThat(e.priority()).isEqualTo(4);
        assertThat(e.userdata1()).isEqualTo("Login Failed");
        assertThat(e.userdata2()).isEqualTo("auth");
        assertThat(e.message()).isEqualTo("1.0|...");
        assertThat(e.extra()).containsEntry("decoder", "leef").containsEntry("leef.vendor", "IBM").doesNotContainKey("decode_error");
    }
}
