package io.vigil.normalize;

import io.vigil.core.event.Event;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * OSSIM plugins were written for lines as a syslog daemon writes them to a file:
 * {@code Mmm dd hh:mm:ss host program[pid]: message}. A message that arrived over the network,
 * in RFC 3164 or RFC 5424, is shown to the plugins in that form; the original stays in
 * {@link Event#log()}.
 */
public final class SyslogLine {
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    private final ZoneId zone;

    public SyslogLine(ZoneId zone) {
        this.zone = zone;
    }

    /** The file form of a parsed syslog event, or the raw log when it had no syslog header. */
    public String of(Event e) {
        if (e.malformed() || e.message() == null) return e.log() == null ? "" : e.log();
        Instant t = e.time() != null ? e.time() : e.received();
        StringBuilder b = new StringBuilder(32 + e.message().length());
        if (t != null) {
            ZonedDateTime z = t.atZone(zone);
            b.append(MONTHS[z.getMonthValue() - 1]).append(' ');
            if (z.getDayOfMonth() < 10) b.append(' ');
            b.append(z.getDayOfMonth()).append(' ');
            two(b, z.getHour()).append(':');
            two(b, z.getMinute()).append(':');
            two(b, z.getSecond()).append(' ');
        }
        b.append(e.host() == null || e.host().isEmpty() ? "-" : e.host()).append(' ');
        if (e.app() != null && !e.app().isEmpty()) {
            b.append(e.app());
            if (e.procid() != null && !e.procid().isEmpty()) b.append('[').append(e.procid()).append(']');
            b.append(": ");
        }
        return b.append(e.message()).toString();
    }

    private static StringBuilder two(StringBuilder b, int v) {
        if (v < 10) b.append('0');
        return b.append(v);
    }
}
