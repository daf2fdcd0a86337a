package io.vigil.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Finds how much of a segment is whole records with valid checksums. */
final class RecoveryScan {
    private RecoveryScan() {}

    static long validLength(FileChannel ch) throws IOException {
        long size = ch.size();
        long pos = 0;
        ByteBuffer header = ByteBuffer.allocate(RecordFormat.HEADER);
        ByteBuffer body = ByteBuffer.allocate(64 * 1024);
        while (pos + RecordFormat.HEADER <= size) {
            header.clear();
            readFully(ch, header, pos);
            header.flip();
            int len = header.getInt();
            int crc = header.getInt();
            if (len <= 0 || len > RecordFormat.MAX_PAYLOAD || pos + RecordFormat.HEADER + len > size) break;
            if (body.capacity() < len) body = ByteBuffer.allocate(len);
            body.clear().limit(len);
            readFully(ch, body, pos + RecordFormat.HEADER);
            if (RecordFormat.crc(body, 0, len) != crc) break;
            pos += RecordFormat.HEADER + len;
        }
        return pos;
    }

    static void readFully(FileChannel ch, ByteBuffer into, long at) throws IOException {
        while (into.hasRemaining()) {
            int n = ch.read(into, at);
            if (n < 0) throw new IOException("unexpected end of segment at " + at);
            at += n;
        }
    }
}
