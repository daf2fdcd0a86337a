package io.vigil.normalize.decode;

import java.math.BigDecimal;
import java.text.ParsePosition;
import java.text.SimpleDateFormat;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.Locale;
import java.util.TimeZone;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reading the time stamps structured formats carry. Accepted, with surrounding blanks:
 * <ul>
 *   <li>epoch numbers, the unit told by the number of integer digits: up to 10 seconds
 *       (a fraction allowed), 11-13 milliseconds, 14-16 microseconds, 17-19 nanoseconds;</li>
 *   <li>ISO 8601 dates and times: {@code 2026-11-25T10:00:00.123Z}, a space for the T, a
 *       comma or dot before up to 9 fraction digits, {@code Z}, {@code +01:00}, {@code +0100},
 *       {@code +01}, {@code UTC} or {@code GMT}, or no zone;</li>
 *   <li>the CEF and LEEF forms {@code MMM dd [yyyy] HH:mm:ss[.SSS] [zone]} (English month
 *       names, any case; a comma after the day allowed); without a year, the year that puts the
 *       time no more than two days ahead of the clock.</li>
 * </ul>
 * A time without a zone is read in the decoder's zone (UTC unless configured). Zones are
 * {@code Z}, offsets, region ids ({@code Europe/Paris}) and the usual abbreviations
 * ({@code GMT}, {@code UTC}, {@code EST}, {@code PST}, ...).
 */
final class Times {
    private Times() {}

    private static final Pattern ISO = Pattern.compile(
            "(\\d{4})-(\\d{1,2})-(\\d{1,2})(?:[Tt ]+(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?)?\\s*"
                    + "(Z|z|[+-]\\d{2}(?::?\\d{2})?|UTC|GMT|[A-Za-z][A-Za-z_/+-]{1,40})?");
    private static final Pattern MONTH_FIRST = Pattern.compile(
            "([A-Za-z]{3})[a-z]*\\.?\\s+(\\d{1,2}),?\\s+(?:(\\d{4})\\s+)?(\\d{1,2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?"
                    + "(?:\\s+(\\S+))?");
    private static final String[] MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
    private static final long MAX_EPOCH_SECONDS = 253402300799L; // 9999-12-31T23:59:59Z

    /** The instant the text names, or null. */
    static Instant parse(String text, ZoneId zone, Clock clock) {
        if (text == null) return null;
        String s = text.strip();
        if (s.isEmpty() || s.length() > 80) return null;
        try {
            char c = s.charAt(0);
            if (c >= '0' && c <= '9') {
                Instant epoch = epoch(s);
                if (epoch != null) return epoch;
                Matcher m = ISO.matcher(s);
                if (m.matches()) return iso(m, zone);
                return null;
            }
            Matcher m = MONTH_FIRST.matcher(s);
            if (m.matches()) return monthFirst(m, zone, clock);
            return null;
        } catch (DateTimeException | ArithmeticException e) {
            return null;
        }
    }

    /** Epoch seconds (with a fraction), millis, micros or nanos, by the number of digits; null if not a number. */
    static Instant epoch(String s) {
        int dot = s.indexOf('.');
        String whole = dot < 0 ? s : s.substring(0, dot);
        if (whole.isEmpty() || whole.length() > 19) return null;
        for (int i = 0; i < whole.length(); i++) {
            if (whole.charAt(i) < '0' || whole.charAt(i) > '9') return null;
        }
        if (dot >= 0) {
            String frac = s.substring(dot + 1);
            if (frac.isEmpty() || frac.length() > 9 || whole.length() > 10) return null;
            for (int i = 0; i < frac.length(); i++) {
                if (frac.charAt(i) < '0' || frac.charAt(i) > '9') return null;
            }
            BigDecimal d = new BigDecimal(s);
            long sec = d.longValue();
            long nanos = d.subtract(BigDecimal.valueOf(sec)).movePointRight(9).longValue();
            return Instant.ofEpochSecond(sec, nanos);
        }
        long v = Long.parseLong(whole);
        int n = whole.length();
        Instant t;
        if (n <= 10) t = Instant.ofEpochSecond(v);
        else if (n <= 13) t = Instant.ofEpochMilli(v);
        else if (n <= 16) t = Instant.ofEpochSecond(v / 1_000_000, (v % 1_000_000) * 1000);
        else t = Instant.ofEpochSecond(v / 1_000_000_000, v % 1_000_000_000);
        return t.getEpochSecond() > MAX_EPOCH_SECONDS ? null : t;
    }

    private static Instant iso(Matcher m, ZoneId zone) {
        int year = Integer.parseInt(m.group(1));
        int month = Integer.parseInt(m.group(2));
        int day = Integer.parseInt(m.group(3));
        int hour = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
        int minute = m.group(5) == null ? 0 : Integer.parseInt(m.group(5));
        int second = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
        int nanos = nanos(m.group(7));
        ZoneId z = m.group(8) == null ? zone : zone(m.group(8));
        if (z == null) return null;
        return LocalDateTime.of(year, month, day, hour, minute, second, nanos).atZone(z).toInstant();
    }

    private static Instant monthFirst(Matcher m, ZoneId zone, Clock clock) {
        int month = month(m.group(1));
        if (month < 0) return null;
        int day = Integer.parseInt(m.group(2));
        int hour = Integer.parseInt(m.group(4));
        int minute = Integer.parseInt(m.group(5));
        int second = Integer.parseInt(m.group(6));
        int nanos = nanos(m.group(7));
        ZoneId z = m.group(8) == null ? zone : zone(m.group(8));
        if (z == null) return null;
        if (m.group(3) != null) {
            return LocalDateTime.of(Integer.parseInt(m.group(3)), month, day, hour, minute, second, nanos).atZone(z).toInstant();
        }
        Instant now = clock.instant();
        int year = ZonedDateTime.ofInstant(now, z).getYear();
        Instant t = LocalDateTime.of(year, month, day, hour, minute, second, nanos).atZone(z).toInstant();
        if (t.isAfter(now.plus(Duration.ofDays(2)))) {
            t = LocalDateTime.of(year - 1, month, day, hour, minute, second, nanos).atZone(z).toInstant();
        }
        return t;
    }

    private static int month(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (int i = 0; i < MONTHS.length; i++) {
            if (MONTHS[i].equals(n)) return i + 1;
        }
        return -1;
    }

    private static int nanos(String fraction) {
        if (fraction == null) return 0;
        int v = Integer.parseInt(fraction);
        for (int i = fraction.length(); i < 9; i++) v *= 10;
        return v;
    }

    /** A zone from Z, an offset (+01, +0100, +01:00), UTC/GMT/UT, a region id or a short id (PST); null if unknown. */
    static ZoneId zone(String z) {
        if (z == null) return null;
        String s = z.strip();
        if (s.isEmpty()) return null;
        if (s.equalsIgnoreCase("Z") || s.equalsIgnoreCase("UTC") || s.equalsIgnoreCase("GMT") || s.equalsIgnoreCase("UT")) {
            return ZoneOffset.UTC;
        }
        try {
            char c = s.charAt(0);
            if (c == '+' || c == '-') {
                String digits = s.substring(1).replace(":", "");
                if (digits.length() == 2) digits = digits + "00";
                if (digits.length() != 4) return null;
                for (int i = 0; i < 4; i++) {
                    if (digits.charAt(i) < '0' || digits.charAt(i) > '9') return null;
                }
                return ZoneOffset.ofHoursMinutes((c == '-' ? -1 : 1) * Integer.parseInt(digits.substring(0, 2)),
                        (c == '-' ? -1 : 1) * Integer.parseInt(digits.substring(2)));
            }
            String shortId = ZoneId.SHORT_IDS.get(s.toUpperCase(Locale.ROOT));
            return ZoneId.of(shortId != null ? shortId : s);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /**
     * A time read with a Java {@link SimpleDateFormat} pattern, as LEEF's {@code devTimeFormat}
     * names it; the whole text must match. Null if the pattern is invalid or does not match.
     */
    static Instant withPattern(String text, String pattern, ZoneId zone) {
        if (text == null || pattern == null || pattern.isBlank() || pattern.length() > 100) return null;
        try {
            SimpleDateFormat f = new SimpleDateFormat(pattern.strip(), Locale.ENGLISH);
            f.setLenient(false);
            f.setTimeZone(TimeZone.getTimeZone(zone));
            String s = text.strip();
            ParsePosition pos = new ParsePosition(0);
            Date d = f.parse(s, pos);
            if (d == null || pos.getIndex() != s.length()) return null;
            return d.toInstant();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
