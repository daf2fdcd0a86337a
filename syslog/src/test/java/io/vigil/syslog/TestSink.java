package io.vigil.syslog;

import io.vigil.core.event.RawEvent;
import io.vigil.core.ingest.EventSink;
import io.vigil.core.ingest.IngestRefusedException;
import io.vigil.core.ingest.RefusalReason;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** An in-memory stand-in for the journal: keeps what it is given; can hold, refuse or fail. */
final class TestSink implements EventSink {
    final List<RawEvent> events = new CopyOnWriteArrayList<>();
    final List<CompletableFuture<Void>> futures = new CopyOnWriteArrayList<>();
    volatile boolean autoComplete = true;
    /** When set, tryAppend takes nothing and reports this reason. */
    volatile RefusalReason refusing;
    /** When set, append blocks until released (backpressure). */
    volatile CompletableFuture<Void> gate;
    volatile int appendCalls;

    @Override
    public CompletableFuture<Void> append(RawEvent event) {
        appendCalls++;
        CompletableFuture<Void> g = gate;
        if (g != null) g.join();
        return take(event);
    }

    @Override
    public CompletableFuture<Void> tryAppend(RawEvent event) {
        if (refusing != null || gate != null) return null;
        return take(event);
    }

    private synchronized CompletableFuture<Void> take(RawEvent event) {
        events.add(event);
        CompletableFuture<Void> f = new CompletableFuture<>();
        futures.add(f);
        if (autoComplete) f.complete(null);
        return f;
    }

    @Override
    public RefusalReason refusalReason() {
        return refusing;
    }

    void complete(int i) {
        futures.get(i).complete(null);
    }

    void refuse(int i, RefusalReason reason) {
        futures.get(i).completeExceptionally(new IngestRefusedException(reason, "refused: " + reason.tag()));
    }

    List<String> texts() {
        List<String> out = new ArrayList<>();
        for (RawEvent e : events) out.add(new String(e.payload(), java.nio.charset.StandardCharsets.UTF_8));
        return out;
    }
}
