package io.vigil.core.store;

import io.vigil.core.event.Event;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Stores normalized events and searches them. The embedded engine is Lucene; OpenSearch
 * comes later behind the same interface.
 *
 * <p>Appends are idempotent by {@link Event#id()}: a replay after a crash, or a Sensor
 * resending what it was not sure the Server got, stores nothing twice.
 */
public interface EventStore extends AutoCloseable {
    /** Adds events (visible to search shortly after, durable after {@link #commit()}). */
    void append(List<Event> events) throws IOException;

    /** Makes everything appended so far durable. */
    void commit() throws IOException;

    /**
     * The writer has appended everything it had (its input ran dry): a store that makes events
     * searchable on a schedule may do so now for what a burst left, rather than at its next
     * turn. Never blocks; the default does nothing.
     */
    default void caughtUp() {}

    SearchResult search(SearchRequest request) throws IOException;

    /**
     * As {@link #search}, for a caller that pages through results and does not need the
     * total: a store for which counting costs more than finding a page may leave it out
     * ({@code total} is then -1).
     */
    default SearchResult searchPage(SearchRequest request) throws IOException {
        return search(request);
    }

    /** The store's own counters, shown by {@code vigil status} (none unless a store keeps some). */
    default Map<String, Long> counters() {
        return Map.of();
    }

    /** Number of events matching; cheaper than a search. */
    long count(SearchRequest request) throws IOException;

    Optional<Event> get(UUID id) throws IOException;

    /**
     * The {@code top} most frequent values of a field among the matching events, most frequent
     * first (a value-less field is not counted). Not every store can: the default refuses.
     */
    default Map<String, Long> countBy(String field, SearchRequest request, int top) throws IOException {
        throw new UnsupportedOperationException("this event store cannot count by field");
    }

    /** Deletes what is older than the retention age or beyond the size limit; returns events' partitions removed. */
    int applyRetention() throws IOException;

    @Override
    void close() throws IOException;
}
