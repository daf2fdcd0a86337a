package io.vigil.normalize.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValuesAndTimesTest {

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "192.0.2.1", "255.255.255.255", "::", "::1", "2001:db8::1", "fe80::1%eth0",
        "fe80:0:0:0:90e:17af:263c:5209", "1:2:3:4:5:6:7:8", "::ffff:10.0.0.1", "64:ff9b::192.0.2.33", "1::", "[2001:db8::2]"})
    void addresses(String ip) {
        assertThat(Values.ip(ip)).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "256.1.1.1", "1.2.3", "1.2.3.4.5", "01234.1.1.1", "1.2.3.4 ", "a.b.c.d", "web01",
        ":::", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::1", "g::1", ":1:2", "1:2:", "%eth0", "fe80::1%",
        "\u0661.2.3.4", "1.2.3.\u0664"})
    void notAddresses(String ip) {
        if (ip.equals("1.2.3.4 ")) {
            assertThat(Values.ip(ip)).isEqualTo("1.2.3.4"); // surrounding blanks are dropped
            return;
        }
        assertThat(Values.ip(ip)).isNull();
    }

    @Test
    void mappedAddressesAreWrittenAsIpv4() {
        assertThat(Values.ip("::ffff:192.0.2.5")).isEqualTo("192.0.2.5");
        assertThat(Values.ip("::FFFF:192.0.2.5")).isEqualTo("192.0.2.5");
    }

    @Test
    void portsProtocolsPlaceholders() {
        assertThat(Values.port("0")).isZero();
        assertThat(Values.port(" 65535 ")).isEqualTo(65535);
        assertThat(Values.port("65536")).isNull();
        assertThat(Values.port("-1")).isNull();
        assertThat(Values.port("８０")).isNull(); // full-width digits are not a port
        assertThat(Values.protocol("6")).isEqualTo("TCP");
        assertThat(Values.protocol("17")).isEqualTo("UDP");
        assertThat(Values.protocol("1")).isEqualTo("ICMP");
        assertThat(Values.protocol("47")).isEqualTo("47");
        assertThat(Values.protocol("tcp")).isEqualTo("TCP");
        assertThat(Values.placeholder("-")).isTrue();
        assertThat(Values.placeholder(" n/a ")).isTrue();
        assertThat(Values.placeholder("0")).isFalse();
        assertThat(Values.key("URL Cat  x")).isEqualTo("URL_Cat_x");
    }

    @Test
    void times() {
        Clock clock = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);
        ZoneId utc = ZoneOffset.UTC;
        assertThat(Times.parse("1700000000", utc, clock)).isEqualTo(Instant.parse("2023-11-14T22:13:20Z"));
        assertThat(Times.parse("1700000000123", utc, clock)).isEqualTo(Instant.parse("2023-11-14T22:13:20.123Z"));
        assertThat(Times.parse("1700000000123456", utc, clock)).isEqualTo(Instant.parse("2023-11-14T22:13:20.123456Z"));
        assertThat(Times.parse("1700000000123456789", utc, clock)).isEqualTo(Instant.parse("2023-11-14T22:13:20.123456789Z"));
        assertThat(Times.parse("1700000000.5", utc, clock)).isEqualTo(Instant.parse("2023-11-14T22:13:20.5Z"));
        assertThat(Times.parse("2026-11-25T10:00:00Z", utc, clock)).isEqualTo(Instant.parse("2026-11-25T10:00:00Z"));
        assertThat(Times.parse("2026-11-25 10:00:00,25+0100", utc, clock)).isEqualTo(Instant.parse("2026-11-25T09:00:00.25Z"));
        assertThat(Times.parse("2026-11-25T10:00+01", utc, clock)).isEqualTo(Instant.parse("2026-11-25T09:00:00Z"));
        assertThat(Times.parse("2026-11-25", utc, clock)).isEqualTo(Instant.parse("2026-11-25T00:00:00Z"));
        assertThat(Times.parse("2026-11-25T10:00:00 Europe/Paris", utc, clock)).isEqualTo(Instant.parse("2026-11-25T09:00:00Z"));
        assertThat(Times.parse("Nov 25 2026 10:00:00 PST", utc, clock)).isEqualTo(Instant.parse("2026-11-25T18:00:00Z"));
        assertThat(Times.parse("nov 25, 2026 10:00:00", utc, clock)).isEqualTo(Instant.parse("2026-11-25T10:00:00Z"));
        assertThat(Times.parse("May 31 23:00:00", utc, clock)).isEqualTo(Instant.parse("2026-05-31T23:00:00Z"));
        assertThat(Times.parse("Dec 31 23:00:00", utc, clock)).isEqualTo(Instant.parse("2025-12-31T23:00:00Z"));
        for (String bad : new String[] {"", "soon", "2026-13-01", "2026-02-30T00:00:00", "Foo 25 2026 10:00:00",
            "Nov 25 2026 10:00:00 Mars/Olympus", "99999999999999999999", "1.2.3", "2026-11-25T25:00:00", "12ms", "-5"}) {
            assertThat(Times.parse(bad, utc, clock)).as(bad).isNull();
        }
        assertThat(Times.withPattern("25/11/2026", "dd/MM/yyyy", utc)).isEqualTo(Instant.parse("2026-11-25T00:00:00Z"));
        assertThat(Times.withPattern("25/11/2026 junk", "dd/MM/yyyy", utc)).isNull();
        assertThat(Times.withPattern("x", "qqq", utc)).isNull();
    }
}
