package io.vigil.server;

import io.vigil.core.event.Event;
import io.vigil.core.event.RawEvent;
import io.vigil.core.store.EventStore;
import io.vigil.core.store.SearchRequest;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Recognises RELP retransmissions. A RELP sender resends, at the start of its next session,
 * every message whose acknowledgement it did not get; if Vigil had journaled one of them
 * and then crashed before the {@code rsp} left, the resent copy arrives with a new id. Each
 * RELP event therefore carries a fingerprint of (peer address, bytes) in
 * {@code extra.relp_key}; a message flagged {@link RawEvent#RETRANSMIT_CANDIDATE} (early in a
 * new session) whose fingerprint is already stored is dropped as the duplicate it is.
 *
 * <p>Journal order makes this sound: the original precedes its resend in the journal, so by
 * the time the resend is normalized the original is either in this filter's memory (same
 * run) or committed in the store (before a restart). Only a copy from an earlier session
 * (another source port) counts: identical bytes within one session, such as a line repeated
 * within the same second, are distinct messages. Messages with high-precision timestamps, as
 * rsyslog's forward format has, never collide by accident.
 */
final class RetransmitFilter {
    static final String KEY = "relp_key";
    private static final int REMEMBERED = 65_536;

    private final EventStore store;
    /** Fingerprint to the session (peer address and port) it last came in. */
    private final Map<String, String> recent = new LinkedHashMap<>(REMEMBERED * 2, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED;
        }
    };

    RetransmitFilter(EventStore store) {
        this.store = store;
    }

    /**
     * The fingerprint to tag the event with ({@code ""} for events that are not RELP), or null
     * when the message is a retransmission of one already stored. Called in journal order, by
     * one thread.
     */
    String admit(RawEvent raw) throws IOException {
        if (!"relp".equals(raw.collector())) return "";
        String key = fingerprint(raw);
        if (raw.retransmitCandidate()) {
            // A sender resends only what an earlier session left unacknowledged: the same bytes
            // twice in one session (a line repeated within a second) are two messages.
            String seenIn = recent.get(key);
            if (seenIn != null && !seenIn.equals(raw.peer())) return null;
            if (seenIn == null && store.count(new SearchRequest("extra." + KEY + ":" + key + " AND NOT peer:\"" + raw.peer() + "\"",
                    null, null, true, 1, null)) > 0) return null;
        }
        recent.put(key, raw.peer());
        return key;
    }

    /** Puts the fingerprint {@link #admit} returned on the event. */
    static void tag(Event event, String key) {
        if (!key.isEmpty()) event.extra(KEY, key);
    }

    private static String fingerprint(RawEvent raw) {
        String peer = raw.peer();
        int colon = peer.lastIndexOf(':');
        String host = colon > 0 ? peer.substring(0, colon) : peer;
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(host.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            d.update((byte) 0);
            d.update(raw.payload());
            return HexFormat.of().formatHex(d.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
