package io.vigil.journal;

import io.vigil.core.event.RawEvent;
import io.vigil.core.event.RawEventCodec;
import io.vigil.core.ingest.EventSink;
import io.vigil.core.ingest.RefusalReason;
import java.util.concurrent.CompletableFuture;

/** The journal as collectors see it: RawEvents in, durability futures out. */
public final class JournalEventSink implements EventSink {
    private final Journal journal;

    public JournalEventSink(Journal journal) {
        this.journal = journal;
    }

    @Override
    public CompletableFuture<Void> append(RawEvent event) {
        return journal.append(RawEventCodec.encode(event));
    }

    @Override
    public CompletableFuture<Void> tryAppend(RawEvent event) {
        return journal.tryAppend(RawEventCodec.encode(event));
    }

    @Override
    public RefusalReason refusalReason() {
        RefusalReason r = journal.refusalReason();
        return r == null ? RefusalReason.BUFFER_FULL : r;
    }
}
