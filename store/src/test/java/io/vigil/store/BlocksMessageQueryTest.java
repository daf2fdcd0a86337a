package io.vigil.store;

/** {@link MessageQueryTest} on the block layout. */
class BlocksMessageQueryTest extends MessageQueryTest {
    @Override
    LuceneEventStore.Layout layout() {
        return LuceneEventStore.Layout.BLOCKS;
    }
}
