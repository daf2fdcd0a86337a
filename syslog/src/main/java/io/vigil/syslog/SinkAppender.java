package io.vigil.syslog;

import io.netty.channel.Channel;
import io.vigil.core.event.RawEvent;
import io.vigil.core.ingest.EventSink;
import io.vigil.core.ingest.IngestRefusedException;
import io.vigil.core.ingest.RefusalReason;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Hands one connection's events to the sink in order, with backpressure that does not stall the
 * event loop. The fast path is {@link EventSink#tryAppend}; when the sink does not take an event
 * right away, this connection stops reading and the blocking {@link EventSink#append} runs on a
 * separate (virtual) thread; events already read wait in order behind it, and reading resumes
 * once they are all taken. Other connections on the same event loop go on meanwhile, and the
 * slowed sender feels it as TCP backpressure. Event loop only, one per connection.
 */
final class SinkAppender {
    /** Told, on the event loop and in arrival order, the durability future of each event. */
    interface Accepted {
        void accepted(RawEvent event, CompletableFuture<Void> durable);
    }

    private record Waiting(RawEvent event, Accepted then) {}

    private final Channel channel;
    private final EventSink sink;
    private final Executor blocking;
    private final ReadGate gate;
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private boolean blocked;
    private Runnable onIdle;

    SinkAppender(Channel channel, EventSink sink, Executor blocking) {
        this.channel = channel;
        this.sink = sink;
        this.blocking = blocking;
        this.gate = ReadGate.of(channel);
    }

    void append(RawEvent event, Accepted then) {
        if (blocked) {
            waiting.add(new Waiting(event, then));
            return;
        }
        CompletableFuture<Void> f = tryAppend(event);
        if (f != null) {
            then.accepted(event, f);
        } else {
            block(event, then);
        }
    }

    /** True when nothing is waiting for the sink. */
    boolean idle() {
        return !blocked && waiting.isEmpty();
    }

    /** Runs once (on the event loop) when everything handed in has been taken by the sink. */
    void whenIdle(Runnable r) {
        if (idle()) {
            r.run();
        } else {
            onIdle = r;
        }
    }

    private CompletableFuture<Void> tryAppend(RawEvent event) {
        try {
            return sink.tryAppend(event);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void block(RawEvent event, Accepted then) {
        blocked = true;
        gate.close(ReadGate.BACKPRESSURE);
        try {
            blocking.execute(() -> {
                CompletableFuture<Void> f;
                try {
                    f = sink.append(event);
                    if (f == null) f = CompletableFuture.failedFuture(new IllegalStateException("sink returned no future"));
                } catch (RuntimeException e) {
                    f = CompletableFuture.failedFuture(e);
                }
                CompletableFuture<Void> taken = f;
                onLoop(() -> {
                    blocked = false;
                    then.accepted(event, taken);
                    drain();
                });
            });
        } catch (RejectedExecutionException shuttingDown) {
            blocked = false;
            then.accepted(event, CompletableFuture.failedFuture(
                    new IngestRefusedException(RefusalReason.CLOSED, "receiver is shutting down")));
            drain();
        }
    }

    private void drain() {
        Waiting w;
        while (!blocked && (w = waiting.poll()) != null) {
            CompletableFuture<Void> f = tryAppend(w.event());
            if (f != null) {
                w.then().accepted(w.event(), f);
            } else {
                block(w.event(), w.then());
            }
        }
        if (!blocked) {
            gate.open(ReadGate.BACKPRESSURE);
            Runnable r = onIdle;
            onIdle = null;
            if (r != null) r.run();
        }
    }

    private void onLoop(Runnable r) {
        try {
            channel.eventLoop().execute(r);
        } catch (RejectedExecutionException loopGone) {
            r.run(); // the event loop has shut down: finish the bookkeeping here
        }
    }
}
