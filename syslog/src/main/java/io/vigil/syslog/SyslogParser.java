package io.vigil.syslog;

import io.vigil.core.config.Keys;
import io.vigil.core.config.Settings;
import io.vigil.core.event.Event;
import io.vigil.core.event.RawEvent;
import io.vigil.core.metrics.CollectorMetrics;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;

/**
 * Turns a {@link RawEvent} as a syslog collector received it into an {@link Event}: RFC 5424,
 * RFC 3164 (BSD syslog, including the RFC 3339 timestamps rsyslog forwards with, a missing
 * HOSTNAME and a missing PRI) and anything else, which becomes a malformed event that keeps the
 * raw text. Hand-written (no regular expressions) because it runs once per event.
 *
 * <p>Never throws: every input gives an event. Thread-safe; one instance can serve every thread.
 *
 * <p>Fields: {@code log} is the whole line (lenient UTF-8, trailing CR/LF/NUL removed, control
 * characters kept); {@code time} is the sender's timestamp, or the receive time when there is
 * none; {@code host} is only what the message names (null otherwise, the sender's address is in
 * {@code peer}); {@code facility}/{@code severity} are null when the message has no PRI. RFC 5424
 * structured-data parameters are also put into {@link Event#extra()} as
 * {@code sd.<SD-ID>.<PARAM-NAME>} with their escapes removed, and an event whose transport frame
 * was cut off ({@link RawEvent#MALFORMED_FRAME}) gets {@code frame=incomplete} there.
 *
 * <p>Counting: {@link #parse(RawEvent)} counts nothing; {@link #parse(RawEvent, CollectorMetrics)}
 * counts every event it parses as {@code parsed} and the ones that were not syslog also as
 * {@code malformed}. Truncation is counted by the receivers when the event arrives, not here.
 */
public final class SyslogParser {
    private static final long DAY_SECONDS = 86_400L;

    private final ZoneId zone;
    private final ZoneRules rules;
    private final int fixedOffset; // seconds, or Integer.MIN_VALUE when the zone has rules
    private volatile long[] localCache = {Long.MIN_VALUE, 0};   // {local hour, offset seconds}
    private volatile long[] instantCache = {Long.MIN_VALUE, 0}; // {UTC hour, offset seconds}

    /** @param zone the zone of timestamps that carry none (RFC 3164); see {@link #zoneOf(Settings)} */
    public SyslogParser(ZoneId zone) {
        this.zone = zone;
        this.rules = zone.getRules();
        this.fixedOffset = rules.isFixedOffset() ? rules.getOffset(Instant.EPOCH).getTotalSeconds() : Integer.MIN_VALUE;
    }

    /** The zone {@code syslog.timezone} names: {@code system} is the machine's. */
    public static ZoneId zoneOf(Settings settings) {
        String z = settings.string(Keys.SYSLOG_TIMEZONE);
        if (z.isEmpty() || z.equalsIgnoreCase("system")) return ZoneId.systemDefault();
        try {
            return ZoneId.of(z);
        } catch (DateTimeException e) {
            throw new io.vigil.core.config.ConfigException(Keys.SYSLOG_TIMEZONE.name() + "=" + z
                    + ": not a time zone (use system, UTC, or an id like Europe/Paris)", e);
        }
    }

    public ZoneId zone() {
        return zone;
    }

    /** Parses and counts {@code parsed}, plus {@code malformed} when it was not syslog. */
    public Event parse(RawEvent raw, CollectorMetrics metrics) {
        Event e = parse(raw);
        if (metrics != null) {
            metrics.parsed().increment();
            if (e.malformed()) metrics.malformed().increment();
        }
        return e;
    }

    /** Parses without counting. Never throws. */
    public Event parse(RawEvent raw) {
        byte[] b = raw.payload();
        int end = b.length;
        while (end > 0 && (b[end - 1] == '\n' || b[end - 1] == '\r' || b[end - 1] == 0)) end--;
        String log = new String(b, 0, end, StandardCharsets.UTF_8);
        Instant received = Instant.ofEpochMilli(raw.received());
        Event e = new Event().id(raw.id()).received(received).collector(raw.collector()).peer(raw.peer())
                .log(log).truncated(raw.truncated());
        try {
            if (!parseInto(e, log, raw.received())) {
                e.malformed(true).time(received);
            }
        } catch (RuntimeException bug) {
            // A parser bug must not lose the event: keep it as received.
            e.malformed(true).time(received).host(null).app(null).procid(null).msgid(null)
                    .structuredData(null).message(null).facility(null).severity(null);
            e.extra().clear();
        }
        if (raw.malformedFrame()) e.extra("frame", "incomplete");
        return e;
    }

    // ---------------------------------------------------------------- structure

    /** Fills the header fields; false when the text is not syslog. */
    private boolean parseInto(Event e, String s, long receivedMillis) {
        int n = s.length();
        int p = 0;
        while (p < n && isSkippable(s.charAt(p))) p++;
        int pri = -1;
        if (p < n && s.charAt(p) == '<') {
            int q = p + 1;
            int v = 0;
            while (q < n && q - p <= 4 && isDigit(s.charAt(q))) v = v * 10 + s.charAt(q++) - '0';
            int digits = q - p - 1;
            if (digits == 0 || digits > 3 || q >= n || s.charAt(q) != '>' || v > 191) return false;
            pri = v;
            p = q + 1;
            e.facility(pri >> 3).severity(pri & 7);
        }
        Cursor c = new Cursor(s, p);
        if (pri >= 0 && looks5424(s, p)) {
            parse5424(e, c, receivedMillis);
            return true;
        }
        return parse3164(e, c, pri >= 0, receivedMillis);
    }

    /** {@code VERSION SP} then a timestamp or NILVALUE: {@code 1 2026-...} or {@code 1 - }. */
    private static boolean looks5424(String s, int p) {
        int n = s.length();
        int q = p;
        if (q >= n || s.charAt(q) < '1' || s.charAt(q) > '9') return false;
        q++;
        if (q < n && isDigit(s.charAt(q))) q++;
        if (q + 1 >= n || s.charAt(q) != ' ') return false;
        char t = s.charAt(q + 1);
        return t == '-' || isDigit(t);
    }

    private void parse5424(Event e, Cursor c, long receivedMillis) {
        String s = c.s;
        int n = s.length();
        while (c.p < n && s.charAt(c.p) != ' ') c.p++; // VERSION
        c.p++;
        // TIMESTAMP
        if (c.p < n && s.charAt(c.p) == '-' && (c.p + 1 >= n || s.charAt(c.p + 1) == ' ')) {
            c.p++;
            e.time(Instant.ofEpochMilli(receivedMillis));
        } else if (parse3339(c) && (c.p >= n || s.charAt(c.p) == ' ')) {
            e.time(c.instant());
        } else {
            while (c.p < n && s.charAt(c.p) != ' ') c.p++;
            e.time(Instant.ofEpochMilli(receivedMillis));
        }
        if (!space(c)) return;
        e.host(token(c));
        if (!space(c)) return;
        e.app(token(c));
        if (!space(c)) return;
        e.procid(token(c));
        if (!space(c)) return;
        e.msgid(token(c));
        if (!space(c)) return;
        // STRUCTURED-DATA
        if (s.charAt(c.p) == '-' && (c.p + 1 >= n || s.charAt(c.p + 1) == ' ')) {
            c.p++;
        } else if (s.charAt(c.p) == '[') {
            int start = c.p;
            if (structuredData(e, c)) {
                e.structuredData(s.substring(start, c.p));
            } else {
                c.p = start; // not valid SD: keep everything from here as the message
                e.message(s.substring(start));
                return;
            }
        }
        if (c.p < n && s.charAt(c.p) == ' ') c.p++;
        if (c.p < n && s.charAt(c.p) == '\uFEFF') c.p++; // BOM
        e.message(c.p < n ? s.substring(c.p) : null);
    }

    /** Parses SD-ELEMENTs from '[' on; on success the cursor is just past the last ']'. */
    private static boolean structuredData(Event e, Cursor c) {
        String s = c.s;
        int n = s.length();
        java.util.List<String> params = null;
        while (c.p < n && s.charAt(c.p) == '[') {
            c.p++;
            int idStart = c.p;
            while (c.p < n && s.charAt(c.p) != ' ' && s.charAt(c.p) != ']' && s.charAt(c.p) != '"' && s.charAt(c.p) != '=') c.p++;
            if (c.p >= n || c.p == idStart) return false;
            String id = s.substring(idStart, c.p);
            while (c.p < n && s.charAt(c.p) == ' ') {
                c.p++;
                if (c.p < n && s.charAt(c.p) == ']') break; // trailing space before ']'
                int nameStart = c.p;
                while (c.p < n && s.charAt(c.p) != '=' && s.charAt(c.p) != ' ' && s.charAt(c.p) != ']' && s.charAt(c.p) != '"') c.p++;
                if (c.p >= n || s.charAt(c.p) != '=' || c.p == nameStart) return false;
                String name = s.substring(nameStart, c.p);
                c.p++;
                if (c.p >= n || s.charAt(c.p) != '"') return false;
                c.p++;
                int valStart = c.p;
                StringBuilder sb = null;
                int copied = valStart;
                while (c.p < n && s.charAt(c.p) != '"') {
                    char ch = s.charAt(c.p);
                    if (ch == '\\' && c.p + 1 < n) {
                        char next = s.charAt(c.p + 1);
                        if (next == '"' || next == '\\' || next == ']') {
                            if (sb == null) sb = new StringBuilder();
                            sb.append(s, copied, c.p).append(next);
                            copied = c.p + 2;
                        }
                        c.p += 2;
                    } else {
                        c.p++;
                    }
                }
                if (c.p >= n) return false;
                String value = sb == null ? s.substring(valStart, c.p) : sb.append(s, copied, c.p).toString();
                c.p++; // closing quote
                if (params == null) params = new java.util.ArrayList<>();
                params.add("sd." + id + "." + name);
                params.add(value);
            }
            if (c.p >= n || s.charAt(c.p) != ']') return false;
            c.p++;
        }
        if (params != null) {
            for (int i = 0; i < params.size(); i += 2) e.extra().putIfAbsent(params.get(i), params.get(i + 1));
        }
        return true;
    }

    private boolean parse3164(Event e, Cursor c, boolean hasPri, long receivedMillis) {
        String s = c.s;
        int n = s.length();
        int start = c.p;
        boolean stamped = false;
        if ((parse3164Stamp(c, receivedMillis) || parse3339(c)) && (c.p >= n || s.charAt(c.p) == ' ')) {
            stamped = true;
            e.time(c.instant());
        }
        if (!stamped) {
            if (!hasPri) return false; // no PRI, no header: not syslog
            c.p = start;
            e.time(Instant.ofEpochMilli(receivedMillis));
        } else {
            while (c.p < n && s.charAt(c.p) == ' ') c.p++;
            hostname(e, c);
        }
        tag(e, c);
        return true;
    }

    /**
     * HOSTNAME after a timestamp, if there is one: a run of host-name characters followed by a
     * space and not ending in ':' (which would be a TAG like {@code sshd:}). A TAG with a PID
     * ({@code sshd[42]:}) stops the run at '[' and so is not taken for a host either.
     */
    private static void hostname(Event e, Cursor c) {
        String s = c.s;
        int n = s.length();
        int q = c.p;
        while (q < n && isHostChar(s.charAt(q))) q++;
        if (q > c.p && q < n && s.charAt(q) == ' ' && s.charAt(q - 1) != ':') {
            e.host(s.substring(c.p, q));
            c.p = q + 1;
            while (c.p < n && s.charAt(c.p) == ' ') c.p++;
        }
    }

    /** TAG (APP[PID]) up to ':' or a space, at most 64 characters; then the message. */
    private static void tag(Event e, Cursor c) {
        String s = c.s;
        int n = s.length();
        int q = c.p;
        int limit = Math.min(n, c.p + 64);
        while (q < limit && s.charAt(q) != ':' && s.charAt(q) != ' ') q++;
        if (q == c.p || q == limit && q < n) {
            e.message(s.substring(c.p)); // no tag
            return;
        }
        int tagEnd = q;
        int bracket = c.p + 1;
        while (bracket < tagEnd && s.charAt(bracket) != '[') bracket++;
        if (bracket < tagEnd - 1 && s.charAt(tagEnd - 1) == ']') {
            e.app(s.substring(c.p, bracket));
            if (tagEnd - 1 > bracket + 1) e.procid(s.substring(bracket + 1, tagEnd - 1));
        } else {
            e.app(s.substring(c.p, tagEnd));
        }
        q = tagEnd;
        if (q < n && s.charAt(q) == ':') q++;
        if (q < n && s.charAt(q) == ' ') q++;
        e.message(q < n ? s.substring(q) : "");
    }

    private static boolean space(Cursor c) {
        if (c.p < c.s.length() && c.s.charAt(c.p) == ' ') {
            c.p++;
            return c.p < c.s.length();
        }
        return false;
    }

    /** One space-delimited header field; NILVALUE gives null. */
    private static String token(Cursor c) {
        String s = c.s;
        int n = s.length();
        int start = c.p;
        while (c.p < n && s.charAt(c.p) != ' ') c.p++;
        if (c.p - start == 1 && s.charAt(start) == '-') return null;
        return c.p == start ? null : s.substring(start, c.p);
    }

    // ---------------------------------------------------------------- time

    /** Where parsing is, and the timestamp last read. Per call, so the parser stays thread-safe. */
    private static final class Cursor {
        final String s;
        int p;
        long epochSecond;
        int nanos;

        Cursor(String s, int p) {
            this.s = s;
            this.p = p;
        }

        Instant instant() {
            return Instant.ofEpochSecond(epochSecond, nanos);
        }
    }

    /**
     * RFC 3339 ({@code 2026-11-25T10:00:00.123+01:00}, {@code Z}, up to 9 fraction digits). A
     * missing offset is read in the configured zone (lenient). On success the cursor is past it.
     */
    private boolean parse3339(Cursor c) {
        String s = c.s;
        int n = s.length();
        int p = c.p;
        if (p + 19 > n) return false;
        int year = digits(s, p, 4);
        if (year < 0 || s.charAt(p + 4) != '-') return false;
        int month = digits(s, p + 5, 2);
        if (month < 1 || month > 12 || s.charAt(p + 7) != '-') return false;
        int day = digits(s, p + 8, 2);
        if (day < 1 || day > monthLength(year, month)) return false;
        char t = s.charAt(p + 10);
        if (t != 'T' && t != 't') return false;
        int hour = digits(s, p + 11, 2);
        if (hour < 0 || hour > 23 || s.charAt(p + 13) != ':') return false;
        int minute = digits(s, p + 14, 2);
        if (minute < 0 || minute > 59 || s.charAt(p + 16) != ':') return false;
        int second = digits(s, p + 17, 2);
        if (second < 0 || second > 60) return false;
        if (second == 60) second = 59; // leap second
        p += 19;
        int nanos = 0;
        if (p < n && s.charAt(p) == '.') {
            int q = p + 1;
            int scale = 100_000_000;
            while (q < n && isDigit(s.charAt(q))) {
                if (scale > 0) {
                    nanos += (s.charAt(q) - '0') * scale;
                    scale /= 10;
                }
                q++;
            }
            if (q == p + 1) return false;
            p = q;
        }
        long local = epochDay(year, month, day) * DAY_SECONDS + hour * 3600L + minute * 60L + second;
        long offset;
        if (p < n && (s.charAt(p) == 'Z' || s.charAt(p) == 'z')) {
            offset = 0;
            p++;
        } else if (p < n && (s.charAt(p) == '+' || s.charAt(p) == '-')) {
            int sign = s.charAt(p) == '-' ? -1 : 1;
            int oh = digits(s, p + 1, 2);
            if (oh < 0 || oh > 23) return false;
            int om;
            if (p + 3 < n && s.charAt(p + 3) == ':') {
                om = digits(s, p + 4, 2);
                p += 6;
            } else {
                om = digits(s, p + 3, 2); // +hhmm
                p += 5;
            }
            if (om < 0 || om > 59) return false;
            offset = sign * (oh * 3600L + om * 60L);
        } else {
            offset = offsetOfLocal(local);
        }
        c.epochSecond = local - offset;
        c.nanos = nanos;
        c.p = p;
        return true;
    }

    /**
     * {@code Mmm dd hh:mm:ss} (day space-padded or not), optionally {@code Mmm dd yyyy hh:mm:ss},
     * optionally with a fraction. Without a year: the receive time's year, or the next one when
     * that is at most a day ahead of the receive time (New Year), or else the year before when
     * the receive time's year would put it more than a day in the future.
     */
    private boolean parse3164Stamp(Cursor c, long receivedMillis) {
        String s = c.s;
        int n = s.length();
        int p = c.p;
        if (p + 14 > n) return false;
        int month = month(s.charAt(p), s.charAt(p + 1), s.charAt(p + 2));
        if (month == 0 || s.charAt(p + 3) != ' ') return false;
        p += 4;
        if (s.charAt(p) == ' ') p++;
        int day;
        if (isDigit(s.charAt(p)) && p + 1 < n && isDigit(s.charAt(p + 1))) {
            day = (s.charAt(p) - '0') * 10 + s.charAt(p + 1) - '0';
            p += 2;
        } else if (isDigit(s.charAt(p))) {
            day = s.charAt(p) - '0';
            p += 1;
        } else {
            return false;
        }
        if (day < 1 || day > 31 || p >= n || s.charAt(p) != ' ') return false;
        p++;
        int year = -1;
        if (p + 5 <= n && digits(s, p, 4) >= 0 && s.charAt(p + 4) == ' ') {
            year = digits(s, p, 4);
            p += 5;
        }
        if (p + 8 > n) return false;
        int hour = digits(s, p, 2);
        if (hour < 0 || hour > 23 || s.charAt(p + 2) != ':') return false;
        int minute = digits(s, p + 3, 2);
        if (minute < 0 || minute > 59 || s.charAt(p + 5) != ':') return false;
        int second = digits(s, p + 6, 2);
        if (second < 0 || second > 60) return false;
        if (second == 60) second = 59;
        p += 8;
        int nanos = 0;
        if (p + 1 < n && s.charAt(p) == '.' && isDigit(s.charAt(p + 1))) {
            int q = p + 1;
            int scale = 100_000_000;
            while (q < n && isDigit(s.charAt(q))) {
                if (scale > 0) {
                    nanos += (s.charAt(q) - '0') * scale;
                    scale /= 10;
                }
                q++;
            }
            p = q;
        }
        long secondOfDay = hour * 3600L + minute * 60L + second;
        long epochSecond;
        if (year >= 0) {
            if (day > monthLength(year, month)) return false;
            long local = epochDay(year, month, day) * DAY_SECONDS + secondOfDay;
            epochSecond = local - offsetOfLocal(local);
        } else {
            long receivedSecond = Math.floorDiv(receivedMillis, 1000L);
            long localReceived = receivedSecond + offsetOfInstant(receivedSecond);
            int receivedYear = yearOfEpochDay(Math.floorDiv(localReceived, DAY_SECONDS));
            long latest = receivedSecond + DAY_SECONDS;
            long thisYear = yearless(receivedYear, month, day, secondOfDay);
            if (thisYear != Long.MIN_VALUE && thisYear <= latest) {
                epochSecond = thisYear;
                // Received on Dec 31, sent on Jan 1 by a clock a little ahead: next year.
                if (thisYear <= latest - 364 * DAY_SECONDS) {
                    long next = yearless(receivedYear + 1, month, day, secondOfDay);
                    if (next != Long.MIN_VALUE && next <= latest) epochSecond = next;
                }
            } else {
                epochSecond = yearless(receivedYear - 1, month, day, secondOfDay);
                if (epochSecond == Long.MIN_VALUE || epochSecond > latest) return false;
            }
        }
        c.epochSecond = epochSecond;
        c.nanos = nanos;
        c.p = p;
        return true;
    }

    /** A year-less timestamp read in the given year, or Long.MIN_VALUE when that year has no such day. */
    private long yearless(int year, int month, int day, long secondOfDay) {
        if (day > monthLength(year, month)) return Long.MIN_VALUE;
        long local = epochDay(year, month, day) * DAY_SECONDS + secondOfDay;
        return local - offsetOfLocal(local);
    }

    /** Offset in seconds of the configured zone at a local date-time (seconds since the local epoch). */
    private long offsetOfLocal(long localSecond) {
        if (fixedOffset != Integer.MIN_VALUE) return fixedOffset;
        long hour = Math.floorDiv(localSecond, 3600L);
        long[] cache = localCache;
        if (cache[0] == hour) return cache[1];
        LocalDateTime ldt = LocalDateTime.ofEpochSecond(localSecond, 0, ZoneOffset.UTC);
        int offset = rules.getOffset(ldt).getTotalSeconds();
        LocalDateTime first = LocalDateTime.ofEpochSecond(hour * 3600L, 0, ZoneOffset.UTC);
        LocalDateTime last = LocalDateTime.ofEpochSecond(hour * 3600L + 3599, 0, ZoneOffset.UTC);
        if (rules.getValidOffsets(first).size() == 1 && rules.getValidOffsets(last).size() == 1
                && rules.getOffset(first).getTotalSeconds() == offset && rules.getOffset(last).getTotalSeconds() == offset) {
            localCache = new long[] {hour, offset};
        }
        return offset;
    }

    /** Offset in seconds of the configured zone at an instant. */
    private long offsetOfInstant(long epochSecond) {
        if (fixedOffset != Integer.MIN_VALUE) return fixedOffset;
        long hour = Math.floorDiv(epochSecond, 3600L);
        long[] cache = instantCache;
        if (cache[0] == hour) return cache[1];
        int offset = rules.getOffset(Instant.ofEpochSecond(epochSecond)).getTotalSeconds();
        if (rules.getOffset(Instant.ofEpochSecond(hour * 3600L)).getTotalSeconds() == offset
                && rules.getOffset(Instant.ofEpochSecond(hour * 3600L + 3599)).getTotalSeconds() == offset) {
            instantCache = new long[] {hour, offset};
        }
        return offset;
    }

    private static int month(char a, char b, char c) {
        int key = (a | 0x20) << 16 | (b | 0x20) << 8 | (c | 0x20);
        return switch (key) {
            case 'j' << 16 | 'a' << 8 | 'n' -> 1;
            case 'f' << 16 | 'e' << 8 | 'b' -> 2;
            case 'm' << 16 | 'a' << 8 | 'r' -> 3;
            case 'a' << 16 | 'p' << 8 | 'r' -> 4;
            case 'm' << 16 | 'a' << 8 | 'y' -> 5;
            case 'j' << 16 | 'u' << 8 | 'n' -> 6;
            case 'j' << 16 | 'u' << 8 | 'l' -> 7;
            case 'a' << 16 | 'u' << 8 | 'g' -> 8;
            case 's' << 16 | 'e' << 8 | 'p' -> 9;
            case 'o' << 16 | 'c' << 8 | 't' -> 10;
            case 'n' << 16 | 'o' << 8 | 'v' -> 11;
            case 'd' << 16 | 'e' << 8 | 'c' -> 12;
            default -> 0;
        };
    }

    static boolean isLeap(int y) {
        return (y & 3) == 0 && (y % 100 != 0 || y % 400 == 0);
    }

    static int monthLength(int y, int m) {
        return switch (m) {
            case 2 -> isLeap(y) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date. */
    static long epochDay(int year, int month, int day) {
        // Count years from March so that the leap day falls at the end of a year.
        long y = month <= 2 ? year - 1L : year;
        long era = Math.floorDiv(y, 400L);
        long yearOfEra = y - era * 400;
        long monthFromMarch = (month + 9) % 12;
        long dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }

    static int yearOfEpochDay(long epochDay) {
        long z = epochDay + 719_468;
        long era = Math.floorDiv(z, 146_097L);
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long monthFromMarch = (5 * dayOfYear + 2) / 153;
        long year = yearOfEra + era * 400 + (monthFromMarch >= 10 ? 1 : 0);
        return (int) year;
    }

    /** {@code count} decimal digits at {@code p} as a number, or -1. */
    private static int digits(String s, int p, int count) {
        if (p + count > s.length()) return -1;
        int v = 0;
        for (int i = p; i < p + count; i++) {
            char ch = s.charAt(i);
            if (ch < '0' || ch > '9') return -1;
            v = v * 10 + ch - '0';
        }
        return v;
    }

    private static boolean isDigit(char ch) {
        return ch >= '0' && ch <= '9';
    }

    private static boolean isSkippable(char ch) {
        return ch == ' ' || ch == '\r' || ch == '\n' || ch == 0;
    }

    private static boolean isHostChar(char ch) {
        return ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9'
                || ch == '.' || ch == '-' || ch == '_' || ch == ':';
    }
}
