package io.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.event.Event;
import io.vigil.core.store.SearchRequest;
import io.vigil.core.store.SearchResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Random events, random queries: the store must agree with a brute-force filter over the same events. */
class RandomizedQueryTest {
    /** The layout under test; a subclass runs the same tests on the other one. */
    LuceneEventStore.Layout layout() {
        return LuceneEventStore.Layout.EVENTS;
    }

    static final Instant BASE = Instant.parse("2026-11-22T00:00:00Z");
    static final String[] HOSTS = {"web01", "web02", "Web01", "db01", "fw.example.com"};
    static final String[] APPS = {"sshd", "cron", "nginx", "kernel"};
    static final String[] WORDS = {"failed", "Failed", "password", "accepted", "session", "opened", "closed", "root", "admin", "error", "timeout", "10.0.0.1", "10.0.0.2"};
    static final String[] USERS = {"root", "admin", "Bob", "bob"};
    /** Keyword values short and long: the block layout keeps those over 64 characters as hashes, not terms. */
    static final String[] USERDATA = {"short", "connection reset",
        "connection from 10.0.0.1 closed by peer after the idle timeout of the session expired (1)",
        "connection from 10.0.0.1 closed by peer after the idle timeout of the session expired (2)",
        "session opened for user root by (uid=0) from a terminal that was not recorded anywhere at all"};

    @TempDir Path tmp;

    record Q(String text, Predicate<Event> matches) {
        Q and(Q o) { return new Q("(" + text + ") AND (" + o.text + ")", matches.and(o.matches)); }
        Q or(Q o) { return new Q("(" + text + ") OR (" + o.text + ")", matches.or(o.matches)); }
        Q andNot(Q o) { return new Q("(" + text + ") AND NOT (" + o.text + ")", matches.and(o.matches.negate())); }
    }

    @Test
    void agreesWithBruteForce() throws IOException {
        long seed = Long.getLong("vigil.test.seed", System.nanoTime());
        Random rnd = new Random(seed);
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            Instant received = BASE.plusMillis(rnd.nextLong(3 * 86_400_000L));
            // Event time usually near receive time, sometimes far off; often several events in one millisecond.
            Instant time = rnd.nextInt(20) == 0 ? received.minusSeconds(rnd.nextInt(200_000)) : received.minusMillis(rnd.nextInt(3));
            Event e = new Event().id(TestEvents.idAt(received)).received(received).time(rnd.nextInt(50) == 0 ? null : time);
            if (rnd.nextInt(10) > 0) e.host(pick(rnd, HOSTS));
            if (rnd.nextInt(10) > 0) e.app(pick(rnd, APPS));
            if (rnd.nextInt(10) > 0) e.severity(rnd.nextInt(8));
            if (rnd.nextInt(3) > 0) e.srcPort(rnd.nextInt(70_000) - 1000);
            if (rnd.nextInt(3) > 0) e.username(pick(rnd, USERS));
            if (rnd.nextBoolean()) e.userdata1(pick(rnd, USERDATA));
            int n = rnd.nextInt(8);
            StringBuilder log = new StringBuilder();
            for (int w = 0; w < n; w++) log.append(w == 0 ? "" : rnd.nextBoolean() ? " " : ", ").append(pick(rnd, WORDS));
            if (n > 0) e.log(log.toString());
            events.add(e);
        }
        try (LuceneEventStore store = new LuceneEventStore(tmp.resolve("events"), layout(), Retention.NONE, Duration.ofSeconds(1),
                new TestEvents.MutableClock(BASE.plusSeconds(3 * 86_400)))) {
            // In several batches with commits and refreshes between, so there are several segments.
            for (int from = 0; from < events.size(); from += 700) {
                store.append(events.subList(from, Math.min(events.size(), from + 700)));
                if (rnd.nextBoolean()) store.commit();
                store.refresh();
            }
            int nonEmpty = 0;
            for (int round = 0; round < 300; round++) {
                Q q = query(rnd, 3);
                Instant from = rnd.nextInt(3) == 0 ? BASE.plusMillis(rnd.nextLong(3 * 86_400_000L)) : null;
                Instant to = rnd.nextInt(3) == 0 ? BASE.plusMillis(rnd.nextLong(3 * 86_400_000L)) : null;
                boolean newestFirst = rnd.nextBoolean();
                Comparator<Event> order = Comparator.comparingLong(EventDocuments::sortTime).thenComparing(e -> e.id().toString());
                List<Event> expected = events.stream()
                        .filter(q.matches())
                        .filter(e -> from == null || EventDocuments.sortTime(e) >= from.toEpochMilli())
                        .filter(e -> to == null || EventDocuments.sortTime(e) < to.toEpochMilli())
                        .sorted(newestFirst ? order.reversed() : order)
                        .toList();
                String what = "seed " + seed + ", query " + q.text() + ", from " + from + ", to " + to + ", newest first " + newestFirst;
                SearchResult r = store.search(new SearchRequest(q.text(), from, to, newestFirst, 10_000, null));
                assertThat(r.total()).as(what).isEqualTo(expected.size());
                assertThat(r.events()).extracting(Event::id).as(what).containsExactlyElementsOf(expected.stream().map(Event::id).toList());
                assertThat(store.count(new SearchRequest(q.text(), from, to, newestFirst, 1, null))).as(what).isEqualTo(expected.size());
                if (!expected.isEmpty()) nonEmpty++;
            }
            assertThat(nonEmpty).as("queries that found something").isGreaterThan(100);
            java.util.Map<String, Long> byValue = new java.util.HashMap<>();
            for (Event e : events) if (e.userdata1() != null) byValue.merge(e.userdata1(), 1L, Long::sum);
            assertThat(store.countBy("userdata1", new SearchRequest("*", null, null, true, 1, null), 100)).as("seed " + seed).isEqualTo(byValue);
        }
    }

    static Q query(Random rnd, int depth) {
        if (depth > 0 && rnd.nextInt(3) == 0) {
            Q a = query(rnd, depth - 1);
            Q b = query(rnd, depth - 1);
            return switch (rnd.nextInt(3)) {
                case 0 -> a.and(b);
                case 1 -> a.or(b);
                default -> a.andNot(b);
            };
        }
        switch (rnd.nextInt(11)) {
            case 0 -> {
                String h = pick(rnd, HOSTS);
                return new Q("host:\"" + h + "\"", e -> h.equals(e.host()));
            }
            case 1 -> {
                String p = pick(rnd, new String[] {"web", "Web", "db", "fw.", "w"});
                return new Q("host:" + p + "*", e -> e.host() != null && e.host().startsWith(p));
            }
            case 2 -> {
                String a = pick(rnd, APPS);
                return new Q("app:" + a, e -> a.equals(e.app()));
            }
            case 3 -> {
                int lo = rnd.nextInt(9) - 1;
                int hi = rnd.nextInt(9) - 1;
                boolean li = rnd.nextBoolean();
                boolean hiIncl = rnd.nextBoolean();
                return new Q("severity:" + (li ? "[" : "{") + lo + " TO " + hi + (hiIncl ? "]" : "}"),
                        e -> e.severity() != null && (li ? e.severity() >= lo : e.severity() > lo) && (hiIncl ? e.severity() <= hi : e.severity() < hi));
            }
            case 4 -> {
                int lo = rnd.nextInt(70_000) - 1000;
                boolean open = rnd.nextBoolean();
                return new Q("src_port:[" + lo + " TO " + (open ? "*" : lo + 5000) + "]",
                        e -> e.srcPort() != null && e.srcPort() >= lo && (open || e.srcPort() <= lo + 5000));
            }
            case 5 -> {
                String w = pick(rnd, WORDS);
                boolean bare = rnd.nextBoolean();
                return new Q((bare ? "" : "log:") + w, e -> words(e).contains(w.toLowerCase(Locale.ROOT)));
            }
            case 6 -> {
                String a = pick(rnd, WORDS).toLowerCase(Locale.ROOT);
                String b = pick(rnd, WORDS).toLowerCase(Locale.ROOT);
                return new Q("\"" + a + " " + b + "\"", e -> {
                    List<String> ws = words(e);
                    for (int i = 1; i < ws.size(); i++) if (ws.get(i - 1).equals(a) && ws.get(i).equals(b)) return true;
                    return false;
                });
            }
            case 9 -> {
                String u = pick(rnd, USERDATA);
                return new Q("userdata1:\"" + u + "\"", e -> u.equals(e.userdata1()));
            }
            case 10 -> {
                String p = pick(rnd, new String[] {"connection", "session", "s", "x"});
                return rnd.nextBoolean()
                        ? new Q("userdata1:" + p + "*", e -> e.userdata1() != null && e.userdata1().startsWith(p))
                        : new Q("userdata1:*", e -> e.userdata1() != null);
            }
            case 7 -> {
                String u = pick(rnd, USERS);
                return new Q("username:" + u, e -> u.equals(e.username()));
            }
            default -> {
                int s = rnd.nextInt(8);
                return new Q("severity:" + s, e -> Objects.equals(e.severity(), s));
            }
        }
    }

    static List<String> words(Event e) {
        if (e.log() == null) return List.of();
        return Arrays.stream(e.log().toLowerCase(Locale.ROOT).split("[ ,]+")).filter(w -> !w.isEmpty()).toList();
    }

    static String pick(Random rnd, String[] values) {
        return values[rnd.nextInt(values.length)];
    }
}
