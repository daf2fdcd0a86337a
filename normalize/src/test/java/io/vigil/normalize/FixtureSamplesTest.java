package io.vigil.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.normalize.ossim.OssimPlugin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the fixture plugins make of real sample lines: for every fixture plugin that has samples
 * (under {@code ossim/samples/}, or named for it in {@code logs/INDEX.tsv}), a representative set of
 * lines, each with the rule that takes it and the values of plugin_id, plugin_sid, src_ip, dst_ip,
 * src_port, dst_port, username and userdata1..9 (a field not listed must come out empty), or with
 * the reason no rule takes it.
 *
 * <p>The expectations were written from the plugins with the agent's Python 2 semantics in mind
 * (case-insensitive {@code re.search}, the first matching section in sorted order, the precheck
 * as a plain substring, {@code {translate()}} with {@code _DEFAULT_}, {@code resolv()} leaving
 * addresses and names as they are), and checked against the agent's own Config.py and
 * ParserUtil.py run under Python 2.7; never taken from the engine. Where a plugin's regexp does
 * something surprising the comment above the case says why the value is what it is.
 *
 * <p>Lines are read from the fixture files at test time (file and line number; several numbers
 * are consecutive lines of one multi-line event, joined with a newline). The content is loaded
 * as the agent would have it: the fixture plugins, their SID tables, the agent's
 * {@code aliases.cfg} and {@code config.cfg} (so {@code \_CFG(plugin-defaults,sensor)} is
 * 13.37.13.37). Skipped, saying so, when the fixtures folder is not there.
 */
class FixtureSamplesTest {

    private static final String SAMPLES = "ossim/samples/";
    private static final String CROWDSEC = "logs/crowdsecurity+hub/";
    private static final String FAIL2BAN = "logs/fail2ban+fail2ban/";
    private static final String OSSEC = "logs/ossec+ossec-hids/";
    private static final String WAZUH = "logs/wazuh+wazuh/";
    private static final String METRON = "logs/apache+metron/";
    private static final String PLASO = "logs/log2timeline+plaso/";
    private static final String LOGSTASH = "logs/logstash-plugins+logstash-patterns-core/";
    private static final String BEATS = "logs/elastic+beats/";
    private static final String OTRF = "logs/OTRF+Security-Datasets/";

    /** The fields every case checks; one a case does not list must be empty. */
    static final List<String> CHECKED = List.of("plugin_id", "plugin_sid", "src_ip", "dst_ip", "src_port", "dst_port",
            "username", "userdata1", "userdata2", "userdata3", "userdata4", "userdata5", "userdata6", "userdata7",
            "userdata8", "userdata9");

    /** plugin_id of each plugin's [DEFAULT], what a case expects unless it names another. */
    static final Map<String, String> PLUGIN_ID = Map.ofEntries(
            Map.entry("apache", "1501"), Map.entry("bind", "1577"), Map.entry("cisco-asa", "1636"),
            Map.entry("cisco-meraki", "1695"), Map.entry("cisco-router", "1510"), Map.entry("clamav", "1555"),
            Map.entry("courier", "1617"), Map.entry("dovecot", "1648"), Map.entry("fortigate", "1554"),
            Map.entry("iis", "1502"), Map.entry("iptables", "1503"), Map.entry("linuxdhcp", "1607"),
            Map.entry("modsecurity", "1561"), Map.entry("monit", "1687"), Map.entry("nagios", "1525"),
            Map.entry("netscreen-firewall", "1522"), Map.entry("openldap", "1586"), Map.entry("ossec-single-line", "7007"),
            Map.entry("paloalto", "1615"), Map.entry("pam_unix", "4004"), Map.entry("pf", "1560"),
            Map.entry("postfix", "1521"), Map.entry("sendmail", "1680"), Map.entry("snare", "1518"),
            Map.entry("snort_syslog", "1001"), Map.entry("squid", "1553"), Map.entry("ssh", "4003"),
            Map.entry("sudo", "4005"), Map.entry("suricata-http", "8201"), Map.entry("syslog", "4007"),
            Map.entry("vsftpd", "1576"));

    /**
     * A value written {@code REST + "text"} is the rest of the line from that text on (a long
     * message a rule copies whole, not repeated here).
     */
    static final String REST = "[the rest of the line from] ";

    private static final Instant REFERENCE = Instant.parse("2026-06-15T12:00:00Z");

    private static Path root;
    private static NormalizationEngine engine;

    /** One sample: lines of a fixture file, and the rule and field values expected, or why none. */
    record Case(String plugin, String file, int[] lines, String rule, Map<String, String> fields, String why) {
        @Override
        public String toString() {
            String at = Arrays.stream(lines).mapToObj(Integer::toString).collect(Collectors.joining("+"));
            return "[" + plugin + "] " + file.substring(file.lastIndexOf('/') + 1) + ":" + at
                    + (rule == null ? " -> no rule" : " -> " + rule);
        }

        /** The expected values of the checked fields in this text, the empty ones left out. */
        Map<String, String> expected(String text) {
            Map<String, String> out = new TreeMap<>(fields);
            out.putIfAbsent("plugin_id", PLUGIN_ID.get(plugin));
            out.replaceAll((name, v) -> {
                if (!v.startsWith(REST)) return v;
                int at = text.indexOf(v.substring(REST.length()));
                assertThat(at).as("'%s' in the line", v.substring(REST.length())).isNotNegative();
                return text.substring(at);
            });
            return out;
        }
    }

    static Case match(String plugin, String file, int line, String rule, String... fields) {
        return match(plugin, file, new int[] {line}, rule, fields);
    }

    /** {@code fields} as {@code name=value}, split at the first '='. */
    static Case match(String plugin, String file, int[] lines, String rule, String... fields) {
        Map<String, String> f = new LinkedHashMap<>();
        for (String nv : fields) {
            int eq = nv.indexOf('=');
            String name = nv.substring(0, eq);
            if (!CHECKED.contains(name) || f.put(name, nv.substring(eq + 1)) != null) {
                throw new IllegalArgumentException("bad or repeated field " + nv);
            }
        }
        return new Case(plugin, file, lines, rule, f, null);
    }

    static Case none(String plugin, String file, int line, String why) {
        return none(plugin, file, new int[] {line}, why);
    }

    static Case none(String plugin, String file, int[] lines, String why) {
        return new Case(plugin, file, lines, null, Map.of(), why);
    }

    static Stream<Case> cases() {
        return Stream.of(
                // apache (plugin_id 1501)
                match("apache", CROWDSEC + "apache-http-probing/apache-http-probing.log", 1, "0001 - apache-access",
                        "plugin_sid=404", "src_ip=172.17.0.1", "username=-",
                        "userdata1=GET /src/scripture.php?pageHeaderFile=http://cirt.net/rfiinc.txt?? HTTP/1.1", "userdata2=196"),
                match("apache", CROWDSEC + "apache2-logs/apache2-logs.log", 1, "0001 - apache-access",
                        "plugin_sid=500", "src_ip=93.43.209.58", "username=-", "userdata1=GET / HTTP/1.0", "userdata2=803",
                        "userdata3=-", "userdata4=-"),
                // size "-": the (?P<size>\d+)|- alternative leaves size empty
                match("apache", PLASO + "apache_access.log", 7, "0001 - apache-access",
                        "plugin_sid=304", "src_ip=120.202.255.147", "username=-",
                        "userdata1=GET /files/logstash/logstash-1.1.0-monolithic.jar HTTP/1.1", "userdata3=-",
                        "userdata4=Mozilla/5.0 Gecko/20100115 Firefox/3.6"),
                // vhost:port prefix: the greedy (?P<dst>\S+) keeps ":443", so the optional (:(?P<port>\d{1,5}))? stays
                // empty and dst_port with it; sid 200 is in exclude_sids (the agent drops the event)
                match("apache", PLASO + "apache_access.log", 9, "0001 - apache-access",
                        "plugin_sid=200", "src_ip=10.1.1.2", "dst_ip=plaso.log2timeline.net:443", "username=-",
                        "userdata1=GET /wp-content/themes/darkmode/evil.php HTTP/1.1", "userdata2=1063", "userdata3=-",
                        "userdata4=Mozilla/5.0 (Macintosh; Intel Mac OS X 10_8_2) AppleWebKit/537.11 (KHTML, like Gecko) Chrome/23.0.1271.6 Safari/537.11"),
                // user with @ and a realm
                match("apache", PLASO + "apache_access.log", 15, "0001 - apache-access",
                        "plugin_sid=200", "src_ip=192.168.0.64", "username=pyllyukko@EXAMPLE.COM", "userdata1=GET / HTTP/1.1",
                        "userdata2=8264"),
                match("apache", LOGSTASH + "httpd.log", 5, "0002 - apache-error",
                        "plugin_sid=4", "src_ip=10.17.42.3", "dst_ip=13.37.13.37", "dst_port=80",
                        "userdata1=Premature end of script headers: example.com"),
                match("apache", FAIL2BAN + "apache-noscript.log", 2, "0002 - apache-error",
                        "plugin_sid=4", "src_ip=192.0.43.10", "dst_ip=13.37.13.37", "dst_port=80",
                        "userdata1=script '/usr/lib/cgi-bin/gitweb.cgiwp-login.php' not found or unable to stat"),
                none("apache", LOGSTASH + "httpd.log", 3,
                        "status \"-\" is not \\d{3}"),
                none("apache", LOGSTASH + "httpd.log", 6,
                        "Apache 2.4 error_log: microseconds in the date and \"[php7:notice]\" where 0002 wants a bare"
                        + " level"),

                // bind (plugin_id 1577)
                // dst_port=53 is a key of [translation], not a field, so no dst_port
                match("bind", OSSEC + "log-entries/1903.log", 1, "0014 - bind-denied-update",
                        "plugin_sid=6", "src_ip=24.64.63.195", "dst_ip=drew"),
                match("bind", OSSEC + "log-entries/1901.log", 4, "0015 - bind-drop-srcport-zero",
                        "plugin_sid=7", "src_ip=216.161.67.226", "dst_ip=drew"),
                match("bind", FAIL2BAN + "named-refused.log", 6, "0051 - bind-query-cache-denied",
                        "plugin_sid=1001", "src_ip=148.160.29.6", "dst_ip=raid5", "userdata3=geo-mueller.de/NS/IN"),
                none("bind", FAIL2BAN + "named-refused.log", 12,
                        "\"view external:\" between the client and \"query (cache)\""),
                none("bind", CROWDSEC + "bind9-syslog/bind9-syslog.log", 1,
                        "BIND 9.16 writes \"client @0x...\": no rule expects the handle"),

                // cisco-asa (plugin_id 1636)
                match("cisco-asa", SAMPLES + "cisco-asa.log", 1, "0001 - cisco-asa - Shunned packet",
                        "plugin_sid=401004", "src_ip=1.1.1.1", "dst_ip=1.1.1.2", "userdata1=ASA-ids-4-401004",
                        "userdata2=Shunned packet: 1.1.1.1 ==> 1.1.1.2 on interface inside"),
                // normalize_protocol("TCP") is "tcp"; the lazy .*? before (?P<conn_id>\d+)\s+for stops at the
                // connection number
                match("cisco-asa", METRON + "asa_raw.log", 89, "0002 - cisco-asa - Built outbound connection",
                        "plugin_sid=302013", "src_ip=10.22.8.102", "dst_ip=69.111.72.0", "src_port=55659", "dst_port=80",
                        "userdata1=ASA-6-302013", "userdata2=17605397", "userdata3=outside", "userdata4=69.111.72.0",
                        "userdata5=80", "userdata6=inside", "userdata7=206.111.72.41", "userdata8=40627"),
                match("cisco-asa", METRON + "asa_raw.log", 4, "0006 - cisco-asa - Teardown connection",
                        "plugin_sid=302014", "userdata1=ASA-6-302014", "userdata2=488167725", "userdata3=Outside_VPN",
                        "userdata4=147.111.72.16", "userdata5=26436", "userdata6=DMZ-Inside", "userdata7=10.22.8.53",
                        "userdata8=443", "userdata9=" + REST + "Teardown TCP con"),
                match("cisco-asa", METRON + "asa_raw.log", 9, "0009 - cisco-asa - Deny on interface",
                        "plugin_sid=106015", "src_ip=186.111.72.11", "dst_ip=204.111.72.226", "src_port=80", "dst_port=45019",
                        "userdata1=ASA-6-106015", "userdata2=" + REST + "Deny TCP (no con"),
                match("cisco-asa", METRON + "asa_raw.log", 126, "0008 - cisco-asa - Deny",
                        "plugin_sid=106023", "src_ip=10.230.4.88", "dst_ip=192.168.2.53", "src_port=42350", "dst_port=53",
                        "userdata1=ASA-4-106023", "userdata2=Inside_access_in"),
                match("cisco-asa", SAMPLES + "cisco-asa.log", 15, "0013 - cisco-asa - TunnelGroup",
                        "plugin_sid=722041", "src_ip=1.1.1.1", "username=testuser", "userdata1=ASA-4-722041",
                        "userdata2=Test Group VPN Pledge", "userdata3=Test Group VPN Policy",
                        "userdata4=No IPv6 address available for SVC connection"),
                // a lower-case line: (asa|ASA) and the regexp are case-insensitive
                match("cisco-asa", SAMPLES + "cisco-asa.log", 44, "0037 - cisco-asa - Accessed URL",
                        "plugin_sid=304001", "src_ip=1.1.1.1", "dst_ip=1.1.1.1", "userdata1=asa-4-304001",
                        "userdata2=/folder1/applet/test.jar"),
                // resolv_port("https") is 443
                match("cisco-asa", SAMPLES + "cisco-asa.log", 47, "0040 - cisco-asa - Login",
                        "plugin_sid=605005", "src_ip=1.1.1.1", "dst_ip=1.1.1.1", "src_port=1265", "dst_port=443",
                        "username=testuser", "userdata1=ASA-sys-6-605005"),
                // "from 172.30.106.180:57380": (?:\S*:)? takes the address, [^/\s]+ the port, and (.+?) needs one
                // character more, so src_ip is "5738" (Python backtracking, kept as is)
                match("cisco-asa", METRON + "asa_raw.log", 119, "0046 - cisco-asa - Generic from-to without protocol",
                        "plugin_sid=713903", "src_ip=5738", "userdata1=ASA-4-713903",
                        "userdata2=IKE Receiver: Runt ISAKMP packet discarded on Port 500 from 172.30.106.180:57380"),
                match("cisco-asa", METRON + "asa_raw.log", 115, "0098 - cisco-asa - Generic Rule without IP information",
                        "plugin_sid=752010", "userdata1=ASA-4-752010", "userdata2=IKEv2 Doesn't have a proposal specified"),
                match("cisco-asa", LOGSTASH + "cisco-asa.log", 16, "0099 - cisco-asa - Catch All",
                        "plugin_sid=999999", "userdata1=" + REST + "Teardown ICMP co"),
                none("cisco-asa", WAZUH + "ruleset-testing/cisco_ftd.log", 1,
                        "no Mmm dd hh:mm:ss date, which every rule (0099 - Catch All too) starts with"),

                // cisco-meraki (plugin_id 1695)
                match("cisco-meraki", SAMPLES + "cisco-meraki.log", 1, "0001 - cisco-meraki flow",
                        "plugin_sid=1", "src_ip=10.220.1.110", "dst_ip=10.110.125.9", "src_port=55080", "dst_port=49156",
                        "userdata1=00:0C:29:26:14:B6"),
                match("cisco-meraki", SAMPLES + "cisco-meraki.log", 2, "0001 - cisco-meraki flow",
                        "plugin_sid=1", "src_ip=10.110.125.82", "dst_ip=10.220.1.110", "src_port=55010", "dst_port=445"),
                match("cisco-meraki", SAMPLES + "cisco-meraki.log", 3, "0002 - cisco-meraki url",
                        "plugin_sid=2", "src_ip=192.168.10.3", "dst_ip=54.241.7.184", "src_port=62526", "dst_port=80",
                        "userdata1=00:1A:A0:A4:1F:18", "userdata2=GET", "userdata3=http://www.meraki.com"),
                match("cisco-meraki", SAMPLES + "cisco-meraki.log", 4, "cisco-meraki ids",
                        "plugin_sid=3", "src_ip=93.238.36.202", "dst_ip=192.168.10.253", "src_port=22", "dst_port=57965",
                        "userdata1=129:12:1", "userdata2=2", "userdata3=Consecutive TCP small segments exceeding threshold"),
                match("cisco-meraki", SAMPLES + "cisco-meraki.log", 5, "cisco-meraki event",
                        "plugin_sid=4", "src_ip=192.168.10.1", "dst_ip=192.168.10.252", "userdata1=" + REST + "dhcp lease of ip"),

                // cisco-router (plugin_id 1510)
                // plugin_sid={translate($sid)}: the greedy (?P<sid>%\S+)-\w+: leaves "%IPS-4", and [translation] has
                // %IPS-4=5173
                match("cisco-router", OSSEC + "log-entries/cisco-ios-ids.log", 2, "0011 - cisco-router - Generic Rule (Src IP and dst IP information)",
                        "plugin_sid=5173", "src_ip=192.168.100.11", "dst_ip=10.10.10.10", "src_port=49871", "dst_port=80",
                        "userdata1=" + REST + "Sig:3051 Subsig:"),
                match("cisco-router", OSSEC + "log-entries/ciscoios.log", 1, "0011 - cisco-router - Generic Rule (Src IP and dst IP information)",
                        "plugin_sid=8959", "src_ip=10.0.6.56", "dst_ip=172.36.4.7", "src_port=3067", "dst_port=139",
                        "userdata1=list 102 denied tcp 10.0.6.56(3067) -> 172.36.4.7(139), 1 packet"),
                match("cisco-router", OSSEC + "log-entries/cisco-ios-ids.log", 6, "0012 - cisco-router - Generic Rule (Only src IP information)",
                        "plugin_sid=5173", "src_ip=192.168.100.11", "userdata1=" + REST + "Sig:5123 Subsig:"),
                match("cisco-router", OSSEC + "log-entries/cisco-ios-ids.log", 1, "0013 - cisco-router - Generic Rule with/without interface information",
                        "plugin_sid=9926", "src_ip=10.10.10.1", "userdata1=Configured from console by console"),
                // "11:28:30.407:": the optional device group takes ".407:", which src_ip={resolv($device)} copies
                match("cisco-router", LOGSTASH + "cisco-ios.log", 1, "0013 - cisco-router - Generic Rule with/without interface information",
                        "plugin_sid=5734", "src_ip=.407:",
                        "userdata1=Line protocol on Interface GigabitEthernet0/0, changed state to down"),

                // clamav (plugin_id 1555)
                none("clamav", WAZUH + "decoder-examples/clamav.log", 2,
                        "the rule reads clamd's own log (\"date -> file: virus FOUND\"), not syslog lines without \" "
                        + "-> \""),

                // courier (plugin_id 1617)
                match("courier", SAMPLES + "courier.log", 1, "courier-generic-event",
                        "plugin_sid=5", "src_ip=80.27.101.113", "username=aapm62", "userdata1=pop3d"),
                match("courier", SAMPLES + "courier.log", 2, "courier-generic-event",
                        "plugin_sid=6", "src_ip=74.125.82.24", "username=eemd14", "userdata1=pop3d"),
                match("courier", SAMPLES + "courier.log", 3, "courier-generic-event",
                        "plugin_sid=3", "src_ip=10.128.195.249", "userdata1=pop3d"),

                // dovecot (plugin_id 1648)
                none("dovecot", CROWDSEC + "dovecot-logs/dovecot-logs.log", 1,
                        "every rule wants an IPv4 address as the syslog host before \"dovecot:\", here \"canyon\""),
                none("dovecot", WAZUH + "ruleset-testing/dovecot.log", 1,
                        "host \"ny\" is not an IPv4 address"),

                // fortigate (plugin_id 1554)
                // log_id=0038016002 has none of the ids 0001 and 0002 want (\d{4}00000[2-7], \d{4}0000(08|09|10|11)):
                // 0003 takes it, plugin_sid={$msgid} the last five digits
                match("fortigate", WAZUH + "ruleset-testing/fortigate.log", 12, "0003 - fortigate-traffic (generic)",
                        "plugin_sid=16002", "src_ip=10.1.1.1", "dst_ip=10.2.2.2", "src_port=0", "dst_port=0",
                        "userdata1=traffic", "userdata2=other", "userdata3=notice", "userdata4=3/icmp"),
                match("fortigate", WAZUH + "ruleset-testing/fortigate.log", 24, "0016 - fortigate generic src/dst",
                        "plugin_sid=18000", "src_ip=10.10.10.35", "dst_ip=10.10.10.84"),
                none("fortigate", WAZUH + "ruleset-testing/fortigate.log", 1,
                        "no syslog header: every rule starts with a Mmm dd hh:mm:ss date"),
                none("fortigate", CROWDSEC + "fortinet-vpn-bf/fortinet-vpn-bf.log", 1,
                        "no syslog header"),

                // iis (plugin_id 1502)
                match("iis", SAMPLES + "iis.log", 1, "0001 - IIS logs sent by Epilog",
                        "plugin_sid=200", "src_ip=10.50.1.1", "dst_ip=10.1.1.1", "dst_port=80", "userdata1=GET",
                        "userdata2=/imgs/kolonsagust.gif", "userdata3=Mozilla/4.0+(compatible;+MSIE+6.0;+Windows+NT+5.0)",
                        "userdata4=2009-05-14 09:01:08"),
                // #011 is rsyslog's escape of a TAB, which the regexp expects literally
                match("iis", SAMPLES + "iis.log", 2, "0002 - IIS logs sent by Epilog",
                        "plugin_sid=200", "src_ip=192.168.20.20", "dst_ip=192.168.20.20", "dst_port=80", "userdata1=GET",
                        "userdata2=/index.html",
                        "userdata3=Mozilla/4.0+(compatible;+MSIE+6.0;+Windows+NT+5.2;+SV1;+.NET+CLR+1.1.4322)",
                        "userdata4=2012-08-08 15: 52:58"),
                none("iis", PLASO + "iis/iis6.log", 5,
                        "a plain W3C line: 0002 - iis-syslog wants text right after the seconds, 0003 - iis-w3c one"
                        + " field more before the method; the others a syslog header"),

                // iptables (plugin_id 1503)
                // plugin_sid={translate($4)} of "[50028442.088484]" (the kernel timestamp before IN=): no such key and
                // no _DEFAULT_, so the value itself
                match("iptables", CROWDSEC + "iptables-logs/iptables-logs.log", 1, "0 - iptables",
                        "plugin_sid=[50028442.088484]", "src_ip=195.54.160.107", "dst_ip=51.15.166.67", "src_port=8080",
                        "dst_port=8123", "userdata1=server: sd-126005, sourcewpid: kernel, in: enp1s0, out: , len: 40, ttl: 245"),
                match("iptables", CROWDSEC + "iptables-scan-multi-port/iptables-scan-multi-port.log", 1, "0 - iptables",
                        "plugin_sid=[19955416.516358]", "src_ip=62.34.17.168", "dst_ip=10.73.140.49", "src_port=52220",
                        "dst_port=80", "userdata1=server: scw-d95986, sourcewpid: kernel, in: ens2, out: , len: 44, ttl: 43"),
                // "REJECT:IN=" has no space before IN=, so rule 0 fails and rule 1 (fixed sid 6) takes it
                match("iptables", LOGSTASH + "iptables-shorewall.log", 1, "1 - iptables",
                        "plugin_sid=6", "src_ip=1.2.3.4", "dst_ip=192.168.0.10", "src_port=5353", "dst_port=5335"),
                match("iptables", LOGSTASH + "iptables-susefw.log", 5, "1 - iptables",
                        "plugin_sid=6", "src_ip=fe80:0000:0000:0000:16da:e9ff:feec:a04d",
                        "dst_ip=ff02:0000:0000:0000:0000:0000:0000:00fb", "src_port=5353", "dst_port=5353"),
                match("iptables", WAZUH + "ruleset-testing/iptables.log", 6, "1 - iptables",
                        "plugin_sid=6", "src_ip=205.205.205.205", "dst_ip=192.168.8.100", "src_port=40952", "dst_port=23",
                        "userdata1=c2:56:27:73:33:cf:c4:f0:81:b0:93:24:08:00"),

                // linuxdhcp (plugin_id 1607)
                match("linuxdhcp", OSSEC + "ossec-testing/openbsd-dhcpd.log", 4, "01 - DHCPD_RELEASE_REQUEST_OFFER_ACK",
                        "plugin_sid=1", "src_ip=192.168.17.164", "dst_ip=junction", "userdata1=f4:8c:50:9d:eb:35"),
                match("linuxdhcp", OSSEC + "ossec-testing/openbsd-dhcpd.log", 5, "06 - DHCPD_DISCOVER",
                        "plugin_sid=9", "dst_ip=junction", "userdata1=f4:8c:50:9d:eb:35"),
                match("linuxdhcp", OSSEC + "ossec-testing/openbsd-dhcpd.log", 6, "01 - DHCPD_RELEASE_REQUEST_OFFER_ACK",
                        "plugin_sid=3", "src_ip=192.168.17.164", "dst_ip=junction", "userdata1=f4:8c:50:9d:eb:35"),
                none("linuxdhcp", OSSEC + "ossec-testing/openbsd-dhcpd.log", 1,
                        "no rule for \"answers a ping\""),

                // modsecurity (plugin_id 1561)
                none("modsecurity", CROWDSEC + "modsecurity/modsecurity.log", 1,
                        "the only rule is a four-line audit-log record (Host:, User-Agent:, mod_security-message:, "
                        + "mod_security-action:), not error_log lines"),
                none("modsecurity", WAZUH + "ruleset-testing/modsecurity.log", 1,
                        "apache error_log line, not the audit log"),

                // monit (plugin_id 1687)
                none("monit", FAIL2BAN + "monit.log", 3,
                        "no rule for HTTP authentication failures"),

                // nagios (plugin_id 1525)
                // src_ip and src_port take the host and the service name, as the rule says
                match("nagios", LOGSTASH + "nagios.log", 5, "nagios-service-alert",
                        "plugin_sid=11", "src_ip=varnish", "src_port=Varnish Backend Connections",
                        "userdata1=service_availability: CRITICAL"),
                none("nagios", LOGSTASH + "nagios.log", 6,
                        "no rule for NOTIFICATION lines"),

                // netscreen-firewall (plugin_id 1522)
                match("netscreen-firewall", LOGSTASH + "netscreen.log", 1, "netscreen-firewall-BA-traffic",
                        "plugin_sid=1000", "src_ip=74.168.138.252", "dst_ip=72.72.72.72", "src_port=1732", "dst_port=443",
                        "userdata1=action: Permit"),
                match("netscreen-firewall", LOGSTASH + "netscreen.log", 2, "netscreen-firewall-BA-traffic",
                        "plugin_sid=1001", "src_ip=21.10.90.125", "dst_ip=23.16.1.1", "userdata1=action: Deny"),
                match("netscreen-firewall", WAZUH + "ruleset-testing/netscreen.log", 4, "netscreen-firewall-CA-attack",
                        "plugin_sid=3", "src_ip=192.168.18.53", "dst_ip=192.168.17.251", "src_port=41437", "dst_port=9612",
                        "userdata1=message: SYN flood"),
                none("netscreen-firewall", WAZUH + "ruleset-testing/netscreen.log", 1,
                        "ISO 8601 timestamp: every rule wants Mmm dd hh:mm:ss"),

                // openldap (plugin_id 1586)
                none("openldap", FAIL2BAN + "slapd.log", new int[] {2, 4, 6, 8, 10, 12, 14, 16},
                        "a real conversation: no BIND two or three lines after the ACCEPT, and \"Jul  8\" has two "
                        + "spaces where the rules want one"),
                // real lines put in the order of a simple bind (ACCEPT, fd, BIND, RESULT, UNBIND)
                match("openldap", WAZUH + "ruleset-testing/openldap.log", new int[] {7, 6, 1, 2, 5}, "openldap-authentication-2",
                        "plugin_sid=1", "src_ip=10.10.248.27", "dst_ip=192.168.1.30", "src_port=33957", "dst_port=389",
                        "username=example,ou=People,dc=example,dc=com"),

                // ossec-single-line (plugin_id 7007)
                none("ossec-single-line", OSSEC + "ossec-testing/msauth.log", 1,
                        "the rules read OSSEC alerts (\"AV - Alert - ...\"), not the agent's WinEvtLog lines"),
                none("ossec-single-line", WAZUH + "ruleset-testing/win_security.log", 1,
                        "JSON, not an OSSEC alert"),

                // paloalto (plugin_id 1615)
                match("paloalto", METRON + "palo.cef.log", 1, "0001 PaloAlto CEF 1",
                        "plugin_sid=9999", "userdata2=" + REST + "rt=Apr 07 2017 0", "userdata3=Palo Alto Networks",
                        "userdata4=PAN-OS", "userdata5=6.1.3"),
                match("paloalto", SAMPLES + "paloalto.log", 1, "0001 PaloAlto CEF 1",
                        "plugin_sid=21", "userdata2=" + REST + "rt=Jan 18 2013 0", "userdata3=Palo Alto Networks",
                        "userdata4=PAN-OS", "userdata5=4.1.0"),
                match("paloalto", SAMPLES + "paloalto.log", 4, "0098 PaloAlto Generic 1",
                        "plugin_sid=1", "src_ip=172.18.68.24", "dst_ip=92.123.73.33", "src_port=20791", "dst_port=80",
                        "userdata2=web-browsing", "userdata3=Inside_VLAN5", "userdata4=Outside_VLAN51", "userdata5=allow"),
                match("paloalto", SAMPLES + "paloalto.log", 5, "9999 PaloAlto Generic 2",
                        "plugin_sid=11", "src_ip=10.128.18.166"),
                match("paloalto", METRON + "PaloaltoOutput.log", 1, "0098 PaloAlto Generic 1",
                        "plugin_sid=80", "src_ip=10.0.0.115", "dst_ip=216.0.10.198", "src_port=0", "dst_port=0",
                        "userdata2=web-browsing", "userdata3=internal", "userdata4=external", "userdata5=reset-both"),
                match("paloalto", WAZUH + "ruleset-testing/paloalto.log", 6, "0007 PaloAlto Format3 System-others",
                        "plugin_sid=21", "userdata1=xxxxxxxxxxxxxxx", "userdata2=00000000", "userdata3=informational",
                        "userdata4=general", "userdata5=general"),
                none("paloalto", CROWDSEC + "palo-alto-threat/palo-alto-threat.log", 1,
                        "ISO 8601 timestamp: the rules want a syslog date"),

                // pam_unix (plugin_id 4004)
                match("pam_unix", OSSEC + "logtesting/logtesting-1-44.log", 14, "01 - pam_unix - Session status",
                        "plugin_sid=1", "dst_ip=niban", "username=root", "userdata1=su(pam_unix)", "userdata2=opened"),
                match("pam_unix", WAZUH + "ruleset-testing/pam.log", 1, "02 - pam_unix - Authentication failure",
                        "plugin_sid=2", "dst_ip=localhost", "username=osaudit", "userdata1=su(pam_unix)", "userdata2=1342",
                        "userdata3=0", "userdata5=dcid"),
                match("pam_unix", WAZUH + "ruleset-testing/pam.log", 2, "09 - pam_unix - Check password",
                        "plugin_sid=9", "dst_ip=localhost", "username=unknown", "userdata1=vsftpd(pam_unix)"),
                match("pam_unix", WAZUH + "ruleset-testing/pam.log", 5, "03 - pam_unix - Authentication failures (2 or more)",
                        "plugin_sid=3", "src_ip=10.0.3.1", "dst_ip=localhost", "username=root", "userdata1=sshd(pam_unix)",
                        "userdata2=0", "userdata3=0", "userdata4=ssh", "userdata6=2"),
                match("pam_unix", FAIL2BAN + "pam-generic.log", 12, "02 - pam_unix - Authentication failure",
                        "plugin_sid=2", "src_ip=192.168.10.3", "dst_ip=webmail", "username=mailuser", "userdata1=pop(pam_unix)",
                        "userdata2=0", "userdata3=0"),
                match("pam_unix", BEATS + "system-auth-test.log", 10, "04 - pam_unix - New user added",
                        "plugin_sid=4", "dst_ip=localhost", "username=apache", "userdata1=useradd"),
                match("pam_unix", BEATS + "system-auth-test.log", 9, "05 - pam_unix - New group created",
                        "plugin_sid=5", "dst_ip=localhost", "username=apache", "userdata1=groupadd"),
                match("pam_unix", OSSEC + "log-entries/1301_1302_1303.log", 24, "07 - pam_unix - Delete user",
                        "plugin_sid=7", "dst_ip=niban", "username=logr", "userdata1=userdel"),
                none("pam_unix", CROWDSEC + "pam-logs/pam-logs.log", 2,
                        "\"sudo:\" without [pid]: every rule wants process[...]"),

                // pf (plugin_id 1560)
                none("pf", OSSEC + "decoder-examples/pf.log", 1,
                        "\"rule 2/(match)\": the rules want \"rule N/N(match)\""),
                none("pf", CROWDSEC + "pf-logs/pf-logs.log", 1,
                        "pfSense filterlog CSV, not pflog text"),

                // postfix (plugin_id 1521)
                match("postfix", FAIL2BAN + "postfix.log", 93, "postfix-blocked",
                        "plugin_sid=5000", "src_ip=93.184.216.34"),
                match("postfix", CROWDSEC + "postfix-logs/postfix-logs.log", 5, "postfix-relaying-denied",
                        "plugin_sid=1", "src_ip=192.168.1.1"),
                match("postfix", FAIL2BAN + "postfix.log", 40, "postfix-sender-domain-not-found",
                        "plugin_sid=2", "src_ip=1.2.3.4"),
                match("postfix", FAIL2BAN + "postfix.log", 174, "postfix-suspicious-access",
                        "plugin_sid=6", "src_ip=192.0.2.10"),
                none("postfix", CROWDSEC + "postfix-sasl-bf/postfix-sasl-bf.log", 1,
                        "no rule for SASL failures"),

                // sendmail (plugin_id 1680)
                match("sendmail", FAIL2BAN + "sendmail-reject.log", 93, "sendmail - 2000",
                        "plugin_sid=2000", "username=<davaojk25@domain.com>", "userdata1=rA37ZTSC026254"),
                match("sendmail", FAIL2BAN + "sendmail-reject.log", 118, "sendmail - 7000",
                        "plugin_sid=7000", "src_ip=192.0.2.2", "userdata1=xA32R2PQ3529565"),
                match("sendmail", FAIL2BAN + "sendmail-auth.log", 16, "zzzz - sendmail - ##GENERIC-RULE##",
                        "plugin_sid=9999"),

                // snare (plugin_id 1518)
                none("snare", CROWDSEC + "windows-bf/windows-bf.log", 1,
                        "Windows event XML: the rules read Snare's MSWinEventLog syslog lines"),
                none("snare", OTRF + "purplesharp_ad_playbook_I/security-subset.json", 1,
                        "JSON lines"),

                // snort_syslog (plugin_id 1001)
                // fast alerts: the [gid:sid:rev] of the first line and the addresses of the next (the agent's two-line
                // rule; groups numbered across both lines); plugin_id={snort_id($1)} is 1000 + gid 1, the same as
                // [DEFAULT]'s
                match("snort_syslog", OSSEC + "ossec-testing/snort.log", new int[] {1, 2}, "03_snort-fast-format",
                        "plugin_sid=10000001", "src_ip=10.1.4.2", "dst_ip=10.1.7.2", "src_port=59244", "dst_port=80"),
                none("snort_syslog", OSSEC + "ossec-testing/snort.log", 1,
                        "alone, the fast alert matches no single-line rule (no [Classification: ...], no syslog "
                        + "header)"),
                none("snort_syslog", PLASO + "snort3_alert_fast.log", 1,
                        "one space before [**] where 01_snort-alert-format wants two; IPv6 addresses"),

                // squid (plugin_id 1553)
                // translate: TCP_MISS=2 (its " ;" comment cut) for plugin_sid, 302=HTTP_MOVED_TEMPORARILY for
                // userdata2
                match("squid", SAMPLES + "squid.log", 1, "0001 - squid-access",
                        "plugin_sid=2", "src_ip=172.x.x.x", "dst_ip=172.21.137.184", "userdata1=GET",
                        "userdata2=HTTP_MOVED_TEMPORARILY", "userdata3=302", "userdata4=http://url.es"),
                match("squid", SAMPLES + "squid.log", 2, "0001 - squid-access",
                        "plugin_sid=2", "src_ip=172.x.x.x", "dst_ip=172.21.137.183", "userdata1=GET",
                        "userdata2=HTTP_NOT_MODIFIED", "userdata3=304", "userdata4=http://image.jpg"),
                // userdata1={$3} is the status again: (?P<sid>(\d+)) is groups 2 and 3
                match("squid", METRON + "SquidExampleOutput.log", 1, "0002 - squid-access-old",
                        "plugin_sid=200", "src_ip=127.0.0.1", "dst_ip=199.27.79.73", "userdata1=200"),
                match("squid", FAIL2BAN + "squid.log", 4, "0002 - squid-access-old",
                        "plugin_sid=403", "src_ip=91.188.124.227", "dst_ip=-", "userdata1=403"),
                // "NONE/405": [^\/]+\/(?P<sid>(\d+)) still reads the status
                match("squid", FAIL2BAN + "squid.log", 7, "0002 - squid-access-old",
                        "plugin_sid=405", "src_ip=175.44.0.184", "dst_ip=-", "userdata1=405"),
                none("squid", OSSEC + "log-entries/worms.log", 1,
                        "no epoch timestamp: the line starts with the elapsed time, 0002 wants \\d+\\.\\d+ before it"),

                // ssh (plugin_id 4003)
                // Failed password first in the agent's order, so not 0001; (?P<info>invalid user\s)? keeps its
                // trailing space
                match("ssh", CROWDSEC + "sshd-logs/sshd-logs.log", 18, "0000 - Failed password",
                        "plugin_sid=1", "src_ip=192.168.1.2", "dst_ip=eve", "src_port=51182", "dst_port=22", "username=root",
                        "userdata1=invalid user ", "userdata2=eve"),
                match("ssh", BEATS + "system-auth-test.log", 4, "0000 - Failed password",
                        "plugin_sid=1", "src_ip=216.160.83.57", "dst_ip=slave22", "src_port=29160", "dst_port=22",
                        "username=root", "userdata2=slave22"),
                match("ssh", CROWDSEC + "ssh-bf/ssh-bf.log", 1, "0001 - Invalid user",
                        "plugin_sid=3", "src_ip=35.188.49.176", "dst_ip=sd-126005", "dst_port=22", "username=pascal"),
                match("ssh", FAIL2BAN + "sshd.log", 28, "0004 - Root login refused",
                        "plugin_sid=5", "src_ip=1.2.3.4", "dst_ip=www", "dst_port=22", "username=root"),
                match("ssh", FAIL2BAN + "sshd.log", 99, "0005 - User not allowed because account is locked",
                        "plugin_sid=13", "dst_ip=host", "dst_port=22", "username=root"),
                match("ssh", FAIL2BAN + "sshd.log", 45, "0006 - User not allowed because listed",
                        "plugin_sid=6", "src_ip=example.com", "dst_ip=belka", "dst_port=22", "username=root",
                        "userdata1=AllowUsers"),
                match("ssh", WAZUH + "ruleset-testing/sshd.log", 28, "0007 - Authentication refused",
                        "plugin_sid=12", "dst_ip=collectd", "dst_port=22", "userdata1=/home/ansible/.ssh/authorized_keys"),
                match("ssh", CROWDSEC + "sshd-success-logs/sshd-success-logs.log", 4, "0008 - Login sucessful (Accepted password)",
                        "plugin_sid=7", "src_ip=192.168.121.1", "dst_ip=bullseye", "src_port=43124", "dst_port=22",
                        "username=test"),
                match("ssh", CROWDSEC + "sshd-success-logs/sshd-success-logs.log", 1, "0010 - Login sucessful (Accepted publickey)",
                        "plugin_sid=8", "src_ip=192.168.121.1", "dst_ip=bullseye", "src_port=56296", "dst_port=22",
                        "username=vagrant"),
                // greedy (?P<version>.*)from takes everything up to the last "from "
                match("ssh", FAIL2BAN + "sshd.log", 283, "0011 - Bad protocol version identification",
                        "plugin_sid=9", "src_ip=69.61.56.115", "dst_ip=host", "dst_port=22",
                        "userdata1='dummy string' from 192.0.2.1' "),
                match("ssh", FAIL2BAN + "sshd.log", 277, "0012 - Did not receive identification string",
                        "plugin_sid=10", "src_ip=69.61.56.114", "dst_ip=host", "dst_port=22"),
                // (?P<src>\S+) takes the whole token; resolv() leaves it as it is
                match("ssh", CROWDSEC + "sshd-logs/sshd-logs.log", 23, "0013 - Refused connect",
                        "plugin_sid=19", "src_ip=_U2FsdGVkX19P3BCJmFBHhjLza8BcMH06WCUVwttMHpE=_@::ffff:192.168.1.1",
                        "dst_ip=myhost", "dst_port=22"),
                match("ssh", FAIL2BAN + "sshd.log", 190, "0014 - Received disconnect",
                        "plugin_sid=11", "src_ip=89.24.13.192", "dst_ip=mdop", "dst_port=22",
                        "userdata1=3: com.jcraft.jsch.JSchException: Auth fail"),
                match("ssh", WAZUH + "ruleset-testing/sshd.log", 31, "0017 - Address not mapped",
                        "plugin_sid=16", "src_ip=192.168.18.54", "dst_ip=ar-agent", "dst_port=22",
                        "userdata1=nmap.18.168.192.in-addr.arpa"),
                // plugin_sid={translate($sid)} of "Version"
                match("ssh", FAIL2BAN + "sshd.log", 287, "0022 - Recieved connection",
                        "plugin_sid=22", "src_ip=127.0.0.1", "dst_ip=host", "src_port=1780", "dst_port=22"),
                match("ssh", CROWDSEC + "sshd-logs/sshd-logs.log", 22, "0024 - Conection closed ",
                        "plugin_sid=27", "src_ip=118.27.24.104", "dst_ip=myhost", "dst_port=22"),
                // (?P<user>.*) runs to the end of the line
                match("ssh", FAIL2BAN + "sshd.log", 101, "0026 - Input_userauth_request",
                        "plugin_sid=96", "dst_ip=host", "dst_port=22", "username=root [preauth]"),
                match("ssh", FAIL2BAN + "sshd.log", 153, "0028 - Failed publickey",
                        "plugin_sid=2", "src_ip=aaaa:bbbb:cccc:1234::1:1", "dst_ip=mercury", "src_port=37955", "dst_port=22",
                        "username=graysky"),
                none("ssh", CROWDSEC + "sshd-logs/sshd-logs.log", 4,
                        "no ssh rule for pam_unix(sshd:auth) lines"),
                none("ssh", CROWDSEC + "opnsense-sshd/opnsense-sshd.log", 1,
                        "RFC 5424 as received: no Mmm dd hh:mm:ss date, no sshd[pid]:"),

                // sudo (plugin_id 4005)
                match("sudo", OSSEC + "log-entries/1401.log", 2, "0005 - sudo - incorrect password attempts",
                        "plugin_sid=9", "dst_ip=nogan", "username=test2", "userdata1=/home/test2", "userdata2=/bin/ls",
                        "userdata3=root", "userdata4=3"),
                match("sudo", WAZUH + "ruleset-testing/sudo.log", 7, "0005 - sudo - incorrect password attempts",
                        "plugin_sid=9", "dst_ip=precise32", "username=mike", "userdata1=/root", "userdata2=/bin/ls",
                        "userdata3=root", "userdata4=3"),
                // "1 incorrect password attempt" (singular) fails 0005 and falls to 0007
                match("sudo", WAZUH + "ruleset-testing/sudo.log", 5, "0007 - sudo - Command executed",
                        "plugin_sid=3", "dst_ip=precise32", "username=mike", "userdata1=root", "userdata2=/root",
                        "userdata3=/bin/ls"),
                match("sudo", BEATS + "system-auth-test.log", 5, "0007 - sudo - Command executed",
                        "plugin_sid=3", "dst_ip=localhost", "username=vagrant", "userdata1=root", "userdata2=/home/vagrant",
                        "userdata3=/bin/ls"),
                // TSID= between USER= and COMMAND=
                match("sudo", WAZUH + "ruleset-testing/sudo.log", 4, "0007 - sudo - Command executed",
                        "plugin_sid=3", "dst_ip=rheltest", "username=cplummer", "userdata1=root", "userdata2=/home/cplummer1",
                        "userdata3=/bin/bash"),
                // "user NOT in sudoers ; TTY=ttypZ ;": 0004 wants TTY=\S+; with no space before the ;, so 0007 takes
                // it
                match("sudo", WAZUH + "ruleset-testing/sudo.log", 8, "0007 - sudo - Command executed",
                        "plugin_sid=3", "dst_ip=ix", "username=ddp2", "userdata1=root", "userdata2=/home/ddp2",
                        "userdata3=/bin/ls"),
                none("sudo", CROWDSEC + "pam-logs/pam-logs.log", 2,
                        "0002 wants the literal \"uid=1000 euid=0 tty=/dev/pts/1\"; 0007 finds tty= "
                        + "(case-insensitive) but no PWD="),

                // suricata-http (plugin_id 8201)
                none("suricata-http", CROWDSEC + "suricata-logs-evelog/suricata-logs-evelog.log", 1,
                        "eve JSON, not http.log"),

                // syslog (plugin_id 4007)
                // BSD syslogd -v adds "<4.3>": the first rule reads it as the sensor and userdata1 is the md5 of the
                // whole line
                match("syslog", FAIL2BAN + "bsd/syslog-v.txt", 1, "syslog - datamining",
                        "plugin_sid=1", "src_ip=<4.3>", "userdata1=fc91ae16f2a4fff7ab225ac0dea444bc", "userdata3=sshd",
                        "userdata4= error: PAM: authentication error for nick from example.com", "userdata5=55624"),
                match("syslog", CROWDSEC + "syslog-logs/syslog-logs.log", 1, "syslog - datamining - all",
                        "plugin_sid=1", "src_ip=sd-126005", "userdata1=ebb17ffd26e6775eca91d3776103ec88",
                        "userdata3=Invalid user pascal from 35.188.49.176 port 53502"),
                none("syslog", PLASO + "syslog/syslog_rsyslog.log", 1,
                        "RFC 3339 timestamp, not \\SYSLOG_DATE"),

                // vsftpd (plugin_id 1576)
                match("vsftpd", CROWDSEC + "vsftpd-logs/vsftpd-logs.log", 5, "vsftp-generic",
                        "plugin_sid=530", "src_ip=1.2.3.4", "src_port=0", "dst_port=21"),
                none("vsftpd", CROWDSEC + "vsftpd-logs/vsftpd-logs.log", 3,
                        "only \"FTP response|command\" lines are read"),
                none("vsftpd", OSSEC + "log-entries/xferlog.log", 1,
                        "xferlog format")
        );
    }

    @BeforeAll
    static void loadTheFixturePlugins() {
        root = fixtures();
        Path ossim = root.resolve("ossim");
        engine = ContentLoader.load(new ContentLoader.Options(List.of(ossim.resolve("plugins"), ossim.resolve("plugin_sids"),
                ossim.resolve("agent/aliases.cfg"), ossim.resolve("agent/config.cfg")), false, ZoneOffset.UTC, false,
                "10.0.0.1", Map.of()), new SimpleMeterRegistry());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theRuleAndTheFieldsThePluginGives(Case c) {
        OssimPlugin plugin = plugin(c.plugin());
        String text = text(c);
        // A trace keeps the search inside this plugin (see matchPluginWithoutATraceStaysInsideThePlugin).
        Optional<RuleMatch> m = engine.matchPlugin(text, plugin, new ArrayList<>());
        if (c.rule() == null) {
            assertThat(m.map(x -> x.rule().name())).as("no rule of %s should take:%n%s%n(%s)", c.plugin(), text, c.why()).isEmpty();
            return;
        }
        assertThat(m).as("a rule of %s should take:%n%s", c.plugin(), text).isPresent();
        assertThat(m.get().plugin()).isSameAs(plugin);
        assertThat(m.get().rule().name()).as("the rule that takes:%n%s", text).isEqualTo(c.rule());
        Map<String, String> values = engine.evaluate(m.get(), REFERENCE);
        Map<String, String> actual = new TreeMap<>();
        for (String f : CHECKED) {
            String v = values.get(f);
            if (v != null && !v.isEmpty()) actual.put(f, v);
        }
        assertThat(actual).as("fields of [%s] for:%n%s", c.rule(), text).isEqualTo(c.expected(text));
    }

    /**
     * {@link NormalizationEngine#matchPlugin} promises only that plugin's rules. Without a trace it
     * must give what it gives with one; it does not while, once the plugin's own rules have failed,
     * it goes on to the other plugins' rules whose literals are in the line (and then names a rule
     * of another plugin, e.g. pam_unix's for an sshd pam_unix line given to ssh).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchPluginWithoutATraceStaysInsideThePlugin(Case c) {
        OssimPlugin plugin = plugin(c.plugin());
        String text = text(c);
        Optional<RuleMatch> m = engine.matchPlugin(text, plugin, null);
        assertThat(m.map(x -> x.plugin().name() + " [" + x.rule().name() + "]"))
                .as("matchPlugin(line, %s, null) for:%n%s", c.plugin(), text)
                .isEqualTo(Optional.ofNullable(c.rule()).map(r -> c.plugin() + " [" + r + "]"));
    }

    /** Every fixture plugin with samples (by INDEX.tsv or ossim/samples) has cases here; the others have none to have. */
    @Test
    void everyPluginWithSamplesHasCases() throws IOException {
        Set<String> plugins = new TreeSet<>();
        try (Stream<Path> s = Files.list(root.resolve("ossim/plugins"))) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".cfg"))
                    .forEach(n -> plugins.add(n.substring(0, n.length() - 4)));
        }
        Set<String> withSamples = new TreeSet<>();
        List<String> index = Fixtures.lines(root.resolve("logs/INDEX.tsv"));
        for (String row : index.subList(1, index.size())) {
            String[] cols = row.split("\t");
            if (cols.length < 4) continue;
            for (String token : Pattern.compile("[\\s/(),;]+").split(cols[3])) {
                if (plugins.contains(token)) withSamples.add(token);
            }
        }
        try (Stream<Path> s = Files.list(root.resolve("ossim/samples"))) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".log"))
                    .map(n -> n.substring(0, n.length() - 4)).filter(plugins::contains).forEach(withSamples::add);
        }
        Set<String> covered = cases().map(Case::plugin).collect(Collectors.toCollection(TreeSet::new));
        assertThat(covered).containsExactlyInAnyOrderElementsOf(withSamples);
        assertThat(PLUGIN_ID.keySet()).containsExactlyInAnyOrderElementsOf(withSamples);
        for (String p : withSamples) {
            assertThat(plugin(p).pluginId()).as("plugin_id of %s", p).hasToString(PLUGIN_ID.get(p));
        }
        System.out.printf("%d plugins with samples, %d cases (%d matching a rule); no samples: %s%n", withSamples.size(),
                cases().count(), cases().filter(c -> c.rule() != null).count(),
                plugins.stream().filter(p -> !withSamples.contains(p)).toList());
    }

    /** apache.cfg's exclude_sids=200: the agent drops its 200 events (Detector._exclude_event). */
    @Test
    void apacheExcludesItsSid200() {
        assertThat(plugin("apache").excludeSids()).containsExactly("200");
        assertThat(plugin("apache").excluded("200")).isTrue();
    }

    private static OssimPlugin plugin(String name) {
        return engine.plugins().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("plugin " + name + " did not load: " + engine.errors()));
    }

    /** The case's lines, joined with a newline when there are several. */
    private static String text(Case c) {
        Path file = root.resolve(c.file());
        assumeTrue(Files.isRegularFile(file), "fixture " + file + " is missing: case skipped");
        List<String> all = Fixtures.lines(file);
        List<String> picked = new ArrayList<>();
        for (int n : c.lines()) {
            assertThat(n).as("line %d of %s", n, c.file()).isBetween(1, all.size());
            picked.add(all.get(n - 1));
        }
        return String.join("\n", picked);
    }

    /** The fixtures folder: Fixtures' (vigil.fixtures, VIGIL_FIXTURES), else ../shared/fixtures next to the project. */
    static Path fixtures() {
        Optional<Path> found = Fixtures.find();
        if (found.isPresent()) return found.get();
        for (Path p : List.of(Path.of("..", "shared", "fixtures"), Path.of("..", "..", "shared", "fixtures"))) {
            if (Files.isDirectory(p.resolve("ossim"))) return p;
        }
        assumeTrue(false, "fixtures folder not found (vigil.fixtures, VIGIL_FIXTURES, ../shared/fixtures): sample tests skipped");
        return null;
    }
}
