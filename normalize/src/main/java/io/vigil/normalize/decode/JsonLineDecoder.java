package io.vigil.normalize.decode;

import com.fasterxml.jackson.core.JsonPointer;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One JSON object per line (Suricata eve, ECS-shaped logs, application logs), with a
 * configurable mapping from JSON paths to event fields.
 *
 * <ul>
 *   <li>Fields: every leaf of the object under its dotted path ({@code source.ip},
 *       {@code alert.signature_id}, arrays by index: {@code tags.0}); nulls and empty
 *       containers are left out. Numbers keep their JSON spelling.</li>
 *   <li>Mapping: path to event field name ({@code src_ip}, {@code time}, {@code userdata3},
 *       ...). A path is dotted ({@code source.ip}) or a JSON pointer ({@code /source/ip}); a key
 *       that itself holds dots is matched by the dotted form too. For each event field the
 *       first mapped path with a usable value wins: the configured mapping first, then (unless
 *       turned off) {@link #DEFAULT_MAPPING}. Values that are objects or arrays map nothing.
 *       A value of a configured path that does not fit its field (an address that is not one,
 *       a port that is not a number) is a {@code decode_error}; one of a default path is just
 *       passed over (the defaults guess: {@code src} may name a host).</li>
 *   <li>Extra: {@code json.<path>} for every leaf not moved verbatim to an event field (times
 *       stay there too).</li>
 *   <li>Invalid JSON: a {@code decode_error} (with the column), no fields; the event keeps
 *       its message and raw line. Text after the object is an error too, the object kept.</li>
 * </ul>
 * The default mapping (first usable wins):
 * <table>
 *   <caption>JSON paths to event fields</caption>
 *   <tr><th>event field</th><th>paths</th></tr>
 *   <tr><td>time</td><td>@timestamp, timestamp, time, ts, event.created (ISO 8601 or epoch)</td></tr>
 *   <tr><td>host</td><td>host.name, host.hostname, hostname, host</td></tr>
 *   <tr><td>app</td><td>app, program, programname, appname</td></tr>
 *   <tr><td>message</td><td>message, msg, log</td></tr>
 *   <tr><td>src_ip</td><td>source.ip, src_ip, srcip, src, client.ip, client_ip, source_ip, sourceIPAddress, remote_addr</td></tr>
 *   <tr><td>dst_ip</td><td>destination.ip, dst_ip, dest_ip, dstip, dst, server.ip, destination_ip</td></tr>
 *   <tr><td>src_port</td><td>source.port, src_port, srcport, sport, client.port, source_port</td></tr>
 *   <tr><td>dst_port</td><td>destination.port, dst_port, dest_port, dstport, dport, server.port, destination_port</td></tr>
 *   <tr><td>protocol</td><td>network.transport, proto, protocol, transport</td></tr>
 *   <tr><td>username</td><td>user.name, username, user_name, user, userIdentity.userName</td></tr>
 *   <tr><td>filename</td><td>file.path, file.name, filename, file_name, file</td></tr>
 *   <tr><td>userdata1</td><td>event.code, event_id, alert.signature_id</td></tr>
 *   <tr><td>userdata2</td><td>rule.name, alert.signature, eventName</td></tr>
 *   <tr><td>userdata3</td><td>event.action, alert.action, action</td></tr>
 *   <tr><td>userdata4</td><td>url.full, url.original, http.url, url</td></tr>
 *   <tr><td>userdata5</td><td>network.protocol, app_proto</td></tr>
 *   <tr><td>userdata6 / userdata7</td><td>source.domain / destination.domain</td></tr>
 *   <tr><td>userdata8 / userdata9</td><td>source.mac, src_mac / destination.mac, dst_mac</td></tr>
 * </table>
 */
public final class JsonLineDecoder implements StructuredDecoder {

    /** The default mapping, path to event field, in the order tried. */
    public static final Map<String, String> DEFAULT_MAPPING = defaults();

    private record Rule(Field field, String name, boolean strict) {}

    private final List<Rule> mapping; // configured (strict) then defaults (lenient)
    private final ZoneId zone;
    private final Clock clock;

    /** The default mapping, times without a zone read as UTC. */
    public JsonLineDecoder() {
        this(Map.of(), true, ZoneOffset.UTC, Clock.systemUTC());
    }

    /**
     * @param mapping path (dotted or JSON pointer) to event field name, tried before the defaults
     * @param withDefaults whether {@link #DEFAULT_MAPPING} follows the given mapping
     * @throws IllegalArgumentException naming the entry, for an unknown event field or an invalid pointer
     */
    public JsonLineDecoder(Map<String, String> mapping, boolean withDefaults, ZoneId zone, Clock clock) {
        this.zone = Objects.requireNonNull(zone);
        this.clock = Objects.requireNonNull(clock);
        List<Rule> m = new ArrayList<>();
        add(m, mapping, true);
        if (withDefaults) add(m, DEFAULT_MAPPING, false);
        this.mapping = List.copyOf(m);
    }

    private static void add(List<Rule> into, Map<String, String> mapping, boolean strict) {
        for (Map.Entry<String, String> x : mapping.entrySet()) {
            String path = Objects.requireNonNull(x.getKey(), "mapping path");
            Field f = Field.require(x.getValue(), "JSON mapping '" + path + "'");
            String name;
            if (path.startsWith("/")) {
                try {
                    JsonPointer.compile(path);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("JSON mapping '" + path + "': not a JSON pointer: " + e.getMessage(), e);
                }
                name = Json.pointerToDotted(path);
            } else {
                name = path.strip();
            }
            if (name.isEmpty()) throw new IllegalArgumentException("JSON mapping: empty path for " + x.getValue());
            into.add(new Rule(f, name, strict));
        }
    }

    private static Map<String, String> defaults() {
        Map<String, String> m = new LinkedHashMap<>();
        put(m, "time", "@timestamp", "timestamp", "time", "ts", "event.created");
        put(m, "host", "host.name", "host.hostname", "hostname", "host");
        put(m, "app", "app", "program", "programname", "appname");
        put(m, "message", "message", "msg", "log");
        put(m, "src_ip", "source.ip", "src_ip", "srcip", "src", "client.ip", "client_ip", "source_ip", "sourceIPAddress", "remote_addr");
        put(m, "dst_ip", "destination.ip", "dst_ip", "dest_ip", "dstip", "dst", "server.ip", "destination_ip");
        put(m, "src_port", "source.port", "src_port", "srcport", "sport", "client.port", "source_port");
        put(m, "dst_port", "destination.port", "dst_port", "dest_port", "dstport", "dport", "server.port", "destination_port");
        put(m, "protocol", "network.transport", "proto", "protocol", "transport");
        put(m, "username", "user.name", "username", "user_name", "user", "userIdentity.userName");
        put(m, "filename", "file.path", "file.name", "filename", "file_name", "file");
        put(m, "userdata1", "event.code", "event_id", "alert.signature_id");
        put(m, "userdata2", "rule.name", "alert.signature", "eventName");
        put(m, "userdata3", "event.action", "alert.action", "action");
        put(m, "userdata4", "url.full", "url.original", "http.url", "url");
        put(m, "userdata5", "network.protocol", "app_proto");
        put(m, "userdata6", "source.domain");
        put(m, "userdata7", "destination.domain");
        put(m, "userdata8", "source.mac", "src_mac");
        put(m, "userdata9", "destination.mac", "dst_mac");
        return Collections.unmodifiableMap(m);
    }

    private static void put(Map<String, String> m, String field, String... paths) {
        for (String p : paths) m.put(p, field);
    }

    @Override
    public String name() {
        return "json";
    }

    @Override
    public boolean accepts(String message) {
        return Json.looksLikeObject(message);
    }

    @Override
    public Decoded decode(String message) {
        Decoded d = new Decoded(name(), message, zone, clock);
        try {
            if (Json.read(message, d) == null) return d;
            for (Rule r : mapping) d.bind(r.field(), r.name(), r.strict());
            d.keepRest("json.");
        } catch (RuntimeException e) {
            d.error("internal error: " + e);
        }
        return d;
    }
}
