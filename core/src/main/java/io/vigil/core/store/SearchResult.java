package io.vigil.core.store;

import io.vigil.core.event.Event;
import java.util.List;

/**
 * @param events the page of events, in the requested order
 * @param total  how many events match in all (exact)
 * @param next   cursor for the following page, or null when this was the last
 */
public record SearchResult(List<Event> events, long total, String next) {}
