package io.vigil.normalize.decode;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Windows events as JSON lines, in the three shapes collectors write:
 * <ul>
 *   <li>flat, as NXLog ({@code im_msvistalog}) and Logstash write them: {@code EventID},
 *       {@code Channel}, {@code Hostname}, the event data ({@code TargetUserName},
 *       {@code IpAddress}, ...) and {@code Message} all at the top;</li>
 *   <li>Winlogbeat: {@code winlog.event_id}, {@code winlog.channel},
 *       {@code winlog.computer_name}, {@code winlog.event_data.*}, {@code message},
 *       {@code host.name}, {@code @timestamp};</li>
 *   <li>Wazuh eventchannel: {@code win.system.*} (eventID, channel, computer, systemTime,
 *       message in quotes) and {@code win.eventdata.*} (camelCase: targetUserName, ...).</li>
 * </ul>
 * Names are matched without regard to case, after dropping the {@code winlog.event_data.},
 * {@code win.eventdata.}, {@code win.system.} and {@code winlog.} prefixes (the event data
 * first, then the system part, then the rest). The Message's CR/LF and tabs (JSON escapes)
 * come through as the characters.
 * <table>
 *   <caption>Windows event to event fields (first usable name wins; {@code -} and empty values are skipped)</caption>
 *   <tr><th>event field</th><th>Windows</th></tr>
 *   <tr><td>time</td><td>@timestamp, systemTime, TimeCreated.SystemTime, then Sysmon's UtcTime
 *       (read as UTC), then TimeCreated, EventTime (no zone: the decoder's zone)</td></tr>
 *   <tr><td>host</td><td>Hostname, Computer, computer_name, host.name, host.hostname, host, MachineName</td></tr>
 *   <tr><td>app</td><td>SourceName, ProviderName, provider_name, Provider.Name</td></tr>
 *   <tr><td>message</td><td>Message, message (Wazuh's surrounding quotes removed)</td></tr>
 *   <tr><td>username</td><td>TargetUserName, else SubjectUserName, else User, AccountName, user.name</td></tr>
 *   <tr><td>src_ip</td><td>IpAddress, SourceAddress, SourceIp, ClientAddress, source.ip
 *       ({@code ::ffff:a.b.c.d} written as a.b.c.d)</td></tr>
 *   <tr><td>src_port</td><td>IpPort, SourcePort, ClientPort, source.port</td></tr>
 *   <tr><td>dst_ip</td><td>DestAddress, DestinationIp, destination.ip</td></tr>
 *   <tr><td>dst_port</td><td>DestPort, DestinationPort, destination.port</td></tr>
 *   <tr><td>protocol</td><td>Protocol, network.transport (6 TCP, 17 UDP, names upper-cased)</td></tr>
 *   <tr><td>filename</td><td>TargetFilename (Sysmon file events), NewProcessName, Image,
 *       ProcessName, Application, process.executable: the file or the process</td></tr>
 *   <tr><td>userdata1</td><td>EventID, event_id, event.code, EventCode</td></tr>
 *   <tr><td>userdata2</td><td>Channel</td></tr>
 *   <tr><td>userdata3</td><td>LogonType</td></tr>
 *   <tr><td>userdata4</td><td>WorkstationName, Workstation</td></tr>
 *   <tr><td>userdata5</td><td>CommandLine</td></tr>
 *   <tr><td>userdata6</td><td>ParentProcessName, ParentImage</td></tr>
 *   <tr><td>userdata7</td><td>the username's domain: TargetDomainName or SubjectDomainName</td></tr>
 *   <tr><td>userdata8</td><td>Status</td></tr>
 *   <tr><td>userdata9</td><td>SubjectUserName, when username is the TargetUserName (who acted on whom)</td></tr>
 * </table>
 * Extra: {@code win.<name>} (prefixes dropped as above) for everything not moved verbatim to an
 * event field; times stay there too. plugin_id and plugin_sid are left to the plugins or
 * routing: the EventID is in userdata1.
 */
public final class WindowsEventJsonDecoder implements StructuredDecoder {
    private final ZoneId zone;
    private final Clock clock;

    /** Times without a zone read as UTC. */
    public WindowsEventJsonDecoder() {
        this(ZoneOffset.UTC, Clock.systemUTC());
    }

    /**
     * @param zone the zone of times that name none (NXLog's EventTime is the host's local time)
     * @param clock for times that name no year
     */
    public WindowsEventJsonDecoder(ZoneId zone, Clock clock) {
        this.zone = Objects.requireNonNull(zone);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public String name() {
        return "windows-json";
    }

    /** A JSON object naming {@code "EventID"}, {@code "winlog"}, or {@code "win"} with {@code "system"} or {@code "eventdata"}. */
    @Override
    public boolean accepts(String message) {
        if (!Json.looksLikeObject(message)) return false;
        return message.contains("\"EventID\"") || message.contains("\"winlog\"")
                || message.contains("\"win\"") && (message.contains("\"system\"") || message.contains("\"eventdata\""));
    }

    @Override
    public Decoded decode(String message) {
        Decoded d = new Decoded(name(), message, zone, clock);
        try {
            if (Json.read(message, d) == null) return d;
            mapFields(d);
        } catch (RuntimeException e) {
            d.error("internal error: " + e);
        }
        return d;
    }

    /**
     * Binds the event fields from a Windows event's fields (the table above) and keeps the rest
     * as {@code win.<name>}: shared with {@link WindowsEventXmlDecoder}, which names its fields
     * as this decoder's flat shapes do.
     */
    static void mapFields(Decoded d) {
        Names names = new Names(d.fields());
        bindAll(d, names);
        Map<String, String> shortNames = names.shortNames;
        for (Map.Entry<String, String> x : d.fields().entrySet()) {
            if (d.consumed(x.getKey())) continue;
            String s = shortNames.getOrDefault(x.getKey(), x.getKey());
            String key = "win." + Values.key(s);
            if (d.extra().containsKey(key)) key = "win." + Values.key(x.getKey());
            d.extra(key, x.getValue());
        }
    }

    /** Short (prefix-free) names, looked up without case: event data first, then system, then the rest. */
    private static final class Names {
        private static final String[][] TIERS = {{"winlog.event_data.", "win.eventdata.", "EventData.", "event_data.", "UserData."},
                {"win.system.", "winlog.", "System.", "RenderingInfo."}};
        /**
         * What each name means here, worked out once per distinct name: events of one source
         * repeat the same few dozen, and working it out per event (prefix tests, lower-casing)
         * was most of the mapping's cost. Bounded: names come from the network.
         */
        private static final Map<String, Name> KNOWN = new ConcurrentHashMap<>();
        private static final int MAX_KNOWN = 10_000;

        /** A field name: its short name under each tier's prefixes (null where none matches), lower-cased, and itself lower-cased. */
        private record Name(String[] shortName, String[] lowerShort, String lower) {}

        final Map<String, String> byLower = new HashMap<>(); // lower-case short name -> field name
        final Map<String, String> shortNames = new HashMap<>(); // field name -> short name

        Names(Map<String, String> fields) {
            Name[] names = new Name[fields.size()];
            int k = 0;
            for (String name : fields.keySet()) names[k++] = name(name);
            for (int tier = 0; tier < TIERS.length; tier++) {
                k = 0;
                for (String name : fields.keySet()) {
                    Name n = names[k++];
                    if (n.shortName[tier] == null) continue;
                    shortNames.putIfAbsent(name, n.shortName[tier]);
                    byLower.putIfAbsent(n.lowerShort[tier], name);
                }
            }
            k = 0;
            for (String name : fields.keySet()) {
                shortNames.putIfAbsent(name, name);
                byLower.putIfAbsent(names[k++].lower, name);
            }
        }

        private static Name name(String name) {
            Name n = KNOWN.get(name);
            if (n != null) return n;
            String[] shortName = new String[TIERS.length];
            String[] lowerShort = new String[TIERS.length];
            for (int tier = 0; tier < TIERS.length; tier++) {
                for (String prefix : TIERS[tier]) {
                    if (name.regionMatches(true, 0, prefix, 0, prefix.length()) && name.length() > prefix.length()) {
                        shortName[tier] = name.substring(prefix.length());
                        lowerShort[tier] = shortName[tier].toLowerCase(Locale.ROOT);
                        break;
                    }
                }
            }
            n = new Name(shortName, lowerShort, name.toLowerCase(Locale.ROOT));
            if (KNOWN.size() < MAX_KNOWN) KNOWN.putIfAbsent(name, n);
            return n;
        }

        String[] resolve(String... aliases) {
            String[] out = new String[aliases.length];
            for (int i = 0; i < aliases.length; i++) out[i] = byLower.getOrDefault(name(aliases[i]).lower, "\u0000none");
            return out;
        }

        String get(String alias) {
            return byLower.get(name(alias).lower);
        }
    }

    private static void bindAll(Decoded d, Names n) {
        // time: zoned first, then Sysmon's UtcTime, then zone-less local times
        if (!d.bindFirst(Field.TIME, n.resolve("@timestamp", "systemTime", "TimeCreated.SystemTime"))) {
            String utc = n.get("UtcTime");
            Instant t = utc == null ? null : Times.parse(d.field(utc), ZoneOffset.UTC, d.clock());
            if (t != null) d.set(Field.TIME, t);
            else d.bindFirst(Field.TIME, n.resolve("TimeCreated", "EventTime"));
        }
        d.bindFirst(Field.HOST, n.resolve("Hostname", "Computer", "computer_name", "host.name", "host.hostname", "host", "MachineName"));
        d.bindFirst(Field.APP, n.resolve("SourceName", "ProviderName", "provider_name", "Provider.Name"));
        String msg = n.get("Message");
        if (msg != null && !Values.placeholder(d.field(msg))) {
            String v = d.field(msg);
            if (v.length() >= 2 && v.charAt(0) == '"' && v.charAt(v.length() - 1) == '"') v = v.substring(1, v.length() - 1);
            d.set(Field.MESSAGE, v);
            d.consume(msg);
        }
        String target = n.get("TargetUserName");
        if (target != null && d.bind(Field.USERNAME, target)) {
            d.bindFirst(Field.USERDATA7, n.resolve("TargetDomainName"));
            d.bindFirst(Field.USERDATA9, n.resolve("SubjectUserName"));
        } else if (d.bindFirst(Field.USERNAME, n.resolve("SubjectUserName"))) {
            d.bindFirst(Field.USERDATA7, n.resolve("SubjectDomainName"));
        } else {
            d.bindFirst(Field.USERNAME, n.resolve("User", "AccountName", "user.name"));
        }
        d.bindFirst(Field.SRC_IP, n.resolve("IpAddress", "SourceAddress", "SourceIp", "ClientAddress", "source.ip"));
        d.bindFirst(Field.SRC_PORT, n.resolve("IpPort", "SourcePort", "ClientPort", "source.port"));
        d.bindFirst(Field.DST_IP, n.resolve("DestAddress", "DestinationIp", "destination.ip"));
        d.bindFirst(Field.DST_PORT, n.resolve("DestPort", "DestinationPort", "destination.port"));
        d.bindFirst(Field.PROTOCOL, n.resolve("Protocol", "network.transport"));
        d.bindFirst(Field.FILENAME, n.resolve("TargetFilename", "NewProcessName", "Image", "ProcessName", "Application", "process.executable"));
        d.bindFirst(Field.USERDATA1, n.resolve("EventID", "event_id", "event.code", "EventCode"));
        d.bindFirst(Field.USERDATA2, n.resolve("Channel"));
        d.bindFirst(Field.USERDATA3, n.resolve("LogonType"));
        d.bindFirst(Field.USERDATA4, n.resolve("WorkstationName", "Workstation"));
        d.bindFirst(Field.USERDATA5, n.resolve("CommandLine"));
        d.bindFirst(Field.USERDATA6, n.resolve("ParentProcessName", "ParentImage"));
        d.bindFirst(Field.USERDATA8, n.resolve("Status"));
    }
}
