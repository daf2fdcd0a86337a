package io.vigil.store;

/** {@link RandomizedQueryTest} on the block layout. */
class BlocksRandomizedQueryTest extends RandomizedQueryTest {
    @Override
    LuceneEventStore.Layout layout() {
        return LuceneEventStore.Layout.BLOCKS;
    }
}
