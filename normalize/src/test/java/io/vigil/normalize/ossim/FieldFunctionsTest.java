package io.vigil.normalize.ossim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class FieldFunctionsTest {

    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    static final FieldFunctions F =
            FieldFunctions.builder().zone(ZoneOffset.UTC).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();

    static String call(String name, String... args) {
        return F.call(name, List.of(args));
    }

    /** A resolver that fails the test if it is asked anything. */
    static final HostResolver NEVER = new HostResolver() {
        @Override
        public String lookup(String name) {
            throw new AssertionError("looked up " + name);
        }

        @Override
        public String reverse(String address) {
            throw new AssertionError("looked up " + address);
        }
    };

    /** A resolver answering from a table, counting lookups. */
    static final class TableResolver implements HostResolver {
        final Map<String, String> forward;
        final Map<String, String> back;
        final Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();

        TableResolver(Map<String, String> forward, Map<String, String> back) {
            this.forward = forward;
            this.back = back;
        }

        @Override
        public String lookup(String name) {
            asked.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
            return forward.get(name);
        }

        @Override
        public String reverse(String address) {
            asked.computeIfAbsent(address, k -> new AtomicInteger()).incrementAndGet();
            return back.get(address);
        }
    }

    @Test
    void everyFunctionOfTheAgent() {
        assertThat(FieldFunctions.names()).containsExactlyInAnyOrder(
                "normalize_date", "normalize_date_american", "resolv", "resolv_ip", "resolv_port", "resolv_iface",
                "normalize_protocol", "md5sum", "snort_id", "upper", "sanitize", "hextoint", "checkValue",
                "convert_month_name_to_digit", "intrushield_sid", "netscreen_idp_sid", "iss_siteprotector_sid",
                "translate_wsaea_IDs", "geoip_getData", "geoip_getCity", "geoip_getCountryCode",
                "geoip_getCountryCode3", "geoip_getCountryName", "geoip_getDmaCode", "geoip_getLatitude",
                "geoip_getLongitude", "geoip_getMetroCode", "geoip_getPostalCode", "geoip_getRegionCode",
                "geoip_getRegionName", "geoip_getTimeZone");
        assertThat(FieldFunctions.has("translate")).isFalse(); // the template's own
        assertThatThrownBy(() -> call("nosuch", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> call("upper", "a", "b")).hasMessage("upper takes 1 argument, not 2");
        assertThatThrownBy(() -> call("normalize_date")).hasMessage("normalize_date takes 1 or 2 arguments, not 0");
    }

    // ---- dates

    @Test
    void normalizeDate() {
        assertThat(call("normalize_date", "Oct 27 10:50:46")).isEqualTo("2026-10-27T10:50:46Z");
        assertThat(call("normalize_date", "")).isEmpty();
        assertThat(call("normalize_date", "not a date")).isEqualTo("not a date"); // the agent returns the text
        assertThat(call("normalize_date_american", "01/02/12 10:00:00")).isEqualTo("2012-01-02T10:00:00Z");
        assertThat(call("normalize_date", "01/02/12 10:00:00")).isEqualTo("2012-02-01T10:00:00Z");
        // the agent's second parameter, american_format, is true for any non-empty text
        assertThat(call("normalize_date", "01/02/12 10:00:00", "yes")).isEqualTo("2012-01-02T10:00:00Z");
        assertThat(call("normalize_date", "01/02/12 10:00:00", "")).isEqualTo("2012-02-01T10:00:00Z");
        assertThat(F.normalizeDate("Dec 31 23:59:58", Instant.parse("2027-01-01T00:00:01Z")))
                .isEqualTo(Instant.parse("2026-12-31T23:59:58Z"));
        assertThat(F.call("normalize_date", List.of("Dec 31 23:59:58"), Instant.parse("2027-01-01T00:00:01Z")))
                .isEqualTo("2026-12-31T23:59:58Z");
    }

    @Test
    void zoneIsConfigurableAndSharesTheRest() {
        FieldFunctions paris = F.withZone(ZoneId.of("Europe/Paris"));
        assertThat(paris.zone()).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(paris.clock()).isSameAs(F.clock());
        assertThat(paris.call("normalize_date", List.of("Nov 25 10:00:00"))).isEqualTo("2026-11-25T09:00:00Z");
        assertThat(F.withZone(ZoneOffset.UTC)).isSameAs(F);
        assertThat(FieldFunctions.defaults().zone()).isEqualTo(ZoneId.systemDefault());
        assertThat(call("convert_month_name_to_digit", "Nov")).isEqualTo("11");
        assertThat(call("convert_month_name_to_digit", "enero")).isEqualTo("1");
    }

    // ---- resolv

    @Test
    void resolvIsOffByDefaultAndNamesPassThrough() {
        try (FieldFunctions f = FieldFunctions.builder().hostResolver(NEVER).build()) {
            assertThat(f.resolv("db.example.test")).isEqualTo("db.example.test");
            assertThat(f.resolv("Mixed.Case")).isEqualTo("Mixed.Case");
            assertThat(f.resolv("10.0.0.1")).isEqualTo("10.0.0.1");
            assertThat(f.resolv("")).isEmpty();
            assertThat(f.resolvIp("10.0.0.1")).isEqualTo("10.0.0.1");
            assertThat(f.hostStats()).isNull();
        }
    }

    @Test
    void addressesAreNeverLookedUp() {
        try (FieldFunctions f = FieldFunctions.builder().resolveNames(true).hostResolver(NEVER).build()) {
            for (String ip : List.of("10.0.0.1", "255.255.255.255", "::1", "fe80::1%eth0", "2001:db8::8:800:200c:417a",
                    "::ffff:192.0.2.1", "1:2:3:4:5:6:7:8")) {
                assertThat(f.resolv(ip)).isEqualTo(ip);
            }
            assertThat(f.hostStats().misses()).isZero();
        }
        assertThat(HostAddresses.isLiteral("256.1.1.1")).isFalse();
        assertThat(HostAddresses.isLiteral("1.2.3")).isFalse();
        assertThat(HostAddresses.isLiteral("1.2.3.4.5")).isFalse();
        assertThat(HostAddresses.isLiteral("1:2:3:4:5:6:7:8:9")).isFalse();
        assertThat(HostAddresses.isLiteral("1::2::3")).isFalse();
        assertThat(HostAddresses.isLiteral("cafe")).isFalse();
        assertThat(HostAddresses.isLiteral("face:b00c")).isFalse();
        assertThat(HostAddresses.isLiteral("::")).isTrue();
        assertThat(HostAddresses.isLiteral("a::")).isTrue();
    }

    @Test
    void knownHostsAnswerWithoutAnyLookup() {
        Map<String, String> assets = Map.of("db01", "192.0.2.10");
        try (FieldFunctions f = FieldFunctions.builder().hostResolver(NEVER).knownHosts(assets::get).build()) {
            assertThat(f.resolv("DB01")).isEqualTo("192.0.2.10");
            assertThat(f.resolv("web01")).isEqualTo("web01");
        }
    }

    @Test
    void resolvAnswersFromTheCacheAfterABackgroundLookup() {
        TableResolver table = new TableResolver(Map.of("db.example.test", "192.0.2.7"), Map.of("192.0.2.7", "db.example.test"));
        try (FieldFunctions f = FieldFunctions.builder().resolveNames(true).resolveAddresses(true).hostResolver(table).build()) {
            // first call: a miss, the name unchanged
            assertThat(f.resolv("db.example.test")).isEqualTo("db.example.test");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> f.resolv("db.example.test").equals("192.0.2.7"));
            // names are looked up lowercased, one cache entry for both spellings
            assertThat(f.resolv("DB.Example.Test")).isEqualTo("192.0.2.7");
            // unknown names: looked up once, then the negative answer is cached
            assertThat(f.resolv("nosuch.example.test")).isEqualTo("nosuch.example.test");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> f.hostStats().failures() == 1);
            for (int i = 0; i < 100; i++) assertThat(f.resolv("nosuch.example.test")).isEqualTo("nosuch.example.test");
            assertThat(table.asked.get("nosuch.example.test")).hasValue(1);
            assertThat(table.asked.get("db.example.test")).hasValue(1);
            // reverse
            assertThat(f.resolvIp("192.0.2.7")).isEqualTo("192.0.2.7");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> f.resolvIp("192.0.2.7").equals("db.example.test"));
            assertThat(f.resolvIp("not-an-address")).isEqualTo("not-an-address");
        }
    }

    @Test
    void aResolverThatHangsNeitherBlocksNorIsAskedTwice() {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger asked = new AtomicInteger();
        HostResolver hanging = name -> {
            asked.incrementAndGet();
            release.await();
            return "192.0.2.9";
        };
        HostCache.Settings settings = HostCache.Settings.defaults().withTimeout(Duration.ofMillis(200));
        try (FieldFunctions f = FieldFunctions.builder().resolveNames(true).hostResolver(hanging).hostCache(settings).build()) {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                for (int i = 0; i < 10_000; i++) assertThat(f.resolv("slow.example.test")).isEqualTo("slow.example.test");
            });
            // past the timeout the lookup counts as failed; the name stays unchanged
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> f.hostStats().timeouts() == 1);
            assertThat(f.resolv("slow.example.test")).isEqualTo("slow.example.test");
            assertThat(asked).hasValue(1);
        } finally {
            release.countDown();
        }
    }

    @Test
    void aFullLookupQueueDropsAndCounts() {
        CountDownLatch release = new CountDownLatch(1);
        HostResolver hanging = name -> {
            release.await();
            return null;
        };
        HostCache.Settings one = new HostCache.Settings(100, Duration.ofMinutes(1), Duration.ofMinutes(1),
                Duration.ofMinutes(1), 1, 1);
        try (FieldFunctions f = FieldFunctions.builder().resolveNames(true).hostResolver(hanging).hostCache(one).build()) {
            for (int i = 0; i < 10; i++) assertThat(f.resolv("h" + i + ".example.test")).isEqualTo("h" + i + ".example.test");
            // one running, one queued, the rest dropped
            assertThat(f.hostStats().dropped()).isGreaterThanOrEqualTo(7);
        } finally {
            release.countDown();
        }
    }

    // ---- ports, protocols, interfaces

    @Test
    void resolvPort() {
        assertThat(call("resolv_port", "ssh")).isEqualTo("22");
        assertThat(call("resolv_port", "HTTP")).isEqualTo("80");
        assertThat(call("resolv_port", "https")).isEqualTo("443");
        assertThat(call("resolv_port", "22")).isEqualTo("22");
        assertThat(call("resolv_port", "no-such-service")).isEqualTo("no-such-service");
        assertThat(call("resolv_port", "")).isEmpty();
        FieldServices own = FieldServices.parse(new StringReader("""
                # comment
                vigil-link 33800/tcp link   # the Sensor-Server link
                ssh 2222/tcp
                broken
                """));
        try (FieldFunctions f = FieldFunctions.builder().services(own).build()) {
            assertThat(f.resolvPort("vigil-link")).isEqualTo("33800");
            assertThat(f.resolvPort("link")).isEqualTo("33800");
            assertThat(f.resolvPort("ssh")).isEqualTo("2222"); // the file before the built-in table
            assertThat(f.resolvPort("smtp")).isEqualTo("25");
        }
        assertThat(FieldServices.builtIn().port("syslog")).isEqualTo("514");
        assertThat(FieldServices.builtIn().port("nosuch")).isNull();
    }

    @Test
    void normalizeProtocol() {
        assertThat(call("normalize_protocol", "6")).isEqualTo("tcp");
        assertThat(call("normalize_protocol", "17")).isEqualTo("udp");
        assertThat(call("normalize_protocol", "1")).isEqualTo("icmp");
        assertThat(call("normalize_protocol", "TCP")).isEqualTo("tcp");
        assertThat(call("normalize_protocol", "47")).isEqualTo("47");
        assertThat(call("normalize_protocol", "ICMPv6")).isEqualTo("icmpv6");
    }

    @Test
    void resolvIface() {
        assertThat(call("resolv_iface", "ext1")).isEqualTo("ext");
        assertThat(call("resolv_iface", "wan1")).isEqualTo("ext");
        assertThat(call("resolv_iface", "wan2")).isEqualTo("int");
        assertThat(call("resolv_iface", "port3")).isEqualTo("int");
        assertThat(call("resolv_iface", "dmz")).isEqualTo("int");
        assertThat(call("resolv_iface", "internal")).isEqualTo("int");
        assertThat(call("resolv_iface", "eth0")).isEqualTo("eth0");
        assertThat(call("resolv_iface", "EXT")).isEqualTo("EXT"); // case-sensitive, as re.match
    }

    // ---- text and numbers

    @Test
    void textFunctions() {
        assertThat(call("md5sum", "hello")).isEqualTo("5d41402abc4b2a76b9719d911017c592");
        assertThat(call("md5sum", "")).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
        assertThat(call("md5sum", "é")).isEqualTo("66ddcd97cfdeabb2f6fb8a999b4bc76f"); // of the UTF-8 bytes
        assertThat(call("md5sum", "hello", "7")).isEqualTo("5d41402abc4b2a76b9719d911017c592");
        assertThat(call("upper", "root é")).isEqualTo("ROOT é"); // a Python 2 byte string: ASCII only
        assertThat(call("sanitize", "a\nb\n")).isEqualTo("a\rb\r");
        assertThat(call("checkValue", "")).isEqualTo("0");
        assertThat(call("checkValue", "0")).isEqualTo("0");
        assertThat(call("checkValue", "1")).isEqualTo("0");
        assertThat(call("checkValue", "yes")).isEqualTo("1");
    }

    @Test
    void numbers() {
        assertThat(call("snort_id", "1")).isEqualTo("1001");
        assertThat(call("snort_id", " 119 ")).isEqualTo("1119");
        assertThat(call("snort_id", "-5")).isEqualTo("995");
        assertThat(call("snort_id", "abc")).isEqualTo("abc");
        assertThat(call("snort_id", "")).isEmpty();
        assertThat(call("hextoint", "ff")).isEqualTo("255");
        assertThat(call("hextoint", "0x1F")).isEqualTo("31");
        assertThat(call("hextoint", "-a")).isEqualTo("-10");
        assertThat(call("hextoint", "ffffffffffffffffffff")).isEqualTo("1208925819614629174706175");
        assertThat(call("hextoint", "zz")).isEqualTo("zz");
        assertThat(call("hextoint", "0x")).isEqualTo("0x");
    }

    @Test
    void intrushieldSidAsTheAgentComputesIt() {
        // Python 2 (64-bit) hash values the agent's computation relies on
        assertThat(FieldFunctions.python2Hash("a".getBytes())).isEqualTo(12416037344L);
        assertThat(FieldFunctions.python2Hash("abc".getBytes())).isEqualTo(1453079729188098211L);
        assertThat(FieldFunctions.python2Hash(new byte[0])).isZero();
        assertThat(call("intrushield_sid", "0x40001200", "HTTP-IIS-Unicode-Traversal")).isEqualTo("26877508");
        assertThat(call("intrushield_sid", "ff00", "a")).isEqualTo("76037599");
        assertThat(call("intrushield_sid", "nothex", "a")).isEqualTo("nothex");
    }

    // ---- tables and GeoIP that are not shipped

    @Test
    void sidTablesAnswer99999WhenUnknown() {
        assertThat(call("netscreen_idp_sid", "TROJAN:X")).isEqualTo("99999");
        assertThat(call("iss_siteprotector_sid", "x")).isEqualTo("99999");
        try (FieldFunctions f = FieldFunctions.builder().netscreenIdpSids(Map.of("TROJAN:X", "5"))
                .siteProtectorSids(Map.of("sig", "12")).build()) {
            assertThat(f.netscreenIdpSid("TROJAN:X")).isEqualTo("5");
            assertThat(f.issSiteprotectorSid("sig")).isEqualTo("12");
            assertThat(f.issSiteprotectorSid("other")).isEqualTo("99999");
        }
    }

    @Test
    void windowsAccessIds() {
        assertThat(call("translate_wsaea_IDs", "%%1537 %%1538")).isEqualTo("%%1537 %%1538");
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("%%1537", "DELETE");
        ids.put("%%1538", "READ_CONTROL");
        ids.put("%%4416", "ReadData");
        try (FieldFunctions f = FieldFunctions.builder().windowsAccessIds(ids).build()) {
            assertThat(f.translateWsaeaIds("%%1538\n%%1537")).isEqualTo("DELETE, READ_CONTROL, ");
            assertThat(f.translateWsaeaIds("nothing")).isEmpty();
        }
    }

    @Test
    void geoip() {
        assertThat(call("geoip_getCountryCode", "192.0.2.1")).isEmpty();
        assertThat(call("geoip_getData", "192.0.2.1", "city")).isEmpty();
        FieldGeoLookup geo = (address, field) -> address.equals("192.0.2.1") ? field + "-of-" + address : null;
        try (FieldFunctions f = FieldFunctions.builder().geo(geo).build()) {
            assertThat(f.call("geoip_getCountryCode", List.of("192.0.2.1"))).isEqualTo("country_code-of-192.0.2.1");
            assertThat(f.call("geoip_getCity", List.of("192.0.2.1"))).isEqualTo("city-of-192.0.2.1");
            assertThat(f.call("geoip_getRegionCode", List.of("192.0.2.1"))).isEqualTo("region-of-192.0.2.1");
            assertThat(f.call("geoip_getTimeZone", List.of("192.0.2.1"))).isEqualTo("time_zone-of-192.0.2.1");
            assertThat(f.call("geoip_getCity", List.of("192.0.2.2"))).isEmpty();
        }
    }
}
