package io.vigil.store;

import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.FilterCodec;
import org.apache.lucene.codecs.StoredFieldsFormat;
import org.apache.lucene.codecs.compressing.CompressionMode;
import org.apache.lucene.codecs.lucene90.compressing.Lucene90CompressingStoredFieldsFormat;
import org.apache.lucene.codecs.lucene103.Lucene103Codec;

/**
 * Lucene's default codec with one change: stored fields compressed with plain LZ4 instead
 * of LZ4 with a preset dictionary and the high-compression hash table. The block layout
 * stores each block's events (hundreds of kilobytes) as one value; Lucene's default spent
 * more CPU compressing them than indexing their terms. Registered through SPI under
 * {@link #NAME}, which every segment written with it records, so the name and the format
 * must never change meaning.
 */
public final class VigilCodec extends FilterCodec {
    public static final String NAME = "Vigil103";

    // 60 KiB chunks of at most 1,024 events: Lucene's own chunking for its fast mode, so a
    // search that fetches one event decompresses at most that much.
    private final StoredFieldsFormat storedFields =
            new Lucene90CompressingStoredFieldsFormat("VigilStoredFieldsLZ4", CompressionMode.FAST, 60 * 1024, 1024, 10);

    public VigilCodec() {
        super(NAME, new Lucene103Codec());
    }

    @Override
    public StoredFieldsFormat storedFieldsFormat() {
        return storedFields;
    }

    /** The codec new segments are written with. */
    static Codec get() {
        return Codec.forName(NAME);
    }
}
