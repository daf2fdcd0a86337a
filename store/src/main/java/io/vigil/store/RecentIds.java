package io.vigil.store;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** The last {@code capacity} ids added, oldest forgotten first. Thread-safe. */
final class RecentIds {
    private final Map<UUID, Boolean> ids;

    RecentIds(int capacity) {
        this.ids = new LinkedHashMap<>(capacity * 2, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Adds the id; false if it was already there. */
    synchronized boolean add(UUID id) {
        return ids.putIfAbsent(id, Boolean.TRUE) == null;
    }
}
