package io.vigil.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state store on its embedded default: H2 in a file. */
class H2StateStoreTest extends StateStoreContract {
    @TempDir Path tmp;
    private StateStore store;

    @Override
    StateStore store() {
        store = StateStore.openH2(tmp);
        return store;
    }

    @AfterEach
    void close() {
        if (store != null) store.close();
    }

    @Test
    void reopeningKeepsWhatWasWrittenAndMigratesNothingTwice() {
        try (StateStore s = StateStore.openH2(tmp)) {
            s.assets().createNetwork("lan", "192.168.0.0/16", true, 3, null);
            assertThat(s.product()).isEqualTo("H2");
        }
        try (StateStore s = StateStore.openH2(tmp)) {
            assertThat(s.assets().networks()).extracting(AssetRepository.Network::name).containsExactly("lan");
        }
    }
}
