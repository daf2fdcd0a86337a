package io.vigil.normalize.decode;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
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
        Names names = Names.of(d.fields());
        bindAll(d, names);
        int i = 0;
        for (Map.Entry<String, String> x : d.fields().entrySet()) {
            int at = i++;
            if (d.consumed(x.getKey())) continue;
            String key = names.extraKey[at];
            if (d.extra().containsKey(key)) key = names.fullExtraKey[at];
            d.extra(key, x.getValue());
        }
    }

    /** The names each event field is taken from, first usable one wins (the table above). */
    private enum Aliases {
        ZONED_TIME("@timestamp", "systemTime", "TimeCreated.SystemTime"),
        UTC_TIME("UtcTime"),
        LOCAL_TIME("TimeCreated", "EventTime"),
        HOST("Hostname", "Computer", "computer_name", "host.name", "host.hostname", "host", "MachineName"),
        APP("SourceName", "ProviderName", "provider_name", "Provider.Name"),
        MESSAGE("Message"),
        TARGET_USER("TargetUserName"),
        TARGET_DOMAIN("TargetDomainName"),
        SUBJECT_USER("SubjectUserName"),
        SUBJECT_DOMAIN("SubjectDomainName"),
        OTHER_USER("User", "AccountName", "user.name"),
        SRC_IP("IpAddress", "SourceAddress", "SourceIp", "ClientAddress", "source.ip"),
        SRC_PORT("IpPort", "SourcePort", "ClientPort", "source.port"),
        DST_IP("DestAddress", "DestinationIp", "destination.ip"),
        DST_PORT("DestPort", "DestinationPort", "destination.port"),
        PROTOCOL("Protocol", "network.transport"),
        FILENAME("TargetFilename", "NewProcessName", "Image", "ProcessName", "Application", "process.executable"),
        EVENT_ID("EventID", "event_id", "event.code", "EventCode"),
        CHANNEL("Channel"),
        LOGON_TYPE("LogonType"),
        WORKSTATION("WorkstationName", "Workstation"),
        COMMAND_LINE("CommandLine"),
        PARENT("ParentProcessName", "ParentImage"),
        STATUS("Status");

        private final String[] names;

        Aliases(String... names) {
            this.names = names;
        }
    }

    /**
     * Everything the mapping of one event takes from its field names alone: which field each
     * alias finds, and the extra key of each field. Events of one source repeat the same list of
     * names, so this is worked out once per distinct list (in order) and shared; working it out
     * per event (short names, lower case, two maps) cost as much as parsing the XML.
     */
    private static final class Names {
        private static final String[][] TIERS = {{"winlog.event_data.", "win.eventdata.", "EventData.", "event_data.", "UserData."},
                {"win.system.", "winlog.", "System.", "RenderingInfo."}};
        /** Bounded: names come from the network. Lists beyond the bound are worked out per event. */
        private static final Map<List<String>, Names> BY_LIST = new ConcurrentHashMap<>();
        private static final int MAX_LISTS = 1_024;
        /** Each distinct name's short names and lower case, bounded likewise. */
        private static final Map<String, Name> KNOWN = new ConcurrentHashMap<>();
        private static final int MAX_KNOWN = 10_000;
        private static final Aliases[] ALIASES = Aliases.values();

        /** A field name: its short name under each tier's prefixes (null where none matches), lower-cased, and itself lower-cased. */
        private record Name(String[] shortName, String[] lowerShort, String lower) {}

        /** Per {@link Aliases} (by ordinal), the fields it names, in its order of preference. */
        private final String[][] found = new String[ALIASES.length][];
        /** Per field (in message order): its key in extra, and the key by its full name if the short one is taken. */
        final String[] extraKey;
        final String[] fullExtraKey;

        static Names of(Map<String, String> fields) {
            List<String> list = List.copyOf(fields.keySet());
            Names n = BY_LIST.get(list);
            if (n != null) return n;
            n = new Names(list);
            if (BY_LIST.size() < MAX_LISTS) BY_LIST.putIfAbsent(list, n);
            return n;
        }

        private Names(List<String> fields) {
            Map<String, String> byLower = new HashMap<>(); // lower-case short name -> field name
            Map<String, String> shortNames = new HashMap<>(); // field name -> short name
            Name[] names = new Name[fields.size()];
            for (int k = 0; k < names.length; k++) names[k] = name(fields.get(k));
            // short names: event data first, then system, then the rest
            for (int tier = 0; tier < TIERS.length; tier++) {
                for (int k = 0; k < names.length; k++) {
                    Name n = names[k];
                    if (n.shortName[tier] == null) continue;
                    shortNames.putIfAbsent(fields.get(k), n.shortName[tier]);
                    byLower.putIfAbsent(n.lowerShort[tier], fields.get(k));
                }
            }
            for (int k = 0; k < names.length; k++) {
                shortNames.putIfAbsent(fields.get(k), fields.get(k));
                byLower.putIfAbsent(names[k].lower, fields.get(k));
            }
            for (Aliases a : ALIASES) {
                found[a.ordinal()] = Arrays.stream(a.names).map(alias -> byLower.get(name(alias).lower)).filter(Objects::nonNull).toArray(String[]::new);
            }
            extraKey = new String[names.length];
            fullExtraKey = new String[names.length];
            for (int k = 0; k < names.length; k++) {
                String field = fields.get(k);
                extraKey[k] = "win." + Values.key(shortNames.get(field));
                fullExtraKey[k] = "win." + Values.key(field);
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

        /** The fields an alias list names, in its order of preference (empty if none). */
        String[] of(Aliases a) {
            return found[a.ordinal()];
        }

        /** The field an alias names, or null. */
        String get(Aliases a) {
            String[] f = found[a.ordinal()];
            return f.length == 0 ? null : f[0];
        }
    }

    private static void bindAll(Decoded d, Names n) {
        // time: zoned first, then Sysmon's UtcTime, then zone-less local times
        if (!d.bindFirst(Field.TIME, n.of(Aliases.ZONED_TIME))) {
            String utc = n.get(Aliases.UTC_TIME);
            Instant t = utc == null ? null : Times.parse(d.field(utc), ZoneOffset.UTC, d.clock());
            if (t != null) d.set(Field.TIME, t);
            else d.bindFirst(Field.TIME, n.of(Aliases.LOCAL_TIME));
        }
        d.bindFirst(Field.HOST, n.of(Aliases.HOST));
        d.bindFirst(Field.APP, n.of(Aliases.APP));
        String msg = n.get(Aliases.MESSAGE);
        if (msg != null && !Values.placeholder(d.field(msg))) {
            String v = d.field(msg);
            if (v.length() >= 2 && v.charAt(0) == '"' && v.charAt(v.length() - 1) == '"') v = v.substring(1, v.length() - 1);
            d.set(Field.MESSAGE, v);
            d.consume(msg);
        }
        String target = n.get(Aliases.TARGET_USER);
        if (target != null && d.bind(Field.USERNAME, target)) {
            d.bindFirst(Field.USERDATA7, n.of(Aliases.TARGET_DOMAIN));
            d.bindFirst(Field.USERDATA9, n.of(Aliases.SUBJECT_USER));
        } else if (d.bindFirst(Field.USERNAME, n.of(Aliases.SUBJECT_USER))) {
            d.bindFirst(Field.USERDATA7, n.of(Aliases.SUBJECT_DOMAIN));
        } else {
            d.bindFirst(Field.USERNAME, n.of(Aliases.OTHER_USER));
        }
        d.bindFirst(Field.SRC_IP, n.of(Aliases.SRC_IP));
        d.bindFirst(Field.SRC_PORT, n.of(Aliases.SRC_PORT));
        d.bindFirst(Field.DST_IP, n.of(Aliases.DST_IP));
        d.bindFirst(Field.DST_PORT, n.of(Aliases.DST_PORT));
        d.bindFirst(Field.PROTOCOL, n.of(Aliases.PROTOCOL));
        d.bindFirst(Field.FILENAME, n.of(Aliases.FILENAME));
        d.bindFirst(Field.USERDATA1, n.of(Aliases.EVENT_ID));
        d.bindFirst(Field.USERDATA2, n.of(Aliases.CHANNEL));
        d.bindFirst(Field.USERDATA3, n.of(Aliases.LOGON_TYPE));
        d.bindFirst(Field.USERDATA4, n.of(Aliases.WORKSTATION));
        d.bindFirst(Field.USERDATA5, n.of(Aliases.COMMAND_LINE));
        d.bindFirst(Field.USERDATA6, n.of(Aliases.PARENT));
        d.bindFirst(Field.USERDATA8, n.of(Aliases.STATUS));
    }
}
