package io.vigil.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.core.event.Event;
import io.vigil.core.event.RawEvent;
import io.vigil.core.event.Uuid7;
import io.vigil.core.metrics.CollectorMetrics;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SyslogParserTest {
    private static final Instant RECEIVED = Instant.parse("2026-11-25T10:00:05Z");
    private final SyslogParser utc = new SyslogParser(ZoneOffset.UTC);

    private static RawEvent raw(byte[] bytes, Instant received, int flags) {
        return new RawEvent(Uuid7.next(), received.toEpochMilli(), "syslog-udp", "192.0.2.7:40000", flags, bytes);
    }

    private static RawEvent raw(String text, Instant received) {
        return raw(text.getBytes(StandardCharsets.UTF_8), received, 0);
    }

    private Event parse(String text) {
        return utc.parse(raw(text, RECEIVED));
    }

    // ------------------------------------------------------------ RFC 3164

    @Test
    void typicalSshdLine() {
        Event e = parse("<38>Nov 25 10:00:00 web1 sshd[4321]: Failed password for root from 203.0.113.5 port 22 ssh2");
        assertThat(e.malformed()).isFalse();
        assertThat(e.facility()).isEqualTo(4);
        assertThat(e.severity()).isEqualTo(6);
        assertThat(e.time()).isEqualTo(Instant.parse("2026-11-25T10:00:00Z"));
        assertThat(e.received()).isEqualTo(RECEIVED);
        assertThat(e.host()).isEqualTo("web1");
        assertThat(e.app()).isEqualTo("sshd");
        assertThat(e.procid()).isEqualTo("4321");
        assertThat(e.message()).isEqualTo("Failed password for root from 203.0.113.5 port 22 ssh2");
        assertThat(e.log()).isEqualTo("<38>Nov 25 10:00:00 web1 sshd[4321]: Failed password for root from 203.0.113.5 port 22 ssh2");
        assertThat(e.collector()).isEqualTo("syslog-udp");
        assertThat(e.peer()).isEqualTo("192.0.2.7:40000");
        assertThat(e.id()).isNotNull();
        assertThat(e.structuredData()).isNull();
        assertThat(e.msgid()).isNull();
    }

    @Test
    void singleDigitDayPaddedWithSpaceOrNot() {
        assertThat(parse("<13>Nov  5 09:08:07 host app: msg").time()).isEqualTo(Instant.parse("2026-11-05T09:08:07Z"));
        Event e = parse("<13>Nov 5 09:08:07 host app: msg");
        assertThat(e.time()).isEqualTo(Instant.parse("2026-11-05T09:08:07Z"));
        assertThat(e.host()).isEqualTo("host");
        assertThat(e.message()).isEqualTo("msg");
    }

    @Test
    void tagWithoutPidAndTagsWithSlashes() {
        Event e = parse("<86>Nov 25 09:59:01 mail postfix/smtpd[1234]: connect from unknown[198.51.100.2]");
        assertThat(e.app()).isEqualTo("postfix/smtpd");
        assertThat(e.procid()).isEqualTo("1234");
        assertThat(e.message()).isEqualTo("connect from unknown[198.51.100.2]");
        Event k = parse("<4>Nov 25 09:59:01 fw kernel: [12345.678] IN=eth0 OUT= SRC=198.51.100.2");
        assertThat(k.app()).isEqualTo("kernel");
        assertThat(k.procid()).isNull();
        assertThat(k.message()).isEqualTo("[12345.678] IN=eth0 OUT= SRC=198.51.100.2");
    }

    @Test
    void zoneLessTimestampsUseTheConfiguredZone() {
        SyslogParser paris = new SyslogParser(ZoneId.of("Europe/Paris"));
        Event summer = paris.parse(raw("<13>Jul  1 12:00:00 h a: m", Instant.parse("2026-07-01T10:05:00Z")));
        assertThat(summer.time()).isEqualTo(Instant.parse("2026-07-01T10:00:00Z"));
        Event winter = paris.parse(raw("<13>Jan 15 12:00:00 h a: m", Instant.parse("2026-01-15T11:05:00Z")));
        assertThat(winter.time()).isEqualTo(Instant.parse("2026-01-15T11:00:00Z"));
        // The cached offset must not leak across a DST change.
        Event after = paris.parse(raw("<13>Mar 29 03:30:00 h a: m", Instant.parse("2026-03-29T02:00:00Z")));
        assertThat(after.time()).isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
        Event before = paris.parse(raw("<13>Mar 29 01:30:00 h a: m", Instant.parse("2026-03-29T02:00:00Z")));
        assertThat(before.time()).isEqualTo(Instant.parse("2026-03-29T00:30:00Z"));
        SyslogParser newYork = new SyslogParser(ZoneId.of("America/New_York"));
        assertThat(newYork.parse(raw("<13>Nov 25 05:00:00 h a: m", RECEIVED)).time()).isEqualTo(Instant.parse("2026-11-25T10:00:00Z"));
    }

    @Test
    void yearComesFromTheReceiveTimeAroundNewYear() {
        // Sent just before midnight, received just after: last year.
        Event late = utc.parse(raw("<13>Dec 31 23:59:50 h a: m", Instant.parse("2027-01-01T00:00:10Z")));
        assertThat(late.time()).isEqualTo(Instant.parse("2026-12-31T23:59:50Z"));
        // Sender's clock a little ahead across midnight: next year, not 364 days ago.
        Event early = utc.parse(raw("<13>Jan  1 00:00:05 h a: m", Instant.parse("2026-12-31T23:59:58Z")));
        assertThat(early.time()).isEqualTo(Instant.parse("2027-01-01T00:00:05Z"));
        // Less than a day ahead is still this year.
        Event ahead = utc.parse(raw("<13>Jun  2 08:00:00 h a: m", Instant.parse("2026-06-01T12:00:00Z")));
        assertThat(ahead.time()).isEqualTo(Instant.parse("2026-06-02T08:00:00Z"));
        // More than a day ahead: the year before.
        Event old = utc.parse(raw("<13>Jun 10 08:00:00 h a: m", Instant.parse("2026-06-01T12:00:00Z")));
        assertThat(old.time()).isEqualTo(Instant.parse("2025-06-10T08:00:00Z"));
        // A leap day read in a year that has none.
        Event leap = utc.parse(raw("<13>Feb 29 10:00:00 h a: m", Instant.parse("2029-01-02T00:00:00Z")));
        assertThat(leap.time()).isEqualTo(Instant.parse("2028-02-29T10:00:00Z"));
    }

    @Test
    void yearInferenceUsesTheConfiguredZonesCalendar() {
        // 2027-01-01T02:00 in Tokyo is still 2026 in UTC; the message says Jan 1 (Tokyo time).
        SyslogParser tokyo = new SyslogParser(ZoneId.of("Asia/Tokyo"));
        Event e = tokyo.parse(raw("<13>Jan  1 01:59:00 h a: m", Instant.parse("2026-12-31T17:00:00Z")));
        assertThat(e.time()).isEqualTo(Instant.parse("2026-12-31T16:59:00Z"));
    }

    @Test
    void timestampWithYearAndFraction() {
        assertThat(parse("<13>Nov 25 2025 10:00:00 h a: m").time()).isEqualTo(Instant.parse("2025-11-25T10:00:00Z"));
        assertThat(parse("<13>Nov 25 10:00:00.250 h a: m").time()).isEqualTo(Instant.parse("2026-11-25T10:00:00.250Z"));
    }

    @Test
    void rfc3339TimestampInTheBsdPosition() {
        Event e = parse("<13>2026-11-25T10:00:00.123+01:00 host tag: msg");
        assertThat(e.time()).isEqualTo(Instant.parse("2026-11-25T09:00:00.123Z"));
        assertThat(e.host()).isEqualTo("host");
        assertThat(e.app()).isEqualTo("tag");
        assertThat(e.message()).isEqualTo("msg");
        assertThat(parse("<13>2026-11-25T10:00:00Z host tag: msg").time()).isEqualTo(Instant.parse("2026-11-25T10:00:00Z"));
        // No offset: the configured zone.
        SyslogParser paris = new SyslogParser(ZoneId.of("Europe/Paris"));
        assertThat(paris.parse(raw("<13>2026-11-25T10:00:00 host tag: msg", RECEIVED)).time())
                .isEqualTo(Instant.parse("2026-11-25T09:00:00Z"));
    }

    @Test
    void missingHostnameWhenTheTagFollowsTheTimestamp() {
        Event e = parse("<13>Nov 25 10:00:00 sshd[123]: session opened");
        assertThat(e.host()).isNull();
        assertThat(e.app()).isEqualTo("sshd");
        assertThat(e.procid()).isEqualTo("123");
        assertThat(e.message()).isEqualTo("session opened");
        Event f = parse("<13>Nov 25 10:00:00 myapp: hello there");
        assertThat(f.host()).isNull();
        assertThat(f.app()).isEqualTo("myapp");
        assertThat(f.message()).isEqualTo("hello there");
        Event ipv6 = parse("<13>Nov 25 10:00:00 2001:db8::1 app: hi");
        assertThat(ipv6.host()).isEqualTo("2001:db8::1");
        assertThat(ipv6.app()).isEqualTo("app");
    }

    @Test
    void noPriButAHeaderIsStillSyslog() {
        Event e = parse("Nov 25 10:00:00 host app[9]: msg");
        assertThat(e.malformed()).isFalse();
        assertThat(e.facility()).isNull();
        assertThat(e.severity()).isNull();
        assertThat(e.host()).isEqualTo("host");
        assertThat(e.app()).isEqualTo("app");
        assertThat(e.message()).isEqualTo("msg");
    }

    @Test
    void priWithoutHeaderTakesTheReceiveTime() {
        Event e = parse("<13>hello world");
        assertThat(e.malformed()).isFalse();
        assertThat(e.time()).isEqualTo(RECEIVED);
        assertThat(e.host()).isNull();
        assertThat(e.app()).isEqualTo("hello");
        assertThat(e.message()).isEqualTo("world");
        assertThat(parse("<0>").malformed()).isFalse();
    }

    @Test
    void notSyslogIsMalformedButKept() {
        for (String junk : new String[] {"hello world", "<192>Nov 25 10:00:00 h a: m", "<1234>x", "<>x", "<13", "<x>y", "", "GET / HTTP/1.1"}) {
            Event e = parse(junk);
            assertThat(e.malformed()).as(junk).isTrue();
            assertThat(e.log()).isEqualTo(junk);
            assertThat(e.time()).isEqualTo(RECEIVED);
            assertThat(e.received()).isEqualTo(RECEIVED);
            assertThat(e.facility()).isNull();
            assertThat(e.message()).isNull();
        }
    }

    @Test
    void trailingLineEndsAndNulAreTrimmedControlCharactersKept() {
        Event e = parse("<13>Nov 25 10:00:00 h a: m\u0001\u001b[31m\tx\r\n\u0000");
        assertThat(e.log()).isEqualTo("<13>Nov 25 10:00:00 h a: m\u0001\u001b[31m\tx");
        assertThat(e.message()).isEqualTo("m\u0001\u001b[31m\tx");
        Event junk = parse("\u0007\u0000bell\u001b");
        assertThat(junk.malformed()).isTrue();
        assertThat(junk.log()).isEqualTo("\u0007\u0000bell\u001b");
    }

    @Test
    void invalidUtf8IsReplacedNotRejected() {
        byte[] bytes = concat("<13>Nov 25 10:00:00 h a: caf".getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0xC3}, " \u00e9\u00e9 ".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xFF, (byte) 0xFE, 'x'});
        Event e = utc.parse(raw(bytes, RECEIVED, 0));
        assertThat(e.malformed()).isFalse();
        assertThat(e.message()).isEqualTo("caf\uFFFD \u00e9\u00e9 \uFFFD\uFFFDx");
        Event junk = utc.parse(raw(new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 1, 2}, RECEIVED, 0));
        assertThat(junk.malformed()).isTrue();
        assertThat(junk.log()).isEqualTo("\uFFFD\uFFFD\u0000\u0001\u0002");
    }

    @Test
    void truncatedFlagIsCarried() {
        Event e = utc.parse(raw("<13>Nov 25 10:00:00 h a: cut he".getBytes(StandardCharsets.UTF_8), RECEIVED, RawEvent.TRUNCATED));
        assertThat(e.truncated()).isTrue();
        assertThat(parse("<13>Nov 25 10:00:00 h a: m").truncated()).isFalse();
    }

    @Test
    void brokenFrameIsNoted() {
        Event e = utc.parse(raw("<13>Nov 25 10:00:00 h a: par".getBytes(StandardCharsets.UTF_8), RECEIVED, RawEvent.MALFORMED_FRAME));
        assertThat(e.extra()).containsEntry("frame", "incomplete");
        assertThat(e.message()).isEqualTo("par");
    }

    // ------------------------------------------------------------ RFC 5424

    @Test
    void rfc5424WithStructuredDataAndBom() {
        byte[] bytes = concat("<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"] ".getBytes(StandardCharsets.US_ASCII),
                new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "An application event log entry...".getBytes(StandardCharsets.US_ASCII));
        Event e = utc.parse(raw(bytes, RECEIVED, 0));
        assertThat(e.malformed()).isFalse();
        assertThat(e.facility()).isEqualTo(20);
        assertThat(e.severity()).isEqualTo(5);
        assertThat(e.time()).isEqualTo(Instant.parse("2003-10-11T22:14:15.003Z"));
        assertThat(e.host()).isEqualTo("mymachine.example.com");
        assertThat(e.app()).isEqualTo("evntslog");
        assertThat(e.procid()).isNull();
        assertThat(e.msgid()).isEqualTo("ID47");
        assertThat(e.structuredData()).isEqualTo("[exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"]");
        assertThat(e.message()).isEqualTo("An application event log entry...");
        assertThat(e.extra()).containsEntry("sd.exampleSDID@32473.iut", "3").containsEntry("sd.exampleSDID@32473.eventID", "1011");
    }

    @Test
    void rfc5424NilValues() {
        Event e = parse("<34>1 - - - - - -");
        assertThat(e.malformed()).isFalse();
        assertThat(e.facility()).isEqualTo(4);
        assertThat(e.severity()).isEqualTo(2);
        assertThat(e.time()).isEqualTo(RECEIVED);
        assertThat(e.host()).isNull();
        assertThat(e.app()).isNull();
        assertThat(e.procid()).isNull();
        assertThat(e.msgid()).isNull();
        assertThat(e.structuredData()).isNull();
        assertThat(e.message()).isNull();
        Event m = parse("<34>1 - host - 42 - - su: 'su root' failed for lonvick on /dev/pts/8");
        assertThat(m.host()).isEqualTo("host");
        assertThat(m.procid()).isEqualTo("42");
        assertThat(m.message()).isEqualTo("su: 'su root' failed for lonvick on /dev/pts/8");
    }

    @Test
    void rfc5424FractionsAndZones() {
        assertThat(parse("<34>1 2003-08-24T05:14:15.000003-07:00 h a p m - x").time()).isEqualTo(Instant.parse("2003-08-24T12:14:15.000003Z"));
        assertThat(parse("<34>1 1985-04-12T23:20:50.52Z h a p m - x").time()).isEqualTo(Instant.parse("1985-04-12T23:20:50.520Z"));
        assertThat(parse("<34>1 2026-11-25T10:00:00.123456789+05:30 h a p m - x").time()).isEqualTo(Instant.parse("2026-11-25T04:30:00.123456789Z"));
        // An invalid timestamp does not lose the rest.
        Event bad = parse("<34>1 2003-13-45T99:99:99Z h a p m - x");
        assertThat(bad.time()).isEqualTo(RECEIVED);
        assertThat(bad.host()).isEqualTo("h");
        assertThat(bad.message()).isEqualTo("x");
    }

    @Test
    void structuredDataEscapes() {
        String sd = "[x@1 a=\"q\\\"uote\\\\ \\]br\" b=\"2\"][y@2 c=\"[in]\"]";
        Event e = parse("<13>1 2026-01-01T00:00:00Z h a p m " + sd + " the msg");
        assertThat(e.structuredData()).isEqualTo(sd);
        assertThat(e.message()).isEqualTo("the msg");
        assertThat(e.extra()).containsEntry("sd.x@1.a", "q\"uote\\ ]br").containsEntry("sd.x@1.b", "2").containsEntry("sd.y@2.c", "[in]");
        Event bare = parse("<13>1 2026-01-01T00:00:00Z h a p m [origin]");
        assertThat(bare.structuredData()).isEqualTo("[origin]");
        assertThat(bare.message()).isNull();
        Event broken = parse("<13>1 2026-01-01T00:00:00Z h a p m [x@1 a=\"unterminated] rest");
        assertThat(broken.malformed()).isFalse();
        assertThat(broken.structuredData()).isNull();
        assertThat(broken.message()).isEqualTo("[x@1 a=\"unterminated] rest");
        assertThat(broken.extra()).isEmpty();
    }

    @Test
    void whatLoggerSends() {
        Event r5424 = parse("<13>1 2026-11-25T10:00:00.123456+00:00 myhost someone - - [timeQuality tzKnown=\"1\" isSynced=\"0\"] hello 5424");
        assertThat(r5424.time()).isEqualTo(Instant.parse("2026-11-25T10:00:00.123456Z"));
        assertThat(r5424.host()).isEqualTo("myhost");
        assertThat(r5424.app()).isEqualTo("someone");
        assertThat(r5424.message()).isEqualTo("hello 5424");
        Event r3164 = parse("<13>Nov 25 10:00:00 myhost someone: hello 3164");
        assertThat(r3164.app()).isEqualTo("someone");
        assertThat(r3164.message()).isEqualTo("hello 3164");
    }

    // ------------------------------------------------------------ robustness and counting

    @Test
    void randomBytesNeverThrow() {
        Random rnd = new Random(42);
        String[] seeds = {"<38>Nov 25 10:00:00 web1 sshd[4321]: Failed password", "<165>1 2003-10-11T22:14:15.003Z h a - ID47 [x@1 a=\"\\]\"] m",
                "<13>2026-11-25T10:00:00.123+01:00 host tag: msg", "Nov  5 09:08:07 h a: m"};
        for (int i = 0; i < 200_000; i++) {
            byte[] b;
            if (i % 2 == 0) {
                b = new byte[rnd.nextInt(120)];
                rnd.nextBytes(b);
                if (i % 4 == 0 && b.length > 0) b[0] = '<';
            } else {
                b = seeds[rnd.nextInt(seeds.length)].getBytes(StandardCharsets.UTF_8);
                b = java.util.Arrays.copyOf(b, rnd.nextInt(b.length + 1));
                for (int k = rnd.nextInt(4); k > 0 && b.length > 0; k--) b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
            }
            Event e = utc.parse(raw(b, RECEIVED, 0));
            assertThat(e.log()).isNotNull();
            assertThat(e.time()).isNotNull();
            assertThat(e.received()).isEqualTo(RECEIVED);
        }
    }

    @Test
    void countsParsedAndMalformed() {
        CollectorMetrics m = new CollectorMetrics(new SimpleMeterRegistry(), "syslog-udp");
        utc.parse(raw("<13>Nov 25 10:00:00 h a: m", RECEIVED), m);
        utc.parse(raw("junk", RECEIVED), m);
        assertThat(m.parsed().count()).isEqualTo(2);
        assertThat(m.malformed().count()).isEqualTo(1);
    }

    @Test
    void calendarArithmeticMatchesJavaTime() {
        for (long day = -800_000; day < 800_000; day += 37) {
            java.time.LocalDate d = java.time.LocalDate.ofEpochDay(day);
            assertThat(SyslogParser.epochDay(d.getYear(), d.getMonthValue(), d.getDayOfMonth())).isEqualTo(day);
            assertThat(SyslogParser.yearOfEpochDay(day)).isEqualTo(d.getYear());
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }
}
