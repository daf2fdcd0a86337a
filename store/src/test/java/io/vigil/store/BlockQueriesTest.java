package io.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.event.Event;
import io.vigil.core.event.Uuid7;
import java.nio.charset.StandardCharsets;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.junit.jupiter.api.Test;

/** The block layout's query rewriting and its raw prefilter: what each may and may not skip. */
class BlockQueriesTest {

    private static String mayMatch(String query) {
        return BlockQueries.mayMatch(EventQueryParser.parseQuery(query)).toString();
    }

    @Test
    void aBlockQueryKeepsWhatAnyEventNeedsAndDropsWhatNoBlockCanTell() {
        assertThat(mayMatch("host:web01 AND sshd")).isEqualTo("#host:web01 #log:sshd");
        assertThat(mayMatch("\"failed password\"")).isEqualTo("#log:failed #log:password"); // a phrase: its words
        assertThat(mayMatch("NOT sshd")).isEqualTo("*:*"); // an event without sshd says nothing of its block
        assertThat(mayMatch("sshd AND NOT root")).isEqualTo("#log:sshd");
        assertThat(mayMatch("sshd OR cron")).isEqualTo("#(log:sshd log:cron)");
        assertThat(mayMatch("sshd OR NOT cron")).isEqualTo("#(log:sshd)"); // classic syntax: sshd, and not cron
        assertThat(mayMatch("sshd OR (NOT cron)")).isEqualTo("*:*");
        assertThat(mayMatch("src_port:[1 TO 1024]")).isEqualTo("src_port:[1 TO 1024]");
    }

    @Test
    void anIdFindsItsBlockAsAPointAndAsTheTermOlderBlocksHold() throws Exception {
        Event inNew = new Event().id(Uuid7.next()).log("a");
        Event inOld = new Event().id(Uuid7.next()).log("b");
        EventBlock block = new EventBlock();
        block.add(inNew);
        block.add(new Event().id(Uuid7.next()).log("c"));
        Document old = new Document(); // a block as written before ids were points: the id a term
        old.add(new StringField("id", inOld.id().toString(), Field.Store.NO));
        try (Directory dir = new ByteBuffersDirectory(); IndexWriter w = new IndexWriter(dir, new IndexWriterConfig())) {
            w.addDocument(block.toDocument(java.time.LocalDate.EPOCH, 0));
            w.addDocument(old);
            try (DirectoryReader r = DirectoryReader.open(w)) {
                IndexSearcher s = new IndexSearcher(r);
                assertThat(s.count(BlockQueries.mayMatch(EventQueryParser.parseQuery("id:" + inNew.id())))).isEqualTo(1);
                assertThat(s.count(BlockQueries.mayMatch(EventQueryParser.parseQuery("id:" + inOld.id())))).isEqualTo(1);
                assertThat(s.count(BlockQueries.mayMatch(EventQueryParser.parseQuery("id:" + Uuid7.next())))).isZero();
                // not a term in new blocks: a pattern on ids cannot rule a block out
                assertThat(s.count(BlockQueries.mayMatch(EventQueryParser.parseQuery("id:" + inNew.id().toString().substring(0, 8) + "*"))))
                        .isEqualTo(2);
            }
        }
    }

    @Test
    void onlyConjunctionsOfTermsAreCountedFromFrequencies() {
        assertThat(BlockQueries.conjunctionTerms(EventQueryParser.parseQuery("sshd")))
                .containsExactly(new Term("log", "sshd"));
        assertThat(BlockQueries.conjunctionTerms(EventQueryParser.parseQuery("host:web01 AND sshd")))
                .containsExactly(new Term("host", "web01"), new Term("log", "sshd"));
        assertThat(BlockQueries.conjunctionTerms(EventQueryParser.parseQuery("sshd OR cron"))).isNull();
        assertThat(BlockQueries.conjunctionTerms(EventQueryParser.parseQuery("sshd AND NOT root"))).isNull();
        assertThat(BlockQueries.conjunctionTerms(EventQueryParser.parseQuery("\"failed password\""))).isNull();
        assertThat(BlockQueries.conjunctionTerms(new MatchAllDocsQuery())).isNull();
    }

    private static boolean prefilter(String query, Event e) {
        byte[] json = EventJson.write(e);
        return RawPrefilter.of(EventQueryParser.parseQuery(query)).mayMatch(json, 0, json.length);
    }

    @Test
    void thePrefilterSkipsOnlyEventsThatCannotMatch() {
        Event e = new Event().id(Uuid7.next()).host("WEB01").app("sshd").username("Bob")
                .log("Failed password for Bob from 192.168.1.10").extra("geo", "NL");
        assertThat(prefilter("sshd", e)).isTrue();
        assertThat(prefilter("password AND 192.168.1.10", e)).isTrue();
        assertThat(prefilter("host:WEB01", e)).isTrue();
        assertThat(prefilter("cron", e)).isFalse();
        assertThat(prefilter("sshd AND cron", e)).isFalse();
        // case: text terms are lower case, the JSON keeps the event's case
        assertThat(prefilter("FAILED", e)).isTrue();
        // terms the JSON does not hold as they are must not be required
        assertThat(prefilter("truncated:false", e)).as("false is left out of the JSON").isTrue();
        assertThat(prefilter("extra.geo:NL", e)).as("extra is indexed as key=value").isTrue();
        assertThat(prefilter("sshd OR cron", e)).isTrue();
        assertThat(prefilter("NOT sshd", e)).as("a negation requires nothing").isTrue();
        Event quoted = new Event().id(Uuid7.next()).log("user \"admin\" \\ tab\there");
        assertThat(prefilter("username:\"a\\\"b\"", quoted)).as("a value JSON escapes is not looked for").isTrue();
        assertThat(new String(EventJson.write(quoted), StandardCharsets.UTF_8)).contains("\\\"admin\\\"");
    }
}
