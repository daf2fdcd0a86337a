package io.vigil.normalize.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.event.Event;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class WindowsEventJsonDecoderTest {
    private final WindowsEventJsonDecoder win = new WindowsEventJsonDecoder();

    static final String NXLOG_4624 = "{\"EventTime\":\"2026-11-25 05:00:01\",\"Hostname\":\"WS1.corp.example\",\"EventID\":4624,"
            + "\"SourceName\":\"Microsoft-Windows-Security-Auditing\",\"Channel\":\"Security\",\"SubjectUserName\":\"WS1$\","
            + "\"SubjectDomainName\":\"CORP\",\"TargetUserName\":\"alice\",\"TargetDomainName\":\"CORP\",\"LogonType\":\"10\","
            + "\"WorkstationName\":\"LAPTOP7\",\"IpAddress\":\"::ffff:192.0.2.10\",\"IpPort\":\"50123\","
            + "\"ProcessName\":\"C:\\\\Windows\\\\System32\\\\svchost.exe\",\"LogonGuid\":\"{00000000-0000-0000-0000-000000000000}\","
            + "\"Message\":\"An account was successfully logged on.\\r\\n\\r\\nSubject:\\r\\n\\tSecurity ID:\\t\\tS-1-5-18\","
            + "\"Keywords\":-9214364837600034816,\"@timestamp\":\"2026-11-25T10:00:01.250Z\",\"host\":\"collector.corp.example\"}";

    @Test
    void nxlogFlatShape() {
        Decoded d = win.decode(NXLOG_4624);

        assertThat(d.errors()).isEmpty();
        assertThat(d.eventFields()).containsEntry("time", Instant.parse("2026-11-25T10:00:01.250Z"))
                .containsEntry("host", "WS1.corp.example").containsEntry("app", "Microsoft-Windows-Security-Auditing")
                .containsEntry("username", "alice").containsEntry("userdata7", "CORP").containsEntry("userdata9", "WS1$")
                .containsEntry("src_ip", "192.0.2.10").containsEntry("src_port", 50123)
                .containsEntry("filename", "C:\\Windows\\System32\\svchost.exe").containsEntry("userdata1", "4624")
                .containsEntry("userdata2", "Security").containsEntry("userdata3", "10").containsEntry("userdata4", "LAPTOP7")
                .containsEntry("message", "An account was successfully logged on.\r\n\r\nSubject:\r\n\tSecurity ID:\t\tS-1-5-18");
        assertThat(d.extra()).containsEntry("win.LogonGuid", "{00000000-0000-0000-0000-000000000000}")
                .containsEntry("win.Keywords", "-9214364837600034816").containsEntry("win.host", "collector.corp.example")
                .containsEntry("win.SubjectDomainName", "CORP").containsEntry("win.EventTime", "2026-11-25 05:00:01")
                .containsEntry("win.IpAddress", "::ffff:192.0.2.10") // rewritten for src_ip, so kept as sent
                .doesNotContainKeys("win.TargetUserName", "win.IpPort", "win.Message", "win.EventID");
    }

    /**
     * What the mapping works out from the field names is shared by every event with the same
     * names in the same order: the values, and what binds because of them, stay each event's.
     */
    @Test
    void eventsWithTheSameNamesMapTheirOwnValues() {
        String shape = "{\"EventID\":%s,\"Hostname\":\"%s\",\"SubjectUserName\":\"%s\",\"TargetUserName\":\"%s\","
                + "\"IpAddress\":\"%s\",\"Extra Field\":\"%s\"}";
        Decoded first = win.decode(shape.formatted(4625, "WS1", "WS1$", "alice", "192.0.2.10", "one"));
        Decoded second = win.decode(shape.formatted(4634, "WS2", "bob", "-", "-", "two"));
        Decoded third = win.decode(shape.formatted(4624, "WS3", "WS3$", "carol", "198.51.100.7", "three"));

        assertThat(first.eventFields()).containsEntry("host", "WS1").containsEntry("username", "alice")
                .containsEntry("userdata9", "WS1$").containsEntry("src_ip", "192.0.2.10").containsEntry("userdata1", "4625");
        assertThat(first.extra()).containsEntry("win.Extra_Field", "one").doesNotContainKey("win.TargetUserName");
        // a placeholder target: the subject is the username, and the target stays in extra as sent
        assertThat(second.eventFields()).containsEntry("host", "WS2").containsEntry("username", "bob")
                .containsEntry("userdata1", "4634").doesNotContainKeys("userdata9", "src_ip");
        assertThat(second.extra()).containsEntry("win.Extra_Field", "two").containsEntry("win.TargetUserName", "-")
                .containsEntry("win.IpAddress", "-").doesNotContainKey("win.SubjectUserName");
        assertThat(third.eventFields()).containsEntry("host", "WS3").containsEntry("username", "carol")
                .containsEntry("userdata9", "WS3$").containsEntry("src_ip", "198.51.100.7").containsEntry("userdata1", "4624");
        assertThat(third.extra()).containsEntry("win.Extra_Field", "three");
    }

    @Test
    void winlogbeatNestedShape() {
        Decoded d = win.decode("{\"@timestamp\":\"2026-11-25T10:00:00.123Z\",\"event\":{\"code\":\"4625\",\"kind\":\"event\","
                + "\"action\":\"logon-failed\",\"outcome\":\"failure\"},\"host\":{\"name\":\"dc01.corp.example\"},"
                + "\"message\":\"An account failed to log on.\\n\\nSubject:\",\"winlog\":{\"channel\":\"Security\","
                + "\"computer_name\":\"DC01.corp.example\",\"event_id\":\"4625\",\"provider_name\":\"Microsoft-Windows-Security-Auditing\","
                + "\"record_id\":\"123456\",\"event_data\":{\"SubjectUserName\":\"-\",\"TargetUserName\":\"administrator\","
                + "\"TargetDomainName\":\"CORP\",\"LogonType\":\"3\",\"IpAddress\":\"203.0.113.5\",\"IpPort\":\"51123\","
                + "\"WorkstationName\":\"KALI\",\"Status\":\"0xc000006d\",\"SubStatus\":\"0xc000006a\",\"ProcessName\":\"-\"},"
                + "\"process\":{\"pid\":640,\"thread\":{\"id\":1234}},\"keywords\":[\"Audit Failure\"]}}");

        assertThat(d.errors()).isEmpty();
        assertThat(d.eventFields()).containsEntry("time", Instant.parse("2026-11-25T10:00:00.123Z"))
                .containsEntry("host", "DC01.corp.example").containsEntry("app", "Microsoft-Windows-Security-Auditing")
                .containsEntry("message", "An account failed to log on.\n\nSubject:").containsEntry("username", "administrator")
                .containsEntry("userdata7", "CORP").containsEntry("src_ip", "203.0.113.5").containsEntry("src_port", 51123)
                .containsEntry("userdata1", "4625").containsEntry("userdata2", "Security").containsEntry("userdata3", "3")
                .containsEntry("userdata4", "KALI").containsEntry("userdata8", "0xc000006d")
                .doesNotContainKeys("userdata9", "filename");
        assertThat(d.extra()).containsEntry("win.SubStatus", "0xc000006a").containsEntry("win.record_id", "123456")
                .containsEntry("win.process.pid", "640").containsEntry("win.keywords.0", "Audit Failure")
                .containsEntry("win.event.action", "logon-failed").containsEntry("win.event.code", "4625")
                .containsEntry("win.host.name", "dc01.corp.example").containsEntry("win.SubjectUserName", "-")
                .containsEntry("win.ProcessName", "-");
    }

    @Test
    void wazuhEventchannelShape() {
        Decoded d = win.decode("{\"win\":{\"eventdata\":{\"targetUserName\":\"Administrator\",\"targetDomainName\":\"EXAMPLE\","
                + "\"ipAddress\":\"192.0.2.121\",\"ipPort\":\"49791\",\"logonType\":\"3\",\"subjectUserName\":\"-\"},"
                + "\"system\":{\"eventID\":\"4624\",\"channel\":\"Security\",\"computer\":\"dc.example.com\","
                + "\"systemTime\":\"2021-05-07T21:36:19.887424400Z\",\"providerName\":\"Microsoft-Windows-Security-Auditing\","
                + "\"message\":\"\\\"An account was successfully logged on.\\r\\n\\r\\nSubject:\\\"\",\"severityValue\":\"AUDIT_SUCCESS\"}}}");

        assertThat(d.errors()).isEmpty();
        assertThat(d.eventFields()).containsEntry("time", Instant.parse("2021-05-07T21:36:19.887424400Z"))
                .containsEntry("host", "dc.example.com").containsEntry("app", "Microsoft-Windows-Security-Auditing")
                .containsEntry("username", "Administrator").containsEntry("userdata7", "EXAMPLE")
                .containsEntry("src_ip", "192.0.2.121").containsEntry("src_port", 49791).containsEntry("userdata1", "4624")
                .containsEntry("userdata2", "Security").containsEntry("userdata3", "3")
                .containsEntry("message", "An account was successfully logged on.\r\n\r\nSubject:");
        assertThat(d.extra()).containsEntry("win.severityValue", "AUDIT_SUCCESS").doesNotContainKey("win.message");
    }

    @Test
    void sysmonProcessAndNetworkEvents() {
        Decoded p = win.decode("{\"EventID\":1,\"Channel\":\"Microsoft-Windows-Sysmon/Operational\",\"Hostname\":\"WS1\","
                + "\"SourceName\":\"Microsoft-Windows-Sysmon\",\"UtcTime\":\"2026-11-25 10:00:00.123\",\"TimeCreated\":\"2026-11-25 05:00:00.130\","
                + "\"Image\":\"C:\\\\Windows\\\\System32\\\\cmd.exe\",\"CommandLine\":\"cmd.exe /c whoami\","
                + "\"ParentImage\":\"C:\\\\Windows\\\\explorer.exe\",\"User\":\"CORP\\\\bob\"}");
        assertThat(p.errors()).isEmpty();
        assertThat(p.eventFields()).containsEntry("time", Instant.parse("2026-11-25T10:00:00.123Z"))
                .containsEntry("filename", "C:\\Windows\\System32\\cmd.exe").containsEntry("userdata5", "cmd.exe /c whoami")
                .containsEntry("userdata6", "C:\\Windows\\explorer.exe").containsEntry("username", "CORP\\bob")
                .containsEntry("userdata1", "1").containsEntry("userdata2", "Microsoft-Windows-Sysmon/Operational");

        Decoded n = win.decode("{\"EventID\":3,\"Channel\":\"Microsoft-Windows-Sysmon/Operational\",\"Hostname\":\"WS1\","
                + "\"Protocol\":\"tcp\",\"SourceIp\":\"10.0.0.5\",\"SourcePort\":\"49700\",\"DestinationIp\":\"198.51.100.9\","
                + "\"DestinationPort\":\"443\",\"Image\":\"C:\\\\x.exe\"}");
        assertThat(n.eventFields()).containsEntry("protocol", "TCP").containsEntry("src_ip", "10.0.0.5")
                .containsEntry("src_port", 49700).containsEntry("dst_ip", "198.51.100.9").containsEntry("dst_port", 443);

        Decoded wfp = win.decode("{\"EventID\":5156,\"Channel\":\"Security\",\"Protocol\":\"17\",\"SourceAddress\":\"10.0.0.5\","
                + "\"SourcePort\":\"53000\",\"DestAddress\":\"10.0.0.53\",\"DestPort\":\"53\",\"Application\":\"\\\\device\\\\x.exe\"}");
        assertThat(wfp.eventFields()).containsEntry("protocol", "UDP").containsEntry("dst_ip", "10.0.0.53")
                .containsEntry("dst_port", 53).containsEntry("filename", "\\device\\x.exe");
    }

    @Test
    void subjectUserWhenThereIsNoTarget() {
        Decoded d = win.decode("{\"EventID\":4688,\"SubjectUserName\":\"bob\",\"SubjectDomainName\":\"CORP\",\"TargetUserName\":\"-\","
                + "\"NewProcessName\":\"C:\\\\a.exe\",\"ProcessName\":\"C:\\\\Windows\\\\explorer.exe\"}");
        assertThat(d.eventFields()).containsEntry("username", "bob").containsEntry("userdata7", "CORP")
                .containsEntry("filename", "C:\\a.exe").doesNotContainKey("userdata9");
        assertThat(d.extra()).containsEntry("win.ProcessName", "C:\\Windows\\explorer.exe").containsEntry("win.TargetUserName", "-");
    }

    @Test
    void zoneLessTimesUseTheDecodersZone() {
        WindowsEventJsonDecoder ny = new WindowsEventJsonDecoder(ZoneId.of("America/New_York"), Clock.systemUTC());
        assertThat(ny.decode("{\"EventID\":1102,\"TimeCreated\":\"2020-10-19 03:30:41.104\"}").eventFields())
                .containsEntry("time", Instant.parse("2020-10-19T07:30:41.104Z"));
        assertThat(ny.decode("{\"EventID\":1,\"TimeCreated\":\"2020-10-19 03:30:41.104\",\"UtcTime\":\"2020-10-19 07:30:41.100\"}")
                .eventFields()).containsEntry("time", Instant.parse("2020-10-19T07:30:41.100Z"));
    }

    @Test
    void badValuesAreErrorsTheRestKept() {
        Decoded d = win.decode("{\"EventID\":4625,\"IpAddress\":\"not-an-ip\",\"IpPort\":\"port\",\"TargetUserName\":\"eve\"}");
        assertThat(d.errors()).hasSize(2);
        assertThat(d.eventFields()).containsEntry("username", "eve");
        assertThat(d.extra()).containsEntry("win.IpAddress", "not-an-ip").containsEntry("win.IpPort", "port");

        Decoded invalid = win.decode("{\"EventID\":4625,\"IpAddress\":");
        assertThat(invalid.errors()).singleElement().asString().startsWith("invalid JSON");
    }

    @Test
    void accepts() {
        assertThat(win.accepts(NXLOG_4624)).isTrue();
        assertThat(win.accepts("{\"winlog\":{\"event_id\":\"1\"}}")).isTrue();
        assertThat(win.accepts("{\"win\":{\"system\":{\"eventID\":\"1\"}}}")).isTrue();
        assertThat(win.accepts("{\"event_type\":\"alert\",\"src_ip\":\"1.2.3.4\"}")).isFalse();
        assertThat(win.accepts("EventID=4624 Channel=Security")).isFalse();
        assertThat(win.accepts(null)).isFalse();
    }

    @Test
    void applyToAnEvent() {
        Event e = new Event().host("collector").message(NXLOG_4624);
        win.decode(NXLOG_4624).applyTo(e);
        assertThat(e.host()).isEqualTo("WS1.corp.example");
        assertThat(e.username()).isEqualTo("alice");
        assertThat(e.srcIp()).isEqualTo("192.0.2.10");
        assertThat(e.message()).startsWith("An account was successfully logged on.");
        assertThat(e.extra()).containsEntry("decoder", "windows-json").doesNotContainKey("decode_error");
    }
}
