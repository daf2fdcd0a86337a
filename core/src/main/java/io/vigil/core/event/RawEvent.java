package io.vigil.core.event;

import java.util.Objects;
import java.util.UUID;

/**
 * What a collector hands to the journal: the bytes as received, before any parsing.
 * Parsing happens downstream, reading from the journal, so a parser fix can be replayed.
 *
 * @param id       UUIDv7 minted at receipt
 * @param received receive time, Unix milliseconds
 * @param collector the collector that received it, e.g. {@code syslog-udp}
 * @param peer     the sender, {@code address:port}
 * @param flags    {@link #TRUNCATED}, {@link #MALFORMED_FRAME}
 * @param payload  the message bytes (never null)
 */
public record RawEvent(UUID id, long received, String collector, String peer, int flags, byte[] payload) {
    /** The message was longer than the maximum size and was cut there. */
    public static final int TRUNCATED = 1;
    /** The transport framing was broken (e.g. an octet count the connection did not deliver). */
    public static final int MALFORMED_FRAME = 2;
    /**
     * Arrived early in a new RELP session from a peer: possibly a message the peer sent before
     * a connection broke and is sending again because our acknowledgement never reached it.
     * The store pipeline drops it if that peer already delivered the same bytes.
     */
    public static final int RETRANSMIT_CANDIDATE = 4;

    public RawEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(collector, "collector");
        Objects.requireNonNull(payload, "payload");
        peer = peer == null ? "" : peer;
    }

    /** A new event received now, with a fresh id. */
    public static RawEvent received(String collector, String peer, int flags, byte[] payload) {
        UUID id = Uuid7.next();
        return new RawEvent(id, Uuid7.millis(id), collector, peer, flags, payload);
    }

    public boolean truncated() {
        return (flags & TRUNCATED) != 0;
    }

    public boolean retransmitCandidate() {
        return (flags & RETRANSMIT_CANDIDATE) != 0;
    }

    public boolean malformedFrame() {
        return (flags & MALFORMED_FRAME) != 0;
    }
}
