package io.vigil.core.store;

import java.time.Instant;

/**
 * A search over stored events.
 *
 * @param query  Lucene classic query syntax over the event fields (JSON names, e.g.
 *               {@code app:sshd AND severity:[0 TO 3]}); a bare term searches {@code log};
 *               blank or {@code *} matches everything
 * @param from   inclusive lower bound on event {@code time}, or null
 * @param to     exclusive upper bound on event {@code time}, or null
 * @param newestFirst sort by time descending (default) or ascending; ties by id
 * @param limit  at most this many events (1..10000)
 * @param cursor the {@code next} cursor of a previous result, or null for the first page
 */
public record SearchRequest(String query, Instant from, Instant to, boolean newestFirst, int limit, String cursor) {
    public static final int MAX_LIMIT = 10_000;

    public SearchRequest {
        if (limit < 1 || limit > MAX_LIMIT) throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        query = query == null || query.isBlank() ? "*" : query;
    }

    public static SearchRequest of(String query, int limit) {
        return new SearchRequest(query, null, null, true, limit, null);
    }
}
