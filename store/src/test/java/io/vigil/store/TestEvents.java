package io.vigil.store;

import io.vigil.core.event.Event;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** Events and ids for tests. */
final class TestEvents {
    private static final AtomicLong SEQ = new AtomicLong();

    private TestEvents() {}

    /** A UUIDv7 carrying this time; ids minted here are unique and, within one millisecond, ascending. */
    static UUID idAt(long millis) {
        long seq = SEQ.getAndIncrement() & 0xFFF;
        long msb = (millis << 16) | 0x7000L | seq;
        long lsb = (ThreadLocalRandom.current().nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    static UUID idAt(Instant t) {
        return idAt(t.toEpochMilli());
    }

    /** An event received at t (id and received), happened at t. */
    static Event at(Instant t, String log) {
        return new Event().id(idAt(t)).time(t).received(t).collector("syslog-udp").log(log);
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant t) {
            now = t;
        }

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }
}
