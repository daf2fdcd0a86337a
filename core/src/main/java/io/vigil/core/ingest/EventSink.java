package io.vigil.core.ingest;

import io.vigil.core.event.RawEvent;
import java.util.concurrent.CompletableFuture;

/**
 * Where collectors hand what they receive: in Vigil, the journal.
 *
 * <p>The rule every collector follows is receive, journal, acknowledge: an acknowledgement
 * to a sender (a RELP {@code rsp}, an agent ack, the link) is sent only once the returned
 * future completes, which means the journal holds the event at the configured durability.
 */
public interface EventSink {
    /**
     * Appends the event, blocking while the journal applies backpressure (a bounded
     * buffer or a disk near its limit), so that TCP senders slow down instead of losing.
     *
     * @return completes when the event is durable per {@code durability}; completes
     *     exceptionally with {@link IngestRefusedException} when the journal refused it
     */
    CompletableFuture<Void> append(RawEvent event);

    /**
     * Appends without blocking, for senders that cannot be slowed (UDP).
     *
     * @return the durability future, or {@code null} when the event was not taken; the
     *     caller counts the drop with {@link #refusalReason()}
     */
    CompletableFuture<Void> tryAppend(RawEvent event);

    /** Why input is being refused or slowed right now, or {@code null} when it is not. */
    RefusalReason refusalReason();
}
