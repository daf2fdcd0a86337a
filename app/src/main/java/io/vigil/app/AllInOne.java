package io.vigil.app;

import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vigil.core.config.DataDir;
import io.vigil.core.config.Keys;
import io.vigil.core.config.Settings;
import io.vigil.core.event.Json;
import io.vigil.core.metrics.Collectors;
import io.vigil.core.tls.PemPair;
import io.vigil.core.tls.SelfSignedCertificate;
import io.vigil.journal.Durability;
import io.vigil.journal.Journal;
import io.vigil.journal.JournalEventSink;
import io.vigil.journal.JournalOptions;
import io.vigil.sensor.ContentSummary;
import io.vigil.sensor.Sensor;
import io.vigil.server.AdminToken;
import io.vigil.server.ApiServer;
import io.vigil.server.StatusReport;
import io.vigil.server.StorePipeline;
import io.vigil.server.Correlator;
import io.vigil.correlate.engine.DirectiveEngine;
import io.vigil.state.StateStore;
import io.vigil.store.LuceneEventStore;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server and Sensor in one process. The Sensor's collectors append to the journal; the
 * store pipeline reads it, normalizes and stores, which is the in-memory link: no port is
 * opened between the two halves.
 */
final class AllInOne implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AllInOne.class);

    private final DataDir data;
    private final Deque<AutoCloseable> toClose = new ArrayDeque<>();
    private FileLock lock;
    private Sensor sensor;
    private ApiServer api;
    private String apiUrl;

    private AllInOne(DataDir data) {
        this.data = data;
    }

    static AllInOne start(Path dataPath, List<String> overrides, Map<String, String> env) throws IOException {
        AllInOne a = new AllInOne(new DataDir(dataPath).create());
        try {
            a.boot(overrides, env);
            return a;
        } catch (IOException | RuntimeException e) {
            a.close();
            throw e;
        }
    }

    private void boot(List<String> overrides, Map<String, String> env) throws IOException {
        lockDataDir();
        Settings settings = Settings.load(data, overrides, env);
        Logging.setLevel(settings.choice(Keys.LOG_LEVEL));
        AdminToken token = AdminToken.loadOrCreate(data);

        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        Collectors metrics = new Collectors(registry);

        Journal journal = Journal.open(data.journal(), new JournalOptions(
                settings.size(Keys.JOURNAL_SEGMENT_SIZE), settings.size(Keys.JOURNAL_MAX_SIZE),
                settings.size(Keys.JOURNAL_MIN_FREE), (int) Math.min(Integer.MAX_VALUE, settings.size(Keys.JOURNAL_BUFFER)),
                Durability.parse(settings.choice(Keys.DURABILITY))));
        toClose.push(journal);
        if (journal.recovery().truncatedBytes() > 0) {
            log.warn("journal recovery cut {} bytes of an incomplete write; nothing acknowledged was lost", journal.recovery().truncatedBytes());
        }

        LuceneEventStore store = LuceneEventStore.open(data.events(), settings);
        toClose.push(store);
        // the store's own counters on /metrics too: vigil_store_rejected_total, vigil_store_blocks_read_total
        for (String counter : store.counters().keySet()) {
            io.micrometer.core.instrument.FunctionCounter.builder("vigil.store." + counter, store, s -> s.counters().getOrDefault(counter, 0L))
                    .description("the event store's " + counter.replace('_', ' ')).register(registry);
        }
        sensor = new Sensor(settings, data, new JournalEventSink(journal), metrics);
        toClose.push(sensor::closeContent);
        StateStore state = openState(settings);
        toClose.push(state);
        Correlator correlator = null;
        if (settings.bool(Keys.CORRELATION_ENABLED)) {
            List<Path> content = settings.list(Keys.CONTENT_PATHS).stream().filter(p -> !p.isBlank()).map(Path::of).toList();
            Sensor s = sensor;
            correlator = new Correlator(content, state, new SidTaxonomy(() -> s.content().engine().sids()), settings.duration(Keys.CORRELATION_LATENESS),
                    new DirectiveEngine.Limits(settings.integer(Keys.CORRELATION_MAX_BACKLOGS_PER_DIRECTIVE), settings.integer(Keys.CORRELATION_MAX_BACKLOGS)));
        }
        StorePipeline pipeline = new StorePipeline(journal, sensor.normalizer(), store, metrics,
                settings.duration(Keys.STORE_COMMIT_INTERVAL), settings.integer(Keys.STORE_THREADS)).correlateWith(correlator).start();
        toClose.push(pipeline);

        ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("housekeeping").unstarted(r));
        housekeeping.scheduleWithFixedDelay(() -> {
            try {
                int removed = store.applyRetention();
                if (removed > 0) log.info("retention removed {} daily index(es)", removed);
            } catch (IOException | RuntimeException e) {
                log.warn("retention failed: {}", e.toString());
            }
        }, 1, 60, TimeUnit.MINUTES);
        toClose.push(housekeeping::shutdownNow);

        PemPair apiCert = configuredOrGenerated(settings.string(Keys.API_TLS_CERT), settings.string(Keys.API_TLS_KEY), "api");
        String apiBind = settings.string(Keys.API_BIND).isEmpty() ? settings.string(Keys.BIND) : settings.string(Keys.API_BIND);
        StatusReport status = new StatusReport(registry, journal, pipeline, Version.current(), () -> ContentSummary.of(sensor.content().engine()));
        if (correlator != null) status.withCorrelation(correlator::status);
        api = new ApiServer(apiBind, settings.port(Keys.API_PORT), apiCert, token, store, status, registry)
                .withState(state)
                .sessions(settings.duration(Keys.CONSOLE_SESSION_IDLE), settings.duration(Keys.CONSOLE_SESSION_MAX))
                .onContentReload(() -> ContentSummary.of(sensor.content().reload())).start();
        toClose.push(api);
        if (correlator != null) correlator.onAlarm(api.alarmFeed()::changed);
        api.withContentInspection(new io.vigil.server.ContentInspection(
                line -> sensor.normalizer().normalize(io.vigil.core.event.RawEvent.received("console-test", "-", 0, line.getBytes(java.nio.charset.StandardCharsets.UTF_8))),
                () -> ContentSummary.of(sensor.content().engine()), correlator));

        sensor.start();
        toClose.push(sensor);

        String host = apiBind.equals("0.0.0.0") || apiBind.equals("::") ? "127.0.0.1" : apiBind;
        apiUrl = "https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + api.port();
        // no default password: the first administrator sets theirs through a one-time link
        state.setup().issue(System.currentTimeMillis()).ifPresent(t -> {
            String link = apiUrl + "/setup?token=" + t;
            log.warn("No console user yet: open {} to set the first administrator's password (works once, for 24 hours)", link);
            System.out.println("Console setup (once): " + link);
        });
        writeInstanceFile(); // last: the instance file says the instance is ready
    }

    /** The state store: state.url, or H2 in state/ of the data directory. */
    private StateStore openState(Settings settings) throws IOException {
        String url = settings.string(Keys.STATE_URL);
        if (url.isBlank()) {
            Path dir = data.root().resolve("state");
            Files.createDirectories(dir);
            return StateStore.openH2(dir);
        }
        return StateStore.open(url, settings.string(Keys.STATE_USER), settings.string(Keys.STATE_PASSWORD));
    }

    private PemPair configuredOrGenerated(String cert, String key, String name) throws IOException {
        if (!cert.isEmpty() || !key.isEmpty()) {
            if (cert.isEmpty() || key.isEmpty()) throw new io.vigil.core.config.ConfigException("set both " + name + ".tls.cert and " + name + ".tls.key, or neither");
            return new PemPair(Path.of(cert), Path.of(key));
        }
        return SelfSignedCertificate.ensure(data, name);
    }

    /** Two processes on one journal would interleave writes: the OS lock makes the second one stop. */
    private void lockDataDir() throws IOException {
        FileChannel ch = FileChannel.open(data.run().resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        lock = ch.tryLock();
        if (lock == null) {
            ch.close();
            throw new UserFacingException("another Vigil instance is running on " + data.root() + "; stop it first or use another --data directory");
        }
        toClose.push(ch);
    }

    private void writeInstanceFile() throws IOException {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("api", apiUrl);
        info.put("pid", ProcessHandle.current().pid());
        info.put("started", Instant.now().toString());
        info.put("listeners", sensor.boundPorts());
        Path tmp = data.instanceFile().resolveSibling("instance.json.tmp");
        Files.writeString(tmp, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(info));
        Files.move(tmp, data.instanceFile(), java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        toClose.push(() -> Files.deleteIfExists(data.instanceFile()));
    }

    String apiUrl() { return apiUrl; }
    Map<String, Integer> listeners() { return sensor.boundPorts(); }
    DataDir data() { return data; }

    /** Stops input first, then drains: receivers, store pipeline (commits), store, journal, API. */
    @Override
    public void close() {
        while (!toClose.isEmpty()) {
            AutoCloseable c = toClose.pop();
            try {
                c.close();
            } catch (Exception e) {
                log.warn("while stopping {}: {}", c.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
