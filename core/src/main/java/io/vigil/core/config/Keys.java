package io.vigil.core.config;

import io.vigil.core.config.ConfigKey.Type;
import io.vigil.core.contract.NetworkContract;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every configuration key Vigil reads. docs/configuration.md and the vigil.yaml written on
 * first run are generated from this list (a test fails when the doc is stale), so a key
 * that is not here does not exist.
 */
public final class Keys {
    private static final Map<String, ConfigKey> ALL = new LinkedHashMap<>();

    public static final ConfigKey BIND = key("bind", Type.STRING, "0.0.0.0",
            "Address every listener binds to. Use 127.0.0.1 to accept only local senders.");
    public static final ConfigKey SENSOR_NAME = key("sensor.name", Type.STRING, Keys::hostName,
            "Name of this Sensor, stored with every event it collects. Defaults to the host name.");

    public static final ConfigKey SYSLOG_UDP_ENABLED = key("syslog.udp.enabled", Type.BOOLEAN, "true", "Receive syslog over UDP.");
    public static final ConfigKey SYSLOG_UDP_PORT = key("syslog.udp.port", Type.PORT, contractPort("syslog-udp"),
            "Port for syslog over UDP (RFC 3164 and RFC 5424, one message per datagram).");
    public static final ConfigKey SYSLOG_TCP_ENABLED = key("syslog.tcp.enabled", Type.BOOLEAN, "true", "Receive syslog over TCP.");
    public static final ConfigKey SYSLOG_TCP_PORT = key("syslog.tcp.port", Type.PORT, contractPort("syslog-tcp"),
            "Port for syslog over TCP, framed by newline or by octet count (RFC 6587).");
    public static final ConfigKey SYSLOG_TLS_ENABLED = key("syslog.tls.enabled", Type.BOOLEAN, "true", "Receive syslog over TLS (RFC 5425).");
    public static final ConfigKey SYSLOG_TLS_PORT = key("syslog.tls.port", Type.PORT, contractPort("syslog-tls"),
            "Port for syslog over TLS. Framing as for TCP.");
    public static final ConfigKey SYSLOG_TLS_CERT = key("syslog.tls.cert", Type.STRING, "",
            "PEM certificate chain for the syslog TLS listener. Empty: the certificate Vigil generates in tls/ on first run.");
    public static final ConfigKey SYSLOG_TLS_KEY = key("syslog.tls.key", Type.STRING, "",
            "PEM private key (PKCS#8) matching syslog.tls.cert.");
    public static final ConfigKey RELP_ENABLED = key("relp.enabled", Type.BOOLEAN, "true", "Receive syslog over RELP.");
    public static final ConfigKey RELP_PORT = key("relp.port", Type.PORT, contractPort("relp"),
            "Port for RELP, rsyslog's reliable protocol (omrelp). Each message is acknowledged once the journal holds it.");
    public static final ConfigKey SYSLOG_MAX_MESSAGE_SIZE = key("syslog.max_message_size", Type.SIZE, "64KiB",
            "Longest message kept whole; longer ones are cut here, stored, and counted as truncated.");
    public static final ConfigKey SYSLOG_TIMEZONE = key("syslog.timezone", Type.STRING, "system",
            "Zone for RFC 3164 timestamps, which carry none. 'system' is the machine's zone; or an id like UTC or Europe/Paris.");
    public static final ConfigKey SYSLOG_IDLE_TIMEOUT = key("syslog.idle_timeout", Type.DURATION, "10m",
            "A TCP, TLS or RELP connection that sends nothing for this long is closed.");

    public static final ConfigKey API_PORT = key("api.port", Type.PORT, contractPort("api"),
            "HTTPS port of the REST API and the web console.");
    public static final ConfigKey API_BIND = key("api.bind", Type.STRING, "",
            "Address the API binds to. Empty: the value of bind.");
    public static final ConfigKey CONSOLE_SESSION_IDLE = key("console.session_idle", Type.DURATION, "30m",
            "A console session ends after this long without a request.");
    public static final ConfigKey CONSOLE_SESSION_MAX = key("console.session_max", Type.DURATION, "12h",
            "A console session ends this long after its login, however busy.");
    public static final ConfigKey API_TLS_CERT = key("api.tls.cert", Type.STRING, "",
            "PEM certificate chain for the API. Empty: the certificate Vigil generates in tls/ on first run.");
    public static final ConfigKey API_TLS_KEY = key("api.tls.key", Type.STRING, "",
            "PEM private key (PKCS#8) matching api.tls.cert.");

    public static final ConfigKey DURABILITY = key("durability", Type.CHOICE, "process",
            "When an event counts as held: 'process' once the write reaches the operating system (survives kill -9), "
                    + "'power' once it is fsynced, in group commits (survives a power cut).");
    public static final ConfigKey JOURNAL_SEGMENT_SIZE = key("journal.segment_size", Type.SIZE, "64MiB",
            "Size at which the journal starts a new segment file. Whole segments are deleted once every consumer has passed them.");
    public static final ConfigKey JOURNAL_MAX_SIZE = key("journal.max_size", Type.SIZE, "20GiB",
            "Most bytes the journal keeps that a consumer has not yet passed. Past 90% input is slowed; at the limit it is refused.");
    public static final ConfigKey JOURNAL_MIN_FREE = key("journal.min_free", Type.SIZE, "512MiB",
            "Free disk space the journal leaves on its file system. Below twice this input is slowed; below it, refused.");
    public static final ConfigKey JOURNAL_BUFFER = key("journal.buffer_size", Type.SIZE, "8MiB",
            "Memory for events on their way to the journal file. When it is full, TCP senders wait and UDP datagrams are dropped (counted).");

    public static final ConfigKey STORE_RETENTION_AGE = key("store.retention.age", Type.DURATION, "90d",
            "Daily event indexes older than this are deleted.");
    public static final ConfigKey STORE_RETENTION_SIZE = key("store.retention.max_size", Type.SIZE, "0",
            "Oldest daily indexes are deleted while all of them together exceed this. 0: no size limit.");
    public static final ConfigKey STORE_COMMIT_INTERVAL = key("store.commit_interval", Type.DURATION, "5s",
            "How often stored events are committed to disk (and the journal position with them). The journal keeps "
                    + "what is not committed yet, so a crash replays at most this much; shorter costs CPU per event.");
    public static final ConfigKey STORE_THREADS = key("store.threads", Type.INT, "0",
            "Threads that normalize and index events in parallel. 0: one per CPU core.");
    public static final ConfigKey STORE_LAYOUT = key("store.layout", Type.CHOICE, "blocks",
            "How events are indexed: 'blocks', a Lucene document per block of up to 4,096 events, each event checked at "
                    + "search time (about half the CPU per stored event); 'events', a document per event (every count and "
                    + "search from the index). Fixed when the store directory is created; see docs/store.md.");
    public static final ConfigKey STORE_REFRESH_INTERVAL = key("store.refresh_interval", Type.DURATION, "1s",
            "How soon a stored event becomes visible to search. Each refresh writes a small segment that merges "
                    + "rewrite later: shorter costs CPU per event, and longer saves none (500ms and 5s both "
                    + "measured dearer than 1s, docs/benchmarks.md).");

    public static final ConfigKey CONTENT_PATHS = key("content.paths", Type.LIST, "",
            "Directories or files of content: OSSIM plugins and directives, Sigma rules, reputation lists, in any mix.");
    public static final ConfigKey NORMALIZE_ENABLED = key("normalize.enabled", Type.BOOLEAN, "true",
            "Apply plugins and decoders to received events. Off: events are stored with their syslog header parsed and nothing more (a receive-only reference for benchmarks).");
    public static final ConfigKey NORMALIZE_BUILT_IN = key("normalize.builtin_content", Type.BOOLEAN, "true",
            "Load Vigil's default content pack (sshd, sudo, pam, su, cron, netfilter, nginx, apache, postfix). A plugin in content.paths with the same plugin_id replaces the shipped one.");
    public static final ConfigKey NORMALIZE_ROUTES = key("normalize.routes", Type.LIST, "",
            "Plugins tried first for a program, as program=plugin_id, e.g. [\"myfw=1503\", \"httpd=1501\"]. Others are routed by the plugins' process hints, then all are tried.");
    public static final ConfigKey NORMALIZE_RESOLVE_NAMES = key("normalize.resolve_names", Type.BOOLEAN, "false",
            "Let plugins' resolv() look host names up in DNS (cached, never blocking the pipeline). Off: names are kept as they are.");
    public static final ConfigKey CONTENT_RELOAD_INTERVAL = key("content.reload_interval", Type.DURATION, "5s",
            "How often content.paths are checked for changes; a change reloads the content without losing events.");
    public static final ConfigKey CORRELATION_ENABLED = key("correlation.enabled", Type.BOOLEAN, "true",
            "Run the correlation directives (Vigil's default ones and the OSSIM directives in content.paths) over normalized events, raising alarms.");
    public static final ConfigKey CORRELATION_LATENESS = key("correlation.lateness", Type.DURATION, "10s",
            "How late (in event time) an event may arrive and still correlate exactly as if it had come in order; events wait this long before correlation.");
    public static final ConfigKey CORRELATION_MAX_BACKLOGS = key("correlation.max_backlogs", Type.INT, "200000",
            "Open backlogs (running directive instances) kept in memory in all; beyond it the oldest is evicted and counted.");
    public static final ConfigKey CORRELATION_MAX_BACKLOGS_PER_DIRECTIVE = key("correlation.max_backlogs_per_directive", Type.INT, "10000",
            "Open backlogs kept per directive; beyond it that directive's oldest is evicted and counted.");
    public static final ConfigKey STATE_URL = key("state.url", Type.STRING, "",
            "JDBC URL of the state store (alarms, assets, networks, suppressions). Empty: H2 in state/ of the data directory. PostgreSQL: jdbc:postgresql://HOST:5432/vigil.");
    public static final ConfigKey STATE_USER = key("state.user", Type.STRING, "vigil", "User for state.url.");
    public static final ConfigKey STATE_PASSWORD = key("state.password", Type.STRING, "",
            "Password for state.url (prefer the environment, VIGIL_STATE_PASSWORD, to the file). Never logged.");
    public static final ConfigKey LOG_LEVEL = key("log.level", Type.CHOICE, "info", "Log level: error, warn, info, debug or trace.");

    static final Map<String, List<String>> CHOICES = Map.of(
            DURABILITY.name(), List.of("process", "power"),
            STORE_LAYOUT.name(), List.of("events", "blocks"),
            LOG_LEVEL.name(), List.of("error", "warn", "info", "debug", "trace"));

    private Keys() {}

    public static Map<String, ConfigKey> all() {
        return java.util.Collections.unmodifiableMap(ALL);
    }

    private static ConfigKey key(String name, Type type, String def, String doc) {
        return key(name, type, () -> def, doc);
    }

    private static ConfigKey key(String name, Type type, Supplier<String> def, String doc) {
        ConfigKey k = new ConfigKey(name, type, def, doc);
        ALL.put(name, k);
        return k;
    }

    private static Supplier<String> contractPort(String flowId) {
        return () -> Integer.toString(NetworkContract.standard().port(flowId));
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) return env;
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "vigil";
        }
    }
}
