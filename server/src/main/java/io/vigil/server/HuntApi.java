package io.vigil.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.vigil.core.event.Json;
import io.vigil.core.store.EventStore;
import io.vigil.server.ApiServer.ApiError;
import io.vigil.sigma.engine.Hunt;
import io.vigil.sigma.engine.SigmaContent;
import io.vigil.sigma.engine.SigmaMatch;
import io.vigil.state.StateStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Retro-hunts over the API: {@code POST /api/v1/hunts} with Sigma rule texts and a time range
 * starts one in the background; {@code GET /api/v1/hunts/{id}} shows its progress and matches.
 * Matches raise no alarm unless the request says {@code "raise_alarms": true}. One hunt runs
 * at a time (they read the whole range); the last 16 are kept.
 */
final class HuntApi {
    private static final int KEPT = 16;
    private static final int MAX_RULES_BYTES = 8 * 1024 * 1024;

    private record Job(String id, Instant from, Instant to, boolean raiseAlarms, List<String> errors, Hunt hunt, long started) {}

    private final EventStore store;
    private final StateStore state;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().daemon().name("hunt").unstarted(r));
    private final LinkedHashMap<String, Job> jobs = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Job> e) {
            return size() > KEPT;
        }
    };

    private HuntApi(EventStore store, StateStore state) {
        this.store = store;
        this.state = state;
    }

    static void register(Javalin app, EventStore store, StateStore state) {
        HuntApi h = new HuntApi(store, state);
        app.post("/api/v1/hunts", h::start);
        app.get("/api/v1/hunts/{id}", h::get);
    }

    private void start(Context ctx) {
        if (ctx.body().length() > MAX_RULES_BYTES) throw new ApiError(HttpStatus.CONTENT_TOO_LARGE, "rules larger than 8 MiB");
        JsonNode b;
        try {
            b = Json.mapper().readTree(ctx.body());
        } catch (Exception e) {
            throw new ApiError(HttpStatus.BAD_REQUEST, "the body is not JSON: " + e.getMessage());
        }
        Map<Path, String> texts = new LinkedHashMap<>();
        for (JsonNode r : b.path("rules")) {
            String name = r.path("name").asText("rule.yml");
            texts.put(Path.of(name.replace('/', '_').replace('\\', '_')), r.path("text").asText());
        }
        if (texts.isEmpty()) throw new ApiError(HttpStatus.BAD_REQUEST, "rules: a list of {name, text} is needed");
        String since = b.path("since").asText("30d");
        Instant to = b.hasNonNull("until") ? Instant.now().minus(ApiServer.duration("until", b.get("until").asText())) : Instant.now();
        Instant from = Instant.now().minus(ApiServer.duration("since", since));
        SigmaContent content = SigmaContent.fromTexts(texts);
        List<String> errors = new ArrayList<>();
        content.errors().forEach(e -> errors.add(e.toString()));
        if (content.rules().isEmpty()) throw new ApiError(HttpStatus.BAD_REQUEST, "no rule loaded: " + String.join("; ", errors));
        boolean raise = b.path("raise_alarms").asBoolean(false);
        Hunt hunt = new Hunt(content, store, from, to);
        Job job = new Job(UUID.randomUUID().toString(), from, to, raise, errors, hunt, System.currentTimeMillis());
        synchronized (jobs) {
            jobs.put(job.id(), job);
        }
        SigmaStage alarms = raise ? new SigmaStage(content, state, address -> state.assets().model().valueOf(address), 100_000) : null;
        runner.submit(() -> hunt.run(m -> {
            if (alarms != null) {
                alarms.alarm(m);
                alarms.flushAlarms(0); // written as found: a hunt reports done when its last match is
            }
        }));
        ctx.status(HttpStatus.ACCEPTED).json(Map.of("id", job.id(), "query", hunt.pushdown(), "errors", errors));
    }

    private void get(Context ctx) {
        Job job;
        synchronized (jobs) {
            job = jobs.get(ctx.pathParam("id"));
        }
        if (job == null) throw new ApiError(HttpStatus.NOT_FOUND, "no hunt " + ctx.pathParam("id"));
        Hunt.Progress p = job.hunt().progress();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", job.id());
        out.put("from", job.from().toString());
        out.put("to", job.to().toString());
        out.put("raise_alarms", job.raiseAlarms());
        out.put("errors", job.errors());
        out.put("state", p.error != null ? "failed" : p.done ? "done" : p.total == 0 && p.scanned == 0 ? "queued" : "running");
        {
            out.put("query", p.query);
            out.put("total", p.total);
            out.put("scanned", p.scanned);
            out.put("matches", p.matches);
            if (p.error != null) out.put("error", p.error);
            synchronized (p.byRule) {
                out.put("by_rule", new LinkedHashMap<>(p.byRule));
            }
            List<Map<String, Object>> ms = new ArrayList<>();
            synchronized (p.reported) {
                for (SigmaMatch m : p.reported.subList(0, Math.min(p.reported.size(), 1000))) {
                    Map<String, Object> x = new LinkedHashMap<>();
                    x.put("rule", m.ruleKey());
                    x.put("title", m.title());
                    x.put("level", m.level());
                    x.put("time", Instant.ofEpochMilli(m.time()).toString());
                    x.put("events", m.events().stream().map(UUID::toString).toList());
                    if (!m.group().isEmpty()) x.put("group", m.group());
                    if (m.last() != null) {
                        x.put("src_ip", m.last().srcIp());
                        x.put("dst_ip", m.last().dstIp());
                        x.put("host", m.last().host());
                    }
                    ms.add(x);
                }
            }
            out.put("results", ms);
        }
        ctx.json(out);
    }
}
