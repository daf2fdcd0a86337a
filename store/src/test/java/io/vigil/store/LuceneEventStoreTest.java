package io.vigil.store;

import static io.vigil.store.TestEvents.at;
import static io.vigil.store.TestEvents.idAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.vigil.core.event.Event;
import io.vigil.core.store.SearchRequest;
import io.vigil.core.store.SearchResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LuceneEventStoreTest {
    /** The layout under test; a subclass runs the same tests on the other one. */
    LuceneEventStore.Layout layout() {
        return LuceneEventStore.Layout.EVENTS;
    }

    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    @TempDir Path tmp;
    final TestEvents.MutableClock clock = new TestEvents.MutableClock(NOW);
    final List<LuceneEventStore> opened = new ArrayList<>();

    LuceneEventStore open(Path dir) throws IOException {
        return open(dir, Retention.NONE);
    }

    LuceneEventStore open(Path dir, Retention retention) throws IOException {
        LuceneEventStore s = new LuceneEventStore(dir, layout(), retention, Duration.ofMillis(50), clock);
        opened.add(s);
        return s;
    }

    @AfterEach
    void closeAll() throws IOException {
        for (LuceneEventStore s : opened) s.close();
    }

    static SearchRequest all(int limit) {
        return SearchRequest.of("*", limit);
    }

    static Event full(Instant t) {
        Event e = new Event().id(idAt(t)).time(t.minusNanos(123_456_789)).received(t)
                .collector("syslog-tcp").peer("10.1.2.3:51514")
                .log("<38>Nov 25 11:59:59 web01 sshd[4242]: Failed password for invalid user admin from 192.168.1.10 port 22 ssh2")
                .facility(4).severity(6).host("web01").app("sshd").procid("4242").msgid("ID47")
                .structuredData("[exampleSDID@32473 iut=\"3\" eventSource=\"Application\"]")
                .message("Failed password for invalid user admin from 192.168.1.10 port 22 ssh2")
                .pluginId(4003).pluginSid(20).srcIp("192.168.1.10").dstIp("10.0.0.5").srcPort(51234).dstPort(22)
                .protocol("TCP").username("admin").password("hunter2").filename("/var/log/auth.log")
                .sensor("sensor-a").iface("eth0").priority(3).reliability(7)
                .productType("Authentication and DHCP").category("Authentication").subcategory("Failed login")
                .truncated(true).malformed(true)
                .extra("geo.country", "NL").extra("rule", "ssh-bruteforce");
        for (int i = 1; i <= 9; i++) {
            try {
                Event.class.getMethod("userdata" + i, String.class).invoke(e, "ud" + i + " value");
            } catch (ReflectiveOperationException x) {
                throw new AssertionError(x);
            }
        }
        return e;
    }

    @Test
    void openWithSettings() throws IOException {
        io.vigil.core.config.Settings settings = io.vigil.core.config.Settings.of(Map.of("store.retention.age", "30d", "store.retention.max_size", "10GiB"));
        assertThat(Retention.of(settings)).isEqualTo(new Retention(Duration.ofDays(30), 10L << 30));
        assertThat(Retention.of(io.vigil.core.config.Settings.of(Map.of()))).isEqualTo(new Retention(Duration.ofDays(90), 0));
        try (LuceneEventStore store = LuceneEventStore.open(tmp.resolve("events"), settings)) {
            store.append(List.of(at(Instant.now(), "now")));
            await().atMost(Duration.ofSeconds(10)).until(() -> store.count(all(1)) == 1);
        }
    }

    @Test
    void aWriterThatCaughtUpAfterABurstHasItSearchableBeforeTheNextScheduledRefresh() throws Exception {
        LuceneEventStore store = new LuceneEventStore(tmp.resolve("events"), layout(), Retention.NONE, Duration.ofHours(1), clock);
        opened.add(store);
        List<Event> trickle = new ArrayList<>();
        for (int i = 0; i < 10; i++) trickle.add(at(NOW.plusMillis(i), "trickle " + i));
        store.append(trickle);
        store.caughtUp();
        assertThat(store.counters()).as("a trickle waits for the schedule").containsEntry("early_refreshes", 0L);
        assertThat(store.count(all(1))).isZero();
        List<Event> burst = new ArrayList<>();
        for (int i = 0; i < (int) LuceneEventStore.CAUGHT_UP_EVENTS; i++) burst.add(at(NOW.plusSeconds(1).plusMillis(i), "burst " + i));
        store.append(burst);
        store.caughtUp();
        store.caughtUp(); // asked again before it ran: one refresh
        assertThat(store.counters()).containsEntry("early_refreshes", 1L);
        long expected = trickle.size() + burst.size();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos(); // the schedule says an hour
        while (store.count(all(1)) != expected && System.nanoTime() < deadline) Thread.sleep(10);
        assertThat(store.count(all(1))).isEqualTo(expected);
        store.caughtUp(); // nothing new since: nothing to do
        assertThat(store.counters()).containsEntry("early_refreshes", 1L);
    }

    @Test
    void countsOfTermsSomeOrAllEventsHave() throws IOException {
        // Two full blocks where every event has host a and app sshd, then a mixed one: the block
        // layout counts the first ones from its terms' frequencies, the last by reading events.
        LuceneEventStore store = open(tmp.resolve("events"));
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 2048; i++) events.add(at(NOW.plusMillis(i), "sshd login " + i).host("a").app("sshd"));
        for (int i = 0; i < 600; i++) {
            events.add(at(NOW.plusSeconds(10).plusMillis(i), (i % 2 == 0 ? "sshd" : "cron") + " job " + i)
                    .host(i % 3 == 0 ? "a" : "b").app(i % 2 == 0 ? "sshd" : "cron"));
        }
        store.append(events);
        store.refresh();
        Map<String, java.util.function.Predicate<Event>> queries = new java.util.LinkedHashMap<>();
        queries.put("*", e -> true);
        queries.put("host:a", e -> "a".equals(e.host()));
        queries.put("app:sshd", e -> "sshd".equals(e.app()));
        queries.put("host:a AND app:sshd", e -> "a".equals(e.host()) && "sshd".equals(e.app()));
        queries.put("login", e -> e.log().contains("login"));
        queries.put("host:a AND NOT app:cron", e -> "a".equals(e.host()) && !"cron".equals(e.app()));
        Instant from = NOW.plusMillis(5);
        Instant to = NOW.plusSeconds(11);
        queries.forEach((q, matches) -> {
            try {
                assertThat(store.count(SearchRequest.of(q, 1))).as(q).isEqualTo(events.stream().filter(matches).count());
                assertThat(store.count(new SearchRequest(q, from, to, true, 1, null))).as(q + " in a range").isEqualTo(events.stream()
                        .filter(e -> !e.time().isBefore(from) && e.time().isBefore(to)).filter(matches).count());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Test
    void pagesWithoutTotalsFindWhatSearchesFind() throws IOException {
        LuceneEventStore store = open(tmp.resolve("events"));
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 2500; i++) events.add(at(NOW.plusMillis(i), (i % 3 == 0 ? "sshd" : "cron") + " line " + i));
        store.append(events);
        store.refresh();
        List<UUID> searched = new ArrayList<>();
        List<UUID> paged = new ArrayList<>();
        for (boolean withTotal : new boolean[] {true, false}) {
            String cursor = null;
            do {
                SearchRequest r = new SearchRequest("sshd", null, null, false, 100, cursor);
                SearchResult page = withTotal ? store.search(r) : store.searchPage(r);
                if (withTotal) assertThat(page.total()).isEqualTo(834);
                else assertThat(page.total()).isIn(834L, -1L);
                (withTotal ? searched : paged).addAll(page.events().stream().map(Event::id).toList());
                cursor = page.next();
            } while (cursor != null);
        }
        assertThat(paged).hasSize(834).doesNotHaveDuplicates().containsExactlyElementsOf(searched);
    }

    @Test
    void aStoreKeepsTheLayoutItWasCreatedWith() throws IOException {
        Path dir = tmp.resolve("events");
        LuceneEventStore.Layout other = layout() == LuceneEventStore.Layout.EVENTS ? LuceneEventStore.Layout.BLOCKS : LuceneEventStore.Layout.EVENTS;
        try (LuceneEventStore store = open(dir)) {
            store.append(List.of(at(NOW, "first")));
        }
        assertThat(Files.readString(dir.resolve("layout")).strip()).isEqualTo(layout().name().toLowerCase(java.util.Locale.ROOT));
        // Asked for the other layout explicitly: refused, naming both.
        assertThatThrownBy(() -> new LuceneEventStore(dir, other, Retention.NONE, Duration.ofSeconds(1), clock))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("indexed by " + layout().name().toLowerCase(java.util.Locale.ROOT))
                .hasMessageContaining("store.layout");
        // From the settings (an upgrade whose default changed): the recorded layout is kept, nothing is lost.
        io.vigil.core.config.Settings settings = io.vigil.core.config.Settings.of(Map.of("store.layout", other.name().toLowerCase(java.util.Locale.ROOT)));
        try (LuceneEventStore store = LuceneEventStore.open(dir, settings)) {
            assertThat(store.layout()).isEqualTo(layout());
            assertThat(store.count(all(1))).isEqualTo(1);
        }
        // A store from before layouts were recorded has day indexes and no record: per event.
        Files.delete(dir.resolve("layout"));
        assertThat(LuceneEventStore.recordedLayout(dir)).isEqualTo(LuceneEventStore.Layout.EVENTS);
    }

    @Test
    void everyEventFieldIsInTheSchema() {
        assertThat(EventFields.BY_NAME.keySet()).containsExactlyElementsOf(Event.FIELDS);
    }

    @Test
    void roundTripOfEveryField() throws IOException {
        LuceneEventStore store = open(tmp.resolve("events"));
        Event in = full(NOW);
        Event bare = new Event().id(idAt(NOW)); // nothing but an id
        store.append(List.of(in, bare));
        store.refresh();

        assertThat(store.get(in.id())).get().usingRecursiveComparison().isEqualTo(in);
        assertThat(store.get(bare.id())).get().usingRecursiveComparison().isEqualTo(bare);
        SearchResult r = store.search(SearchRequest.of("app:sshd", 10));
        assertThat(r.total()).isEqualTo(1);
        assertThat(r.events().get(0)).usingRecursiveComparison().isEqualTo(in);

        // and after a restart
        store.close();
        LuceneEventStore again = open(tmp.resolve("events"));
        assertThat(again.get(in.id())).get().usingRecursiveComparison().isEqualTo(in);
        assertThat(again.get(UUID.randomUUID())).isEmpty();
        assertThat(again.get(idAt(NOW))).isEmpty();
    }

    @Test
    void everyFieldIsSearchable() throws IOException {
        LuceneEventStore store = open(tmp.resolve("events"));
        Event in = full(NOW);
        store.append(List.of(in, at(NOW.plusSeconds(1), "something else")));
        store.refresh();
        String[] queries = {
            "id:" + in.id(), "id:" + in.id().toString().toUpperCase(),
            "collector:syslog-tcp", "peer:\"10.1.2.3:51514\"", "log:invalid", "facility:4", "severity:6", "host:web01",
            "app:sshd", "procid:4242", "msgid:ID47", "structured_data:exampleSDID@32473", "structured_data:application",
            "message:\"failed password\"", "plugin_id:4003", "plugin_sid:20", "src_ip:192.168.1.10", "dst_ip:10.0.0.5",
            "src_port:51234", "dst_port:22", "protocol:TCP", "username:admin", "password:hunter2",
            "filename:\"/var/log/auth.log\"", "filename:\\/var\\/log\\/auth.log",
            "userdata1:\"ud1 value\"", "userdata2:\"ud2 value\"", "userdata3:\"ud3 value\"", "userdata4:\"ud4 value\"",
            "userdata5:\"ud5 value\"", "userdata6:\"ud6 value\"", "userdata7:\"ud7 value\"", "userdata8:\"ud8 value\"",
            "userdata9:\"ud9 value\"", "sensor:sensor-a", "interface:eth0", "priority:3", "reliability:7",
            "product_type:\"Authentication and DHCP\"", "category:Authentication", "subcategory:\"Failed login\"",
            "truncated:true", "malformed:true", "extra.geo.country:NL", "extra.rule:ssh-bruteforce",
            "time:\"2026-11-25T11:59:59.876Z\"", "time:[2026-11-25 TO 2026-11-25] AND app:sshd", "received:\"" + NOW + "\"", "received:" + NOW.toEpochMilli(),
        };
        for (String q : queries) {
            SearchResult r = store.search(SearchRequest.of(q, 10));
            assertThat(r.events()).as(q).extracting(Event::id).containsExactly(in.id());
        }
        assertThat(store.count(SearchRequest.of("truncated:false", 10))).isEqualTo(1);
    }

    @Test
    void duplicatesAreStoredOnce() throws IOException {
        Path dir = tmp.resolve("events");
        LuceneEventStore store = open(dir);
        List<Event> batch = new ArrayList<>();
        for (int i = 0; i < 500; i++) batch.add(at(NOW.minusSeconds(i), "line " + i));
        // yesterday's too: another day index
        for (int i = 0; i < 100; i++) batch.add(at(NOW.minus(1, ChronoUnit.DAYS).minusSeconds(i), "old line " + i));
        batch.add(batch.get(3)); // the same id twice in one batch
        store.append(batch);
        store.append(batch);
        store.refresh();
        assertThat(store.count(all(1))).isEqualTo(600);
        store.commit();
        store.append(batch);
        store.refresh();
        assertThat(store.count(all(1))).isEqualTo(600);

        // Reopened (the caller did not record its position, so it replays the batch).
        store.close();
        LuceneEventStore again = open(dir);
        again.append(batch);
        again.refresh();
        assertThat(again.count(all(1))).isEqualTo(600);
        assertThat(again.search(SearchRequest.of("\"old line 3\"", 10)).events()).hasSize(1);
        assertThat(again.days()).containsExactly(LocalDate.parse("2026-11-24"), LocalDate.parse("2026-11-25"));
        // older than the newest event stored, yet never stored (a late arrival): looked up, not found, stored
        again.append(List.of(at(NOW.minusSeconds(2), "late arrival")));
        again.refresh();
        assertThat(again.count(all(1))).isEqualTo(601);
        assertThat(again.search(SearchRequest.of("\"late arrival\"", 10)).events()).hasSize(1);
    }

    @Test
    void appendedEventsBecomeSearchableWithoutCommit() throws IOException {
        LuceneEventStore store = open(tmp.resolve("events"));
        store.append(List.of(at(NOW, "first")));
        await().atMost(Duration.ofSeconds(10)).until(() -> store.count(SearchRequest.of("first", 1)) == 1);
        Event second = at(NOW.plusSeconds(1), "second");
        store.append(List.of(second));
        await().atMost(Duration.ofSeconds(10)).until(() -> store.get(second.id()).isPresent());
        assertThat(store.search(all(10)).events()).extracting(Event::log).containsExactly("second", "first");
    }

    @Test
    void onlyCommittedEventsSurviveACrash() throws IOException {
        Path dir = tmp.resolve("events");
        LuceneEventStore store = open(dir);
        List<Event> committed = new ArrayList<>();
        for (int i = 0; i < 100; i++) committed.add(at(NOW.plusMillis(i), "committed " + i));
        store.append(committed);
        store.commit();
        store.append(List.of(at(NOW.plusSeconds(5), "not committed")));
        store.refresh(); // the uncommitted event is flushed to segment files, but no commit names them

        // A crash: the process is gone without close(). Its directory, as it was, is what a restart finds.
        Path copy = tmp.resolve("after-crash");
        copyTree(dir, copy);
        LuceneEventStore recovered = open(copy);
        assertThat(recovered.count(all(1))).isEqualTo(100);
        assertThat(recovered.search(SearchRequest.of("\"not committed\"", 1)).total()).isZero();
        // The replay of the journal brings the rest, once.
        recovered.append(committed);
        recovered.append(List.of(store.search(SearchRequest.of("\"not committed\"", 1)).events().get(0)));
        recovered.refresh();
        assertThat(recovered.count(all(1))).isEqualTo(101);
    }

    @Test
    void closeCommits() throws IOException {
        Path dir = tmp.resolve("events");
        LuceneEventStore store = open(dir);
        store.append(List.of(at(NOW, "closed without an explicit commit")));
        store.close();
        assertThat(open(dir).count(all(1))).isEqualTo(1);
        assertThatThrownBy(() -> store.search(all(1))).isInstanceOf(IllegalStateException.class);
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.getFileName().toString().equals("write.lock")) {
                    try {
                        Files.copy(p, target);
                    } catch (NoSuchFileException mergedAway) {
                        // a file deleted meanwhile was not part of the commit we rely on
                    }
                }
            }
        }
    }

    @Test
    void timeRangeAndOrder() throws IOException {
        LuceneEventStore store = open(tmp.resolve("events"));
        List<Event> events = new ArrayList<>();
        Instant base = NOW.minus(3, ChronoUnit.DAYS);
        for (int i = 0; i < 72; i++) events.add(at(base.plus(i, ChronoUnit.HOURS), "hour " + i));
        // Same time, different ids: ordered by id.
        Instant tie = base.plus(100, ChronoUnit.HOURS);
        Event t1 = at(tie, "tie a");
        Event t2 = at(tie, "tie b");
        events.add(t2);
        events.add(t1);
        // Event time far from receive time: filed under its receive day, found by its event time.
        Event late = new Event().id(idAt(NOW)).time(base.minus(10, ChronoUnit.DAYS)).log("late arrival");
        events.add(late);
        store.append(events);
        store.refresh();

        SearchRequest range = new SearchRequest("*", base.plus(10, ChronoUnit.HOURS), base.plus(20, ChronoUnit.HOURS), true, 100, null);
        assertThat(store.search(range).events()).extracting(Event::log)
                .containsExactly("hour 19", "hour 18", "hour 17", "hour 16", "hour 15", "hour 14", "hour 13", "hour 12", "hour 11", "hour 10");
        assertThat(store.count(range)).isEqualTo(10);
        SearchRequest asc = new SearchRequest("*", base.plus(10, ChronoUnit.HOURS), base.plus(13, ChronoUnit.HOURS), false, 100, null);
        assertThat(store.search(asc).events()).extracting(Event::log).containsExactly("hour 10", "hour 11", "hour 12");

        boolean t1First = t1.id().toString().compareTo(t2.id().toString()) < 0;
        Event tieLow = t1First ? t1 : t2;
        Event tieHigh = t1First ? t2 : t1;
        SearchResult newest = store.search(SearchRequest.of("*", 3));
        assertThat(newest.events()).extracting(Event::id).containsExactly(tieHigh.id(), tieLow.id(), store.search(SearchRequest.of("\"hour 71\"", 1)).events().get(0).id());
        assertThat(newest.total()).isEqualTo(75);
        SearchResult oldest = store.search(new SearchRequest("*", null, null, false, 2, null));
        assertThat(oldest.events()).extracting(Event::log).containsExactly("late arrival", "hour 0");

        SearchRequest lateOnly = new SearchRequest("*", base.minus(11, ChronoUnit.DAYS), base.minus(9, ChronoUnit.DAYS), true, 10, null);
        assertThat(store.search(lateOnly).events()).extracting(Event::id).containsExactly(late.id());
        SearchRequest empty = new SearchRequest("*", base, base, true, 10, null);
        assertThat(store.search(empty).total()).isZero();
    }

    @Test
    void extremeTimes() throws IOException {
        LuceneEventStore store = open(tmp.resolve("events"));
        Event future = new Event().id(idAt(NOW)).time(Instant.MAX).log("end of time");
        Event past = new Event().id(idAt(NOW)).time(Instant.MIN).log("dawn of time");
        Event precise = new Event().id(idAt(NOW)).time(NOW.plusNanos(1)).log("a nanosecond late");
        store.append(List.of(future, past, precise));
        store.refresh();
        assertThat(store.search(all(10)).events()).extracting(Event::log).containsExactly("end of time", "a nanosecond late", "dawn of time");
        assertThat(store.get(future.id())).get().usingRecursiveComparison().isEqualTo(future);
        assertThat(store.count(new SearchRequest("*", Instant.MIN, Instant.MAX, true, 1, null))).isEqualTo(2); // to is exclusive
        assertThat(store.count(new SearchRequest("*", null, Instant.MIN, true, 1, null))).isZero();
        assertThat(store.count(new SearchRequest("*", NOW, null, true, 1, null))).isEqualTo(2);
        // Millisecond resolution: the range [NOW, NOW + 1 ns) holds the event at NOW + 1 ns.
        assertThat(store.count(new SearchRequest("*", NOW, NOW.plusNanos(1), true, 1, null))).isEqualTo(1);
        assertThat(store.count(new SearchRequest("*", NOW.plusMillis(1), null, true, 1, null))).isEqualTo(1);
    }

    @Test
    void cursorPagingVisitsEveryEventOnceInOrder() throws IOException {
        LuceneEventStore store = open(tmp.resolve("events"));
        List<Event> events = new ArrayList<>();
        Instant base = NOW.minus(2, ChronoUnit.DAYS);
        for (int i = 0; i < 2500; i++) events.add(at(base.plusSeconds(i * 60L / 2), "paged " + i)); // spans two days, 2 per minute
        for (int i = 0; i < 40; i++) events.add(at(base.plusSeconds(600), "same instant " + i));
        store.append(events);
        store.refresh();
        for (boolean newestFirst : new boolean[] {true, false}) {
            List<Event> seen = page(store, "*", newestFirst, 100);
            assertThat(seen).hasSize(2540);
            assertThat(new HashSet<>(seen.stream().map(Event::id).toList())).hasSize(2540);
            assertInOrder(seen, newestFirst);
        }
    }

    @Test
    void cursorPagingWhileAppending() throws Exception {
        LuceneEventStore store = open(tmp.resolve("events"));
        List<Event> events = new ArrayList<>();
        Instant base = NOW.minus(1, ChronoUnit.HOURS);
        for (int i = 0; i < 2500; i++) events.add(at(base.plusMillis(i * 10L), "paged " + i));
        store.append(events);
        store.commit();
        store.refresh();
        Set<UUID> original = new HashSet<>(events.stream().map(Event::id).toList());

        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            int i = 0;
            try {
                for (int batches = 0; batches < 200 && !stop.get(); batches++) {
                    List<Event> batch = new ArrayList<>();
                    for (int j = 0; j < 50; j++, i++) {
                        // Newer events, and older ones too (a late sensor): both interleave with the pages.
                        batch.add(at(i % 2 == 0 ? NOW.plusMillis(i) : base.plusMillis(i * 7L + 3), "concurrent " + i));
                    }
                    store.append(batch);
                    if (i % 500 == 0) store.commit();
                    store.refresh();
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        writer.start();
        try {
            for (boolean newestFirst : new boolean[] {true, false}) {
                List<Event> seen = page(store, "paged", newestFirst, 100);
                assertThat(seen).hasSize(2500);
                assertThat(new HashSet<>(seen.stream().map(Event::id).toList())).isEqualTo(original);
                assertInOrder(seen, newestFirst);
                List<Event> everything = page(store, "*", newestFirst, 100);
                assertInOrder(everything, newestFirst);
                assertThat(new HashSet<>(everything.stream().map(Event::id).toList())).hasSize(everything.size()).containsAll(original);
            }
        } finally {
            stop.set(true);
            writer.join();
        }
        assertThat(failure.get()).isNull();
    }

    static List<Event> page(LuceneEventStore store, String query, boolean newestFirst, int limit) throws IOException {
        List<Event> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            SearchResult r = store.search(new SearchRequest(query, null, null, newestFirst, limit, cursor));
            seen.addAll(r.events());
            cursor = r.next();
            assertThat(++pages).isLessThan(1000);
        } while (cursor != null);
        return seen;
    }

    static void assertInOrder(List<Event> seen, boolean newestFirst) {
        for (int i = 1; i < seen.size(); i++) {
            Event a = seen.get(i - 1);
            Event b = seen.get(i);
            int cmp = a.time().compareTo(b.time());
            if (cmp == 0) cmp = a.id().toString().compareTo(b.id().toString()); // the store orders ids as unsigned bytes
            if (newestFirst) assertThat(cmp).as("%s before %s", a, b).isPositive();
            else assertThat(cmp).as("%s before %s", a, b).isNegative();
        }
    }

    @Test
    void badCursors() throws IOException {
        LuceneEventStore store = open(tmp.resolve("events"));
        store.append(List.of(at(NOW, "a"), at(NOW.plusSeconds(1), "b")));
        store.refresh();
        String next = store.search(SearchRequest.of("*", 1)).next();
        assertThat(next).matches("[A-Za-z0-9_-]+");
        assertThatThrownBy(() -> store.search(new SearchRequest("*", null, null, false, 1, next)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("other order");
        assertThatThrownBy(() -> store.search(new SearchRequest("*", null, null, true, 1, "garbage!")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid cursor");
        SearchResult last = store.search(new SearchRequest("*", null, null, true, 1, next));
        assertThat(last.events()).extracting(Event::log).containsExactly("a");
        assertThat(last.next()).isNull();
        assertThat(last.total()).isEqualTo(2);
    }

    @Test
    void emptyStore() throws IOException {
        LuceneEventStore store = open(tmp.resolve("events"));
        assertThat(store.search(all(10))).isEqualTo(new SearchResult(List.of(), 0, null));
        assertThat(store.count(all(10))).isZero();
        assertThat(store.countBy("host", all(10), 5)).isEmpty();
        assertThat(store.applyRetention()).isZero();
    }

    @Test
    void countBy() throws IOException {
        LuceneEventStore store = open(tmp.resolve("events"));
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            events.add(at(NOW.minusSeconds(i), "x").host(i % 3 == 0 ? "a" : i % 3 == 1 ? "b" : null).severity(i % 2 == 0 ? 3 : 5)
                    .app(i < 20 ? "sshd" : "cron"));
        }
        events.add(at(NOW.minus(2, ChronoUnit.DAYS), "x").host("c"));
        store.append(events);
        store.refresh();
        assertThat(store.countBy("host", all(1), 10)).containsExactly(Map.entry("a", 10L), Map.entry("b", 10L), Map.entry("c", 1L));
        assertThat(store.countBy("host", all(1), 1)).containsExactly(Map.entry("a", 10L));
        assertThat(store.countBy("severity", SearchRequest.of("app:sshd", 1), 10)).containsExactly(Map.entry("3", 10L), Map.entry("5", 10L));
        assertThat(store.countBy("app", new SearchRequest("*", NOW.minusSeconds(9), null, true, 1, null), 10))
                .containsExactly(Map.entry("sshd", 10L));
        assertThatThrownBy(() -> store.countBy("log", all(1), 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host");
    }

    @Test
    void retentionByAge() throws IOException {
        Path dir = tmp.resolve("events");
        LuceneEventStore store = open(dir, new Retention(Duration.ofDays(7), 0));
        List<Event> events = new ArrayList<>();
        for (int daysAgo = 0; daysAgo < 10; daysAgo++) {
            for (int i = 0; i < 10; i++) events.add(at(NOW.minus(daysAgo, ChronoUnit.DAYS).minusSeconds(i), "day -" + daysAgo));
        }
        store.append(events);
        store.commit();
        store.refresh();
        assertThat(store.days()).hasSize(10);
        // Now 2026-11-25T12:00; cut-off 2026-11-18T12:00: days up to 2026-11-17 lie entirely before it.
        assertThat(store.applyRetention()).isEqualTo(2);
        assertThat(store.days()).first().isEqualTo(LocalDate.parse("2026-11-18"));
        assertThat(store.count(all(1))).isEqualTo(80);
        assertThat(dir.resolve("2026-11-17")).doesNotExist();
        assertThat(dir.resolve("2026-11-16")).doesNotExist();
        assertThat(store.applyRetention()).isZero();

        clock.set(NOW.plus(1, ChronoUnit.DAYS));
        assertThat(store.applyRetention()).isEqualTo(1);
        assertThat(store.count(all(1))).isEqualTo(70);
        // An event for a deleted day (a late replay) makes the day again; retention takes it next time.
        store.append(List.of(at(NOW.minus(9, ChronoUnit.DAYS), "late")));
        store.refresh();
        assertThat(store.count(SearchRequest.of("late", 1))).isEqualTo(1);
        assertThat(store.applyRetention()).isEqualTo(1);
        store.close();
        assertThat(open(dir).count(all(1))).isEqualTo(70);
    }

    @Test
    void retentionBySize() throws IOException {
        Path dir = tmp.resolve("events");
        LuceneEventStore sizing = open(tmp.resolve("sizing"));
        List<Event> oneDay = new ArrayList<>();
        for (int i = 0; i < 2000; i++) oneDay.add(at(NOW.minusSeconds(i), "sizing line " + i + " with some text to take room"));
        sizing.append(oneDay);
        sizing.commit();
        long daySize = sizing.sizeOnDisk();
        assertThat(daySize).isPositive();

        // Five days of about that size each, a limit of about three.
        LuceneEventStore store = open(dir, new Retention(null, daySize * 3 + daySize / 2));
        for (int d = 4; d >= 0; d--) {
            List<Event> events = new ArrayList<>();
            for (int i = 0; i < 2000; i++) events.add(at(NOW.minus(d, ChronoUnit.DAYS).minusSeconds(i), "sizing line " + i + " with some text to take room"));
            store.append(events);
            store.commit();
        }
        store.writerIdle(Duration.ZERO);
        store.commit(); // closes past days' writers: their files are final
        assertThat(store.openWriters()).isEqualTo(1);
        int removed = store.applyRetention();
        assertThat(removed).isBetween(1, 3);
        assertThat(store.sizeOnDisk()).isLessThanOrEqualTo(daySize * 3 + daySize / 2);
        assertThat(store.days()).last().isEqualTo(LocalDate.parse("2026-11-25"));
        assertThat(store.days().get(0)).isAfter(LocalDate.parse("2026-11-21"));

        // A limit today alone exceeds: everything else goes, today stays.
        LuceneEventStore tight = open(tmp.resolve("tight"), new Retention(null, 1));
        tight.append(List.of(at(NOW, "today"), at(NOW.minus(1, ChronoUnit.DAYS), "yesterday")));
        tight.commit();
        assertThat(tight.applyRetention()).isEqualTo(1);
        tight.refresh();
        assertThat(tight.search(all(10)).events()).extracting(Event::log).containsExactly("today");
    }

    @Test
    void retentionWhileSearching() throws Exception {
        LuceneEventStore store = open(tmp.resolve("events"), new Retention(Duration.ofDays(1), 0));
        for (int d = 0; d < 20; d++) {
            List<Event> events = new ArrayList<>();
            for (int i = 0; i < 200; i++) events.add(at(NOW.minus(d, ChronoUnit.DAYS).minusSeconds(i), "day " + d));
            store.append(events);
        }
        store.commit();
        store.refresh();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> readers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread r = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        SearchResult res = store.search(SearchRequest.of("day", 50));
                        assertThat(res.events()).hasSizeLessThanOrEqualTo(50);
                        store.countBy("host", all(1), 3);
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            r.start();
            readers.add(r);
        }
        try {
            assertThat(store.applyRetention()).isEqualTo(18);
        } finally {
            stop.set(true);
            for (Thread r : readers) r.join();
        }
        assertThat(failure.get()).isNull();
        assertThat(store.count(all(1))).isEqualTo(400);
    }

    @Test
    void idleWritersOfPastDaysClose() throws IOException {
        LuceneEventStore store = open(tmp.resolve("events"));
        store.append(List.of(at(NOW, "today"), at(NOW.minus(1, ChronoUnit.DAYS), "yesterday")));
        store.commit();
        assertThat(store.openWriters()).isEqualTo(2);
        store.writerIdle(Duration.ZERO);
        store.commit();
        assertThat(store.openWriters()).isEqualTo(1); // today's stays
        store.refresh(); // today's event is visible once its NRT reader is refreshed; yesterday's from the commit
        assertThat(store.count(all(1))).isEqualTo(2);
        store.append(List.of(at(NOW.minus(1, ChronoUnit.DAYS).plusSeconds(1), "yesterday again")));
        store.refresh();
        assertThat(store.openWriters()).isEqualTo(2);
        assertThat(store.count(all(1))).isEqualTo(3);
    }

    @Test
    void aCorruptDayIsSetAsideAndTheRestWorks() throws IOException {
        Path dir = tmp.resolve("events");
        LuceneEventStore store = open(dir);
        store.append(List.of(at(NOW, "today"), at(NOW.minus(1, ChronoUnit.DAYS), "yesterday")));
        store.close();
        try (Stream<Path> files = Files.list(dir.resolve("2026-11-24"))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (f.getFileName().toString().startsWith("segments_")) Files.write(f, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
            }
        }
        LuceneEventStore again = open(dir);
        assertThat(again.days()).containsExactly(LocalDate.parse("2026-11-25"));
        assertThat(again.count(all(1))).isEqualTo(1);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("2026-11-24.unreadable-"));
        }
        again.append(List.of(at(NOW.minus(1, ChronoUnit.DAYS), "yesterday, replayed")));
        again.refresh();
        assertThat(again.count(all(1))).isEqualTo(2);
        again.close();
        assertThat(open(dir).count(all(1))).isEqualTo(2);
    }

    @Test
    void eventsWithoutAUuid7AreRejectedNotFatal() throws IOException {
        LuceneEventStore store = open(tmp.resolve("events"));
        store.append(List.of(new Event().log("no id"), new Event().id(UUID.randomUUID()).log("v4"), at(NOW, "fine")));
        store.refresh();
        assertThat(store.count(all(1))).isEqualTo(1);
        assertThat(store.rejected()).isEqualTo(2);
    }

    @Test
    void hugeValuesAreStoredWhole() throws IOException {
        LuceneEventStore store = open(tmp.resolve("events"));
        String huge = "x".repeat(100_000);
        Event e = at(NOW, huge + " tail").userdata1(huge).extra("big", huge).host("h\u00e9\u00e9" + huge);
        store.append(List.of(e));
        store.refresh();
        assertThat(store.get(e.id())).get().usingRecursiveComparison().isEqualTo(e);
        assertThat(store.count(SearchRequest.of("tail", 1))).isEqualTo(1);
        assertThat(store.count(SearchRequest.of("userdata1:" + huge, 1))).isEqualTo(1); // cut the same way as indexed
    }
}
