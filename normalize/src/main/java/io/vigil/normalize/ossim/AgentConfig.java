package io.vigil.normalize.ossim;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent's {@code config.cfg} as plugins see it: the values {@code \_CFG(section,option)}
 * names in a plugin (e.g. {@code dst_ip=\_CFG(plugin-defaults,sensor)}), in field values and in
 * regexps alike. Section names are case-sensitive and option names case-insensitive, as in the
 * agent; a section's lookups fall back to the file's {@code [DEFAULT]}.
 *
 * <p>Substitution works as the agent's {@code Plugin.replace_config}: each
 * {@code \_CFG(a,b)} (names of word characters and {@code -}, no spaces) whose option exists is
 * replaced by its value; one that does not resolve is left as written.
 */
public final class AgentConfig {

    private static final Pattern CFG = Pattern.compile("\\\\_CFG\\(([\\p{L}\\p{N}_-]+),([\\p{L}\\p{N}_-]+)\\)");

    private final Map<String, Map<String, String>> sections; // section -> lowercased option -> value

    /** A configuration from section name to (option name to value). */
    public AgentConfig(Map<String, Map<String, String>> sections) {
        LinkedHashMap<String, Map<String, String>> m = new LinkedHashMap<>();
        sections.forEach((s, opts) -> {
            LinkedHashMap<String, String> o = new LinkedHashMap<>();
            opts.forEach((k, v) -> o.put(OssimIni.lower(k), v));
            m.put(s, Collections.unmodifiableMap(o));
        });
        this.sections = Collections.unmodifiableMap(m);
    }

    /** The agent's {@code config.cfg} (values interpolated and unquoted as the agent reads them). */
    public AgentConfig(Path configCfg) throws IOException {
        this(fromIni(OssimIni.read(configCfg)));
    }

    private static Map<String, Map<String, String>> fromIni(OssimIni ini) {
        LinkedHashMap<String, Map<String, String>> m = new LinkedHashMap<>();
        LinkedHashMap<String, String> defaults = new LinkedHashMap<>();
        for (String o : ini.options(OssimIni.DEFAULT_SECTION)) {
            defaults.put(o, ini.value(OssimIni.DEFAULT_SECTION, o));
        }
        if (!defaults.isEmpty()) {
            m.put(OssimIni.DEFAULT_SECTION, defaults);
        }
        for (String s : ini.sections()) {
            LinkedHashMap<String, String> o = new LinkedHashMap<>();
            for (String name : ini.options(s)) {
                o.put(name, ini.value(s, name));
            }
            m.put(s, o);
        }
        return m;
    }

    /**
     * Vigil's built-in values, used when no {@code config.cfg} is given: {@code [plugin-defaults]}
     * sensor=127.0.0.1, interface=any, tzone=0, date_format, ctx=(empty); {@code [watchdog]}
     * interval=180, restart_interval=3600.
     */
    public static AgentConfig builtIn() {
        return builtIn("127.0.0.1");
    }

    /** The built-in values with the given sensor address. */
    public static AgentConfig builtIn(String sensorAddress) {
        Map<String, Map<String, String>> m = new LinkedHashMap<>();
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("sensor", sensorAddress);
        defaults.put("interface", "any");
        defaults.put("date_format", "%Y-%m-%d %H:%M:%S");
        defaults.put("tzone", "0");
        defaults.put("ctx", "");
        m.put("plugin-defaults", defaults);
        m.put("watchdog", Map.of("enable", "True", "interval", "180", "restart_interval", "3600"));
        return new AgentConfig(m);
    }

    /** Python's has_option: false for a missing section; DEFAULT's options count for every section. */
    public boolean hasOption(String section, String option) {
        return get(section, option).isPresent();
    }

    /** The value of an option, if the section has it (or the file's DEFAULT does). */
    public Optional<String> get(String section, String option) {
        String key = OssimIni.lower(option);
        Map<String, String> defaults = sections.getOrDefault(OssimIni.DEFAULT_SECTION, Map.of());
        if (!OssimIni.DEFAULT_SECTION.equals(section)) {
            Map<String, String> s = sections.get(section);
            if (s == null) {
                return Optional.empty();
            }
            if (s.containsKey(key)) {
                return Optional.of(s.get(key));
            }
        }
        return Optional.ofNullable(defaults.get(key));
    }

    /** Section name to (lowercased option name to value). */
    public Map<String, Map<String, String>> asMap() {
        return sections;
    }

    /** Whether the text holds a {@code \_CFG(...)} that resolves here. */
    public boolean hasReference(String text) {
        Matcher m = CFG.matcher(text);
        while (m.find()) {
            if (hasOption(m.group(1), m.group(2))) {
                return true;
            }
        }
        return false;
    }

    /** The text with every resolvable {@code \_CFG(section,option)} replaced by its value. */
    public String substitute(String text) {
        if (text.indexOf("\\_CFG(") < 0) {
            return text;
        }
        Matcher m = CFG.matcher(text);
        String out = text;
        while (m.find()) {
            Optional<String> v = get(m.group(1), m.group(2));
            if (v.isPresent()) {
                out = out.replace(m.group(), v.get());
            }
        }
        return out;
    }
}
