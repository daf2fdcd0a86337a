package io.vigil.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The resolved configuration of one instance. Precedence, highest first: {@code --set
 * key=value}, the environment ({@code VIGIL_SYSLOG_UDP_PORT}), {@code vigil.yaml} in the
 * data directory, the default in {@link Keys}. Each value remembers where it came from, so
 * an error can say "syslog.udp.port=abc (from --set)".
 */
public final class Settings {
    private record Value(String text, String source) {}

    private final Map<String, Value> values;

    private Settings(Map<String, Value> values) {
        this.values = values;
    }

    /** Reads vigil.yaml from the data directory (writing it with commented defaults if absent), then env, then overrides. */
    public static Settings load(DataDir dataDir, List<String> overrides, Map<String, String> env) throws IOException {
        Path file = dataDir.configFile();
        if (!Files.exists(file)) {
            Files.writeString(file, ConfigTemplate.yaml());
        }
        Map<String, Value> values = new LinkedHashMap<>();
        readYaml(file, values);
        for (ConfigKey key : Keys.all().values()) {
            String v = env.get(key.envName());
            if (v != null) values.put(key.name(), new Value(v, "environment " + key.envName()));
        }
        for (String o : overrides) {
            int eq = o.indexOf('=');
            if (eq <= 0) throw new ConfigException("--set " + o + ": expected key=value");
            String name = o.substring(0, eq).trim();
            requireKnown(name, "--set");
            values.put(name, new Value(o.substring(eq + 1), "--set"));
        }
        Settings s = new Settings(values);
        s.validate();
        return s;
    }

    /** Settings from overrides alone (tests, tools), every other key at its default. */
    public static Settings of(Map<String, String> overrides) {
        Map<String, Value> values = new LinkedHashMap<>();
        overrides.forEach((k, v) -> {
            requireKnown(k, "overrides");
            values.put(k, new Value(v, "overrides"));
        });
        Settings s = new Settings(values);
        s.validate();
        return s;
    }

    private static void readYaml(Path file, Map<String, Value> into) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new ConfigException(file + ": not valid YAML: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) return;
        if (!root.isObject()) throw new ConfigException(file + ": expected a mapping of keys to values");
        flatten("", root, file, into);
    }

    // Accepts both nested sections (syslog: {udp: {port: 514}}) and dotted keys (syslog.udp.port: 514).
    private static void flatten(String prefix, JsonNode node, Path file, Map<String, Value> into) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            JsonNode v = e.getValue();
            if (v.isObject()) {
                flatten(name, v, file, into);
                continue;
            }
            requireKnown(name, file.toString());
            String text;
            if (v.isArray()) {
                List<String> items = new ArrayList<>();
                v.forEach(i -> items.add(i.asText()));
                text = String.join(",", items);
            } else {
                text = v.isNull() ? "" : v.asText();
            }
            into.put(name, new Value(text, file.toString()));
        }
    }

    private static void requireKnown(String name, String source) {
        if (!Keys.all().containsKey(name)) {
            throw new ConfigException(source + ": unknown configuration key '" + name + "' (docs/configuration.md lists every key)");
        }
    }

    private void validate() {
        for (ConfigKey k : Keys.all().values()) {
            switch (k.type()) {
                case INT -> integer(k);
                case PORT -> port(k);
                case BOOLEAN -> bool(k);
                case SIZE -> size(k);
                case DURATION -> duration(k);
                case CHOICE -> choice(k);
                default -> { }
            }
        }
    }

    public String string(ConfigKey k) {
        Value v = values.get(k.name());
        return v == null ? k.defaultString() : v.text().trim();
    }

    private String where(ConfigKey k) {
        Value v = values.get(k.name());
        return k.name() + "=" + string(k) + " (from " + (v == null ? "default" : v.source()) + ")";
    }

    public int integer(ConfigKey k) {
        try {
            return Integer.parseInt(string(k));
        } catch (NumberFormatException e) {
            throw new ConfigException(where(k) + ": not a whole number");
        }
    }

    public int port(ConfigKey k) {
        int p = integer(k);
        if (p < 0 || p > 65535) throw new ConfigException(where(k) + ": a port is 0-65535 (0 picks a free one)");
        return p;
    }

    public boolean bool(ConfigKey k) {
        String s = string(k).toLowerCase(Locale.ROOT);
        return switch (s) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new ConfigException(where(k) + ": expected true or false");
        };
    }

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(|b|k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib)", Pattern.CASE_INSENSITIVE);

    /** Sizes are binary: 64KiB, 64k and 64KB all mean 65536 bytes. */
    public long size(ConfigKey k) {
        Matcher m = SIZE.matcher(string(k));
        if (!m.matches()) throw new ConfigException(where(k) + ": expected a size like 512MiB, 64KiB or 1048576");
        long n = Long.parseLong(m.group(1));
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k", "kb", "kib" -> 10;
            case "m", "mb", "mib" -> 20;
            case "g", "gb", "gib" -> 30;
            case "t", "tb", "tib" -> 40;
            default -> 0;
        };
        return n << shift;
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)", Pattern.CASE_INSENSITIVE);

    public Duration duration(ConfigKey k) {
        try {
            return parseDuration(string(k));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where(k) + ": " + e.getMessage());
        }
    }

    /** 500ms, 30s, 10m, 12h, 90d (as every duration in Vigil's settings and options is written). */
    public static Duration parseDuration(String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) throw new IllegalArgumentException("expected a duration like 500ms, 30s, 10m, 12h or 90d, not '" + text + "'");
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    public String choice(ConfigKey k) {
        String s = string(k).toLowerCase(Locale.ROOT);
        List<String> allowed = Keys.CHOICES.get(k.name());
        if (allowed != null && !allowed.contains(s)) throw new ConfigException(where(k) + ": expected one of " + allowed);
        return s;
    }

    public List<String> list(ConfigKey k) {
        String s = string(k);
        if (s.isBlank()) return List.of();
        return Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }

    /** A copy with more overrides applied on top (used by tests and by all-in-one wiring). */
    public Settings with(Map<String, String> overrides) {
        Map<String, Value> copy = new LinkedHashMap<>(values);
        overrides.forEach((key, v) -> {
            requireKnown(key, "overrides");
            copy.put(key, new Value(v, "overrides"));
        });
        Settings s = new Settings(copy);
        s.validate();
        return s;
    }
}
