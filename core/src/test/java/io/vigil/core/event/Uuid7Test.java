package io.vigil.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class Uuid7Test {
    @Test
    void idsAreVersion7UniqueAndSortInMintingOrderEvenWithinAMillisecond() {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) ids.add(Uuid7.next(1_700_000_000_000L + i / 1000));
        for (int i = 1; i < ids.size(); i++) {
            assertThat(ids.get(i).version()).isEqualTo(7);
            assertThat(ids.get(i).variant()).isEqualTo(2);
            assertThat(ids.get(i).toString().compareTo(ids.get(i - 1).toString())).as("string order = minting order").isPositive();
        }
        assertThat(Uuid7.millis(Uuid7.next(1_800_000_000_000L))).isEqualTo(1_800_000_000_000L);
    }

    @Test
    void rawEventsSurviveTheJournalEncoding() {
        RawEvent e = RawEvent.received("syslog-tcp", "10.0.0.1:5140", RawEvent.TRUNCATED, "héllo\u0000\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        RawEvent back = RawEventCodec.decode(RawEventCodec.encode(e));
        assertThat(back.id()).isEqualTo(e.id());
        assertThat(back.received()).isEqualTo(e.received());
        assertThat(back.collector()).isEqualTo("syslog-tcp");
        assertThat(back.peer()).isEqualTo("10.0.0.1:5140");
        assertThat(back.truncated()).isTrue();
        assertThat(back.payload()).isEqualTo(e.payload());
    }
}
