package io.vigil.store;

import io.vigil.core.config.Keys;
import io.vigil.core.config.Settings;
import java.time.Duration;

/**
 * How long events are kept.
 *
 * @param maxAge   a day's index is deleted once all of that day lies further back than this
 *                 (by receive time, which is what an event's id carries); null or zero: no age limit
 * @param maxBytes the oldest days are deleted while all indexes together take more bytes on
 *                 disk than this; 0: no size limit. Today's index is never deleted.
 */
public record Retention(Duration maxAge, long maxBytes) {
    /** Keep everything. */
    public static final Retention NONE = new Retention(null, 0);

    public Retention {
        if (maxAge != null && maxAge.isNegative()) throw new IllegalArgumentException("retention age must not be negative: " + maxAge);
        if (maxBytes < 0) throw new IllegalArgumentException("retention size must not be negative: " + maxBytes);
    }

    public static Retention of(Settings settings) {
        return new Retention(settings.duration(Keys.STORE_RETENTION_AGE), settings.size(Keys.STORE_RETENTION_SIZE));
    }

    boolean limitsAge() {
        return maxAge != null && !maxAge.isZero();
    }
}
