package io.vigil.normalize.ossim;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OSSIM agent's {@code normalize_date}: a date written in any of the formats the agent
 * knows becomes an {@link Instant}.
 *
 * <p>The formats are tried in the agent's order (its table sorted by name, 001 to 37) and the
 * first one found anywhere in the text wins, as the agent's {@code re.search} does; the
 * american variant tries {@code MM/DD/YYYY hh:mm:ss} first. After the agent's list come a few
 * forms it could not read at all (ISO 8601 with a {@code T} and nothing after the seconds,
 * epoch milliseconds); they never change the reading of a text the agent could read.
 *
 * <p>Where this differs from the agent, on purpose:
 * <ul>
 * <li>A date without a year gets the latest of the reference's year -1, 0, +1 that is not
 *     more than a day after the reference (the agent only moves December back a year when it
 *     is January, and does so even to dates that carried their year).</li>
 * <li>A time without a date (Lucent's {@code hhmmss}) gets the day among yesterday, today and
 *     tomorrow that puts it nearest the reference (the agent: today).</li>
 * <li>12 AM is midnight and 12 PM is noon (the agent swaps them).</li>
 * <li>An explicit offset right after the time ({@code Z}, {@code +0100}, {@code -05:00},
 *     {@code UTC}, {@code GMT}) is honoured, and fractional seconds are kept; the agent drops
 *     both and reads every date in the plugin's zone.</li>
 * <li>The "lilian" form {@code YYDDD hh:mm:ss} gives that day of that year (the agent checks
 *     it and then uses today's date).</li>
 * <li>Epoch values of 13 digits are read as milliseconds (the agent fails on them).</li>
 * <li>When the first format that matches gives an impossible date, the next ones are tried
 *     (the agent gives up and returns the text).</li>
 * </ul>
 * Dates without an explicit offset are read in the zone given to the constructor (the
 * plugin's {@code tzone} in the agent). Instances are immutable and thread-safe.
 */
public final class DateNormalizer {

    /** How far after the reference a year-less date may fall before it is taken as last year's. */
    public static final Duration FUTURE_TOLERANCE = Duration.ofDays(1);

    /** A format of the agent's list: its name there, the pattern, and which fields it has. */
    record Format(String name, Pattern pattern, boolean timestamp, boolean lilian, boolean month, boolean year,
            boolean ampm) {
        Format(String name, Pattern pattern) {
            this(name, pattern, has(pattern, "timestamp"), has(pattern, "lilian"), has(pattern, "month"),
                    has(pattern, "year"), has(pattern, "ampm"));
        }

        private static boolean has(Pattern p, String group) {
            return p.pattern().contains("(?<" + group + ">");
        }
    }

    /** What was read: the instant and the name of the format that read it. */
    public record Parsed(Instant instant, String format) {}

    private static final int FLAGS = Pattern.UNIX_LINES; // Python's '.' excludes only \n

    private static Format f(String name, String regex) {
        return new Format(name, Pattern.compile(regex, FLAGS));
    }

    // Group names: year month day hour minute second ampm timestamp lilian lyear ldays.
    private static final Format AMERICAN =
            f("035 - americanFMT", "(?<month>\\d{2})/(?<day>\\d{2})/(?<year>\\d{2,4})\\s+(?<hour>\\d{2}):(?<minute>\\d{2}):(?<second>\\d{2})");

    /** The agent's formats, in the order it tries them. */
    static final List<Format> FORMATS = List.of(
            // 2/15/2012 12:00:36 PM
            f("001 - dc", "(?<month>\\d{1,2})/(?<day>\\d{1,2})/(?<year>\\d{4})\\s+(?<hour>\\d{1,2}):(?<minute>\\d\\d):(?<second>\\d\\d)\\s+(?<ampm>PM|AM)"),
            // Oct 27 10:50:46
            f("002 - syslog", "^(?<month>\\w+)\\s+(?<day>\\d{1,2})\\s+(?<hour>\\d{1,2}):(?<minute>\\d\\d):(?<second>\\d\\d)"),
            // Fri Aug 07 17:52:19 2009
            f("003 - apache", "(\\w+)\\s+(?<month>\\w+)\\s+(?<day>\\d{1,2})\\s+(?<hour>\\d\\d):(?<minute>\\d\\d):(?<second>\\d\\d)\\s+(?<year>\\d\\d\\d\\d)"),
            // Oct 27 2007 10:50:46
            f("004 - syslog-ng", "(?<month>\\w+)\\s+(?<day>\\d{1,2})\\s+(?<year>\\d\\d\\d\\d)\\s+(?<hour>\\d\\d):(?<minute>\\d\\d):(?<second>\\d\\d)"),
            // 10-Aug-2009 07:53:44
            f("005 - bind9", "(?<day>\\d{1,2})-(?<month>\\w+)-(?<year>\\d\\d\\d\\d)\\s+(?<hour>\\d\\d):(?<minute>\\d\\d):(?<second>\\d\\d)"),
            // Sun Jan 28 15:15:32 2007
            f("006 - snare", "\\S+\\s+(?<month>\\S+)\\s+(?<day>\\d{1,2})\\s+(?<hour>\\d\\d):(?<minute>\\d\\d):(?<second>\\d\\d)\\s+(?<year>\\d+)"),
            // 11/08-19:19:06, 11/08/12-19:19:06
            f("007 - snort", "^(?<month>\\d\\d)/(?<day>\\d\\d)(/?(?<year>\\d\\d))?-(?<hour>\\d\\d):(?<minute>\\d\\d):(?<second>\\d\\d)"),
            // 03/20/2012-12:12:24.376349
            f("008 - suricata-http", "(?<month>\\d+)/(?<day>\\d+)/(?<year>\\d+)-(?<hour>\\d+):(?<minute>\\d+):(?<second>\\d+)"),
            // Monday, March 15, 2004 15:39:19 +0000
            f("009 - arpwatch", "(\\w+), (?<month>\\w+) (?<day>\\d{1,2}), (?<year>\\d{4}) (?<hour>\\d+):(?<minute>\\d+):(?<second>\\d+)"),
            // 2006/10/19_11:40:05, 2009/03/05-11:04:36
            f("010 - heartbeat", "(?<year>\\d+)/(?<month>\\d+)/(?<day>\\d{1,2})[_-](?<hour>\\d+):(?<minute>\\d+):(?<second>\\d+)"),
            // 11/03/2004 19:45:46 (day first)
            f("011 - etgear", "(?<day>\\d{1,2})/(?<month>\\d+)/(?<year>\\d{4})\\s(?<hour>\\d+):(?<minute>\\d+):(?<second>\\d+)"),
            // 2007/10/18 14:38:03
            f("012 - tarantella", "(?<year>\\d{4})/(?<month>\\d+)/(?<day>\\d{1,2})\\s(?<hour>\\d+):(?<minute>\\d+):(?<second>\\d+)"),
            // 02/28/2013:12:00:00
            f("013 - citrix", "(?<month>(0?[1-9])|(1[0-2]))/(?<day>(1[0-9])|(2[0-9])|(3[0-1])|(0?[0-9]))/(?<year>\\d{4}):(?<hour>\\d{1,2}):(?<minute>\\d{1,2}):(?<second>\\d{1,2})"),
            // 2007 Nov 17 06:26:18, 2007-Nov-17 06:26:18 CET
            f("014 - ossec", "(?<year>\\d{4})[-\\s](?<month>\\w{3})[-\\s](?<day>\\d{2})\\s+(?<hour>\\d{2}):(?<minute>\\d{2}):(?<second>\\d{2})"),
            // 11/03/07 19:22:22, 29/Jan/2007:17:02:20
            f("015 - ibm", "(?<day>\\d{1,2})/(?<month>\\w+)/(?<year>\\d+)[\\s:](?<hour>\\d+):(?<minute>\\d+):(?<second>\\d+)"),
            // hhmmss,timestamp
            f("016 - lucent1", "^(?<hour>\\d\\d)(?<minute>\\d\\d)(?<second>\\d\\d),(?<timestamp>\\d+)$"),
            f("017 - lucent2", "^(?<hour>\\d\\d)(?<minute>\\d\\d)(?<second>\\d\\d)(?:\\+|\\-)$"),
            f("018 - lucent3", "^(?<hour>\\d\\d)(?<minute>\\d\\d)(?<second>\\d\\d)$"),
            // 1162540224
            f("019 - rdd", "^(?<timestamp>\\d+)$"),
            // 11.03.2009 19:45:46
            f("020 - FileZilla", "(?<day>\\d{1,2})\\.(?<month>\\d+)\\.(?<year>\\d{4})\\s(?<hour>\\d+):(?<minute>\\d+):(?<second>\\d+)"),
            // 2 18 2009 14 9 52
            f("021 - eva", "(?<month>\\d{1,2}) (?<day>\\d{1,2}) (?<year>\\d{4}) (?<hour>\\d{1,2}) (?<minute>\\d{1,2}) (?<second>\\d{1,2})"),
            // 14 Apr 2010 12:35:10, 11 Jan 2011 09:44:18 AM
            f("022 - websense2", "(?<day>\\d{1,2})\\s+(?<month>\\w{3})\\s+(?<year>\\d{4})\\s+(?<hour>\\d\\d):(?<minute>\\d\\d):(?<second>\\d\\d)(\\s+(?<ampm>AM|PM))?"),
            // 2011-07-08T14:13:42.237Z (something must follow the seconds)
            f("023 - exchange", "(?<year>\\d+)-(?<month>\\d+)-(?<day>\\d{1,2})T(?<hour>\\d\\d):(?<minute>\\d\\d):(?<second>\\d\\d).+"),
            // 2011-05-12 07 59 01
            f("024 - sonnicwall", "(?<year>\\d{4})-(?<month>\\d+)-(?<day>\\d{1,2})\\s(?<hour>\\d+)\\s(?<minute>\\d+)\\s(?<second>\\d+)"),
            // 09/30/2011,10:56:11
            f("026 - csv", "(?<month>[0-9][0-9])/(?<day>[0-3][0-9])/(?<year>\\d{4}),(?<hour>[0-2][0-9]):(?<minute>[0-6][0-9]):(?<second>[0-6][0-9])"),
            // 2011-05-17-09:42:24
            f("027 - honeyd", "(?<year>\\d{4})-(?<month>\\d+)-(?<day>\\d+)-(?<hour>\\d+):(?<minute>\\d+):(?<second>\\d+)"),
            // 2011-11-21 06: 15:02
            f("028 - Epilog", "(?<year>\\d{4})-(?<month>\\d+)-(?<day>\\d+)\\s+(?<hour>\\d+):\\s+(?<minute>\\d+):(?<second>\\d+)"),
            // 20111111084344.000000-000
            f("029 - wmi", "(?<year>\\d{4})(?<month>\\d{2})(?<day>\\d{2})(?<hour>\\d{2})(?<minute>\\d{2})(?<second>\\d{2})."),
            // 20120202 12:12:12
            f("030 - spanish", "(?<year>\\d{4})(?<month>\\d{2})(?<day>\\d{2}) (?<hour>\\d{2}):(?<minute>\\d{2}):(?<second>\\d{2})"),
            // mar 07 feb, 2012 - 08:39:49
            f("031 - snmptrap", "\\S+\\s+(?<day>\\d{2})\\s(?<month>\\w+),\\s(?<year>\\d{4})\\s-\\s(?<hour>\\d{2}):(?<minute>\\d{2}):(?<second>\\d{2})"),
            // 1Feb2012;0:05:58, 1Feb2012 0:05:58
            f("032 - CheckPoint", "(?<day>\\d{1,2})(?<month>\\w+)(?<year>\\d{4})(?:\\s|;)+(?<hour>\\d{1,2}):(?<minute>\\d{1,2}):(?<second>\\d{1,2})"),
            // 11270 02:00:16 (two-digit year, day of the year)
            f("033 - lilian", "(?<lilian>(?<lyear>\\d{2})(?<ldays>\\d+)\\s+(?<hour>\\d{2}):(?<minute>\\d{2}):(?<second>\\d{2}))"),
            // 2012-01-02 10:00:00
            f("034 - bluecoat", "(?<year>\\d{4})-(?<month>\\d+)-(?<day>\\d+)\\s+(?<hour>\\d+):(?<minute>\\d+):(?<second>\\d+)"),
            AMERICAN,
            // date=2015-03-17 time=22:03:55
            f("36 - fortigate", "(?<year>\\d{4})-(?<month>\\d+)-(?<day>\\d+)\\s+time=(?<hour>\\d+):(?<minute>\\d+):(?<second>\\d+)"),
            // 2014:09:06-00:00:06
            f("37 - Sophos UTM", "(?<year>\\d{4}):(?:\\s)?(?<month>\\d+):(?<day>\\d+)-(?<hour>\\d{1,2}):(?<minute>\\d{1,2}):(?<second>\\d{1,2})"),
            // Vigil: ISO 8601 / RFC 3339 / RFC 5424 with nothing after the seconds, which the agent cannot read
            f("vigil - iso8601", "(?<year>\\d{4})-(?<month>\\d{2})-(?<day>\\d{2})T(?<hour>\\d{2}):(?<minute>\\d{2}):(?<second>\\d{2})"));

    /** What may follow the seconds: a fraction, then an offset. */
    private static final Pattern AFTER_SECONDS = Pattern.compile(
            "(?:[.,](?<fraction>\\d{1,9})(?!\\d))?(?:\\s*(?:(?<z>Z)|(?<sign>[+-])(?<oh>\\d{2}):?(?<om>\\d{2})(?!\\d)|(?<utc>UTC|GMT)(?![A-Za-z0-9+-])))?",
            FLAGS);

    private static final String[] ABBREVIATED = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
    private static final String[] FULL = {"january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december"};
    /** The agent's fixed table of month names (English and Spanish) tried after the C locale's names. */
    private static final Map<String, Integer> FIXED_MONTHS = Map.ofEntries(
            Map.entry("jan", 1), Map.entry("feb", 2), Map.entry("mar", 3), Map.entry("apr", 4), Map.entry("may", 5),
            Map.entry("jun", 6), Map.entry("jul", 7), Map.entry("aug", 8), Map.entry("sep", 9), Map.entry("oct", 10),
            Map.entry("nov", 11), Map.entry("dec", 12), Map.entry("january", 1), Map.entry("february", 2),
            Map.entry("march", 3), Map.entry("april", 4), Map.entry("june", 6), Map.entry("july", 7),
            Map.entry("august", 8), Map.entry("september", 9), Map.entry("october", 10), Map.entry("november", 11),
            Map.entry("december", 12), Map.entry("ene", 1), Map.entry("abr", 4), Map.entry("ago", 8),
            Map.entry("dic", 12), Map.entry("enero", 1), Map.entry("febrero", 2), Map.entry("marzo", 3),
            Map.entry("abril", 4), Map.entry("mayo", 5), Map.entry("junio", 6), Map.entry("julio", 7),
            Map.entry("agosto", 8), Map.entry("septiembre", 9), Map.entry("octubre", 10), Map.entry("noviembre", 11),
            Map.entry("diciembre", 12));

    private final ZoneId zone;

    /** @param zone the zone of dates that carry no offset (the plugin's {@code tzone}) */
    public DateNormalizer(ZoneId zone) {
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    public ZoneId zone() {
        return zone;
    }

    /** The instant written in {@code text}, or null when no format reads it. */
    public Instant normalize(String text, Instant reference) {
        Parsed p = parse(text, reference, false);
        return p == null ? null : p.instant();
    }

    /** As {@link #normalize}, trying {@code MM/DD/YY[YY] hh:mm:ss} first ({@code normalize_date_american}). */
    public Instant normalizeAmerican(String text, Instant reference) {
        Parsed p = parse(text, reference, true);
        return p == null ? null : p.instant();
    }

    /**
     * The instant and the format that read it, or null when none does. When the first format
     * that matches gives an impossible date (the agent gives up there) the later ones are
     * tried: {@code 2009/03/05-11:04:36} is taken by 008 as month 2009, then read by 010.
     */
    public Parsed parse(String text, Instant reference, boolean american) {
        if (text == null || text.isEmpty()) return null;
        Objects.requireNonNull(reference, "reference");
        if (american) {
            Matcher m = AMERICAN.pattern().matcher(text);
            if (m.find()) {
                Parsed p = build(AMERICAN, m, text, reference);
                if (p != null) return p;
            }
        }
        for (Format format : FORMATS) {
            Matcher m = format.pattern().matcher(text);
            if (m.find()) {
                Parsed p = build(format, m, text, reference);
                if (p != null) return p;
            }
        }
        return null;
    }

    /**
     * The agent's {@code convert_month_name_to_digit}: {@code "Nov"} gives {@code "11"} and
     * {@code "June"} {@code "06"} (English names, as the C locale's {@code %b}/{@code %B}),
     * {@code "dic"} or {@code "enero"} give {@code "12"} and {@code "1"} (its fixed table,
     * not zero-padded); anything else comes back unchanged.
     */
    public static String monthToDigits(String month) {
        if (month == null) return null;
        String lower = month.toLowerCase(Locale.ROOT);
        for (int i = 0; i < 12; i++) {
            if (ABBREVIATED[i].equals(lower) || FULL[i].equals(lower)) return String.format(Locale.ROOT, "%02d", i + 1);
        }
        Integer fixed = FIXED_MONTHS.get(lower);
        return fixed == null ? month : fixed.toString();
    }

    private Parsed build(Format format, Matcher m, String text, Instant reference) {
        Instant instant;
        try {
            instant = instant(format, m, text, reference);
        } catch (DateTimeException | NumberFormatException | ArithmeticException e) {
            instant = null;
        }
        return instant == null ? null : new Parsed(instant, format.name());
    }

    private Instant instant(Format format, Matcher m, String text, Instant reference) {
        if (format.timestamp()) {
            String digits = m.group("timestamp");
            if (digits.length() > 18) return null;
            long value = Long.parseLong(digits);
            return digits.length() == 13 ? Instant.ofEpochMilli(value) : checked(Instant.ofEpochSecond(value));
        }
        int hour = Integer.parseInt(m.group("hour"));
        int minute = Integer.parseInt(m.group("minute"));
        int second = Integer.parseInt(m.group("second"));
        if (format.ampm()) {
            String ampm = m.group("ampm");
            if (ampm != null && hour >= 1 && hour <= 12) {
                boolean pm = ampm.equalsIgnoreCase("PM");
                hour = pm ? (hour == 12 ? 12 : hour + 12) : (hour == 12 ? 0 : hour);
            }
        }
        // Fraction and offset directly after the seconds.
        int nanos = 0;
        ZoneId z = zone;
        Matcher after = AFTER_SECONDS.matcher(text).region(m.end("second"), text.length());
        if (after.lookingAt()) {
            String fraction = after.group("fraction");
            if (fraction != null) nanos = Integer.parseInt((fraction + "00000000").substring(0, 9));
            if (after.group("z") != null || after.group("utc") != null) {
                z = ZoneOffset.UTC;
            } else if (after.group("sign") != null) {
                int oh = Integer.parseInt(after.group("oh"));
                int om = Integer.parseInt(after.group("om"));
                int sign = after.group("sign").equals("-") ? -1 : 1;
                z = ZoneOffset.ofHoursMinutes(sign * oh, sign * om);
            }
        }
        LocalTime time = LocalTime.of(hour, minute, second, nanos);
        ZonedDateTime ref = reference.atZone(z);

        if (format.lilian()) {
            int yy = Integer.parseInt(m.group("lyear"));
            String days = m.group("ldays");
            if (days.length() > 3) return null; // strptime's %j takes at most three digits
            int year = yy < 69 ? 2000 + yy : 1900 + yy; // strptime's %y
            return ZonedDateTime.of(LocalDate.ofYearDay(year, Integer.parseInt(days)), time, z).toInstant();
        }
        if (!format.month()) {
            // A time of day alone: the day that puts it nearest the reference.
            Instant best = null;
            for (int d = -1; d <= 1; d++) {
                Instant c = ZonedDateTime.of(ref.toLocalDate().plusDays(d), time, z).toInstant();
                if (best == null || Duration.between(c, reference).abs().compareTo(Duration.between(best, reference).abs()) < 0) {
                    best = c;
                }
            }
            return best;
        }
        String monthText = m.group("month");
        int month = Integer.parseInt(isDigits(monthText) ? monthText : monthToDigits(monthText));
        int day = Integer.parseInt(m.group("day"));
        String yearText = format.year() ? m.group("year") : null;
        if (yearText != null && !yearText.isEmpty()) {
            int year = Integer.parseInt(yearText.length() == 2 ? "20" + yearText : yearText);
            return ZonedDateTime.of(LocalDate.of(year, month, day), time, z).toInstant();
        }
        // No year: the latest of last, this and next year that is not clearly in the future.
        Instant limit = reference.plus(FUTURE_TOLERANCE);
        Instant best = null;
        for (int y = ref.getYear() + 1; y >= ref.getYear() - 1 && best == null; y--) {
            try {
                Instant c = ZonedDateTime.of(LocalDate.of(y, month, day), time, z).toInstant();
                if (!c.isAfter(limit)) best = c;
            } catch (DateTimeException e) {
                // 29 February of a common year: try the year before
            }
        }
        return best;
    }

    private static Instant checked(Instant i) {
        return i.atZone(ZoneOffset.UTC).getYear() > 9999 ? null : i; // Python's datetime stops at 9999
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return false;
        }
        return true;
    }
}
