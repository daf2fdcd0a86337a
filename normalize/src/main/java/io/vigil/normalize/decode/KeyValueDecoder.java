package io.vigil.normalize.decode;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * {@code key=value} pairs separated by blanks, as firewalls write them (FortiOS
 * {@code date=2026-11-25 time=10:00:00 devname="FG" srcip=192.0.2.1 ...}, netfilter
 * {@code IN=eth0 OUT= SRC=192.0.2.1 DST=... PROTO=TCP SPT=.. DPT=.. SYN}).
 *
 * <ul>
 *   <li>A key is {@code [A-Za-z_][A-Za-z0-9_.-]*} at the start or after a blank, followed by
 *       {@code =}. A value is quoted ({@code "..."} or {@code '...'}, where a backslash escapes
 *       the quote and itself, other backslashes stay) or runs to the next blank; {@code key=}
 *       followed by a blank is an empty value. An unterminated quote is an error and the value
 *       runs to the end.</li>
 *   <li>A repeated key keeps its first value under its name, later ones as {@code key.2},
 *       {@code key.3}, .... Words that are not pairs (netfilter's {@code SYN}, a syslog header)
 *       are kept, space-joined, as field {@code _words}.</li>
 *   <li>{@link #accepts} wants two pairs at least, so that prose with one {@code =} is not
 *       taken for key=value.</li>
 *   <li>Mapping: key (matched without regard to case) to event field; the configured mapping
 *       first, then (unless turned off) {@link #DEFAULT_MAPPING}; for each event field the first
 *       key with a usable value wins. A value that does not fit its field (an address that is
 *       not one) is a {@code decode_error}.</li>
 *   <li>Time (with the defaults): {@code eventtime} (epoch s/ms/us/ns, FortiOS), else
 *       {@code date} + {@code time} (+ {@code tz}, e.g. {@code -0700}; no tz: the decoder's
 *       zone), else {@code timestamp}.</li>
 *   <li>Extra: {@code kv.<key>} for every pair not moved verbatim to an event field.</li>
 * </ul>
 * <table>
 *   <caption>Default key mapping</caption>
 *   <tr><th>event field</th><th>keys</th></tr>
 *   <tr><td>src_ip</td><td>src, srcip, src_ip, source_ip, sourceip, remip</td></tr>
 *   <tr><td>dst_ip</td><td>dst, dstip, dst_ip, dest_ip, destip, destination_ip</td></tr>
 *   <tr><td>src_port</td><td>spt, srcport, src_port, sport, source_port</td></tr>
 *   <tr><td>dst_port</td><td>dpt, dstport, dst_port, dport, dest_port, destport, destination_port</td></tr>
 *   <tr><td>protocol</td><td>proto, protocol (6, 17, 1 named TCP, UDP, ICMP; upper-cased)</td></tr>
 *   <tr><td>username</td><td>user, usr, username, user_name, usrname, suser, login</td></tr>
 *   <tr><td>filename</td><td>filename, fname, file</td></tr>
 *   <tr><td>message</td><td>msg, message</td></tr>
 *   <tr><td>host</td><td>devname, hostname, dvchost</td></tr>
 *   <tr><td>userdata1</td><td>logid, eventid, event_id</td></tr>
 *   <tr><td>userdata2</td><td>logdesc, cat</td></tr>
 *   <tr><td>userdata3</td><td>action, act</td></tr>
 *   <tr><td>userdata4</td><td>url</td></tr>
 *   <tr><td>userdata5</td><td>app, service</td></tr>
 *   <tr><td>userdata6 / userdata7</td><td>srcname, shost / dstname, dhost</td></tr>
 *   <tr><td>userdata8 / userdata9</td><td>srcmac, smac / dstmac, dmac</td></tr>
 * </table>
 */
public final class KeyValueDecoder implements StructuredDecoder {

    /** The default mapping, key (any case) to event field, in the order tried. */
    public static final Map<String, String> DEFAULT_MAPPING = defaults();

    private record Rule(Field field, String key) {}

    private final List<Rule> mapping;
    private final boolean defaultTime;
    private final ZoneId zone;
    private final Clock clock;

    /** The default mapping, times without a zone read as UTC. */
    public KeyValueDecoder() {
        this(Map.of(), true, ZoneOffset.UTC, Clock.systemUTC());
    }

    /**
     * @param mapping key (any case) to event field name, tried before the defaults
     * @param withDefaults whether {@link #DEFAULT_MAPPING} and the default time keys follow
     * @throws IllegalArgumentException for an unknown event field
     */
    public KeyValueDecoder(Map<String, String> mapping, boolean withDefaults, ZoneId zone, Clock clock) {
        this.zone = Objects.requireNonNull(zone);
        this.clock = Objects.requireNonNull(clock);
        List<Rule> m = new ArrayList<>();
        for (Map.Entry<String, String> x : mapping.entrySet()) {
            String key = Objects.requireNonNull(x.getKey(), "mapping key").strip();
            if (key.isEmpty()) throw new IllegalArgumentException("key=value mapping: empty key for " + x.getValue());
            m.add(new Rule(Field.require(x.getValue(), "key=value mapping '" + key + "'"), key.toLowerCase(Locale.ROOT)));
        }
        if (withDefaults) {
            for (Map.Entry<String, String> x : DEFAULT_MAPPING.entrySet()) m.add(new Rule(Field.of(x.getValue()), x.getKey()));
        }
        this.mapping = List.copyOf(m);
        this.defaultTime = withDefaults;
    }

    private static Map<String, String> defaults() {
        Map<String, String> m = new LinkedHashMap<>();
        put(m, "src_ip", "src", "srcip", "src_ip", "source_ip", "sourceip", "remip");
        put(m, "dst_ip", "dst", "dstip", "dst_ip", "dest_ip", "destip", "destination_ip");
        put(m, "src_port", "spt", "srcport", "src_port", "sport", "source_port");
        put(m, "dst_port", "dpt", "dstport", "dst_port", "dport", "dest_port", "destport", "destination_port");
        put(m, "protocol", "proto", "protocol");
        put(m, "username", "user", "usr", "username", "user_name", "usrname", "suser", "login");
        put(m, "filename", "filename", "fname", "file");
        put(m, "message", "msg", "message");
        put(m, "host", "devname", "hostname", "dvchost");
        put(m, "userdata1", "logid", "eventid", "event_id");
        put(m, "userdata2", "logdesc", "cat");
        put(m, "userdata3", "action", "act");
        put(m, "userdata4", "url");
        put(m, "userdata5", "app", "service");
        put(m, "userdata6", "srcname", "shost");
        put(m, "userdata7", "dstname", "dhost");
        put(m, "userdata8", "srcmac", "smac");
        put(m, "userdata9", "dstmac", "dmac");
        return Collections.unmodifiableMap(m);
    }

    private static void put(Map<String, String> m, String field, String... keys) {
        for (String k : keys) m.put(k, field);
    }

    @Override
    public String name() {
        return "kv";
    }

    /** Two {@code key=} at the start of blank-separated words, at least. */
    @Override
    public boolean accepts(String message) {
        if (message == null) return false;
        int n = message.length();
        int pairs = 0;
        for (int i = 0; i < n; i++) {
            if ((i == 0 || Pairs.blank(message.charAt(i - 1))) && Pairs.keyStart(message.charAt(i))) {
                int j = i;
                while (j < n && Pairs.keyChar(message.charAt(j))) j++;
                if (j < n && message.charAt(j) == '=' && ++pairs >= 2) return true;
                i = j;
            }
        }
        return false;
    }

    @Override
    public Decoded decode(String message) {
        Decoded d = new Decoded(name(), message, zone, clock);
        try {
            if (message == null) {
                d.error("no key=value pairs: empty message");
                return d;
            }
            parse(message, d);
            bindAll(d);
            d.keepRest("kv.");
        } catch (RuntimeException e) {
            d.error("internal error: " + e);
        }
        return d;
    }

    private static void parse(String m, Decoded d) {
        int n = m.length();
        StringBuilder words = new StringBuilder();
        StringBuilder b = new StringBuilder();
        int pairs = 0;
        int i = 0;
        while (i < n) {
            while (i < n && Pairs.blank(m.charAt(i))) i++;
            if (i >= n) break;
            if (Pairs.keyStart(m.charAt(i))) {
                int j = i;
                while (j < n && Pairs.keyChar(m.charAt(j))) j++;
                if (j < n && m.charAt(j) == '=') {
                    String key = m.substring(i, j);
                    i = j + 1;
                    b.setLength(0);
                    if (i < n && (m.charAt(i) == '"' || m.charAt(i) == '\'')) {
                        char q = m.charAt(i++);
                        boolean closed = false;
                        while (i < n) {
                            char c = m.charAt(i);
                            if (c == '\\' && i + 1 < n && (m.charAt(i + 1) == q || m.charAt(i + 1) == '\\')) {
                                b.append(m.charAt(i + 1));
                                i += 2;
                                continue;
                            }
                            i++;
                            if (c == q) {
                                closed = true;
                                break;
                            }
                            b.append(c);
                        }
                        if (!closed) d.error(key + ": unterminated " + (q == '"' ? "double" : "single") + " quote");
                    }
                    while (i < n && !Pairs.blank(m.charAt(i))) b.append(m.charAt(i++));
                    d.add(key, b.toString());
                    pairs++;
                    continue;
                }
            }
            int start = i;
            while (i < n && !Pairs.blank(m.charAt(i))) i++;
            if (!words.isEmpty()) words.append(' ');
            words.append(m, start, i);
        }
        if (!words.isEmpty()) d.add("_words", words.toString());
        if (pairs == 0) d.error("no key=value pairs");
    }

    private void bindAll(Decoded d) {
        Map<String, String> byLower = new HashMap<>();
        for (String k : d.fields().keySet()) byLower.putIfAbsent(k.toLowerCase(Locale.ROOT), k);
        for (Rule r : mapping) {
            String name = byLower.get(r.key());
            if (name != null) d.bind(r.field(), name);
        }
        if (defaultTime && !d.has(Field.TIME)) time(d, byLower);
    }

    private static void time(Decoded d, Map<String, String> byLower) {
        String eventtime = byLower.get("eventtime");
        if (eventtime != null && d.bind(Field.TIME, eventtime)) return;
        String date = byLower.get("date");
        String time = byLower.get("time");
        if (date != null && time != null && !Values.placeholder(d.field(date)) && !Values.placeholder(d.field(time))) {
            String tz = byLower.get("tz");
            String text = d.field(date).strip() + "T" + d.field(time).strip()
                    + (tz == null || Values.placeholder(d.field(tz)) ? "" : d.field(tz).strip());
            Instant t = Times.parse(text, d.zone(), d.clock());
            if (t != null) d.set(Field.TIME, t);
            else d.error("date/time: not a time: " + Values.quote(text));
            return;
        }
        String ts = byLower.get("timestamp");
        if (ts != null) d.bind(Field.TIME, ts);
    }
}
