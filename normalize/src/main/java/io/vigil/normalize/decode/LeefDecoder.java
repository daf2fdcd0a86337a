package io.vigil.normalize.decode;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;

/**
 * IBM QRadar Log Event Extended Format, 1.0 and 2.0:
 * {@code LEEF:1.0|Vendor|Product|Version|EventID|attributes} and
 * {@code LEEF:2.0|Vendor|Product|Version|EventID|DelimiterCharacter|attributes}.
 *
 * <h2>Reading</h2>
 * <ul>
 *   <li>The {@code LEEF:} prefix may start the message or follow a syslog header (after a
 *       blank or a PRI's {@code >}). Header escapes {@code \|} and {@code \\}. A header with
 *       fewer than five fields is an error and what it has is kept; a short header running into
 *       {@code key=value} has that read as the attributes.</li>
 *   <li>Delimiter: tab in 1.0. In 2.0 the sixth field names it: one character ({@code ^}),
 *       or hex {@code x09} / {@code 0x09} (1-4 hex digits); {@code |||} (an empty-looking
 *       field followed by a pipe) means {@code |}. An empty sixth field, or none (the text after
 *       the EventID's pipe already holds {@code key=}), means tab.</li>
 *   <li>Attributes split on the delimiter; the key is the text before the first unescaped
 *       {@code =}, blanks around key and value dropped (so {@code file name =x} gives key
 *       {@code file name}). When the delimiter is tab and the text has no tab at all (senders
 *       that write spaces), the attributes are read as CEF extensions are: a value runs until
 *       the blank before the next {@code key=}.</li>
 *   <li>Escapes in values (LEEF defines none; these are what senders use): {@code \=} and
 *       {@code \\}, and a backslash before the delimiter, which then belongs to the value,
 *       unless what follows the delimiter is a {@code key=} (then the backslash ends a value,
 *       as in {@code path=C:\dir\}). Any other backslash is kept, so Windows paths
 *       ({@code C:\Windows\System32}) come through unchanged; a UNC path written unescaped
 *       ({@code \\server\share}) loses one backslash.</li>
 *   <li>A segment without {@code =} is an error, kept as field {@code _unparsed}; a repeated
 *       key gets {@code key.2}, ....</li>
 * </ul>
 *
 * <h2>Event fields</h2>
 * Field names: header {@code version, vendor, product, productVersion, eventId} and, in 2.0,
 * {@code delimiter} as written; attributes as written.
 * <table>
 *   <caption>LEEF to event fields</caption>
 *   <tr><th>event field</th><th>LEEF</th></tr>
 *   <tr><td>src_ip / dst_ip</td><td>src / dst</td></tr>
 *   <tr><td>src_port / dst_port</td><td>srcPort / dstPort</td></tr>
 *   <tr><td>protocol</td><td>proto (upper-cased; 6, 17, 1 named TCP, UDP, ICMP)</td></tr>
 *   <tr><td>username</td><td>usrName, then accountName, identUsrName</td></tr>
 *   <tr><td>time</td><td>devTime read with devTimeFormat (a Java SimpleDateFormat pattern) if
 *       given, else as {@code MMM dd yyyy HH:mm:ss[.SSS] [zone]}, epoch millis or ISO 8601;
 *       no zone means the decoder's zone</td></tr>
 *   <tr><td>app</td><td>header Product</td></tr>
 *   <tr><td>priority</td><td>sev, as CEF severity: (sev+1)/2</td></tr>
 *   <tr><td>userdata1</td><td>header EventID</td></tr>
 *   <tr><td>userdata2</td><td>cat</td></tr>
 *   <tr><td>userdata3</td><td>action (not predefined, but common)</td></tr>
 *   <tr><td>userdata4</td><td>url</td></tr>
 *   <tr><td>userdata8 / userdata9</td><td>srcMAC / dstMAC</td></tr>
 * </table>
 * Extra: {@code leef.<field>} for the header fields, devTime, sev and every attribute not moved
 * verbatim to an event field (blanks in names as {@code _}).
 */
public final class LeefDecoder implements StructuredDecoder {
    static final String[] HEADER = {"version", "vendor", "product", "productVersion", "eventId"};

    private final ZoneId zone;
    private final Clock clock;

    /** Times without a zone read as UTC. */
    public LeefDecoder() {
        this(ZoneOffset.UTC, Clock.systemUTC());
    }

    /**
     * @param zone the zone of times that name none
     * @param clock for times that name no year
     */
    public LeefDecoder(ZoneId zone, Clock clock) {
        this.zone = Objects.requireNonNull(zone);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public String name() {
        return "leef";
    }

    @Override
    public boolean accepts(String message) {
        return message != null && Headers.start(message, "LEEF:") >= 0;
    }

    @Override
    public Decoded decode(String message) {
        Decoded d = new Decoded(name(), message, zone, clock);
        try {
            read(message, d);
        } catch (RuntimeException e) {
            d.error("internal error: " + e);
        }
        return d;
    }

    private void read(String m, Decoded d) {
        int p = m == null ? -1 : Headers.start(m, "LEEF:");
        if (p < 0) {
            d.error("no LEEF header (LEEF:<version>|...)");
            return;
        }
        Headers.Split h = Headers.split(m, p, HEADER.length);
        List<String> hf = h.fields();
        for (int i = 0; i < hf.size(); i++) d.add(HEADER[i], hf.get(i).strip());
        if (hf.size() < HEADER.length) {
            d.error("LEEF header has " + hf.size() + " of 5 fields (missing "
                    + String.join(", ", List.of(HEADER).subList(hf.size(), HEADER.length)) + ")");
        }
        char delim = '\t';
        int from = h.rest();
        if (hf.size() == HEADER.length && d.field("version").startsWith("2") && from < m.length()) {
            int pipe = m.indexOf('|', from);
            String spec = pipe < 0 ? null : m.substring(from, pipe);
            if (spec != null && spec.isEmpty() && pipe + 1 < m.length() && m.charAt(pipe + 1) == '|') {
                d.add("delimiter", "|");
                delim = '|';
                from = pipe + 2;
            } else if (spec != null && spec.isEmpty()) {
                d.add("delimiter", "");
                from = pipe + 1;
            } else if (spec != null && delimiter(spec) >= 0) {
                d.add("delimiter", spec);
                delim = (char) delimiter(spec);
                from = pipe + 1;
            }
            // else: no delimiter field; the attributes start right away, tab-separated
        }
        attributes(m, from, delim, d);
        bindAll(d);
        d.keepRest("leef.");
    }

    /** The character a LEEF 2.0 delimiter field names (one character, or x/0x and 1-4 hex digits), or -1. */
    static int delimiter(String spec) {
        if (spec.length() == 1) return spec.charAt(0);
        String hex;
        if (spec.length() > 2 && (spec.startsWith("0x") || spec.startsWith("0X"))) hex = spec.substring(2);
        else if (spec.length() > 1 && (spec.charAt(0) == 'x' || spec.charAt(0) == 'X')) hex = spec.substring(1);
        else return -1;
        if (hex.isEmpty() || hex.length() > 4) return -1;
        int v = 0;
        for (int i = 0; i < hex.length(); i++) {
            int dg = Character.digit(hex.charAt(i), 16);
            if (dg < 0 || hex.charAt(i) > 'f') return -1;
            v = v * 16 + dg;
        }
        return v;
    }

    private static void attributes(String m, int from, char delim, Decoded d) {
        int n = m.length();
        if (from >= n) return;
        if (delim == '\t' && m.indexOf('\t', from) < 0) {
            Pairs.Parsed parsed = Pairs.parse(m, from, n);
            if (parsed.leading() != null) unparsed(d, parsed.leading());
            for (Pairs.Pair p : parsed.pairs()) d.add(p.key(), unescape(p.value(), delim));
            return;
        }
        int start = from;
        int i = from;
        while (i <= n) {
            if (i == n) {
                segment(m, start, n, delim, d);
                break;
            }
            char c = m.charAt(i);
            if (c == '\\' && i + 1 < n) {
                char nx = m.charAt(i + 1);
                if (nx == delim) {
                    if (Pairs.keyAt(m, i + 2, n)) { // a value ending in a backslash, then a real delimiter
                        segment(m, start, i + 1, delim, d);
                        start = i + 2;
                    }
                    i += 2;
                    continue;
                }
                if (nx == '\\' || nx == '=') {
                    i += 2;
                    continue;
                }
                i++;
                continue;
            }
            if (c == delim) {
                segment(m, start, i, delim, d);
                start = i + 1;
            }
            i++;
        }
    }

    private static void segment(String m, int from, int to, char delim, Decoded d) {
        int eq = -1;
        for (int i = from; i < to; i++) {
            char c = m.charAt(i);
            if (c == '\\' && i + 1 < to && (m.charAt(i + 1) == '=' || m.charAt(i + 1) == '\\' || m.charAt(i + 1) == delim)) {
                i++;
                continue;
            }
            if (c == '=') {
                eq = i;
                break;
            }
        }
        String key = eq < 0 ? null : unescape(m.substring(from, eq).strip(), delim);
        if (key == null || key.isEmpty()) {
            String text = m.substring(from, to).strip();
            if (!text.isEmpty()) unparsed(d, text);
            return;
        }
        d.add(key, unescape(m.substring(eq + 1, to).strip(), delim));
    }

    private static void unparsed(Decoded d, String text) {
        String prev = d.field("_unparsed");
        if (prev == null) d.add("_unparsed", text);
        d.error("attribute without key=value: " + Values.quote(text));
    }

    /** Decodes {@code \=}, {@code \\} and backslash-delimiter; other backslashes stay. */
    static String unescape(String v, char delim) {
        int b = v.indexOf('\\');
        if (b < 0) return v;
        StringBuilder s = new StringBuilder(v.length()).append(v, 0, b);
        for (int i = b; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\' && i + 1 < v.length()) {
                char n = v.charAt(i + 1);
                if (n == '=' || n == '\\' || n == delim) {
                    s.append(n);
                    i++;
                    continue;
                }
            }
            s.append(c);
        }
        return s.toString();
    }

    private void bindAll(Decoded d) {
        d.bindFirst(Field.SRC_IP, "src");
        d.bindFirst(Field.DST_IP, "dst");
        d.bindFirst(Field.SRC_PORT, "srcPort");
        d.bindFirst(Field.DST_PORT, "dstPort");
        d.bindFirst(Field.PROTOCOL, "proto");
        d.bindFirst(Field.USERNAME, "usrName", "accountName", "identUsrName");
        d.bindFirst(Field.USERDATA2, "cat");
        d.bindFirst(Field.USERDATA3, "action");
        d.bindFirst(Field.USERDATA4, "url");
        d.bindFirst(Field.USERDATA8, "srcMAC");
        d.bindFirst(Field.USERDATA9, "dstMAC");
        String product = d.field("product");
        if (!Values.placeholder(product)) d.set(Field.APP, product);
        String eventId = d.field("eventId");
        if (!Values.placeholder(eventId)) d.set(Field.USERDATA1, eventId);
        String devTime = d.field("devTime");
        if (!Values.placeholder(devTime)) {
            String fmt = d.field("devTimeFormat");
            Instant t = Values.placeholder(fmt) ? null : Times.withPattern(devTime, fmt, d.zone());
            if (t == null) t = Times.parse(devTime, d.zone(), d.clock());
            if (t != null) d.set(Field.TIME, t);
            else d.error("devTime: not a time" + (Values.placeholder(fmt) ? "" : " in devTimeFormat " + Values.quote(fmt))
                    + ": " + Values.quote(devTime));
        }
        String sev = d.field("sev");
        if (!Values.placeholder(sev)) {
            Integer priority = CefDecoder.priority(sev);
            if (priority != null) d.set(Field.PRIORITY, priority);
            else d.error("sev: not 0-10: " + Values.quote(sev));
        }
    }
}
