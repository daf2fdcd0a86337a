package io.vigil.store;

/** {@link LuceneEventStoreTest} on the block layout. */
class BlocksLuceneEventStoreTest extends LuceneEventStoreTest {
    @Override
    LuceneEventStore.Layout layout() {
        return LuceneEventStore.Layout.BLOCKS;
    }
}
