package io.vigil.normalize.ossim;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The functions the OSSIM agent offers to plugin field templates ({@code {name($var)}}),
 * each with the agent's semantics (os-sim/agent/src/ParserUtil.py), written for Vigil.
 *
 * <p>Every function takes and returns text, as in the agent, and is total: where the agent
 * would raise (an {@code int()} of a non-number, say) the function returns its first
 * argument unchanged. {@code translate} and {@code translate2} are not here: they read the
 * plugin's tables, so {@link FieldTemplate} does them.
 *
 * <p>Differences from the agent, on purpose: dates come out as ISO-8601 instants (see
 * {@link DateNormalizer}); {@code resolv} never waits for DNS, looks nothing up unless asked
 * to ({@link Builder#resolveNames}), returns names it cannot resolve unchanged (the agent
 * lowercases them) and returns "" for "" (the agent: 0.0.0.0); the Netscreen IDP, ISS
 * SiteProtector and Windows access-ID tables and the GeoIP database are not shipped (the
 * agent's are its own data) and can be given to the builder.
 *
 * <p>Thread-safe. {@link #close()} stops the resolver threads of an instance that made them.
 */
public final class FieldFunctions implements AutoCloseable {

    /** The agent's answer for a signature its sid tables do not know. */
    public static final String DEFAULT_ID = "99999";

    /** A function as a template calls it: name, how many arguments it takes, what it does. */
    record Fn(String name, int minArgs, int maxArgs, Impl impl) {}

    @FunctionalInterface
    interface Impl {
        String apply(FieldFunctions f, String[] args, Instant reference);
    }

    private static final Map<String, Fn> FUNCTIONS;

    static {
        Map<String, Fn> m = new LinkedHashMap<>();
        add(m, "normalize_date", 1, 2, (f, a, r) -> f.normalizeDate(a[0], a.length > 1 && !a[1].isEmpty(), r));
        add(m, "normalize_date_american", 1, 1, (f, a, r) -> f.normalizeDate(a[0], true, r));
        add(m, "resolv", 1, 1, (f, a, r) -> f.resolv(a[0]));
        add(m, "resolv_ip", 1, 1, (f, a, r) -> f.resolvIp(a[0]));
        add(m, "resolv_port", 1, 1, (f, a, r) -> f.resolvPort(a[0]));
        add(m, "resolv_iface", 1, 1, (f, a, r) -> resolvIface(a[0]));
        add(m, "normalize_protocol", 1, 1, (f, a, r) -> normalizeProtocol(a[0]));
        add(m, "md5sum", 1, 2, (f, a, r) -> md5sum(a[0]));
        add(m, "snort_id", 1, 1, (f, a, r) -> snortId(a[0]));
        add(m, "upper", 1, 1, (f, a, r) -> upper(a[0]));
        add(m, "sanitize", 1, 1, (f, a, r) -> sanitize(a[0]));
        add(m, "hextoint", 1, 1, (f, a, r) -> hextoint(a[0]));
        add(m, "checkValue", 1, 1, (f, a, r) -> checkValue(a[0]));
        add(m, "convert_month_name_to_digit", 1, 1, (f, a, r) -> DateNormalizer.monthToDigits(a[0]));
        add(m, "intrushield_sid", 2, 2, (f, a, r) -> intrushieldSid(a[0], a[1]));
        add(m, "netscreen_idp_sid", 1, 1, (f, a, r) -> f.netscreenIdpSid(a[0]));
        add(m, "iss_siteprotector_sid", 1, 1, (f, a, r) -> f.issSiteprotectorSid(a[0]));
        add(m, "translate_wsaea_IDs", 1, 1, (f, a, r) -> f.translateWsaeaIds(a[0]));
        add(m, "geoip_getData", 2, 2, (f, a, r) -> f.geoip(a[0], a[1]));
        String[][] geo = {{"City", "city"}, {"CountryCode", "country_code"}, {"CountryCode3", "country_code3"},
            {"CountryName", "country_name"}, {"DmaCode", "dma_code"}, {"Latitude", "latitude"},
            {"Longitude", "longitude"}, {"MetroCode", "metro_code"}, {"PostalCode", "postal_code"},
            {"RegionCode", "region"}, {"RegionName", "region_name"}, {"TimeZone", "time_zone"}};
        for (String[] g : geo) {
            String field = g[1];
            add(m, "geoip_get" + g[0], 1, 1, (f, a, r) -> f.geoip(a[0], field));
        }
        FUNCTIONS = Collections.unmodifiableMap(m);
    }

    private static void add(Map<String, Fn> m, String name, int min, int max, Impl impl) {
        m.put(name, new Fn(name, min, max, impl));
    }

    private final DateNormalizer dates;
    private final Clock clock;
    private final boolean resolveNames;
    private final boolean resolveAddresses;
    private final HostCache hosts;
    private final boolean ownsHosts;
    private final Function<String, String> knownHosts;
    private final FieldServices services;
    private final FieldGeoLookup geo;
    private final Map<String, String> netscreenIdpSids;
    private final Map<String, String> siteProtectorSids;
    private final Map<String, String> windowsAccessIds;

    private FieldFunctions(Builder b) {
        this.dates = new DateNormalizer(b.zone);
        this.clock = b.clock;
        this.resolveNames = b.resolveNames;
        this.resolveAddresses = b.resolveAddresses;
        this.hosts = b.resolveNames || b.resolveAddresses ? new HostCache(b.hostResolver, b.hostCache) : null;
        this.ownsHosts = true;
        this.knownHosts = b.knownHosts;
        this.services = b.services != null ? b.services : FieldServices.system();
        this.geo = b.geo;
        this.netscreenIdpSids = Map.copyOf(b.netscreenIdpSids);
        this.siteProtectorSids = Map.copyOf(b.siteProtectorSids);
        this.windowsAccessIds = Collections.unmodifiableMap(new LinkedHashMap<>(b.windowsAccessIds));
    }

    private FieldFunctions(FieldFunctions o, ZoneId zone) {
        this.dates = new DateNormalizer(zone);
        this.clock = o.clock;
        this.resolveNames = o.resolveNames;
        this.resolveAddresses = o.resolveAddresses;
        this.hosts = o.hosts;
        this.ownsHosts = false;
        this.knownHosts = o.knownHosts;
        this.services = o.services;
        this.geo = o.geo;
        this.netscreenIdpSids = o.netscreenIdpSids;
        this.siteProtectorSids = o.siteProtectorSids;
        this.windowsAccessIds = o.windowsAccessIds;
    }

    /** The system's zone, the system clock, no name resolution. */
    public static FieldFunctions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The same functions, sharing the resolver cache, reading zone-less dates in {@code zone} (a plugin's tzone). */
    public FieldFunctions withZone(ZoneId zone) {
        return zone.equals(dates.zone()) ? this : new FieldFunctions(this, zone);
    }

    /** The names of every function a template may call (translate and translate2 are the template's). */
    public static Set<String> names() {
        return FUNCTIONS.keySet();
    }

    public static boolean has(String name) {
        return FUNCTIONS.containsKey(name);
    }

    static Fn function(String name) {
        return FUNCTIONS.get(name);
    }

    /** Calls a function by its agent name, dates inferred against the clock. */
    public String call(String name, List<String> args) {
        return call(name, args, null);
    }

    /** Calls a function by its agent name; {@code reference} (null: now) anchors dates without a year. */
    public String call(String name, List<String> args, Instant reference) {
        Fn fn = FUNCTIONS.get(name);
        if (fn == null) throw new IllegalArgumentException("no function " + name);
        if (args.size() < fn.minArgs() || args.size() > fn.maxArgs()) {
            throw new IllegalArgumentException(name + " takes " + arity(fn) + ", not " + args.size());
        }
        String[] a = args.toArray(String[]::new);
        for (int i = 0; i < a.length; i++) a[i] = Objects.requireNonNullElse(a[i], "");
        return invoke(fn, a, reference);
    }

    String invoke(Fn fn, String[] args, Instant reference) {
        return fn.impl().apply(this, args, reference);
    }

    static String arity(Fn fn) {
        String n = fn.minArgs() == fn.maxArgs() ? Integer.toString(fn.minArgs()) : fn.minArgs() + " or " + fn.maxArgs();
        return n + (fn.maxArgs() == 1 ? " argument" : " arguments");
    }

    public ZoneId zone() {
        return dates.zone();
    }

    public DateNormalizer dates() {
        return dates;
    }

    public Clock clock() {
        return clock;
    }

    /** The resolver cache's counters, or null when resolution is off. */
    public HostCache.Stats hostStats() {
        return hosts == null ? null : hosts.stats();
    }

    @Override
    public void close() {
        if (hosts != null && ownsHosts) hosts.close();
    }

    // ---- dates

    /** {@code normalize_date}: the instant in the text, or null when it has none the agent's formats read. */
    public Instant normalizeDate(String text, Instant reference) {
        return dates.normalize(text, reference == null ? clock.instant() : reference);
    }

    private record DateKey(String text, boolean american, long referenceHour) {}

    // Lines of one second share one date text: reading it once, not per line, is most of the
    // cost of normalize_date (the agent's formats are tried in order). The reference enters by
    // the hour: it only decides the year of dates that carry none, a day's margin.
    private final com.github.benmanes.caffeine.cache.Cache<DateKey, String> dateCache =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(8192).build();

    private String normalizeDate(String text, boolean american, Instant reference) {
        if (text.isEmpty()) return "";
        Instant ref = reference == null ? clock.instant() : reference;
        return dateCache.get(new DateKey(text, american, Math.floorDiv(ref.getEpochSecond(), 3600)), k -> {
            Instant i = american ? dates.normalizeAmerican(text, ref) : dates.normalize(text, ref);
            return i == null ? text : i.toString();
        });
    }

    // ---- names, addresses, ports

    /**
     * {@code resolv}: an address for a host name. Addresses come back as they are, with no
     * lookup; a name comes from the known hosts if any, then (when name resolution is on) from
     * the cache, and otherwise unchanged. A name not yet in the cache comes back unchanged now
     * and is looked up in the background for the next time.
     */
    public String resolv(String host) {
        // Nothing can change the value (no known hosts, no lookups): skip the address check.
        if (knownHosts == null && !resolveNames) return host;
        if (host.isEmpty() || HostAddresses.isLiteral(host)) return host;
        if (knownHosts != null) {
            String known = knownHosts.apply(host.toLowerCase(Locale.ROOT));
            if (known != null && !known.isEmpty()) return known;
        }
        if (!resolveNames) return host;
        String a = hosts.resolve(host);
        return a != null ? a : host;
    }

    /** {@code resolv_ip}: a host name for an address, when reverse resolution is on and the answer is cached. */
    public String resolvIp(String address) {
        if (!resolveAddresses || !HostAddresses.isLiteral(address)) return address;
        String name = hosts.reverse(address);
        return name != null ? name : address;
    }

    /** {@code resolv_port}: the port number of a service name; anything else unchanged. */
    public String resolvPort(String port) {
        if (port.isEmpty()) return port;
        String p = services.port(port);
        return p != null ? p : port;
    }

    /** {@code resolv_iface}: names beginning ext or wan1 become "ext", int, port, dmz or wan "int". */
    public static String resolvIface(String iface) {
        if (iface.startsWith("ext") || iface.startsWith("wan1")) return "ext";
        if (iface.startsWith("int") || iface.startsWith("port") || iface.startsWith("dmz") || iface.startsWith("wan")) {
            return "int";
        }
        return iface;
    }

    /** {@code normalize_protocol}: 1, 6, 17 become icmp, tcp, udp; anything else is lowercased. */
    public static String normalizeProtocol(String protocol) {
        return switch (protocol) {
            case "1" -> "icmp";
            case "6" -> "tcp";
            case "17" -> "udp";
            default -> asciiLower(protocol);
        };
    }

    // ---- text

    /** {@code md5sum}: the hex MD5 of the text's UTF-8 bytes. */
    public static String md5sum(String text) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            return HexFormat.of().formatHex(md5.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code upper}: ASCII letters uppercased (a Python 2 byte string's {@code upper()}). */
    public static String upper(String text) {
        StringBuilder b = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 'a' && c <= 'z') {
                if (b == null) b = new StringBuilder(text);
                b.setCharAt(i, (char) (c - 32));
            }
        }
        return b == null ? text : b.toString();
    }

    /** {@code sanitize}: line feeds become carriage returns. */
    public static String sanitize(String text) {
        return text.replace('\n', '\r');
    }

    /** {@code checkValue}: "0" for "", "0" and "1"; "1" for anything else. */
    public static String checkValue(String value) {
        return value.isEmpty() || value.equals("0") || value.equals("1") ? "0" : "1";
    }

    // ---- numbers and sids

    /** {@code snort_id}: 1000 + the number (a Snort generator id as an OSSIM plugin id); text unchanged. */
    public static String snortId(String id) {
        BigInteger n = pythonInt(id, 10);
        return n == null ? id : n.add(BigInteger.valueOf(1000)).toString();
    }

    /** {@code hextoint}: a hexadecimal number (0x optional) in decimal; anything else unchanged. */
    public static String hextoint(String hex) {
        BigInteger n = pythonInt(hex, 16);
        return n == null ? hex : n.toString();
    }

    /**
     * {@code intrushield_sid}: the agent's sid for a McAfee IntruShield alert, from its hex id
     * and its name, computed as the agent does (including the 64-bit Python 2 string hash it
     * relies on), so that sids match the agent's tables.
     */
    public static String intrushieldSid(String hexId, String name) {
        BigInteger id = pythonInt(hexId, 16);
        if (id == null) return hexId;
        BigInteger sid = floorDiv(id, BigInteger.valueOf(256));
        byte[] bytes = name.replace('-', ':').getBytes(StandardCharsets.UTF_8);
        BigInteger subsid = BigInteger.valueOf(python2Hash(bytes)).abs();
        long sum = 0;
        for (byte x : bytes) sum += x & 0xff;
        String s = subsid.toString();
        BigInteger last7 = new BigInteger(s.substring(Math.max(0, s.length() - 7)));
        String sumText = Long.toString(sum);
        try {
            return new BigInteger(sumText.substring(sumText.length() - 1) + last7.add(sid)).toString();
        } catch (NumberFormatException e) {
            return hexId; // a negative id: the agent fails too
        }
    }

    /** {@code netscreen_idp_sid}: the sid of a Netscreen IDP attack name from the table given, else 99999. */
    public String netscreenIdpSid(String message) {
        return netscreenIdpSids.getOrDefault(message, DEFAULT_ID);
    }

    /** {@code iss_siteprotector_sid}: the sid of an ISS SiteProtector signature from the table given, else 99999. */
    public String issSiteprotectorSid(String message) {
        return siteProtectorSids.getOrDefault(message, DEFAULT_ID);
    }

    /**
     * {@code translate_wsaea_IDs}: the names of the Windows access ids ({@code %%1537}...) found
     * in the text, each followed by ", ", from the table given; without a table, the text unchanged.
     */
    public String translateWsaeaIds(String text) {
        if (windowsAccessIds.isEmpty()) return text;
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : windowsAccessIds.entrySet()) {
            if (text.contains(e.getKey())) b.append(e.getValue()).append(", ");
        }
        return b.toString();
    }

    /** {@code geoip_getData} and the {@code geoip_get*} functions: "" without a GeoIP lookup. */
    public String geoip(String address, String field) {
        String v = geo.field(address, field);
        return v == null ? "" : v;
    }

    // ---- helpers

    /** Python 2's int(text, base) on a byte string: whitespace around, a sign, 0x for base 16; null if not a number. */
    static BigInteger pythonInt(String text, int base) {
        int from = 0;
        int to = text.length();
        while (from < to && isPythonSpace(text.charAt(from))) from++;
        while (to > from && isPythonSpace(text.charAt(to - 1))) to--;
        if (from == to) return null;
        boolean negative = false;
        char c = text.charAt(from);
        if (c == '+' || c == '-') {
            negative = c == '-';
            from++;
        }
        if (base == 16 && to - from > 2 && text.charAt(from) == '0'
                && (text.charAt(from + 1) == 'x' || text.charAt(from + 1) == 'X')) {
            from += 2;
        }
        if (from == to) return null;
        for (int i = from; i < to; i++) {
            char d = text.charAt(i);
            boolean ok = (d >= '0' && d <= '9') || (base == 16 && ((d >= 'a' && d <= 'f') || (d >= 'A' && d <= 'F')));
            if (!ok) return null;
        }
        BigInteger n = new BigInteger(text.substring(from, to), base);
        return negative ? n.negate() : n;
    }

    private static boolean isPythonSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == 0x0c;
    }

    private static BigInteger floorDiv(BigInteger a, BigInteger b) {
        BigInteger[] qr = a.divideAndRemainder(b);
        return qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
    }

    /** Python 2's hash of a byte string on a 64-bit machine (no hash randomisation). */
    static long python2Hash(byte[] s) {
        if (s.length == 0) return 0;
        long x = (long) (s[0] & 0xff) << 7;
        for (byte b : s) x = (1000003L * x) ^ (b & 0xff);
        x ^= s.length;
        return x == -1 ? -2 : x;
    }

    static String asciiLower(String text) {
        StringBuilder b = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                if (b == null) b = new StringBuilder(text);
                b.setCharAt(i, (char) (c + 32));
            }
        }
        return b == null ? text : b.toString();
    }

    /** Settings of a {@link FieldFunctions}. */
    public static final class Builder {
        private ZoneId zone = ZoneId.systemDefault();
        private Clock clock = Clock.systemUTC();
        private boolean resolveNames;
        private boolean resolveAddresses;
        private HostResolver hostResolver = HostResolver.system();
        private HostCache.Settings hostCache = HostCache.Settings.defaults();
        private Function<String, String> knownHosts;
        private FieldServices services;
        private FieldGeoLookup geo = FieldGeoLookup.none();
        private Map<String, String> netscreenIdpSids = Map.of();
        private Map<String, String> siteProtectorSids = Map.of();
        private Map<String, String> windowsAccessIds = Map.of();

        private Builder() {}

        /** The zone of dates written without an offset (default: the system's). */
        public Builder zone(ZoneId zone) {
            this.zone = Objects.requireNonNull(zone);
            return this;
        }

        /** "Now", for dates without a year when no reference is given (default: the system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /** Whether {@code resolv()} looks host names up (default: no, names pass through unchanged). */
        public Builder resolveNames(boolean on) {
            this.resolveNames = on;
            return this;
        }

        /** Whether {@code resolv_ip()} looks addresses up (default: no, addresses pass through unchanged). */
        public Builder resolveAddresses(boolean on) {
            this.resolveAddresses = on;
            return this;
        }

        /** Who answers lookups (default: the system's resolver). */
        public Builder hostResolver(HostResolver resolver) {
            this.hostResolver = Objects.requireNonNull(resolver);
            return this;
        }

        public Builder hostCache(HostCache.Settings settings) {
            this.hostCache = Objects.requireNonNull(settings);
            return this;
        }

        /**
         * Names known without any lookup (the agent's asset list from its server): lowercase
         * name to address, null when unknown. Used even when resolution is off.
         */
        public Builder knownHosts(Function<String, String> lookup) {
            this.knownHosts = lookup;
            return this;
        }

        /** Service names for {@code resolv_port()} (default: /etc/services and a built-in table). */
        public Builder services(FieldServices services) {
            this.services = services;
            return this;
        }

        public Builder geo(FieldGeoLookup geo) {
            this.geo = Objects.requireNonNull(geo);
            return this;
        }

        /** Netscreen IDP attack name to sid, for {@code netscreen_idp_sid()}. */
        public Builder netscreenIdpSids(Map<String, String> table) {
            this.netscreenIdpSids = Objects.requireNonNull(table);
            return this;
        }

        /** ISS SiteProtector signature to sid, for {@code iss_siteprotector_sid()}. */
        public Builder siteProtectorSids(Map<String, String> table) {
            this.siteProtectorSids = Objects.requireNonNull(table);
            return this;
        }

        /** Windows access id ({@code %%1537}) to name, in output order, for {@code translate_wsaea_IDs()}. */
        public Builder windowsAccessIds(Map<String, String> table) {
            this.windowsAccessIds = Objects.requireNonNull(table);
            return this;
        }

        public FieldFunctions build() {
            return new FieldFunctions(this);
        }
    }
}
