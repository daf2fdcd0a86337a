package io.vigil.normalize.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The decoders over the real samples in ../shared/fixtures/logs (and ossim/samples): every
 * line of the files meant for a decoder is taken by it and decodes without a decode_error,
 * unless named here with the reason; a few lines, read by hand, have their fields checked.
 */
class FixtureDecodeTest {
    private final Decoders decoders = new Decoders();

    @Test
    void everyCefSampleDecodesCleanly() {
        List<Fixtures.Line> lines = linesContaining("CEF:");
        assumeTrue(!lines.isEmpty(), "no CEF sample in the fixtures");
        for (Fixtures.Line l : lines) {
            Decoded d = decoders.decode(l.text()).orElseThrow(() -> new AssertionError(l + ": no decoder took it"));
            assertThat(d.decoder()).as(l.toString()).isEqualTo("cef");
            assertThat(d.errors()).as(l.toString()).isEmpty();
        }
    }

    @Test
    void paloAltoCefThreatLine() {
        // apache+metron/palo.cef.log, the one line, read by hand
        Decoded d = cef(Fixtures.logs().resolve("apache+metron/palo.cef.log"), 1);

        assertThat(d.errors()).isEmpty();
        assertThat(d.eventFields()).containsEntry("src_ip", "10.10.10.10").containsEntry("dst_ip", "20.20.20.20")
                .containsEntry("src_port", 18371).containsEntry("dst_port", 443).containsEntry("protocol", "TCP")
                .containsEntry("app", "PAN-OS").containsEntry("userdata1", "url").containsEntry("userdata2", "THREAT")
                .containsEntry("userdata3", "alert").containsEntry("userdata5", "ssl").containsEntry("priority", 1)
                .containsEntry("time", Instant.parse("2017-04-07T00:10:10Z"))
                // the sample escapes quotes CEF does not escape: kept as written
                .containsEntry("userdata4", "\\\"www.example.com/\\\"")
                .doesNotContainKey("username"); // suser= duser= are empty
        assertThat(d.extra()).containsEntry("cef.Rule", "Trusted-to-Untrusted").containsEntry("cef.Virtual_Sys", "vsys2")
                .containsEntry("cef.Src_Zone", "Trusted").containsEntry("cef.URL_Cat", "gambling").containsEntry("cef.SessionID", "123456")
                .containsEntry("cef.deviceInboundInterface", "ethernet1/12.345").containsEntry("cef.cat", "(9999)")
                .containsEntry("cef.suser", "").containsEntry("cef.deviceVendor", "Palo Alto Networks");
    }

    @Test
    void paloAltoCefSystemLineFromTheOssimSamples() {
        Path f = Fixtures.root().resolve("ossim/samples/paloalto.log");
        assumeTrue(Files.isRegularFile(f), "missing " + f);
        Decoded d = cef(f, 1);

        assertThat(d.errors()).isEmpty();
        assertThat(d.eventFields()).containsEntry("time", Instant.parse("2013-01-18T05:26:36Z"))
                .containsEntry("message", "0").containsEntry("userdata1", "general general").containsEntry("userdata2", "SYSTEM general")
                .doesNotContainKey("filename"); // fname= is empty
        assertThat(d.extra()).containsEntry("cef.Virtual_System", "").containsEntry("cef.Module", "general")
                .containsEntry("cef.deviceExternalId", "0009C101221");
    }

    @Test
    void everyLeefSampleDecodesCleanly() {
        List<Fixtures.Line> lines = linesContaining("LEEF:");
        assumeTrue(!lines.isEmpty(), "no LEEF sample in the fixtures (LeefDecoderTest covers LEEF 1.0 and 2.0 from the specification)");
        for (Fixtures.Line l : lines) {
            Decoded d = decoders.decode(l.text()).orElseThrow(() -> new AssertionError(l + ": no decoder took it"));
            assertThat(d.decoder()).as(l.toString()).isEqualTo("leef");
            assertThat(d.errors()).as(l.toString()).isEmpty();
        }
    }

    /** Every rendered Windows event in the fixture logs (a line starting with an <Event> element) decodes as XML, without errors. */
    @Test
    void everyWindowsXmlEventInTheFixtureLogsDecodesCleanly() {
        Path logs = Fixtures.logs();
        int total = 0;
        for (Path f : Fixtures.files(logs)) {
            if (f.toString().endsWith(".evtx")) continue;
            List<String> lines = Fixtures.lines(f);
            for (int i = 0; i < lines.size(); i++) {
                String l = lines.get(i);
                if (!l.stripLeading().replaceFirst("^-\\s*", "").startsWith("<Event ")) continue;
                String where = f.getFileName() + ":" + (i + 1);
                Decoded d = decoders.decode(l).orElseThrow(() -> new AssertionError(where + ": no decoder took it"));
                assertThat(d.decoder()).as(where).isEqualTo("windows-xml");
                assertThat(d.errors()).as(where).isEmpty();
                assertThat(d.eventFields()).as(where).containsKeys("userdata1", "userdata2", "host", "app", "time");
                total++;
            }
        }
        assertThat(total).as("rendered Windows events in the fixture logs").isGreaterThan(100);
    }

    /** INDEX.tsv rows whose source names Windows and whose format is JSON; the XML, W3C and OSSEC-text ones are other decoders' business. */
    @Test
    void everyWindowsJsonFileInTheIndexDecodesCleanly() {
        Path logs = Fixtures.logs();
        List<Path> json = new ArrayList<>();
        List<String> notJson = new ArrayList<>();
        for (String row : Fixtures.lines(logs.resolve("INDEX.tsv"))) {
            String[] c = row.split("\t");
            if (c.length < 5 || !c[1].toLowerCase().contains("windows")) continue;
            if (c[1].contains("JSON") || c[4].startsWith("JSON") || c[4].contains("eventchannel JSON")) json.add(logs.resolve(c[0]));
            else notJson.add(c[0] + " (" + c[1] + ")");
        }
        assertThat(json).as("Windows JSON files in INDEX.tsv").isNotEmpty();
        System.out.println("Windows samples that are not JSON, left to other decoders: " + notJson);
        int total = 0;
        for (Path f : json) {
            assumeTrue(Files.isRegularFile(f), "listed in INDEX.tsv but missing: " + f);
            List<String> lines = Fixtures.lines(f);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) continue;
                String where = f.getFileName() + ":" + (i + 1);
                Decoded d = decoders.decode(lines.get(i)).orElseThrow(() -> new AssertionError(where + ": no decoder took it"));
                assertThat(d.decoder()).as(where).isEqualTo("windows-json");
                assertThat(d.errors()).as(where).isEmpty();
                assertThat(d.eventFields()).as(where).containsKeys("userdata1", "host");
                total++;
            }
        }
        assertThat(total).isGreaterThanOrEqualTo(json.size());
    }

    @Test
    void purpleSharpSecurityEvents() {
        Path f = Fixtures.logs().resolve("OTRF+Security-Datasets/purplesharp_ad_playbook_I/security-subset.json");
        assumeTrue(Files.isRegularFile(f), "missing " + f);

        Decoded created = win(f, 1); // 4688, TargetUserName "-": the creator is the user
        assertThat(created.eventFields()).containsEntry("userdata1", "4688").containsEntry("userdata2", "Security")
                .containsEntry("host", "WORKSTATION5.theshire.local").containsEntry("username", "pgustavo")
                .containsEntry("userdata7", "THESHIRE").containsEntry("filename", "C:\\Users\\pgustavo\\Downloads\\PurpleSharp.exe")
                .containsEntry("userdata5", "PurpleSharp.exe  /t T1110.003,T1558.003,T1135,T1021.006")
                .containsEntry("userdata6", "C:\\Windows\\System32\\cmd.exe").containsEntry("time", Instant.parse("2020-10-22T08:29:53.799Z"))
                .containsEntry("app", "Microsoft-Windows-Security-Auditing");
        assertThat((String) created.eventFields().get("message")).startsWith("A new process has been created.\r\n\r\nCreator Subject:\r\n\t");
        assertThat(created.extra()).containsEntry("win.host", "wec.internal.cloudapp.net").containsEntry("win.EventTime", "2020-10-22 04:29:52");

        Decoded logon = win(f, 4); // 4624 network logon
        assertThat(logon.eventFields()).containsEntry("userdata1", "4624").containsEntry("host", "MORDORDC.theshire.local")
                .containsEntry("username", "pgustavo").containsEntry("userdata7", "THESHIRE.LOCAL").containsEntry("src_ip", "172.18.39.5")
                .containsEntry("src_port", 58179).containsEntry("userdata3", "3").doesNotContainKeys("userdata4", "filename", "userdata9");

        Decoded failed = win(f, 8); // 4625 interactive, from PurpleSharp
        assertThat(failed.eventFields()).containsEntry("userdata1", "4625").containsEntry("username", "lrodriguez")
                .containsEntry("userdata7", "theshire.local").containsEntry("userdata9", "pgustavo").containsEntry("userdata3", "2")
                .containsEntry("userdata4", "WORKSTATION5").containsEntry("userdata8", "0xc000006d")
                .containsEntry("filename", "C:\\Users\\pgustavo\\Downloads\\PurpleSharp.exe").doesNotContainKeys("src_ip", "src_port");
    }

    @Test
    void psexecSysmonAndFilteringPlatformEvents() {
        Path f = Fixtures.logs().resolve("OTRF+Security-Datasets/cmd_psexec_lsa_secrets_dump/cmd_psexec_lsa_secrets_dump_2020-10-1903305471.json");
        assumeTrue(Files.isRegularFile(f), "missing " + f);

        Decoded wfp = win(f, 3); // 5156 connection permitted
        assertThat(wfp.eventFields()).containsEntry("userdata1", "5156").containsEntry("src_ip", "192.168.2.5")
                .containsEntry("src_port", 58390).containsEntry("dst_ip", "168.63.129.16").containsEntry("dst_port", 80)
                .containsEntry("protocol", "TCP").containsEntry("host", "WORKSTATION5")
                // TimeCreated has no zone (it is the host's local time; Sysmon's UtcTime shows UTC-4): read in the decoder's zone, UTC here
                .containsEntry("time", Instant.parse("2020-10-19T03:30:45.324Z"))
                .containsEntry("filename", "\\device\\harddiskvolume2\\windowsazure\\guestagent_2.7.41491.993_2020-10-08_063613\\waappagent.exe");
        assertThat(wfp.extra()).containsEntry("win.Protocol", "6").containsEntry("win.Direction", "%%14593");

        Decoded fileCreate = win(f, 44); // Sysmon 11
        assertThat(fileCreate.eventFields()).containsEntry("userdata1", "11")
                .containsEntry("filename", "C:\\Windows\\ServiceState\\EventLog\\Data\\lastalive1.dat")
                .containsEntry("time", Instant.parse("2020-10-19T07:30:42.056Z"));
        assertThat(fileCreate.extra()).containsEntry("win.Image", "C:\\windows\\System32\\svchost.exe");

        Decoded process = win(f, 68); // Sysmon 1
        assertThat(process.eventFields()).containsEntry("userdata1", "1").containsEntry("username", "WORKSTATION5\\wardog")
                .containsEntry("filename", "C:\\Users\\wardog\\Downloads\\PSTools\\PsExec.exe")
                .containsEntry("userdata5", "PsExec.exe  -accepteula -s reg save HKLM\\security\\policy\\secrets C:\\Users\\wardog\\AppData\\Local\\Temp\\secrets")
                .containsEntry("userdata6", "C:\\Windows\\System32\\cmd.exe").containsEntry("time", Instant.parse("2020-10-19T07:30:46.251Z"))
                .containsEntry("app", "Microsoft-Windows-Sysmon").containsEntry("userdata2", "Microsoft-Windows-Sysmon/Operational");

        Decoded network = win(f, 261); // Sysmon 3, IPv6 link-local
        assertThat(network.eventFields()).containsEntry("src_ip", "fe80:0:0:0:90e:17af:263c:5209").containsEntry("src_port", 58391)
                .containsEntry("dst_ip", "fe80:0:0:0:90e:17af:263c:5209").containsEntry("dst_port", 445)
                .containsEntry("protocol", "TCP").containsEntry("username", "NT AUTHORITY\\SYSTEM");
    }

    @Test
    void wazuhEventchannelEvents() {
        Path f = Fixtures.logs().resolve("wazuh+wazuh/ruleset-testing/win_event_channel.log");
        assumeTrue(Files.isRegularFile(f), "missing " + f);

        Decoded service = win(f, 1); // 7045 service installed
        assertThat(service.eventFields()).containsEntry("userdata1", "7045").containsEntry("userdata2", "System")
                .containsEntry("app", "Service Control Manager").containsEntry("username", "LocalSystem")
                .containsEntry("host", "bankdc.ExchangeTest.com").containsEntry("time", Instant.parse("2021-06-25T18:33:57.953556700Z"));
        assertThat((String) service.eventFields().get("message")).startsWith("A service was installed in the system.\r\n").endsWith("LocalSystem");
        assertThat(service.extra()).containsEntry("win.serviceName", "uxoN").containsEntry("win.imagePath", "%systemroot%\\\\TQkHeboM.exe");

        Decoded logon = win(f, 2); // 4624 Kerberos network logon
        assertThat(logon.eventFields()).containsEntry("userdata1", "4624").containsEntry("username", "Administrator")
                .containsEntry("userdata7", "EXCHANGETEST.COM").containsEntry("src_ip", "192.168.0.121").containsEntry("src_port", 49791)
                .containsEntry("userdata3", "3").containsEntry("time", Instant.parse("2021-05-07T21:36:19.887424400Z"));
        assertThat((String) logon.eventFields().get("message")).startsWith("An account was successfully logged on.");
    }

    /** Firewall key=value samples; the Wazuh FortiGate samples whose time was cut ("time=22: 00:07") are errors on purpose. */
    @Test
    void keyValueSamples() {
        Path logs = Fixtures.logs();
        Pattern cutTime = Pattern.compile("time=\\d{1,2}: ");
        List<String> files = List.of("crowdsecurity+hub/fortinet-vpn-bf/fortinet-vpn-bf.log", "wazuh+wazuh/ruleset-testing/fortigate.log",
                "crowdsecurity+hub/iptables-logs/iptables-logs.log", "crowdsecurity+hub/iptables-scan-multi-port/iptables-scan-multi-port.log",
                "wazuh+wazuh/ruleset-testing/iptables.log", "logstash-plugins+logstash-patterns-core/iptables-shorewall.log",
                "logstash-plugins+logstash-patterns-core/iptables-susefw.log");
        int checked = 0;
        int cut = 0;
        for (String name : files) {
            Path f = logs.resolve(name);
            if (!Files.isRegularFile(f)) continue;
            List<String> lines = Fixtures.lines(f);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) continue;
                String where = name + ":" + (i + 1);
                Decoded d = decoders.decode(lines.get(i)).orElseThrow(() -> new AssertionError(where + ": no decoder took it"));
                assertThat(d.decoder()).as(where).isEqualTo("kv");
                if (cutTime.matcher(lines.get(i)).find()) {
                    assertThat(d.errors()).as(where).singleElement().asString().startsWith("date/time: not a time");
                    cut++;
                } else {
                    assertThat(d.errors()).as(where).isEmpty();
                }
                assertThat(d.eventFields()).as(where).isNotEmpty();
                checked++;
            }
        }
        assumeTrue(checked > 0, "no key=value sample found");
        assertThat(cut).isLessThanOrEqualTo(5);

        Path vpn = logs.resolve("crowdsecurity+hub/fortinet-vpn-bf/fortinet-vpn-bf.log");
        if (Files.isRegularFile(vpn)) {
            Decoded d = decoders.decode(Fixtures.lines(vpn).get(1)).orElseThrow();
            assertThat(d.eventFields()).containsEntry("username", "sapservicecq1").containsEntry("src_ip", "192.168.0.1")
                    .containsEntry("time", Instant.parse("2024-10-14T20:46:42.127358411Z")).containsEntry("userdata1", "1234567890")
                    .containsEntry("userdata2", "SSL VPN login fail").containsEntry("userdata3", "ssl-login-fail")
                    .containsEntry("message", "SSL user failed to logged in");
            assertThat(d.extra()).containsEntry("kv.reason", "sslvpn_login_no_matching_policy").containsEntry("kv.group", "N/A");
        }
        Path ipt = logs.resolve("crowdsecurity+hub/iptables-logs/iptables-logs.log");
        if (Files.isRegularFile(ipt)) {
            Decoded d = decoders.decode(Fixtures.lines(ipt).get(0)).orElseThrow();
            assertThat(d.eventFields()).containsEntry("src_ip", "195.54.160.107").containsEntry("dst_ip", "51.15.166.67")
                    .containsEntry("protocol", "TCP").containsEntry("src_port", 8080).containsEntry("dst_port", 8123);
            assertThat(d.extra()).containsEntry("kv.IN", "enp1s0").containsEntry("kv.OUT", "")
                    .containsEntry("kv._words", "Jun 8 14:34:33 sd-126005 kernel: [50028442.088484] SYN");
        }
    }

    @Test
    void suricataEveLines() {
        Path logs = Fixtures.logs();
        int checked = 0;
        for (String name : List.of("crowdsecurity+hub/suricata-eve-detect/suricata-eve-detect.log",
                "crowdsecurity+hub/suricata-logs-evelog/suricata-logs-evelog.log")) {
            Path f = logs.resolve(name);
            if (!Files.isRegularFile(f)) continue;
            List<String> lines = Fixtures.lines(f);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) continue;
                String where = name + ":" + (i + 1);
                Decoded d = decoders.decode(lines.get(i)).orElseThrow(() -> new AssertionError(where + ": no decoder took it"));
                assertThat(d.decoder()).as(where).isEqualTo("json");
                assertThat(d.errors()).as(where).isEmpty();
                assertThat(d.eventFields()).as(where).containsKey("time");
                checked++;
            }
            if (name.contains("evelog")) {
                Map<String, Object> first = decoders.decode(lines.get(0)).orElseThrow().eventFields();
                assertThat(first).containsEntry("time", Instant.parse("2022-07-10T23:50:05.533101Z")).containsEntry("src_ip", "1.2.3.4")
                        .containsEntry("src_port", 52812).containsEntry("dst_ip", "127.0.0.1").containsEntry("dst_port", 80)
                        .containsEntry("protocol", "TCP").containsEntry("userdata1", "2024468").containsEntry("userdata3", "allowed")
                        .containsEntry("userdata2", "ET WEB_SPECIFIC_APPS OGNL Expression Injection (CVE-2017-9791)");
            }
        }
        assumeTrue(checked > 0, "no Suricata eve sample found");
    }

    private Decoded cef(Path file, int line) {
        assumeTrue(Files.isRegularFile(file), "missing " + file);
        Decoded d = decoders.decode(Fixtures.lines(file).get(line - 1)).orElseThrow();
        assertThat(d.decoder()).isEqualTo("cef");
        return d;
    }

    private Decoded win(Path file, int line) {
        Decoded d = decoders.decode(Fixtures.lines(file).get(line - 1)).orElseThrow();
        assertThat(d.decoder()).isEqualTo("windows-json");
        assertThat(d.errors()).isEmpty();
        return d;
    }

    /** Lines holding the text in every file under logs/ and ossim/samples/ (the CEF and LEEF hunt). */
    private static List<Fixtures.Line> linesContaining(String text) {
        Path root = Fixtures.root();
        List<Fixtures.Line> out = new ArrayList<>();
        for (Path dir : List.of(root.resolve("logs"), root.resolve("ossim/samples"))) {
            if (!Files.isDirectory(dir)) continue;
            for (Path f : Fixtures.files(dir)) {
                String n = f.getFileName().toString();
                if (n.startsWith("LICENSE") || n.startsWith("MANIFEST") || n.endsWith(".tsv") || n.endsWith(".md")) continue;
                List<String> lines = Fixtures.lines(f);
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).contains(text)) out.add(new Fixtures.Line(f, i + 1, lines.get(i)));
                }
            }
        }
        return out;
    }
}
