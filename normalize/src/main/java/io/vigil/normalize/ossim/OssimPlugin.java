package io.vigil.normalize.ossim;

import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An OSSIM agent plugin as loaded from its {@code .cfg} file.
 *
 * <p>{@link #rules()} are in the order the agent tries them: section names sorted as Python 2
 * sorts strings, by code point ({@link #RULE_ORDER}: {@code "0001"} before {@code "9999"} before
 * {@code "ZZZZ"} before {@code "zzzz"}); the first rule that matches a line wins.
 *
 * <p>A plugin that is disabled ({@code enable} not true), not a {@code detector}, or whose
 * {@code source} is not {@code log} is still loaded; {@link #active()} says whether it should
 * run, {@link #inactiveReason()} why not.
 */
public final class OssimPlugin implements Translations {

    /** Python 2's string order: by code point. */
    public static final Comparator<String> RULE_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    };

    private final Path file;
    private final String name;
    private final int pluginId;
    private final Map<String, String> config;
    private final boolean enabled;
    private final Set<String> excludeSids;
    private final List<PluginRule> rules;
    private final Map<String, Map<String, String>> sections;
    private final int skippedRules;

    OssimPlugin(Path file, String name, int pluginId, Map<String, String> config, boolean enabled,
            Set<String> excludeSids, List<PluginRule> rules, Map<String, Map<String, String>> sections,
            int skippedRules) {
        this.file = file;
        this.name = name;
        this.pluginId = pluginId;
        this.config = config;
        this.enabled = enabled;
        this.excludeSids = excludeSids;
        this.rules = List.copyOf(rules);
        this.sections = sections;
        this.skippedRules = skippedRules;
    }

    public Path file() {
        return file;
    }

    /** The plugin's name: its file name without {@code .cfg} (the agent's config.cfg key). */
    public String name() {
        return name;
    }

    /** {@code plugin_id} of {@code [DEFAULT]}; a rule may compute its own (see its fields). */
    public int pluginId() {
        return pluginId;
    }

    /** Every {@code [config]} value (and inherited DEFAULT value), as the agent reads it. */
    public Map<String, String> config() {
        return config;
    }

    /** A {@code [config]} value, or "" when missing (as the agent's get). */
    public String config(String option) {
        return config.getOrDefault(OssimIni.lower(option), "");
    }

    public String type() {
        return config("type");
    }

    public String source() {
        return config("source");
    }

    /** The files the plugin reads (comma-separated in the file). */
    public List<String> locations() {
        String loc = config("location");
        if (loc.isEmpty()) {
            return List.of();
        }
        return List.of(loc.split(","));
    }

    public String location() {
        return config("location");
    }

    /** The process (syslog program) the plugin is for, a routing hint. */
    public String process() {
        return config("process");
    }

    /** {@code enable}, read as Python's getboolean ({@code yes/true/on/1}); anything else is false. */
    public boolean enabled() {
        return enabled;
    }

    public boolean detector() {
        return "detector".equals(type());
    }

    /** Whether Vigil should run it: enabled, a detector, reading logs. */
    public boolean active() {
        return inactiveReason() == null;
    }

    /** Why the plugin does not run, or null when it does. */
    public String inactiveReason() {
        if (!enabled) {
            return "disabled (enable=" + config("enable") + ")";
        }
        if (!detector()) {
            return "type is '" + type() + "', not 'detector'";
        }
        if (!"log".equals(source())) {
            return "source is '" + source() + "', Vigil reads 'log' plugins";
        }
        return null;
    }

    /** plugin_sids whose events are dropped ({@code exclude_sids}, ranges {@code a-b} expanded). */
    public Set<String> excludeSids() {
        return excludeSids;
    }

    public boolean excluded(String pluginSid) {
        return pluginSid != null && excludeSids.contains(pluginSid);
    }

    /** The rules that loaded, in the agent's order. */
    public List<PluginRule> rules() {
        return rules;
    }

    /** The rule of that section name, or null. */
    public PluginRule rule(String section) {
        for (PluginRule r : rules) {
            if (r.name().equals(section)) {
                return r;
            }
        }
        return null;
    }

    /** How many rule sections could not be loaded (each has a {@link LoadError}). */
    public int skippedRules() {
        return skippedRules;
    }

    /** Names of all sections, which {@link #table} can read (translate2 may name any of them). */
    public Set<String> tableNames() {
        return sections.keySet();
    }

    /**
     * A section as a table, the way {@code translate} and {@code translate2} read it: keys
     * compared lowercased (the agent lowercases option names), [DEFAULT] values included, values
     * unquoted; {@code _DEFAULT_} is an ordinary key. The section name is matched exactly first,
     * then ignoring case. Null when the plugin has no such section.
     */
    @Override
    public Map<String, String> table(String section) {
        Map<String, String> t = sections.get(section);
        if (t == null) {
            for (Map.Entry<String, Map<String, String>> e : sections.entrySet()) {
                if (e.getKey().equalsIgnoreCase(section)) {
                    return e.getValue();
                }
            }
        }
        return t;
    }

    @Override
    public String toString() {
        return name + " (plugin_id " + pluginId + ", " + rules.size() + " rules"
                + (active() ? "" : ", inactive: " + inactiveReason()) + ")";
    }

    /** A read-only map whose lookups lowercase the key first. */
    static final class LowercaseKeyMap extends AbstractMap<String, String> {
        private final Map<String, String> map;

        LowercaseKeyMap(Map<String, String> lowercased) {
            this.map = new LinkedHashMap<>(lowercased);
        }

        @Override
        public String get(Object key) {
            return key instanceof String s ? map.get(OssimIni.lower(s)) : null;
        }

        @Override
        public boolean containsKey(Object key) {
            return key instanceof String s && map.containsKey(OssimIni.lower(s));
        }

        @Override
        public Set<Entry<String, String>> entrySet() {
            return java.util.Collections.unmodifiableMap(map).entrySet();
        }
    }
}
