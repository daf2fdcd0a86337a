package io.vigil.store;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.UUID;
import org.apache.lucene.search.FieldDoc;

/**
 * Where a page of results ended: the sort values (time, id) of its last event, so the next
 * page starts right after it whatever was added or merged in between. Opaque to clients:
 * URL-safe Base64 of a version byte, the order, the time and the id.
 */
record Cursor(boolean newestFirst, long time, UUID id) {
    private static final byte VERSION = 1;

    String encode() {
        ByteBuffer b = ByteBuffer.allocate(1 + 1 + 8 + 16);
        b.put(VERSION).put((byte) (newestFirst ? 1 : 0)).putLong(time)
                .putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    static Cursor decode(String s) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid cursor: " + s);
        }
        if (bytes.length != 26 || bytes[0] != VERSION || (bytes[1] != 0 && bytes[1] != 1)) {
            throw new IllegalArgumentException("invalid cursor: " + s);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes, 2, 24);
        return new Cursor(bytes[1] == 1, b.getLong(), new UUID(b.getLong(), b.getLong()));
    }

    /** The searchAfter position: equal sort values are excluded (ids are unique, so that is the last event itself). */
    FieldDoc after() {
        return new FieldDoc(Integer.MAX_VALUE, Float.NaN, new Object[] {time,
                EventDocuments.sortable(id.getMostSignificantBits()), EventDocuments.sortable(id.getLeastSignificantBits())});
    }

    static Cursor of(boolean newestFirst, FieldDoc last) {
        long time = (Long) last.fields[0];
        UUID id = new UUID(EventDocuments.sortable((Long) last.fields[1]), EventDocuments.sortable((Long) last.fields[2]));
        return new Cursor(newestFirst, time, id);
    }
}
