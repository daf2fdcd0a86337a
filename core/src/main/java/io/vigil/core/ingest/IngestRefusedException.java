package io.vigil.core.ingest;

/** The journal did not take an event; the sender must not be acknowledged. */
public final class IngestRefusedException extends RuntimeException {
    private final RefusalReason reason;

    public IngestRefusedException(RefusalReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public RefusalReason reason() {
        return reason;
    }
}
