package io.vigil.syslog;

import io.vigil.core.ingest.IngestRefusedException;
import io.vigil.core.metrics.CollectorMetrics;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Counts what became of an event handed to the sink: journaled, or dropped with a reason tag. */
final class Outcomes {
    private Outcomes() {}

    static void count(CompletableFuture<Void> durable, CollectorMetrics metrics) {
        durable.whenComplete((ok, failure) -> {
            if (failure == null) {
                metrics.journaled().increment();
            } else {
                metrics.dropped(reason(failure));
            }
        });
    }

    /** The drop reason tag: the journal's refusal reason, or {@code error}. */
    static String reason(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof IngestRefusedException r && r.reason() != null) return r.reason().tag();
        return "error";
    }

    static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) t = t.getCause();
        return t;
    }
}
