package io.vigil.core.event;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Binary form of a {@link RawEvent} as the journal stores it. Version byte first so the
 * format can evolve; the journal adds length and checksum around it.
 */
public final class RawEventCodec {
    private static final byte VERSION = 1;

    private RawEventCodec() {}

    public static byte[] encode(RawEvent e) {
        byte[] collector = e.collector().getBytes(StandardCharsets.UTF_8);
        byte[] peer = e.peer().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(1 + 16 + 8 + 4 + 2 + collector.length + 2 + peer.length + 4 + e.payload().length);
        b.put(VERSION)
         .putLong(e.id().getMostSignificantBits()).putLong(e.id().getLeastSignificantBits())
         .putLong(e.received())
         .putInt(e.flags())
         .putShort((short) collector.length).put(collector)
         .putShort((short) peer.length).put(peer)
         .putInt(e.payload().length).put(e.payload());
        return b.array();
    }

    public static RawEvent decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        byte version = b.get();
        if (version != VERSION) throw new IllegalArgumentException("unknown raw event version " + version);
        UUID id = new UUID(b.getLong(), b.getLong());
        long received = b.getLong();
        int flags = b.getInt();
        String collector = string(b, Short.toUnsignedInt(b.getShort()));
        String peer = string(b, Short.toUnsignedInt(b.getShort()));
        byte[] payload = new byte[b.getInt()];
        b.get(payload);
        return new RawEvent(id, received, collector, peer, flags, payload);
    }

    private static String string(ByteBuffer b, int len) {
        String s = new String(b.array(), b.arrayOffset() + b.position(), len, StandardCharsets.UTF_8);
        b.position(b.position() + len);
        return s;
    }
}
