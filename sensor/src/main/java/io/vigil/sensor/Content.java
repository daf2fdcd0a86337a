package io.vigil.sensor;

import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.core.config.ConfigException;
import io.vigil.core.config.Keys;
import io.vigil.core.config.Settings;
import io.vigil.normalize.ContentLoader;
import io.vigil.normalize.NormalizationEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Sensor's normalization content: loaded at start, reloaded when a file under
 * {@code content.paths} changes or on request. A reload builds a whole new engine and swaps
 * it in; an event being normalized finishes with the engine it started with, so nothing in
 * flight is lost or half-applied. A reload whose content has errors still swaps in (the good
 * plugins run; the errors are reported).
 */
public final class Content implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Content.class);

    private final ContentLoader.Options options;
    private final MeterRegistry registry;
    private final AtomicReference<NormalizationEngine> engine = new AtomicReference<>();
    private final ScheduledExecutorService watcher;
    private volatile long stamp;

    public Content(Settings settings, ZoneId zone, MeterRegistry registry) {
        this.options = new ContentLoader.Options(settings.list(Keys.CONTENT_PATHS).stream().map(Path::of).toList(),
                settings.bool(Keys.NORMALIZE_BUILT_IN), zone, settings.bool(Keys.NORMALIZE_RESOLVE_NAMES),
                "127.0.0.1", routes(settings.list(Keys.NORMALIZE_ROUTES)));
        this.registry = registry;
        this.stamp = stamp();
        engine.set(ContentLoader.load(options, registry));
        long every = settings.duration(Keys.CONTENT_RELOAD_INTERVAL).toMillis();
        this.watcher = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("content-watch").unstarted(r));
        if (!options.paths().isEmpty()) watcher.scheduleWithFixedDelay(this::reloadIfChanged, every, every, TimeUnit.MILLISECONDS);
    }

    static Map<String, List<Integer>> routes(List<String> entries) {
        Map<String, List<Integer>> out = new LinkedHashMap<>();
        for (String e : entries) {
            int eq = e.indexOf('=');
            if (eq <= 0) throw new ConfigException("normalize.routes: '" + e + "' is not program=plugin_id");
            try {
                out.computeIfAbsent(e.substring(0, eq).trim(), k -> new ArrayList<>()).add(Integer.parseInt(e.substring(eq + 1).trim()));
            } catch (NumberFormatException ex) {
                throw new ConfigException("normalize.routes: '" + e + "': plugin_id must be a number");
            }
        }
        return out;
    }

    public NormalizationEngine engine() {
        return engine.get();
    }

    /** Loads the content again and swaps it in; returns the new engine. */
    public synchronized NormalizationEngine reload() {
        stamp = stamp();
        NormalizationEngine next = ContentLoader.load(options, registry);
        engine.set(next);
        log.info("content reloaded: {} plugins, {} rules, {} errors", next.plugins().size(), next.rules(), next.errors().size());
        return next;
    }

    private void reloadIfChanged() {
        try {
            if (stamp() != stamp) reload();
        } catch (RuntimeException e) {
            log.error("content reload failed; the previous content stays in use: {}", e.toString());
        }
    }

    /** Newest modification time and count of the files under the content paths: changes when any file does. */
    private long stamp() {
        long s = 0;
        for (Path p : options.paths()) {
            try (Stream<Path> files = Files.isDirectory(p) ? Files.list(p) : Stream.of(p)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    if (Files.isRegularFile(f)) s = s * 31 + Files.getLastModifiedTime(f).toMillis() + f.getFileName().hashCode();
                }
            } catch (IOException e) {
                s = s * 31 + 1; // unreadable now: a change worth a reload attempt when it is readable again
            }
        }
        return s;
    }

    @Override
    public void close() {
        watcher.shutdownNow();
    }
}
