package io.vigil.normalize;

import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.normalize.decode.Decoders;
import io.vigil.normalize.ossim.AgentAliases;
import io.vigil.normalize.ossim.AgentConfig;
import io.vigil.normalize.ossim.FieldFunctions;
import io.vigil.normalize.ossim.LoadError;
import io.vigil.normalize.ossim.LoadResult;
import io.vigil.normalize.ossim.OssimPlugin;
import io.vigil.normalize.ossim.PluginLoader;
import io.vigil.normalize.ossim.SidTables;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a {@link NormalizationEngine} from Vigil's default content pack and the user's
 * {@code content.paths}. Each path may hold any mix of files; here the plugin files
 * ({@code *.cfg}), SID tables ({@code *.sql}) and the agent's {@code aliases.cfg} and
 * {@code config.cfg} are taken (directives, Sigma rules and reputation lists are for other
 * engines). A user plugin with the plugin_id of a shipped one replaces it.
 *
 * <p>Content errors never stop anything: they are in {@link NormalizationEngine#errors()}
 * with file, section and line, and logged.
 */
public final class ContentLoader {
    private static final Logger log = LoggerFactory.getLogger(ContentLoader.class);

    /** The default content pack, in the order it loads. */
    public static final List<String> BUILT_IN = List.of("sshd.cfg", "sudo.cfg", "pam.cfg", "su.cfg", "cron.cfg",
            "iptables.cfg", "nginx.cfg", "apache.cfg", "postfix.cfg");
    private static final List<String> BUILT_IN_OTHER = List.of("aliases.cfg", "vigil-content.sql");
    private static volatile Path extracted;

    /**
     * @param paths         the user's content paths (files or directories)
     * @param builtIn       load the default content pack
     * @param zone          zone of dates without one
     * @param resolveNames  let resolv() look host names up (off: names pass through)
     * @param sensorAddress what {@code \_CFG(plugin-defaults,sensor)} gives
     * @param routes        program name -> plugin ids tried first for it
     */
    public record Options(List<Path> paths, boolean builtIn, ZoneId zone, boolean resolveNames, String sensorAddress,
                          Map<String, List<Integer>> routes) {
        public static Options defaults() {
            return new Options(List.of(), true, ZoneId.systemDefault(), false, "127.0.0.1", Map.of());
        }
    }

    private ContentLoader() {}

    public static NormalizationEngine load(Options o, MeterRegistry registry) {
        List<Path> pluginFiles = new ArrayList<>();
        List<Path> sqlFiles = new ArrayList<>();
        List<Path> aliasFiles = new ArrayList<>();
        List<Path> configFiles = new ArrayList<>();
        List<LoadError> errors = new ArrayList<>();
        if (o.builtIn()) {
            Path dir = builtInDirectory();
            aliasFiles.add(dir.resolve("aliases.cfg"));
            sqlFiles.add(dir.resolve("vigil-content.sql"));
            for (String f : BUILT_IN) pluginFiles.add(dir.resolve(f));
        }
        int firstUserPlugin = pluginFiles.size();
        for (Path p : o.paths()) collect(p, pluginFiles, sqlFiles, aliasFiles, configFiles, errors);

        AgentAliases aliases;
        AgentConfig config;
        try {
            aliases = aliasFiles.isEmpty() ? AgentAliases.builtIn() : new AgentAliases(aliasFiles);
        } catch (IOException e) {
            errors.add(new LoadError(aliasFiles.get(aliasFiles.size() - 1), null, 0, "cannot read aliases: " + e.getMessage()));
            aliases = AgentAliases.builtIn();
        }
        try {
            config = configFiles.isEmpty() ? AgentConfig.builtIn(o.sensorAddress()) : new AgentConfig(configFiles.get(configFiles.size() - 1));
        } catch (IOException e) {
            errors.add(new LoadError(configFiles.get(configFiles.size() - 1), null, 0, "cannot read config.cfg: " + e.getMessage()));
            config = AgentConfig.builtIn(o.sensorAddress());
        }
        LoadResult shipped = PluginLoader.load(pluginFiles.subList(0, firstUserPlugin), aliases, config);
        LoadResult user = PluginLoader.load(pluginFiles.subList(firstUserPlugin, pluginFiles.size()), aliases, config);
        errors.addAll(shipped.errors());
        errors.addAll(user.errors());

        // The user's plugins first (theirs is the content they chose), then the shipped ones
        // whose plugin_id no user plugin claims.
        List<OssimPlugin> plugins = new ArrayList<>(user.plugins());
        for (OssimPlugin s : shipped.plugins()) {
            boolean replaced = s.pluginId() > 0 && user.plugins().stream().anyMatch(u -> u.pluginId() == s.pluginId());
            if (replaced) log.info("plugin {} (plugin_id {}) replaces the shipped {}", user.plugins().stream()
                    .filter(u -> u.pluginId() == s.pluginId()).findFirst().orElseThrow().file(), s.pluginId(), s.name());
            else plugins.add(s);
        }
        SidTables sids = SidTables.load(sqlFiles);
        errors.addAll(sids.errors());

        Map<String, List<Integer>> routes = new LinkedHashMap<>();
        o.routes().forEach((app, ids) -> {
            List<Integer> idx = new ArrayList<>();
            for (int id : ids) {
                for (int i = 0; i < plugins.size(); i++) if (plugins.get(i).pluginId() == id) idx.add(i);
            }
            routes.put(app.toLowerCase(Locale.ROOT), idx);
        });
        FieldFunctions functions = FieldFunctions.builder().zone(o.zone()).clock(Clock.systemUTC()).resolveNames(o.resolveNames()).build();
        NormalizationEngine engine = new NormalizationEngine(plugins, sids, functions, new Decoders(o.zone(), Clock.systemUTC()),
                new SyslogLine(o.zone()), routes, errors, registry);
        for (LoadError e : engine.errors()) log.warn("content: {}", e);
        log.info("normalization: {} plugins, {} rules, {} SID rows, {} content errors", plugins.size(), engine.rules(), sids.size(), engine.errors().size());
        return engine;
    }

    private static void collect(Path p, List<Path> plugins, List<Path> sql, List<Path> aliases, List<Path> configs, List<LoadError> errors) {
        if (Files.isDirectory(p)) {
            List<Path> files = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
                for (Path f : ds) if (Files.isRegularFile(f)) files.add(f);
            } catch (IOException e) {
                errors.add(new LoadError(p, null, 0, "cannot list directory: " + e.getMessage()));
                return;
            }
            files.sort(null);
            for (Path f : files) classify(f, plugins, sql, aliases, configs);
        } else if (Files.isRegularFile(p)) {
            classify(p, plugins, sql, aliases, configs);
        } else {
            errors.add(new LoadError(p, null, 0, "content path does not exist"));
        }
    }

    private static void classify(Path f, List<Path> plugins, List<Path> sql, List<Path> aliases, List<Path> configs) {
        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.equals("aliases.cfg")) aliases.add(f);
        else if (n.equals("config.cfg")) configs.add(f);
        else if (n.endsWith(".cfg")) plugins.add(f);
        else if (n.endsWith(".sql")) sql.add(f);
        // Other shapes (directives, Sigma, reputation) belong to other engines.
    }

    /** True for a file of the default content pack (shown as {@code builtin:NAME}). */
    public static boolean isBuiltIn(Path file) {
        Path dir = extracted;
        return dir != null && file.toAbsolutePath().normalize().startsWith(dir);
    }

    /** The default pack as files (the loader reads files, so that errors name a path a person can open). */
    static Path builtInDirectory() {
        Path dir = extracted;
        if (dir != null) return dir;
        synchronized (ContentLoader.class) {
            if (extracted != null) return extracted;
            try {
                dir = Files.createTempDirectory("vigil-content-");
                // before its files: the JVM deletes in the reverse order of these calls, so the
                // directory goes last, once empty (registered last, it was left behind every run)
                dir.toFile().deleteOnExit();
                List<String> all = new ArrayList<>(BUILT_IN);
                all.addAll(BUILT_IN_OTHER);
                for (String f : all) {
                    try (InputStream in = ContentLoader.class.getResourceAsStream("content/" + f)) {
                        if (in == null) throw new IllegalStateException("default content " + f + " is missing from the jar");
                        Files.copy(in, dir.resolve(f));
                    }
                    dir.resolve(f).toFile().deleteOnExit();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot unpack the default content pack", e);
            }
            extracted = dir;
            return dir;
        }
    }
}
