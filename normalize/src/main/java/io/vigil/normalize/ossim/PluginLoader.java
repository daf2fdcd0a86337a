package io.vigil.normalize.ossim;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Loads OSSIM agent plugins the way the agent does ({@code Agent.__loadPluginConfigurations},
 * {@code Config.Plugin}, {@code ParserLog}), and reports what it cannot load instead of stopping.
 *
 * <p>For each file:
 * <ol>
 *   <li>The file is read as an INI file ({@link OssimIni}). A line that is not a section, option
 *       or comment, a missing {@code [config]}, a missing {@code type}, {@code source} or
 *       {@code enable}, or a {@code plugin_id} in {@code [DEFAULT]} that is not an integer makes
 *       the agent refuse the plugin: so does Vigil, with an error per problem.</li>
 *   <li>Rule sections are the sections other than {@code config}, {@code info},
 *       {@code translation} and {@code translation-*} (names compared lowercased) that have a
 *       non-empty {@code regexp} (own or from [DEFAULT]); for a plugin whose source is not
 *       {@code log} every other section counts, and those without a regexp are skipped.</li>
 *   <li>Aliases are replaced in each rule's regexp ({@link AgentAliases#expand}), then
 *       {@code \_CFG(section,option)} in every value of every section
 *       ({@link AgentConfig#substitute}); a value that the agent rewrites this way is read
 *       interpolated, others raw (the agent's own mixture).</li>
 *   <li>Each regexp is split on {@code \n} into lines and each line translated
 *       ({@link PythonRegexTranslator}); a rule that fails is skipped with an error naming file,
 *       section and line, and the other rules load.</li>
 *   <li>Rules are sorted by section name ({@link OssimPlugin#RULE_ORDER}).</li>
 * </ol>
 */
public final class PluginLoader {

    private PluginLoader() {}

    private static final Set<String> NOT_RULES = Set.of("config", "info", "translation");
    private static final Pattern TRANSLATION_SECTION = Pattern.compile("translation-\\S+");
    private static final Set<String> NOT_FIELDS = Set.of("regexp", "precheck", "event_type");

    /**
     * Loads plugin files and every {@code *.cfg} directly in the given directories (sorted by
     * name). Content errors never throw: they are in the result.
     */
    public static LoadResult load(List<Path> filesOrDirs, AgentAliases aliases, AgentConfig config) {
        List<OssimPlugin> plugins = new ArrayList<>();
        List<LoadError> errors = new ArrayList<>();
        for (Path p : filesOrDirs) {
            if (Files.isDirectory(p)) {
                List<Path> files = new ArrayList<>();
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(p, "*.cfg")) {
                    for (Path f : ds) {
                        if (Files.isRegularFile(f)) {
                            files.add(f);
                        }
                    }
                } catch (IOException e) {
                    errors.add(new LoadError(p, null, 0, "cannot list directory: " + e.getMessage()));
                    continue;
                }
                files.sort((a, b) -> OssimPlugin.RULE_ORDER.compare(a.getFileName().toString(),
                        b.getFileName().toString()));
                for (Path f : files) {
                    OssimPlugin plugin = loadFile(f, aliases, config, errors);
                    if (plugin != null) {
                        plugins.add(plugin);
                    }
                }
            } else if (Files.exists(p)) {
                OssimPlugin plugin = loadFile(p, aliases, config, errors);
                if (plugin != null) {
                    plugins.add(plugin);
                }
            } else {
                errors.add(new LoadError(p, null, 0, "no such file or directory"));
            }
        }
        return new LoadResult(plugins, errors);
    }

    /** Loads with the built-in aliases and configuration. */
    public static LoadResult load(List<Path> filesOrDirs) {
        return load(filesOrDirs, AgentAliases.builtIn(), AgentConfig.builtIn());
    }

    /**
     * Loads one plugin file; problems are added to {@code errors}. Returns null when the plugin as
     * a whole cannot be loaded (skipped rules do not count: they are errors of a loaded plugin).
     */
    public static OssimPlugin loadFile(Path file, AgentAliases aliases, AgentConfig config, List<LoadError> errors) {
        OssimIni ini;
        try {
            ini = OssimIni.read(file);
        } catch (IOException e) {
            errors.add(new LoadError(file, null, 0, "cannot read: " + e));
            return null;
        }
        return load(file, ini, aliases, config, errors);
    }

    /** Loads a plugin from text (file is used for names and messages). */
    public static OssimPlugin loadText(Path file, String text, AgentAliases aliases, AgentConfig config,
            List<LoadError> errors) {
        return load(file, OssimIni.parse(String.valueOf(file.getFileName()), text), aliases, config, errors);
    }

    /** Like {@link #loadFile} but throwing the first problem that stops the whole plugin. */
    public static OssimPlugin loadStrict(Path file, AgentAliases aliases, AgentConfig config)
            throws PluginLoadException {
        List<LoadError> errors = new ArrayList<>();
        OssimPlugin p = loadFile(file, aliases, config, errors);
        if (p == null) {
            throw new PluginLoadException(errors.isEmpty()
                    ? new LoadError(file, null, 0, "not loaded") : errors.get(0));
        }
        return p;
    }

    private static OssimPlugin load(Path file, OssimIni ini, AgentAliases aliases, AgentConfig config,
            List<LoadError> errors) {
        String fileName = String.valueOf(file.getFileName());
        String name = fileName.endsWith(".cfg") ? fileName.substring(0, fileName.length() - 4) : fileName;

        // 1. what makes the agent refuse the whole plugin
        if (!ini.problems().isEmpty()) {
            for (OssimIni.Problem p : ini.problems()) {
                errors.add(new LoadError(file, sectionAt(ini, p.line()), p.line(),
                        p.reason() + ": '" + p.text() + "' (plugin not loaded)"));
            }
            return null;
        }
        if (!ini.hasSection("config")) {
            errors.add(new LoadError(file, null, 0, "no [config] section (plugin not loaded)"));
            return null;
        }
        boolean refused = false;
        for (String needed : List.of("type", "source", "enable")) {
            if (!ini.hasOption("config", needed)) {
                errors.add(new LoadError(file, "config", ini.section("config").line(),
                        "missing option '" + needed + "' (plugin not loaded)"));
                refused = true;
            }
        }
        String pluginIdText = ini.value(OssimIni.DEFAULT_SECTION, "plugin_id");
        Integer pluginId = parsePythonInt(pluginIdText);
        if (pluginId == null) {
            OssimIni.Entry e = ini.entry(OssimIni.DEFAULT_SECTION, "plugin_id");
            errors.add(new LoadError(file, OssimIni.DEFAULT_SECTION, e == null ? 0 : e.line(),
                    (e == null ? "no plugin_id in [DEFAULT]" : "plugin_id '" + pluginIdText + "' is not an integer")
                            + " (plugin not loaded)"));
            refused = true;
        }
        if (refused) {
            return null;
        }

        // 2. the agent's view of the plugin, which it then rewrites
        AgentView view = new AgentView(ini);
        view.set("config", "name", name); // as the agent does (its config.cfg key; here the file name)
        String source = view.get("config", "source");
        boolean logSource = "log".equals(source);

        List<String> ruleSections = new ArrayList<>();
        List<String> sorted = new ArrayList<>(ini.sections());
        sorted.sort(OssimPlugin.RULE_ORDER);
        for (String section : sorted) {
            String lower = OssimIni.lower(section);
            if (NOT_RULES.contains(lower) || TRANSLATION_SECTION.matcher(lower).lookingAt()) {
                continue;
            }
            String regexp = view.get(section, "regexp");
            if (regexp.isEmpty()) {
                String raw = ini.raw(section, "regexp");
                OssimIni.Entry re = ini.entry(section, "regexp");
                if (raw != null && !OssimIni.stripQuotes(raw).isEmpty()) {
                    errors.add(new LoadError(file, section, re.line(),
                            "regexp cannot be read: " + view.interpolationError(section, "regexp")
                                    + " (rule skipped, as the agent skips it)"));
                } else if (logSource && looksLikeRule(ini, section)) {
                    errors.add(new LoadError(file, section, ini.section(section).line(),
                            "section has event fields but no regexp (not a rule; the agent ignores it too)"));
                }
                if (logSource || raw == null) {
                    continue;
                }
            }
            ruleSections.add(section);
        }

        // 3. aliases in the rules' regexps, then \_CFG(...) everywhere
        for (String section : ruleSections) {
            String regexp = view.get(section, "regexp");
            if (aliases.hasAlias(regexp)) {
                view.set(section, "regexp", aliases.expand(regexp));
            }
        }
        for (String section : sorted) {
            for (String option : view.options(section)) {
                String v = view.get(section, option);
                if (config.hasReference(v)) {
                    view.set(section, option, config.substitute(v));
                }
            }
        }

        // 4. the rules
        List<PluginRule> rules = new ArrayList<>();
        int skipped = 0;
        for (String section : ruleSections) {
            try {
                rules.add(buildRule(file, ini, view, section));
            } catch (PluginLoadException e) {
                errors.add(e.error());
                skipped++;
            }
        }

        // 5. configuration and tables
        Map<String, String> configValues = new LinkedHashMap<>();
        for (String option : view.options("config")) {
            configValues.put(option, view.get("config", option));
        }
        Map<String, Map<String, String>> tables = new LinkedHashMap<>();
        for (String section : ini.sections()) {
            Map<String, String> t = new LinkedHashMap<>();
            for (String option : view.options(section)) {
                t.put(option, view.get(section, option));
            }
            tables.put(section, new OssimPlugin.LowercaseKeyMap(t));
        }
        String enableText = configValues.getOrDefault("enable", "");
        Boolean enabled = OssimIni.parseBoolean(enableText);
        if (enabled == null) {
            OssimIni.Entry e = ini.entry("config", "enable");
            errors.add(new LoadError(file, "config", e == null ? 0 : e.line(),
                    "enable '" + enableText + "' is not a boolean: plugin disabled (as the agent does)"));
        }
        Set<String> exclude = splitSids(configValues.getOrDefault("exclude_sids", ""));
        return new OssimPlugin(file, name, pluginId, Collections.unmodifiableMap(configValues),
                Boolean.TRUE.equals(enabled), exclude, rules, Collections.unmodifiableMap(tables), skipped);
    }

    private static boolean looksLikeRule(OssimIni ini, String section) {
        OssimIni.Section s = ini.section(section);
        return s.entries().containsKey("event_type") || s.entries().containsKey("plugin_sid");
    }

    private static PluginRule buildRule(Path file, OssimIni ini, AgentView view, String section)
            throws PluginLoadException {
        int sectionLine = ini.section(section).line();
        OssimIni.Entry regexpEntry = ini.entry(section, "regexp");
        int regexpLine = regexpEntry == null ? sectionLine : regexpEntry.line();
        // hitems(section, raw=True): every option, unquoted, as last set
        Map<String, String> items = new LinkedHashMap<>();
        Map<String, Integer> lines = new LinkedHashMap<>();
        for (String option : view.options(section)) {
            items.put(option, OssimIni.stripQuotes(view.raw(section, option)));
            OssimIni.Entry e = ini.entry(section, option);
            lines.put(option, e == null ? sectionLine : e.line());
        }
        String expanded = items.getOrDefault("regexp", "");
        String original = regexpEntry == null ? "" : OssimIni.stripQuotes(regexpEntry.value());
        List<PluginRule.Line> ruleLines = new ArrayList<>();
        String[] parts = expanded.split("\\\\n", -1);
        for (int i = 0; i < parts.length; i++) {
            try {
                ruleLines.add(new PluginRule.Line(parts[i], PythonRegexTranslator.translate(parts[i])));
            } catch (RegexTranslationException e) {
                String where = parts.length > 1 ? "line " + (i + 1) + " of the regexp: " : "";
                throw new PluginLoadException(new LoadError(file, section, regexpLine,
                        where + e.describe() + " (rule skipped)"));
            }
        }
        Map<String, String> fields = new LinkedHashMap<>();
        Map<String, Integer> fieldLines = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : items.entrySet()) {
            if (!NOT_FIELDS.contains(e.getKey())) {
                fields.put(e.getKey(), e.getValue());
                fieldLines.put(e.getKey(), lines.get(e.getKey()));
            }
        }
        return new PluginRule(file, section, sectionLine, regexpLine, original, expanded, ruleLines,
                items.getOrDefault("precheck", ""), items.get("event_type"),
                Collections.unmodifiableMap(fields), Collections.unmodifiableMap(fieldLines));
    }

    private static String sectionAt(OssimIni ini, int line) {
        String found = null;
        int best = 0;
        for (String s : ini.sections()) {
            int l = ini.section(s).line();
            if (l <= line && l > best) {
                best = l;
                found = s;
            }
        }
        return found;
    }

    /** Python's int() of a string: optional sign, digits, surrounding white space. */
    static Integer parsePythonInt(String s) {
        String t = OssimIni.pyStrip(s);
        if (t.startsWith("+")) {
            t = t.substring(1);
        }
        if (t.isEmpty() || t.length() > 10) {
            return null;
        }
        try {
            long v = Long.parseLong(t);
            return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? (int) v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * {@code exclude_sids}: comma-separated sids and ranges {@code a-b}, expanded and trimmed (the
     * agent's split_sids means the same; its implementation skips the range after another range).
     */
    static Set<String> splitSids(String text) {
        Set<String> out = new LinkedHashSet<>();
        if (text.isBlank()) {
            return Collections.unmodifiableSet(out);
        }
        for (String part : text.split(",")) {
            String p = part.strip();
            int dash = p.indexOf('-', 1);
            if (dash > 0) {
                Integer lo = parsePythonInt(p.substring(0, dash));
                Integer hi = parsePythonInt(p.substring(dash + 1));
                if (lo != null && hi != null && hi >= lo && hi - lo <= 100_000) {
                    for (int i = lo; i <= hi; i++) {
                        out.add(Integer.toString(i));
                    }
                    continue;
                }
            }
            if (!p.isEmpty()) {
                out.add(p);
            }
        }
        return Collections.unmodifiableSet(out);
    }

    /**
     * The plugin as the agent's ConfigParser holds it while it rewrites values: raw values per
     * section (DEFAULT inherited), {@link #get} as the agent's Conf.get, {@link #set} as
     * ConfigParser.set (the value replaces the raw one).
     */
    private static final class AgentView {
        private final OssimIni ini;
        private final Map<String, Map<String, String>> overrides = new TreeMap<>();

        AgentView(OssimIni ini) {
            this.ini = ini;
        }

        Set<String> options(String section) {
            Set<String> names = new LinkedHashSet<>(ini.options(section));
            Map<String, String> o = overrides.get(section);
            if (o != null) {
                names.addAll(o.keySet());
            }
            return names;
        }

        String raw(String section, String option) {
            String key = OssimIni.lower(option);
            Map<String, String> o = overrides.get(section);
            if (o != null && o.containsKey(key)) {
                return o.get(key);
            }
            return ini.raw(section, key);
        }

        void set(String section, String option, String value) {
            overrides.computeIfAbsent(section, k -> new LinkedHashMap<>()).put(OssimIni.lower(option), value);
        }

        /** Conf.get: interpolated and unquoted; "" when missing or on error. */
        String get(String section, String option) {
            String raw = raw(section, option);
            if (raw == null) {
                return "";
            }
            try {
                return OssimIni.stripQuotes(OssimIni.interpolate(raw, key -> {
                    String v = raw(section, key);
                    if (v == null && "__name__".equals(key) && !OssimIni.DEFAULT_SECTION.equals(section)) {
                        return section;
                    }
                    return v;
                }));
            } catch (OssimIni.InterpolationException e) {
                return "";
            }
        }

        String interpolationError(String section, String option) {
            String raw = raw(section, option);
            try {
                OssimIni.interpolate(raw, key -> raw(section, key));
                return "empty after unquoting";
            } catch (OssimIni.InterpolationException e) {
                return e.getMessage();
            }
        }
    }
}
