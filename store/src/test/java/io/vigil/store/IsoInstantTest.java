package io.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IsoInstantTest {
    final IsoInstant iso = new IsoInstant();

    String written(Instant t) {
        int n = iso.write(t);
        return n < 0 ? null : new String(iso.text, 0, n);
    }

    @Test
    void writesWhatInstantToStringWrites() {
        for (String s : new String[] {"2026-12-03T11:20:05Z", "2026-12-03T11:20:05.100Z", "2026-12-03T11:20:05.000100Z",
                "2026-12-03T11:20:05.000000001Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z",
                "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z", "2024-02-29T23:59:59.5Z", "1900-03-01T00:00:00Z"}) {
            Instant t = Instant.parse(s);
            assertThat(written(t)).as(s).isEqualTo(t.toString());
        }
    }

    @Test
    void randomInstantsAcrossDaysAndPrecisionsMatch() {
        Random random = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            long second = switch (random.nextInt(3)) {
                case 0 -> 1_700_000_000L + random.nextInt(86_400 * 3); // a few days: the cached date changes back and forth
                case 1 -> random.nextLong(-62_167_219_200L, 253_402_300_800L);
                default -> -random.nextInt(86_400 * 400);
            };
            int nano = switch (random.nextInt(4)) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant t = Instant.ofEpochSecond(second, nano);
            assertThat(written(t)).as("%d.%09d", second, nano).isEqualTo(t.toString());
        }
    }

    @Test
    void yearsOutsideFourDigitsAreLeftToTheJdk() {
        assertThat(iso.write(Instant.parse("+10000-01-01T00:00:00Z"))).isEqualTo(-1);
        assertThat(iso.write(Instant.parse("-0001-12-31T23:59:59Z"))).isEqualTo(-1);
        assertThat(iso.write(Instant.MAX)).isEqualTo(-1);
    }
}
