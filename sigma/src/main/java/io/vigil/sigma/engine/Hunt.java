package io.vigil.sigma.engine;

import io.vigil.core.event.Event;
import io.vigil.core.store.EventStore;
import io.vigil.core.store.SearchRequest;
import io.vigil.core.store.SearchResult;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A retro-hunt: Sigma rules over stored events, oldest first, through the same engine as the
 * live stream (so correlation rules count over history too). What the store can select is
 * pushed down as a query: the time range, and the rules' log sources where Vigil itself names
 * them (the plugin or decoder that produced the event); everything else is matched here.
 */
public final class Hunt {
    private static final int PAGE = 2_000;
    /** At most this many matches are kept for the report (all are counted). */
    public static final int MAX_REPORTED = 10_000;

    /** Progress and results so far. */
    public static final class Progress {
        public volatile long total;
        public volatile long scanned;
        public volatile long matches;
        public volatile boolean done;
        public volatile String error;
        public final Map<String, Long> byRule = new TreeMap<>();
        public final List<SigmaMatch> reported = new ArrayList<>();
        public final String query;

        Progress(String query) {
            this.query = query;
        }
    }

    private final SigmaContent content;
    private final EventStore store;
    private final Instant from;
    private final Instant to;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final Progress progress;

    public Hunt(SigmaContent content, EventStore store, Instant from, Instant to) {
        this.content = content;
        this.store = store;
        this.from = from;
        this.to = to;
        this.progress = new Progress(pushdown());
    }

    /** Progress so far (while it runs, from any thread). */
    public Progress progress() {
        return progress;
    }

    public void cancel() {
        cancelled.set(true);
    }

    /** The store query the hunt reads: the log sources Vigil names itself, or everything. */
    public String pushdown() {
        Set<String> alternatives = new LinkedHashSet<>();
        for (SigmaContent.Placement p : content.placements()) {
            for (String name : p.sources()) {
                SigmaMapping.Source s = content.mapping().source(name);
                String q = s.pushdown();
                if (q == null) return "*";
                alternatives.add(q);
            }
        }
        if (alternatives.isEmpty()) return "*";
        return String.join(" OR ", alternatives.stream().map(q -> "(" + q + ")").toList());
    }

    /** Runs to the end (or until cancelled); each match is also given to {@code onMatch}. */
    public Progress run(Consumer<SigmaMatch> onMatch) {
        Progress p = progress;
        String query = p.query;
        SigmaEngine engine = new SigmaEngine(content, 100_000);
        try {
            p.total = store.count(new SearchRequest(query, from, to, false, 1, null));
            String cursor = null;
            long lastTime = Long.MIN_VALUE;
            do {
                SearchResult page = store.searchPage(new SearchRequest(query, from, to, false, PAGE, cursor));
                for (Event e : page.events()) {
                    long t = time(e);
                    if (lastTime != Long.MIN_VALUE && t - lastTime > 1000) record(engine.advanceTo(t), p, onMatch);
                    lastTime = Math.max(lastTime, t);
                    record(engine.process(e, t), p, onMatch);
                    p.scanned++;
                }
                cursor = page.next();
            } while (cursor != null && !cancelled.get());
            record(engine.advanceTo(Long.MAX_VALUE / 2), p, onMatch);
        } catch (IOException | RuntimeException e) {
            p.error = e.getMessage();
        }
        p.done = true;
        return p;
    }

    private static void record(List<SigmaMatch> ms, Progress p, Consumer<SigmaMatch> onMatch) {
        for (SigmaMatch m : ms) {
            p.matches++;
            synchronized (p.byRule) {
                p.byRule.merge(m.ruleKey(), 1L, Long::sum);
            }
            synchronized (p.reported) {
                if (p.reported.size() < MAX_REPORTED) p.reported.add(m);
            }
            onMatch.accept(m);
        }
    }

    private static long time(Event e) {
        if (e.time() != null) return e.time().toEpochMilli();
        if (e.received() != null) return e.received().toEpochMilli();
        return 0;
    }
}
