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

class CefDecoderTest {
    private final CefDecoder cef = new CefDecoder();

    @Test
    void theSpecificationsExampleMapsToEventFields() {
        Decoded d = cef.decode("CEF:0|Security|threatmanager|1.0|100|worm successfully stopped|10|src=10.0.0.1 dst=2.1.2.2 spt=1232");

        assertThat(d.errors()).isEmpty();
        assertThat(d.fields()).containsExactly(
                entry("version", "0"), entry("deviceVendor", "Security"), entry("deviceProduct", "threatmanager"),
                entry("deviceVersion", "1.0"), entry("deviceEventClassId", "100"), entry("name", "worm successfully stopped"),
                entry("severity", "10"), entry("src", "10.0.0.1"), entry("dst", "2.1.2.2"), entry("spt", "1232"));
        assertThat(d.eventFields()).containsEntry("src_ip", "10.0.0.1").containsEntry("dst_ip", "2.1.2.2")
                .containsEntry("src_port", 1232).containsEntry("app", "threatmanager").containsEntry("userdata1", "100")
                .containsEntry("userdata2", "worm successfully stopped").containsEntry("message", "worm successfully stopped")
                .containsEntry("priority", 5);
        // header fields always kept raw; fields moved verbatim are not repeated
        assertThat(d.extra()).containsEntry("cef.deviceVendor", "Security").containsEntry("cef.severity", "10")
                .doesNotContainKeys("cef.src", "cef.dst", "cef.spt");
    }

    @Test
    void headerEscapesPipeAndBackslash() {
        Decoded d = cef.decode("CEF:0|security|threat\\|manager|1.0|100|detected a \\\\ in packet|10|act=blocked");

        assertThat(d.errors()).isEmpty();
        assertThat(d.field("deviceProduct")).isEqualTo("threat|manager");
        assertThat(d.field("name")).isEqualTo("detected a \\ in packet");
        assertThat(d.field("act")).isEqualTo("blocked");
        assertThat(d.eventFields()).containsEntry("app", "threat|manager").containsEntry("userdata3", "blocked");
    }

    @Test
    void anEscapedPipeInTheHeaderDoesNotShiftTheFields() {
        Decoded d = cef.decode("CEF:0|V\\|1|P\\\\|1|id|n\\|a\\|m\\|e|3|msg=ok");

        assertThat(d.errors()).isEmpty();
        assertThat(d.fields()).containsEntry("deviceVendor", "V|1").containsEntry("deviceProduct", "P\\")
                .containsEntry("name", "n|a|m|e").containsEntry("severity", "3").containsEntry("msg", "ok");
    }

    @Test
    void extensionEscapes() {
        Decoded d = cef.decode("CEF:0|V|P|1|id|n|1|msg=a \\= b c\\\\d e\\nf\\rg h\\|i cs1=x");

        assertThat(d.errors()).isEmpty();
        assertThat(d.field("msg")).isEqualTo("a = b c\\d e\nf\rg h|i");
        assertThat(d.field("cs1")).isEqualTo("x");
    }

    @Test
    void anEscapedEqualsSignNeverStartsAKey() {
        Decoded d = cef.decode("CEF:0|V|P|1|id|n|1|msg=detected a b\\=c in packet dst=10.0.0.2");

        assertThat(d.fields()).containsEntry("msg", "detected a b=c in packet").containsEntry("dst", "10.0.0.2")
                .doesNotContainKey("b");
        assertThat(d.errors()).isEmpty();
    }

    @Test
    void anUnescapedEqualsSignInsideAWordStaysInTheValue() {
        Decoded d = cef.decode("CEF:0|V|P|1|id|n|1|request=http://example.com/a?x=1&y=2 requestMethod=GET");

        assertThat(d.fields()).containsEntry("request", "http://example.com/a?x=1&y=2").containsEntry("requestMethod", "GET");
        assertThat(d.eventFields()).containsEntry("userdata4", "http://example.com/a?x=1&y=2");
    }

    @Test
    void valuesWithSpacesRunUntilTheNextKey() {
        Decoded d = cef.decode("CEF:0|V|P|1|id|n|1|msg=This is a message   with spaces  src=1.2.3.4 fname=My Document.docx suser=John Smith");

        assertThat(d.fields()).containsEntry("msg", "This is a message   with spaces").containsEntry("src", "1.2.3.4")
                .containsEntry("fname", "My Document.docx").containsEntry("suser", "John Smith");
        assertThat(d.eventFields()).containsEntry("message", "This is a message   with spaces")
                .containsEntry("filename", "My Document.docx").containsEntry("username", "John Smith");
    }

    @Test
    void multiLineValuesEscapedOrRaw() {
        Decoded escaped = cef.decode("CEF:0|V|P|1|id|n|1|msg=line one\\nline two\\r\\nline three spt=80");
        assertThat(escaped.field("msg")).isEqualTo("line one\nline two\r\nline three");
        assertThat(escaped.eventFields()).containsEntry("src_port", 80);

        // a message framed with real newlines in it (octet counting): the newline is part of the value
        Decoded raw = cef.decode("CEF:0|V|P|1|id|n|1|msg=first line\nsecond line\nspt=81");
        assertThat(raw.field("msg")).isEqualTo("first line\nsecond line");
        assertThat(raw.eventFields()).containsEntry("src_port", 81);
        assertThat(raw.errors()).isEmpty();
    }

    @Test
    void unknownEscapesAreKeptAsWritten() {
        Decoded d = cef.decode("CEF:0|V|P|1|id|n|1|request=\\\"www.example.com/\\\" filePath=C:\\temp\\x.exe");

        assertThat(d.field("request")).isEqualTo("\\\"www.example.com/\\\"");
        assertThat(d.field("filePath")).isEqualTo("C:\\temp\\x.exe");
        assertThat(d.errors()).isEmpty();
    }

    @Test
    void aTrailingEscapedBackslashEndsTheValue() {
        Decoded d = cef.decode("CEF:0|V|P|1|id|n|1|filePath=C:\\\\dir\\\\ src=10.0.0.1");

        assertThat(d.field("filePath")).isEqualTo("C:\\dir\\");
        assertThat(d.eventFields()).containsEntry("src_ip", "10.0.0.1").containsEntry("filename", "C:\\dir\\");
    }

    @Test
    void emptyExtensionAndEmptyValues() {
        Decoded empty = cef.decode("CEF:0|V|P|1|id|n|3|");
        assertThat(empty.errors()).isEmpty();
        assertThat(empty.fields()).hasSize(7);
        assertThat(empty.eventFields()).containsEntry("priority", 2);

        Decoded noTrailingPipe = cef.decode("CEF:0|V|P|1|id|n|3");
        assertThat(noTrailingPipe.errors()).isEmpty();
        assertThat(noTrailingPipe.field("severity")).isEqualTo("3");

        Decoded blanks = cef.decode("CEF:0|V|P|1|id|n|3|   ");
        assertThat(blanks.errors()).isEmpty();
        assertThat(blanks.fields()).hasSize(7);

        Decoded values = cef.decode("CEF:0|V|P|1|id|n|3|suser= duser=bob fname= msg=");
        assertThat(values.fields()).containsEntry("suser", "").containsEntry("fname", "").containsEntry("msg", "");
        assertThat(values.eventFields()).containsEntry("username", "bob").doesNotContainKey("filename")
                .containsEntry("message", "n");
        assertThat(values.extra()).containsEntry("cef.suser", "").containsEntry("cef.fname", "");
        assertThat(values.errors()).isEmpty();
    }

    @Test
    void missingHeaderFieldsAreAnErrorAndTheRestIsKept() {
        Decoded d = cef.decode("CEF:0|Vendor|Product|1.0");

        assertThat(d.errors()).singleElement().asString()
                .contains("4 of 7").contains("deviceEventClassId, name, severity");
        assertThat(d.fields()).containsExactly(entry("version", "0"), entry("deviceVendor", "Vendor"),
                entry("deviceProduct", "Product"), entry("deviceVersion", "1.0"));
        assertThat(d.eventFields()).containsEntry("app", "Product");

        Decoded trailing = cef.decode("CEF:0|V|P|1|id|name|");
        assertThat(trailing.errors()).singleElement().asString().contains("6 of 7").contains("severity");
    }

    @Test
    void aShortHeaderRunningIntoTheExtensionKeepsTheExtension() {
        Decoded d = cef.decode("CEF:0|Vendor|Product|src=10.0.0.1 dst=10.0.0.2 msg=a|b");

        assertThat(d.errors()).singleElement().asString().contains("3 of 7");
        assertThat(d.eventFields()).containsEntry("src_ip", "10.0.0.1").containsEntry("dst_ip", "10.0.0.2")
                .containsEntry("message", "a|b");
    }

    @Test
    void emptyHeaderFieldsAreNotErrors() {
        Decoded d = cef.decode("CEF:0|||||||src=10.0.0.1");

        assertThat(d.errors()).isEmpty();
        assertThat(d.eventFields()).containsOnlyKeys("src_ip");
    }

    @Test
    void garbageAfterThePrefix() {
        Decoded d = cef.decode("CEF:0|garbage");
        assertThat(d.errors()).singleElement().asString().contains("2 of 7");
        assertThat(d.fields()).containsEntry("deviceVendor", "garbage");

        Decoded text = cef.decode("CEF:0|V|P|1|id|n|1|just some words, no pairs");
        assertThat(text.errors()).singleElement().asString().contains("text before the first key=value");
        assertThat(text.fields()).containsEntry("_unparsed", "just some words, no pairs");

        Decoded before = cef.decode("CEF:0|V|P|1|id|n|1|junk here src=1.2.3.4");
        assertThat(before.fields()).containsEntry("_unparsed", "junk here");
        assertThat(before.eventFields()).containsEntry("src_ip", "1.2.3.4");

        Decoded notCef = cef.decode("CEF:zero|V|P");
        assertThat(cef.accepts("CEF:zero|V|P")).isFalse();
        assertThat(notCef.errors()).singleElement().asString().contains("no CEF header");
        assertThat(notCef.fields()).isEmpty();

        Decoded nul = cef.decode(null);
        assertThat(nul.errors()).isNotEmpty();
    }

    @Test
    void prefixAfterASyslogHeader() {
        assertThat(cef.accepts("<14>Apr  7 10:10:10 hostname CEF: 0|Palo Alto Networks|PAN-OS|6.1.3|url|THREAT|1|rt=x")).isTrue();
        assertThat(cef.accepts("<134>CEF:0|V|P|1|id|n|1|")).isTrue();
        assertThat(cef.accepts("Jan 18 11:07:53 host app: CEF:1|V|P|1|id|n|1|")).isTrue();
        assertThat(cef.accepts("xCEF:0|V|P|1|id|n|1|")).isFalse();
        assertThat(cef.accepts("the word CEF: 0 appears in prose")).isFalse();
        assertThat(cef.accepts("CEF:0 no pipe")).isFalse();
        assertThat(cef.accepts(null)).isFalse();

        Decoded d = cef.decode("<14>Apr  7 10:10:10 hostname CEF: 0|Palo Alto Networks|PAN-OS|6.1.3|url|THREAT|1|src=10.10.10.10");
        assertThat(d.errors()).isEmpty();
        assertThat(d.field("version")).isEqualTo("0");
        assertThat(d.eventFields()).containsEntry("src_ip", "10.10.10.10").containsEntry("app", "PAN-OS");

        // the first CEF: that is a header wins; one inside a value is just text
        Decoded inner = cef.decode("note CEF:x then CEF:0|V|P|1|id|n|1|msg=contains CEF:0|a|b");
        assertThat(inner.field("msg")).isEqualTo("contains CEF:0|a|b");
    }

    @Test
    void customLabelsNameTheirValues() {
        Decoded d = cef.decode("CEF:0|V|P|1|id|n|1|cs1Label=Rule cs1=Allow web cs3Label=Virtual Sys cs3=vsys2 "
                + "cn1Label=SessionID cn1=123456 flexString1Label=Flags flexString1=0x8000 "
                + "deviceCustomString2Label=Zone deviceCustomString2=dmz cs4=unlabelled cs5Label=src cs5=9.9.9.9 "
                + "cs6Label=msg cs6=not the message cn2Label=act cn2=7 act=real");

        assertThat(d.fields()).containsEntry("Rule", "Allow web").containsEntry("Virtual_Sys", "vsys2")
                .containsEntry("SessionID", "123456").containsEntry("Flags", "0x8000").containsEntry("Zone", "dmz")
                .containsEntry("cs1", "Allow web").containsEntry("cs1Label", "Rule");
        // a label never replaces a key the message has, nor feeds an event field
        assertThat(d.field("act")).isEqualTo("real");
        assertThat(d.eventFields()).containsEntry("userdata3", "real");
        assertThat(d.field("src")).isEqualTo("9.9.9.9");
        assertThat(d.eventFields()).doesNotContainKeys("src_ip");
        assertThat(d.field("msg")).isEqualTo("not the message");
        assertThat(d.eventFields()).containsEntry("message", "n");
        assertThat(d.extra()).containsEntry("cef.Rule", "Allow web").containsEntry("cef.Virtual_Sys", "vsys2")
                .containsEntry("cef.cs1", "Allow web").containsEntry("cef.cs1Label", "Rule").containsEntry("cef.cs4", "unlabelled");
    }

    @ParameterizedTest
    @CsvSource({"0,0", "1,1", "2,1", "3,2", "4,2", "5,3", "6,3", "7,4", "8,4", "9,5", "10,5",
            "Low,1", "Medium,3", "High,4", "Very-High,5", "very high,5", "VeryHigh,5", "MEDIUM,3"})
    void severityToPriority(String severity, int priority) {
        assertThat(CefDecoder.priority(severity)).isEqualTo(priority);
        Decoded d = cef.decode("CEF:0|V|P|1|id|n|" + severity + "|");
        assertThat(d.errors()).isEmpty();
        assertThat(d.eventFields()).containsEntry("priority", priority);
        assertThat(d.extra()).containsEntry("cef.severity", severity);
    }

    @Test
    void unknownOrOutOfRangeSeverity() {
        assertThat(cef.decode("CEF:0|V|P|1|id|n|Unknown|").errors()).isEmpty();
        assertThat(cef.decode("CEF:0|V|P|1|id|n|Unknown|").eventFields()).doesNotContainKey("priority");
        assertThat(cef.decode("CEF:0|V|P|1|id|n|11|").errors()).singleElement().asString().contains("severity");
        assertThat(cef.decode("CEF:0|V|P|1|id|n|Critical|").errors()).singleElement().asString().contains("Critical");
        assertThat(cef.decode("CEF:0|V|P|1|id|n|-1|").eventFields()).doesNotContainKey("priority");
    }

    @Test
    void times() {
        assertThat(cef.decode("CEF:0|V|P|1|id|n|1|rt=1700000000000").eventFields())
                .containsEntry("time", Instant.parse("2023-11-14T22:13:20Z"));
        assertThat(cef.decode("CEF:0|V|P|1|id|n|1|rt=Nov 25 2026 10:00:00").eventFields())
                .containsEntry("time", Instant.parse("2026-11-25T10:00:00Z"));
        assertThat(cef.decode("CEF:0|V|P|1|id|n|1|rt=Apr 07 2017 00:10:10 GMT").eventFields())
                .containsEntry("time", Instant.parse("2017-04-07T00:10:10Z"));
        assertThat(cef.decode("CEF:0|V|P|1|id|n|1|rt=Nov 25 2026 10:00:00.250 +0100").eventFields())
                .containsEntry("time", Instant.parse("2026-11-25T09:00:00.250Z"));
        assertThat(cef.decode("CEF:0|V|P|1|id|n|1|start=Nov 25 2026 10:00:00 end=Nov 25 2026 11:00:00").eventFields())
                .containsEntry("time", Instant.parse("2026-11-25T10:00:00Z"));
        assertThat(cef.decode("CEF:0|V|P|1|id|n|1|rt=Nov 25 2026 10:00:00").extra())
                .containsEntry("cef.rt", "Nov 25 2026 10:00:00");

        // no zone: the decoder's; no year: the clock's (last year's when that would be days ahead)
        Clock clock = Clock.fixed(Instant.parse("2026-01-02T00:00:00Z"), ZoneOffset.UTC);
        CefDecoder paris = new CefDecoder(ZoneId.of("Europe/Paris"), clock);
        assertThat(paris.decode("CEF:0|V|P|1|id|n|1|rt=Nov 25 2026 10:00:00").eventFields())
                .containsEntry("time", Instant.parse("2026-11-25T09:00:00Z"));
        assertThat(paris.decode("CEF:0|V|P|1|id|n|1|rt=Jan 01 10:00:00").eventFields())
                .containsEntry("time", Instant.parse("2026-01-01T09:00:00Z"));
        assertThat(paris.decode("CEF:0|V|P|1|id|n|1|rt=Dec 31 23:00:00").eventFields())
                .containsEntry("time", Instant.parse("2025-12-31T22:00:00Z"));

        Decoded bad = cef.decode("CEF:0|V|P|1|id|n|1|rt=yesterday src=10.0.0.1");
        assertThat(bad.errors()).singleElement().asString().contains("rt").contains("yesterday");
        assertThat(bad.eventFields()).containsEntry("src_ip", "10.0.0.1").doesNotContainKey("time");
    }

    @Test
    void usernameIsTheSourceUserElseTheDestinationUser() {
        assertThat(cef.decode("CEF:0|V|P|1|id|n|1|suser=alice duser=bob").eventFields()).containsEntry("username", "alice");
        Decoded d = cef.decode("CEF:0|V|P|1|id|n|1|suser= duser=bob");
        assertThat(d.eventFields()).containsEntry("username", "bob");
        assertThat(d.extra()).containsEntry("cef.suser", "").doesNotContainKey("cef.duser");
        Decoded both = cef.decode("CEF:0|V|P|1|id|n|1|suser=alice duser=bob");
        assertThat(both.extra()).containsEntry("cef.duser", "bob");
    }

    @Test
    void longKeyNamesMapToo() {
        Decoded d = cef.decode("CEF:0|V|P|1|id|n|1|sourceAddress=10.0.0.1 destinationAddress=10.0.0.2 sourcePort=1 "
                + "destinationPort=2 transportProtocol=udp sourceUserName=u fileName=f deviceAction=drop "
                + "requestUrl=http://x/ applicationProtocol=dns sourceHostName=a destinationHostName=b "
                + "sourceMacAddress=00:11:22:33:44:55 destinationMacAddress=66:77:88:99:aa:bb deviceHostName=fw1 "
                + "deviceReceiptTime=1700000000000 message=hello");

        assertThat(d.errors()).isEmpty();
        assertThat(d.eventFields()).containsEntry("src_ip", "10.0.0.1").containsEntry("dst_ip", "10.0.0.2")
                .containsEntry("src_port", 1).containsEntry("dst_port", 2).containsEntry("protocol", "UDP")
                .containsEntry("username", "u").containsEntry("filename", "f").containsEntry("userdata3", "drop")
                .containsEntry("userdata4", "http://x/").containsEntry("userdata5", "dns").containsEntry("userdata6", "a")
                .containsEntry("userdata7", "b").containsEntry("userdata8", "00:11:22:33:44:55")
                .containsEntry("userdata9", "66:77:88:99:aa:bb").containsEntry("host", "fw1")
                .containsEntry("time", Instant.parse("2023-11-14T22:13:20Z")).containsEntry("message", "hello");
    }

    @Test
    void badValuesAreErrorsAndStayInExtra() {
        Decoded d = cef.decode("CEF:0|V|P|1|id|n|1|src=not-an-ip spt=http dpt=70000 dst=10.0.0.2");

        assertThat(d.errors()).hasSize(3).anySatisfy(e -> assertThat(e).contains("src").contains("not-an-ip"))
                .anySatisfy(e -> assertThat(e).contains("spt")).anySatisfy(e -> assertThat(e).contains("dpt"));
        assertThat(d.eventFields()).containsEntry("dst_ip", "10.0.0.2").doesNotContainKeys("src_ip", "src_port", "dst_port");
        assertThat(d.extra()).containsEntry("cef.src", "not-an-ip").containsEntry("cef.spt", "http").containsEntry("cef.dpt", "70000");
    }

    @Test
    void ipv6AndMappedAddresses() {
        Decoded d = cef.decode("CEF:1|V|P|1|id|n|1|src=2001:db8::1 dst=::ffff:192.0.2.7");
        assertThat(d.eventFields()).containsEntry("src_ip", "2001:db8::1").containsEntry("dst_ip", "192.0.2.7");
    }

    @Test
    void repeatedKeysKeepTheFirstAndNumberTheRest() {
        Decoded d = cef.decode("CEF:0|V|P|1|id|n|1|src=1.1.1.1 src=2.2.2.2 src=3.3.3.3");

        assertThat(d.fields()).containsEntry("src", "1.1.1.1").containsEntry("src.2", "2.2.2.2").containsEntry("src.3", "3.3.3.3");
        assertThat(d.eventFields()).containsEntry("src_ip", "1.1.1.1");
        assertThat(d.extra()).containsEntry("cef.src.2", "2.2.2.2");
    }

    @Test
    void applyToAnEvent() {
        Event e = new Event().host("syslog-host").app("CEF").message("raw").time(Instant.parse("2026-01-01T00:00:00Z"))
                .log("<14>... CEF:0|...");
        cef.decode("CEF:0|Acme|Gate|2|login|User login|8|src=10.0.0.1 spt=5000 suser=alice act=allow cs1Label=Realm cs1=corp").applyTo(e);

        assertThat(e.srcIp()).isEqualTo("10.0.0.1");
        assertThat(e.srcPort()).isEqualTo(5000);
        assertThat(e.username()).isEqualTo("alice");
        assertThat(e.app()).isEqualTo("Gate");
        assertThat(e.priority()).isEqualTo(4);
        assertThat(e.message()).isEqualTo("User login");
        assertThat(e.userdata1()).isEqualTo("login");
        assertThat(e.userdata3()).isEqualTo("allow");
        assertThat(e.host()).isEqualTo("syslog-host"); // no dvchost: the syslog host stays
        assertThat(e.time()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z")); // no rt: the syslog time stays
        assertThat(e.log()).isEqualTo("<14>... CEF:0|...");
        assertThat(e.extra()).containsEntry("decoder", "cef").containsEntry("cef.Realm", "corp")
                .containsEntry("cef.deviceVendor", "Acme").doesNotContainKey("decode_error");

        Event bad = new Event();
        cef.decode("CEF:0|Acme|Gate").applyTo(bad);
        assertThat(bad.extra()).containsEntry("decoder", "cef").containsKey("decode_error");
        assertThat(bad.extra().get("decode_error")).contains("3 of 7");
    }

    private static java.util.Map.Entry<String, String> entry(String k, String v) {
        return java.util.Map.entry(k, v);
    }
}
