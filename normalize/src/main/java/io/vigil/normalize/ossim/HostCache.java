package io.vigil.normalize.ossim;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Answers for {@code resolv()} and {@code resolv_ip()} without ever making the caller wait on
 * a resolver: a bounded cache (Caffeine) of answers, filled by a small pool of its own
 * threads. A miss returns null at once and starts one lookup (one per name, however many
 * callers ask meanwhile); the answer serves later calls. A lookup that takes longer than the
 * timeout counts as a failure. Answers expire (found: {@code positiveTtl}, not found:
 * {@code negativeTtl}); lookups that find the pool's queue full are dropped, counted, and
 * retried after a few seconds.
 */
public final class HostCache implements AutoCloseable {

    /** Sizes and times; {@link #defaults()} suits a Sensor. */
    public record Settings(long maximumSize, Duration timeout, Duration positiveTtl, Duration negativeTtl,
            int threads, int queue) {
        public Settings {
            if (maximumSize < 1 || threads < 1 || queue < 1) throw new IllegalArgumentException("sizes must be positive");
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(positiveTtl, "positiveTtl");
            Objects.requireNonNull(negativeTtl, "negativeTtl");
        }

        public static Settings defaults() {
            return new Settings(10_000, Duration.ofSeconds(2), Duration.ofMinutes(10), Duration.ofMinutes(2), 2, 1024);
        }

        public Settings withTimeout(Duration t) {
            return new Settings(maximumSize, t, positiveTtl, negativeTtl, threads, queue);
        }
    }

    /** Counters since start. */
    public record Stats(long hits, long misses, long lookups, long failures, long timeouts, long dropped) {}

    private static final Duration DROPPED_TTL = Duration.ofSeconds(5);

    /** An answer: the value found (null: none). */
    private record Answer(String value, Duration ttl) {}

    private final HostResolver resolver;
    private final Settings settings;
    private final ThreadPoolExecutor pool;
    private final AsyncCache<String, Answer> cache;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder lookups = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder dropped = new LongAdder();

    public HostCache(HostResolver resolver, Settings settings) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.settings = Objects.requireNonNull(settings, "settings");
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(settings.threads(), settings.threads(), 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(settings.queue()), r -> {
                    Thread t = new Thread(r, "vigil-resolv-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        this.pool.allowCoreThreadTimeOut(true);
        this.cache = Caffeine.newBuilder()
                .maximumSize(settings.maximumSize())
                .expireAfter(new Expiry<String, Answer>() {
                    @Override
                    public long expireAfterCreate(String key, Answer a, long now) {
                        return a.ttl().toNanos();
                    }

                    @Override
                    public long expireAfterUpdate(String key, Answer a, long now, long current) {
                        return a.ttl().toNanos();
                    }

                    @Override
                    public long expireAfterRead(String key, Answer a, long now, long current) {
                        return current;
                    }
                })
                .buildAsync();
    }

    public Settings settings() {
        return settings;
    }

    /** The address of {@code name} if it is known now; otherwise null, and a lookup starts. */
    public String resolve(String name) {
        return answer("f:" + name.toLowerCase(Locale.ROOT), name, false);
    }

    /** The name of {@code address} if it is known now; otherwise null, and a lookup starts. */
    public String reverse(String address) {
        return answer("r:" + address.toLowerCase(Locale.ROOT), address, true);
    }

    public Stats stats() {
        return new Stats(hits.sum(), misses.sum(), lookups.sum(), failures.sum(), timeouts.sum(), dropped.sum());
    }

    /** Stops the lookup threads; answers in the cache stay readable. */
    @Override
    public void close() {
        pool.shutdownNow();
    }

    private String answer(String key, String query, boolean reverse) {
        CompletableFuture<Answer> f = cache.getIfPresent(key);
        if (f == null) {
            misses.increment();
            cache.get(key, (k, executor) -> start(query, reverse));
            return null;
        }
        if (!f.isDone() || f.isCompletedExceptionally()) return null;
        hits.increment();
        return f.join().value();
    }

    private CompletableFuture<Answer> start(String query, boolean reverse) {
        CompletableFuture<Answer> f = new CompletableFuture<>();
        try {
            pool.execute(() -> {
                if (f.isDone()) return; // timed out while queued
                lookups.increment();
                String value;
                try {
                    value = reverse ? resolver.reverse(query) : resolver.lookup(query);
                } catch (Exception | LinkageError e) {
                    value = null;
                }
                if (value != null && value.isEmpty()) value = null;
                if (value == null) failures.increment();
                f.complete(new Answer(value, value == null ? settings.negativeTtl() : settings.positiveTtl()));
            });
        } catch (RejectedExecutionException e) {
            dropped.increment();
            f.complete(new Answer(null, DROPPED_TTL));
            return f;
        }
        Answer timedOut = new Answer(null, settings.negativeTtl());
        f.completeOnTimeout(timedOut, settings.timeout().toNanos(), TimeUnit.NANOSECONDS);
        f.thenAccept(a -> {
            if (a == timedOut) timeouts.increment();
        });
        return f;
    }
}
