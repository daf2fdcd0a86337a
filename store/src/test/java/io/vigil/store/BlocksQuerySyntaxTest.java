package io.vigil.store;

/** {@link QuerySyntaxTest} on the block layout. */
class BlocksQuerySyntaxTest extends QuerySyntaxTest {
    @Override
    LuceneEventStore.Layout layout() {
        return LuceneEventStore.Layout.BLOCKS;
    }
}
