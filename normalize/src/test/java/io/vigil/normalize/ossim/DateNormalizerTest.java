package io.vigil.normalize.ossim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DateNormalizerTest {

    static final Instant REF = Instant.parse("2026-11-25T12:00:00Z");
    static final DateNormalizer UTC = new DateNormalizer(ZoneOffset.UTC);

    static String norm(DateNormalizer d, String text, Instant ref) {
        Instant i = d.normalize(text, ref);
        return i == null ? null : i.toString();
    }

    static String american(DateNormalizer d, String text, Instant ref) {
        Instant i = d.normalizeAmerican(text, ref);
        return i == null ? null : i.toString();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            2/15/2012 12:00:36 PM                 | 2012-02-15T12:00:36Z        | 001 - dc
            2/15/2012 1:05:00 PM                  | 2012-02-15T13:05:00Z        | 001 - dc
            2/15/2012 12:10:00 AM                 | 2012-02-15T00:10:00Z        | 001 - dc
            Oct 27 10:50:46                       | 2026-10-27T10:50:46Z        | 002 - syslog
            Nov  5 01:02:03 host sshd[1]: x       | 2026-11-05T01:02:03Z        | 002 - syslog
            Fri Aug 07 17:52:19 2009              | 2009-08-07T17:52:19Z        | 003 - apache
            Sun Jan 28 15:15:32 2007              | 2007-01-28T15:15:32Z        | 003 - apache
            Oct 27 2007 10:50:46                  | 2007-10-27T10:50:46Z        | 004 - syslog-ng
            10-Aug-2009 07:53:44                  | 2009-08-10T07:53:44Z        | 005 - bind9
            10-noviembre-2009 07:53:44            | 2009-11-10T07:53:44Z        | 005 - bind9
            -- 01 28 15:15:32 2007                | 2007-01-28T15:15:32Z        | 006 - snare
            11/08-19:19:06                        | 2026-11-08T19:19:06Z        | 007 - snort
            11/08/12-19:19:06.123                 | 2012-11-08T19:19:06.123Z    | 007 - snort
            03/20/2012-12:12:24.376349            | 2012-03-20T12:12:24.376349Z | 008 - suricata-http
            'Monday, March 15, 2004 15:39:19 +0000' | 2004-03-15T15:39:19Z      | 009 - arpwatch
            'Monday, March 15, 2004 15:39:19 +0100' | 2004-03-15T14:39:19Z      | 009 - arpwatch
            2006/10/19_11:40:05                   | 2006-10-19T11:40:05Z        | 010 - heartbeat
            2009/03/05-11:04:36                   | 2009-03-05T11:04:36Z        | 010 - heartbeat
            11/03/2004 19:45:46                   | 2004-03-11T19:45:46Z        | 011 - etgear
            2007/10/18 14:38:03                   | 2007-10-18T14:38:03Z        | 012 - tarantella
            02/28/2013:12:00:00                   | 2013-02-28T12:00:00Z        | 013 - citrix
            2007 Nov 17 06:26:18                  | 2007-11-17T06:26:18Z        | 014 - ossec
            2007-Nov-17 06:26:18 CET              | 2007-11-17T06:26:18Z        | 014 - ossec
            11/03/07 19:22:22                     | 2007-03-11T19:22:22Z        | 015 - ibm
            29/Jan/2007:17:02:20                  | 2007-01-29T17:02:20Z        | 015 - ibm
            [25/Nov/2026:10:00:00 +0100]          | 2026-11-25T09:00:00Z        | 015 - ibm
            [25/Nov/2026:10:00:00 -0530]          | 2026-11-25T15:30:00Z        | 015 - ibm
            103000,1162540224                     | 2006-11-03T07:50:24Z        | 016 - lucent1
            1162540224                            | 2006-11-03T07:50:24Z        | 019 - rdd
            1700000000123                         | 2023-11-14T22:13:20.123Z    | 019 - rdd
            11.03.2009 19:45:46                   | 2009-03-11T19:45:46Z        | 020 - FileZilla
            2 18 2009 14 9 52                     | 2009-02-18T14:09:52Z        | 021 - eva
            Wed 14 Apr 2010 12:35:10              | 2010-04-14T12:35:10Z        | 022 - websense2
            11 Jan 2011 09:44:18 AM               | 2011-01-11T09:44:18Z        | 022 - websense2
            12 May 2012 03:00:03 PM               | 2012-05-12T15:00:03Z        | 022 - websense2
            2011-07-08T14:13:42.237Z              | 2011-07-08T14:13:42.237Z    | 023 - exchange
            2026-11-25T10:00:00+01:00             | 2026-11-25T09:00:00Z        | 023 - exchange
            2026-11-25T10:00:00.5-05:00 x         | 2026-11-25T15:00:00.500Z    | 023 - exchange
            2011-05-12 07 59 01                   | 2011-05-12T07:59:01Z        | 024 - sonnicwall
            09/30/2011,10:56:11                   | 2011-09-30T10:56:11Z        | 026 - csv
            2011-05-17-09:42:24                   | 2011-05-17T09:42:24Z        | 027 - honeyd
            2011-11-21 06: 15:02                  | 2011-11-21T06:15:02Z        | 028 - Epilog
            20111111084344.000000-000             | 2011-11-11T08:43:44Z        | 029 - wmi
            20120202 12:12:12                     | 2012-02-02T12:12:12Z        | 030 - spanish
            'mar 07 feb, 2012 - 08:39:49'         | 2012-02-07T08:39:49Z        | 031 - snmptrap
            1Feb2012;0:05:58                      | 2012-02-01T00:05:58Z        | 032 - CheckPoint
            1Feb2012 0:05:58                      | 2012-02-01T00:05:58Z        | 032 - CheckPoint
            11270 02:00:16                        | 2011-09-27T02:00:16Z        | 033 - lilian
            2012-01-02 10:00:00                   | 2012-01-02T10:00:00Z        | 034 - bluecoat
            2026-11-25 10:00:00 UTC               | 2026-11-25T10:00:00Z        | 034 - bluecoat
            2026-11-25 10:00:00,250               | 2026-11-25T10:00:00.250Z    | 034 - bluecoat
            date=2015-03-17 time=22:03:55         | 2015-03-17T22:03:55Z        | 36 - fortigate
            2014:09:06-00:00:06                   | 2014-09-06T00:00:06Z        | 37 - Sophos UTM
            2026-11-25T10:00:00                   | 2026-11-25T10:00:00Z        | vigil - iso8601
            """)
    void everyFormatOfTheAgent(String text, String expected, String format) {
        DateNormalizer.Parsed p = UTC.parse(text, REF, false);
        assertThat(p).as(text).isNotNull();
        assertThat(p.format()).as(text).isEqualTo(format);
        assertThat(p.instant()).as(text).isEqualTo(Instant.parse(expected));
    }

    @Test
    void timeOfDayAloneTakesTheNearestDay() {
        Instant justAfterMidnight = Instant.parse("2026-11-25T00:00:30Z");
        assertThat(UTC.parse("235959", justAfterMidnight, false))
                .isEqualTo(new DateNormalizer.Parsed(Instant.parse("2026-11-24T23:59:59Z"), "018 - lucent3"));
        assertThat(UTC.parse("103000+", REF, false))
                .isEqualTo(new DateNormalizer.Parsed(Instant.parse("2026-11-25T10:30:00Z"), "017 - lucent2"));
        assertThat(norm(UTC, "000010", Instant.parse("2026-11-25T23:59:50Z"))).isEqualTo("2026-11-26T00:00:10Z");
    }

    @Test
    void americanVariantTriesMonthFirst() {
        // The general list reads 01/02/12 day first (015 - ibm), the american variant month first.
        assertThat(norm(UTC, "01/02/12 10:00:00", REF)).isEqualTo("2012-02-01T10:00:00Z");
        assertThat(american(UTC, "01/02/12 10:00:00", REF)).isEqualTo("2012-01-02T10:00:00Z");
        assertThat(UTC.parse("01/02/2012 10:00:00", REF, true).format()).isEqualTo("035 - americanFMT");
        // not american: the general list
        assertThat(american(UTC, "Oct 27 10:50:46", REF)).isEqualTo("2026-10-27T10:50:46Z");
    }

    @Test
    void yearOfYearlessDatesAroundNewYear() {
        // Just after New Year, a line from New Year's Eve is last year's.
        Instant newYear = Instant.parse("2027-01-01T00:00:05Z");
        assertThat(norm(UTC, "Dec 31 23:59:58", newYear)).isEqualTo("2026-12-31T23:59:58Z");
        // Just before New Year, a clock slightly ahead writes next year's first seconds.
        Instant eve = Instant.parse("2026-12-31T23:59:50Z");
        assertThat(norm(UTC, "Jan  1 00:00:03", eve)).isEqualTo("2027-01-01T00:00:03Z");
        // Months ago in the same year, and a date a few months ahead is last year's.
        Instant january = Instant.parse("2027-01-15T00:00:00Z");
        assertThat(norm(UTC, "Jun  1 10:00:00", january)).isEqualTo("2026-06-01T10:00:00Z");
        assertThat(norm(UTC, "Jan 14 10:00:00", january)).isEqualTo("2027-01-14T10:00:00Z");
        // Up to a day ahead is this year's (clock skew, zones); more is last year's.
        assertThat(norm(UTC, "Jan 15 20:00:00", january)).isEqualTo("2027-01-15T20:00:00Z");
        assertThat(norm(UTC, "Jan 16 10:00:00", january)).isEqualTo("2026-01-16T10:00:00Z");
        // A date that carries its year keeps it, whatever the month (the agent moves December
        // back a year in January even then).
        assertThat(norm(UTC, "Oct 27 2007 10:50:46", january)).isEqualTo("2007-10-27T10:50:46Z");
        assertThat(norm(UTC, "2026-12-20 10:00:00", january)).isEqualTo("2026-12-20T10:00:00Z");
        // 29 February: the latest leap year not in the future
        assertThat(norm(UTC, "Feb 29 10:00:00", Instant.parse("2029-03-01T00:00:00Z"))).isEqualTo("2028-02-29T10:00:00Z");
        assertThat(norm(UTC, "Feb 29 10:00:00", Instant.parse("2026-03-01T00:00:00Z"))).isNull();
    }

    @Test
    void zoneOfZonelessDates() {
        DateNormalizer paris = new DateNormalizer(ZoneId.of("Europe/Paris"));
        assertThat(paris.zone()).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(norm(paris, "Nov 25 10:00:00", REF)).isEqualTo("2026-11-25T09:00:00Z");
        assertThat(norm(paris, "Jul  1 10:00:00", REF)).isEqualTo("2026-07-01T08:00:00Z"); // summer time
        assertThat(norm(paris, "2026-03-29 02:30:00", REF)).isEqualTo("2026-03-29T01:30:00Z"); // in the gap: moved on
        // An offset written in the text wins over the zone.
        assertThat(norm(paris, "[25/Nov/2026:10:00:00 +0000]", REF)).isEqualTo("2026-11-25T10:00:00Z");
        assertThat(norm(paris, "2026-11-25T10:00:00Z", REF)).isEqualTo("2026-11-25T10:00:00Z");
        // Epoch times have no zone.
        assertThat(norm(paris, "1162540224", REF)).isEqualTo("2006-11-03T07:50:24Z");
    }

    @Test
    void newYearIsTheZonesNewYear() {
        // 23:30 UTC on 31 December is already 08:30 on 1 January in Tokyo.
        DateNormalizer tokyo = new DateNormalizer(ZoneId.of("Asia/Tokyo"));
        Instant ref = Instant.parse("2026-12-31T23:30:00Z");
        assertThat(norm(tokyo, "Jan  1 08:00:00", ref)).isEqualTo("2026-12-31T23:00:00Z");
        assertThat(norm(tokyo, "Dec 31 23:59:00", ref)).isEqualTo("2026-12-31T14:59:00Z");
        // and in UTC the same wall clock, still 31 December, is next year's first hours
        assertThat(norm(UTC, "Jan  1 08:00:00", ref)).isEqualTo("2027-01-01T08:00:00Z");
    }

    @Test
    void monthNames() {
        assertThat(DateNormalizer.monthToDigits("Jan")).isEqualTo("01");
        assertThat(DateNormalizer.monthToDigits("SEP")).isEqualTo("09");
        assertThat(DateNormalizer.monthToDigits("june")).isEqualTo("06");
        assertThat(DateNormalizer.monthToDigits("May")).isEqualTo("05");
        // the agent's fixed table: not zero-padded
        assertThat(DateNormalizer.monthToDigits("ene")).isEqualTo("1");
        assertThat(DateNormalizer.monthToDigits("Diciembre")).isEqualTo("12");
        assertThat(DateNormalizer.monthToDigits("Sept")).isEqualTo("Sept");
        assertThat(norm(UTC, "Dic 24 10:00:00", REF)).isEqualTo("2025-12-24T10:00:00Z"); // a month ahead: last year's
        assertThat(norm(UTC, "agosto 3 10:00:00", REF)).isEqualTo("2026-08-03T10:00:00Z");
    }

    @Test
    void whatNoFormatReads() {
        assertThat(UTC.parse("", REF, false)).isNull();
        assertThat(UTC.parse(null, REF, false)).isNull();
        assertThat(norm(UTC, "hello", REF)).isNull();
        assertThat(norm(UTC, "10:00", REF)).isNull();
        // The first format that matches decides, as in the agent: an impossible date is not
        // tried against the others.
        assertThat(norm(UTC, "Foo 27 10:50:46", REF)).isNull();
        assertThat(norm(UTC, "Feb 30 10:50:46", REF)).isNull();
        assertThat(norm(UTC, "2012-13-02 10:00:00", REF)).isNull();
        assertThat(norm(UTC, "Oct 27 25:00:00", REF)).isNull();
        // epoch seconds beyond Python's year 9999
        assertThat(norm(UTC, "99999999999999", REF)).isNull();
    }

    /**
     * Dates as they appear in the fixture logs: every syslog-stamped line's stamp reads, in
     * the year the reference gives, and Apache's access-log stamps read with their offset.
     */
    @Test
    void datesOfTheFixtureLogs() throws IOException {
        String fixtures = System.getProperty("vigil.fixtures", "");
        Path dir = fixtures.isBlank() ? null : Path.of(fixtures, "logs");
        Assumptions.assumeTrue(dir != null && Files.isDirectory(dir),
                "fixture logs not found (vigil.fixtures=" + fixtures + "): the check is skipped");
        Pattern syslog = Pattern.compile("^([A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d) ");
        Pattern apache = Pattern.compile("\\[(\\d\\d/[A-Z][a-z]{2}/\\d{4}:\\d\\d:\\d\\d:\\d\\d [+-]\\d{4})]");
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".tsv")).sorted().toList();
        }
        int syslogSeen = 0;
        int apacheSeen = 0;
        List<String> unread = new ArrayList<>();
        for (Path f : files) {
            List<String> lines;
            try {
                lines = Files.readAllLines(f, StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                continue;
            }
            for (String line : lines) {
                Matcher m = syslog.matcher(line);
                if (m.find()) {
                    syslogSeen++;
                    Instant i = UTC.normalize(m.group(1), REF);
                    if (i == null) unread.add(f.getFileName() + ": " + m.group(1));
                    else assertThat(i).isBetween(REF.minus(Duration.ofDays(366)), REF.plus(Duration.ofDays(1)));
                }
                Matcher a = apache.matcher(line);
                if (a.find()) {
                    apacheSeen++;
                    String stamp = a.group(1);
                    Instant i = UTC.normalize("[" + stamp + "]", REF);
                    java.time.OffsetDateTime expected = java.time.OffsetDateTime.parse(stamp,
                            java.time.format.DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", java.util.Locale.ROOT));
                    assertThat(i).as(stamp).isEqualTo(expected.toInstant());
                }
            }
        }
        // what stays unread is impossible (paloalto.log has "May 00 00:00:00"), as in the agent
        assertThat(unread).allSatisfy(u -> assertThat(u).matches(".*: [A-Z][a-z]{2} 00 .*"));
        assertThat(syslogSeen + apacheSeen).isPositive();
    }
}
