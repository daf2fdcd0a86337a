package io.vigil.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.core.event.Uuid7;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RecentIdsTest {

    @Test
    void remembersAtLeastTheLastCapacityIdsAndForgetsOlderOnes() {
        long seed = new Random().nextLong();
        Random rnd = new Random(seed);
        int capacity = 1 + rnd.nextInt(500);
        RecentIds ids = new RecentIds(capacity);
        ArrayDeque<UUID> lastAdded = new ArrayDeque<>(); // the last `capacity` distinct ids added, newest last
        Set<UUID> ever = new HashSet<>();
        List<UUID> all = new ArrayList<>();
        for (int i = 0; i < capacity * 20; i++) {
            int pick = rnd.nextInt(10);
            if (pick < 3 && !lastAdded.isEmpty()) {
                // one of the last `capacity`: always known
                UUID again = new ArrayList<>(lastAdded).get(rnd.nextInt(lastAdded.size()));
                assertFalse(ids.add(again), "seed " + seed + ": a recent id was taken as new");
                continue;
            }
            UUID fresh = pick < 5 ? Uuid7.next() : new UUID(rnd.nextLong(), rnd.nextLong());
            if (!ever.add(fresh)) continue;
            assertTrue(ids.add(fresh), "seed " + seed + ": a new id was taken as known");
            all.add(fresh);
            lastAdded.addLast(fresh);
            if (lastAdded.size() > capacity) lastAdded.removeFirst();
        }
        // anything added more than twice the capacity ago is forgotten
        UUID old = all.get(0);
        assertTrue(all.size() > 2 * capacity, "seed " + seed);
        assertTrue(ids.add(old), "seed " + seed + ": an id from " + all.size() + " adds ago is still held");
    }

    @Test
    void theAllZeroIdIsAnIdLikeAnyOther() {
        RecentIds ids = new RecentIds(4);
        UUID zero = new UUID(0, 0);
        assertTrue(ids.add(zero));
        assertFalse(ids.add(zero));
        for (int i = 0; i < 3; i++) assertTrue(ids.add(new UUID(0, i + 1)));
        assertFalse(ids.add(zero), "the last 4 include it");
        for (int i = 0; i < 8; i++) assertTrue(ids.add(new UUID(1, i)));
        assertTrue(ids.add(zero), "forgotten after twice the capacity");
    }

    @Test
    void aFullGenerationDoesNotLoseTheIdsOfTheOneBefore() {
        RecentIds ids = new RecentIds(2);
        UUID a = new UUID(7, 1);
        UUID b = new UUID(7, 2);
        UUID c = new UUID(7, 3);
        assertTrue(ids.add(a));
        assertTrue(ids.add(b)); // generation full: it becomes the old one
        assertTrue(ids.add(c));
        assertEquals(false, ids.add(a));
        assertEquals(false, ids.add(b));
        assertEquals(false, ids.add(c));
    }
}
