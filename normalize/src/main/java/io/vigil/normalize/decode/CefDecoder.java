package io.vigil.normalize.decode;

import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * ArcSight Common Event Format:
 * {@code CEF:Version|Device Vendor|Device Product|Device Version|Device Event Class ID|Name|Severity|Extension}.
 *
 * <h2>Reading</h2>
 * <ul>
 *   <li>The {@code CEF:} prefix may start the message or follow a syslog header (it must then
 *       follow a blank or the {@code >} of a PRI); {@code CEF: 0} with a blank is accepted.
 *       {@link #accepts} wants {@code CEF:<digits>|}.</li>
 *   <li>Header: {@code \|} and {@code \\} are escapes; any other backslash is kept as it is.
 *       A header with fewer than seven fields is an error ({@code decode_error}) and the fields
 *       it has are kept; when a short header runs into something shaped like {@code key=value},
 *       that is read as the extension.</li>
 *   <li>Extension: a key is a name at the start or after a blank followed by an unescaped
 *       {@code =}; its value runs until the blank before the next key, so values may hold
 *       spaces (and unescaped {@code |}), and blanks around it are dropped. Escapes
 *       {@code \=}, {@code \\}, {@code \n} (LF), {@code \r} (CR) and, leniently, {@code \|};
 *       any other backslash is kept. An empty extension is fine; text before the first key is
 *       an error, kept as field {@code _unparsed}. A repeated key gets {@code key.2}, ....</li>
 *   <li>Custom labels: for any key K with a {@code KLabel} (cs1..cs6, cn1..cn3, cfp1..cfp4,
 *       c6a1..c6a4, flexString1/2, flexNumber1/2, flexDate1, deviceCustomDate1/2, the long
 *       {@code deviceCustomString1} forms, ...), the value is also a field named by the label
 *       (blanks as {@code _}): {@code cs1Label=Rule cs1=Allow} gives {@code Rule=Allow} besides
 *       {@code cs1} and {@code cs1Label}; a label never replaces a field the message has.</li>
 * </ul>
 *
 * <h2>Event fields</h2>
 * Field names: the header fields are {@code version, deviceVendor, deviceProduct,
 * deviceVersion, deviceEventClassId, name, severity}; extension keys as written. Short or long
 * (ArcSight full) key names both map:
 * <table>
 *   <caption>CEF to event fields (the first present, usable key wins)</caption>
 *   <tr><th>event field</th><th>CEF</th></tr>
 *   <tr><td>src_ip</td><td>src, sourceAddress</td></tr>
 *   <tr><td>dst_ip</td><td>dst, destinationAddress</td></tr>
 *   <tr><td>src_port</td><td>spt, sourcePort</td></tr>
 *   <tr><td>dst_port</td><td>dpt, destinationPort</td></tr>
 *   <tr><td>protocol</td><td>proto, transportProtocol (upper-cased)</td></tr>
 *   <tr><td>username</td><td>suser, sourceUserName, then duser, destinationUserName: in the
 *       network devices that send most CEF (firewalls, proxies, IDS) the user is the source's;
 *       the other stays in extra</td></tr>
 *   <tr><td>filename</td><td>fname, fileName, then filePath</td></tr>
 *   <tr><td>message</td><td>msg, message; else the header Name</td></tr>
 *   <tr><td>time</td><td>rt, deviceReceiptTime, then start, startTime, then end, endTime:
 *       epoch millis or {@code MMM dd [yyyy] HH:mm:ss[.SSS] [zone]} (and ISO 8601); no zone
 *       means the decoder's zone</td></tr>
 *   <tr><td>host</td><td>dvchost, deviceHostName</td></tr>
 *   <tr><td>app</td><td>header Device Product</td></tr>
 *   <tr><td>priority</td><td>header Severity: 0-10 gives (severity+1)/2, i.e. 0 to 0, 1-2 to
 *       1, 3-4 to 2, 5-6 to 3, 7-8 to 4, 9-10 to 5; Low 1, Medium 3, High 4, Very-High 5,
 *       Unknown none</td></tr>
 *   <tr><td>userdata1</td><td>header Device Event Class ID</td></tr>
 *   <tr><td>userdata2</td><td>header Name</td></tr>
 *   <tr><td>userdata3</td><td>act, deviceAction</td></tr>
 *   <tr><td>userdata4</td><td>request, requestUrl</td></tr>
 *   <tr><td>userdata5</td><td>app, applicationProtocol</td></tr>
 *   <tr><td>userdata6</td><td>shost, sourceHostName</td></tr>
 *   <tr><td>userdata7</td><td>dhost, destinationHostName</td></tr>
 *   <tr><td>userdata8</td><td>smac, sourceMacAddress</td></tr>
 *   <tr><td>userdata9</td><td>dmac, destinationMacAddress</td></tr>
 * </table>
 * Extra: {@code cef.<field>} for the header fields (always), the times and every key not
 * moved verbatim to an event field; label fields as {@code cef.<Label>}. Empty values and
 * {@code -} fill no event field (they stay in extra).
 */
public final class CefDecoder implements StructuredDecoder {
    static final String[] HEADER = {"version", "deviceVendor", "deviceProduct", "deviceVersion", "deviceEventClassId", "name", "severity"};

    private final ZoneId zone;
    private final Clock clock;

    /** Times without a zone read as UTC. */
    public CefDecoder() {
        this(ZoneOffset.UTC, Clock.systemUTC());
    }

    /**
     * @param zone the zone of times that name none
     * @param clock for times that name no year
     */
    public CefDecoder(ZoneId zone, Clock clock) {
        this.zone = Objects.requireNonNull(zone);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public String name() {
        return "cef";
    }

    @Override
    public boolean accepts(String message) {
        return message != null && start(message) >= 0;
    }

    /** Index just after the first valid {@code CEF:} (where the version starts), or -1. */
    static int start(String m) {
        return Headers.start(m, "CEF:");
    }

    @Override
    public Decoded decode(String message) {
        Decoded d = new Decoded(name(), message, zone, clock);
        try {
            read(message, d);
        } catch (RuntimeException e) {
            d.error("internal error: " + e); // never expected; the message must not be lost over it
        }
        return d;
    }

    private void read(String m, Decoded d) {
        int p = m == null ? -1 : start(m);
        if (p < 0) {
            d.error("no CEF header (CEF:<version>|...)");
            return;
        }
        Headers.Split h = Headers.split(m, p, HEADER.length);
        for (int i = 0; i < h.fields().size(); i++) d.add(HEADER[i], h.fields().get(i).strip());
        if (h.fields().size() < HEADER.length) {
            d.error("CEF header has " + h.fields().size() + " of 7 fields (missing "
                    + String.join(", ", List.of(HEADER).subList(h.fields().size(), HEADER.length)) + ")");
        }
        List<String[]> labels = extension(m, h.rest(), m.length(), d);
        bindAll(d);
        // label fields come after binding: a label never feeds an event field
        for (String[] l : labels) {
            if (d.field(l[0]) == null) d.add(l[0], l[1]);
        }
        d.keepRest("cef.");
    }

    /** Reads the extension into fields; returns the custom label fields ({name, value}) it implies. */
    private static List<String[]> extension(String m, int from, int to, Decoded d) {
        List<String[]> labels = new ArrayList<>();
        if (from >= to) return labels;
        Pairs.Parsed parsed = Pairs.parse(m, from, to);
        if (parsed.leading() != null) {
            d.add("_unparsed", parsed.leading());
            d.error("extension: text before the first key=value: " + Values.quote(parsed.leading()));
        }
        List<String> names = new ArrayList<>(parsed.pairs().size());
        for (Pairs.Pair p : parsed.pairs()) names.add(d.add(p.key(), unescape(p.value())));
        // custom labels: K with KLabel
        for (String k : names) {
            if (k.endsWith("Label") && k.length() > 5) {
                String base = k.substring(0, k.length() - 5);
                String label = d.field(k);
                String value = d.field(base);
                if (value != null && label != null && !label.isBlank()) {
                    labels.add(new String[] {Values.key(label.strip()), value});
                }
            }
        }
        return labels;
    }

    /** Decodes the extension escapes: \= \\ \n \r \| ; other backslashes stay. */
    static String unescape(String v) {
        int b = v.indexOf('\\');
        if (b < 0) return v;
        StringBuilder s = new StringBuilder(v.length()).append(v, 0, b);
        for (int i = b; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\' && i + 1 < v.length()) {
                char n = v.charAt(i + 1);
                switch (n) {
                    case '=', '\\', '|' -> { s.append(n); i++; continue; }
                    case 'n' -> { s.append('\n'); i++; continue; }
                    case 'r' -> { s.append('\r'); i++; continue; }
                    default -> { }
                }
            }
            s.append(c);
        }
        return s.toString();
    }

    private static void bindAll(Decoded d) {
        d.bindFirst(Field.SRC_IP, "src", "sourceAddress");
        d.bindFirst(Field.DST_IP, "dst", "destinationAddress");
        d.bindFirst(Field.SRC_PORT, "spt", "sourcePort");
        d.bindFirst(Field.DST_PORT, "dpt", "destinationPort");
        d.bindFirst(Field.PROTOCOL, "proto", "transportProtocol");
        d.bindFirst(Field.USERNAME, "suser", "sourceUserName", "duser", "destinationUserName");
        d.bindFirst(Field.FILENAME, "fname", "fileName", "filePath");
        if (!d.bindFirst(Field.MESSAGE, "msg", "message")) {
            String name = d.field("name");
            if (!Values.placeholder(name)) d.set(Field.MESSAGE, name);
        }
        d.bindFirst(Field.TIME, "rt", "deviceReceiptTime", "start", "startTime", "end", "endTime");
        d.bindFirst(Field.HOST, "dvchost", "deviceHostName");
        header(d, Field.APP, "deviceProduct");
        header(d, Field.USERDATA1, "deviceEventClassId");
        header(d, Field.USERDATA2, "name");
        d.bindFirst(Field.USERDATA3, "act", "deviceAction");
        d.bindFirst(Field.USERDATA4, "request", "requestUrl");
        d.bindFirst(Field.USERDATA5, "app", "applicationProtocol");
        d.bindFirst(Field.USERDATA6, "shost", "sourceHostName");
        d.bindFirst(Field.USERDATA7, "dhost", "destinationHostName");
        d.bindFirst(Field.USERDATA8, "smac", "sourceMacAddress");
        d.bindFirst(Field.USERDATA9, "dmac", "destinationMacAddress");
        String sev = d.field("severity");
        if (sev != null && !sev.isBlank()) {
            Integer priority = priority(sev);
            if (priority != null) d.set(Field.PRIORITY, priority);
            else if (!sev.strip().equalsIgnoreCase("Unknown")) d.error("severity: not 0-10 nor Low/Medium/High/Very-High: " + Values.quote(sev));
        }
    }

    /** A header field bound to an event field but kept in extra too. */
    private static void header(Decoded d, Field f, String name) {
        String v = d.field(name);
        if (!Values.placeholder(v)) d.set(f, v);
    }

    /**
     * OSSIM priority (0-5) for a CEF severity: a number 0-10 gives (n+1)/2; Low 1, Medium 3,
     * High 4, Very-High 5 (any case; {@code Very High}, {@code VeryHigh} too); null otherwise
     * (Unknown included).
     */
    public static Integer priority(String severity) {
        if (severity == null) return null;
        Integer n = Values.integer(severity, 0, 10);
        if (n != null) return (n + 1) / 2;
        String s = severity.strip().toLowerCase(Locale.ROOT).replace("-", "").replace(" ", "").replace("_", "");
        return switch (s) {
            case "low" -> 1;
            case "medium" -> 3;
            case "high" -> 4;
            case "veryhigh" -> 5;
            default -> null;
        };
    }
}
