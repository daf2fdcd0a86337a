package io.vigil.store;

import static io.vigil.store.TestEvents.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.event.Event;
import io.vigil.core.store.SearchRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The message is indexed once: inside the raw log when it is part of it, on its own when a
 * decoder made it something else. Queries on {@code message} find both kinds, and
 * {@code message:*} tells events with a message from those without.
 */
class MessageQueryTest {
    /** The layout under test; a subclass runs the same tests on the other one. */
    LuceneEventStore.Layout layout() {
        return LuceneEventStore.Layout.EVENTS;
    }

    static final Instant T = Instant.parse("2026-11-25T10:00:00Z");
    @TempDir Path tmp;

    @Test
    void messageQueriesFindMessagesInsideAndOutsideTheLog() throws Exception {
        try (LuceneEventStore store = new LuceneEventStore(tmp.resolve("events"), layout(), Retention.NONE, Duration.ofSeconds(1), new TestEvents.MutableClock(T))) {
            store.append(List.of(
                    at(T, "<38>Nov 25 10:00:00 web01 sshd[1]: Failed password for root").host("web01").message("Failed password for root"),
                    at(T.plusSeconds(1), "evt=4625 text=TG9nb24gZmFpbHVyZQ==").host("win01").message("Logon failure"),
                    at(T.plusSeconds(2), "<13>Nov 25 10:00:02 bad garbage without a parsed message").host("bad")));
            store.refresh();
            assertThat(hosts(store, "message:failed")).containsExactly("web01");
            assertThat(hosts(store, "message:\"password for root\"")).containsExactly("web01");
            assertThat(hosts(store, "message:logon")).containsExactly("win01");
            assertThat(hosts(store, "message:\"logon failure\"")).containsExactly("win01");
            assertThat(hosts(store, "message:log*")).containsExactly("win01");
            assertThat(hosts(store, "message:*")).containsExactly("win01", "web01");
            assertThat(hosts(store, "NOT message:*")).containsExactly("bad");
            assertThat(hosts(store, "log:logon")).isEmpty();
            assertThat(hosts(store, "logon")).isEmpty(); // a bare term searches the raw log only
        }
    }

    private static List<String> hosts(LuceneEventStore store, String q) throws Exception {
        return store.search(SearchRequest.of(q, 10)).events().stream().map(Event::host).toList();
    }
}
