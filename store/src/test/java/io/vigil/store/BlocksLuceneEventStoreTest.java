package io.vigil.store;

import static io.vigil.store.TestEvents.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.event.Event;
import io.vigil.core.store.SearchRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;

/** {@link LuceneEventStoreTest} on the block layout, and what only the block layout has: its block files. */
class BlocksLuceneEventStoreTest extends LuceneEventStoreTest {
    @Override
    LuceneEventStore.Layout layout() {
        return LuceneEventStore.Layout.BLOCKS;
    }

    private static final String DAY = "2026-11-25"; // NOW's

    private static List<Event> events(String prefix, int n) {
        List<Event> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(at(NOW.plusMillis(i), prefix + " " + i));
        return out;
    }

    @Test
    void blocksACrashLeftAfterTheLastCommitAreCutAndTheirEventsReplayedOnce() throws IOException {
        Path dir = tmp.resolve("events");
        LuceneEventStore store = open(dir);
        List<Event> committed = events("committed", 10_000); // two blocks of 4,096 and a part
        store.append(committed);
        store.commit();
        Path file = dir.resolve(DAY).resolve(BlockFile.NAME);
        long committedLength = Files.size(file);
        List<Event> lost = events("uncommitted", 500);
        store.append(lost);
        store.refresh(); // their block is in the file and searchable, but no commit names it
        assertThat(Files.size(file)).isGreaterThan(committedLength);
        assertThat(store.count(SearchRequest.of("uncommitted", 1))).isEqualTo(500);

        Path copy = tmp.resolve("after-crash");
        copyTree(dir, copy);
        LuceneEventStore recovered = open(copy);
        assertThat(recovered.count(all(1))).isEqualTo(10_000);
        recovered.append(lost); // the journal's replay
        recovered.refresh();
        // The writer, on opening, cut the crash's tail: the file is the commit's length plus one new frame.
        Path recoveredFile = copy.resolve(DAY).resolve(BlockFile.NAME);
        assertThat(Files.size(recoveredFile)).isEqualTo(committedLength + frameLength(recoveredFile, committedLength));
        assertThat(recovered.count(SearchRequest.of("uncommitted", 1))).isEqualTo(500);
        assertThat(recovered.count(all(1))).isEqualTo(10_500);
        recovered.close();
        assertThat(open(copy).count(all(1))).isEqualTo(10_500);
    }

    /**
     * Devices with wrong clocks, their events' times a day ahead in no order: were they in every
     * block, every block would reach past the newest page's last time and be read.
     */
    @Test
    void eventsFromWrongClocksDoNotMakeTheNewestPageReadEveryBlock() throws IOException {
        LuceneEventStore store = open(tmp.resolve("events"));
        List<Event> all = new ArrayList<>();
        for (int i = 0; i < 5 * EventBlock.MAX_EVENTS; i++) {
            Event e = at(NOW.plusMillis(i), "event " + i);
            // distinct times, scattered over the hour: i times a number prime to 3,600,000
            if (i % 100 == 0) e.time(NOW.plus(java.time.Duration.ofDays(1)).plusMillis(i * 829_348_651L % 3_600_000));
            all.add(e);
        }
        store.append(all);
        store.refresh();
        long before = store.blocksRead();
        List<java.util.UUID> newest = all.stream()
                .sorted(java.util.Comparator.comparing((Event e) -> e.time()).reversed())
                .limit(10).map(Event::id).toList();
        assertThat(store.search(all(10)).events()).extracting(Event::id).containsExactlyElementsOf(newest);
        assertThat(store.blocksRead() - before).as("only the block of the events from wrong clocks").isEqualTo(1);
    }

    @Test
    void aDamagedBlockIsReportedWithItsFileAndOffset() throws IOException {
        Path dir = tmp.resolve("events");
        LuceneEventStore store = open(dir);
        store.append(events("intact", 10));
        store.close();
        Path file = dir.resolve(DAY).resolve(BlockFile.NAME);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {0x55, 0x55, 0x55}), BlockFile.HEADER + 5);
        }
        LuceneEventStore again = open(dir);
        assertThat(again.count(all(1))).isEqualTo(10); // known from the block's terms, no read
        assertThatThrownBy(() -> again.search(all(5)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("offset 0 of " + file)
                .hasMessageContaining("checksum");
    }

    @Test
    void blocksOfEarlierVersionsAreRead() throws IOException {
        Path dir = tmp.resolve("events");
        LuceneEventStore store = open(dir);
        store.append(events("new", 5));
        store.close();
        // A block as written before block files: its events in a stored field of the document.
        EventBlock old = new EventBlock();
        for (Event e : events("old", 7)) old.add(e);
        addBlockWithStoredEvents(dir, old, old.events());
        // And one from before the stored form: its events as JSON.
        EventBlock json = new EventBlock();
        GrowableBytes jsonEvents = new GrowableBytes(1024);
        for (Event e : events("json", 6)) {
            json.add(e);
            byte[] b = EventJson.write(e);
            jsonEvents.writeVInt(b.length);
            jsonEvents.write(b, 0, b.length);
        }
        addBlockWithStoredEvents(dir, json, jsonEvents.toByteArray());
        LuceneEventStore again = open(dir);
        assertThat(again.search(SearchRequest.of("old", 10)).events()).extracting(Event::log)
                .containsExactlyInAnyOrder("old 0", "old 1", "old 2", "old 3", "old 4", "old 5", "old 6");
        assertThat(again.search(SearchRequest.of("json", 10)).events()).extracting(Event::log)
                .containsExactlyInAnyOrder("json 0", "json 1", "json 2", "json 3", "json 4", "json 5");
        assertThat(again.search(SearchRequest.of("\"json 3\"", 10)).events()).extracting(Event::log).containsExactly("json 3");
        assertThat(again.search(SearchRequest.of("new", 10)).events()).hasSize(5);
    }

    /** Adds the block to the day's index as the oldest blocks were: its events (given) in a stored field, no block file. */
    private static void addBlockWithStoredEvents(Path dir, EventBlock block, byte[] events) throws IOException {
        Document doc = block.toDocument(LocalDate.parse(DAY), 0);
        doc.removeFields(EventBlock.FILE_AT);
        doc.removeFields(EventBlock.FILE_DAY);
        doc.add(new StoredField(EventBlock.EVENTS, events));
        try (FSDirectory d = FSDirectory.open(dir.resolve(DAY));
             IndexWriter w = new IndexWriter(d, new IndexWriterConfig().setCodec(VigilCodec.get()))) {
            Map<String, String> data = new java.util.HashMap<>();
            w.getLiveCommitData().forEach(e -> data.put(e.getKey(), e.getValue()));
            w.addDocument(doc);
            w.setLiveCommitData(data.entrySet());
            w.commit();
        }
    }

    private static long frameLength(Path file, long at) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer header = ByteBuffer.allocate(BlockFile.HEADER);
            ch.read(header, at);
            return BlockFile.HEADER + header.getInt(4);
        }
    }
}
