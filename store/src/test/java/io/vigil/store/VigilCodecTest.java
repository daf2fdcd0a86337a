package io.vigil.store;

import static io.vigil.store.TestEvents.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.event.Event;
import io.vigil.core.store.SearchRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.lucene.codecs.lucene103.Lucene103Codec;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentCommitInfo;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VigilCodecTest {
    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    @TempDir Path tmp;
    final TestEvents.MutableClock clock = new TestEvents.MutableClock(NOW);

    LuceneEventStore open(Path dir) throws IOException {
        return new LuceneEventStore(dir, Retention.NONE, Duration.ofMillis(50), clock);
    }

    static Set<String> codecsOf(Path dayDir) throws IOException {
        Set<String> names = new TreeSet<>();
        try (FSDirectory d = FSDirectory.open(dayDir)) {
            for (SegmentCommitInfo s : SegmentInfos.readLatestCommit(d)) names.add(s.info.getCodec().getName());
        }
        return names;
    }

    static List<Event> events(int n, String word) {
        List<Event> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(at(NOW.plusMillis(i), word + " event number " + i + " from 198.51.100." + (i % 250)));
        return out;
    }

    @Test
    void newSegmentsAreWrittenWithVigilsCodecAndReadBackWhole() throws IOException {
        Path dir = tmp.resolve("events");
        List<Event> in = events(3000, "fresh");
        try (LuceneEventStore store = open(dir)) {
            store.append(in);
            store.commit();
        }
        assertThat(codecsOf(dir.resolve("2026-11-25"))).containsExactly(VigilCodec.NAME);
        try (LuceneEventStore store = open(dir)) {
            assertThat(store.count(SearchRequest.of("fresh", 1))).isEqualTo(3000);
            for (Event e : List.of(in.get(0), in.get(1500), in.get(2999))) {
                assertThat(store.get(e.id())).get().usingRecursiveComparison().isEqualTo(e);
            }
        }
    }

    @Test
    void aDayWrittenWithLucenesStockCodecStaysReadableAndTakesNewEvents() throws IOException {
        Path dir = tmp.resolve("events");
        List<Event> old = events(500, "before");
        Path written = tmp.resolve("written");
        try (LuceneEventStore store = open(written)) {
            store.append(old);
            store.commit();
        }
        // The same day rewritten with the codec Vigil used before its own (as an older version left it).
        Path day = dir.resolve("2026-11-25");
        try (FSDirectory from = FSDirectory.open(written.resolve("2026-11-25"));
             DirectoryReader r = DirectoryReader.open(from);
             FSDirectory d = FSDirectory.open(day);
             IndexWriter w = new IndexWriter(d, new IndexWriterConfig().setCodec(new Lucene103Codec()))) {
            w.addIndexes(r.leaves().stream().map(l -> (CodecReader) l.reader()).toArray(CodecReader[]::new));
            w.commit();
        }
        assertThat(codecsOf(day)).containsExactly("Lucene103");

        List<Event> added = events(500, "after");
        try (LuceneEventStore store = open(dir)) {
            assertThat(store.get(old.get(42).id())).get().usingRecursiveComparison().isEqualTo(old.get(42));
            store.append(added);
            store.commit();
        }
        assertThat(codecsOf(day)).contains(VigilCodec.NAME);
        try (LuceneEventStore store = open(dir)) {
            assertThat(store.count(SearchRequest.of("before", 1))).isEqualTo(500);
            assertThat(store.count(SearchRequest.of("after", 1))).isEqualTo(500);
        }
    }
}
