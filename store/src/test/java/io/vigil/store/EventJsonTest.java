package io.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.event.Event;
import io.vigil.core.event.Uuid7;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The stored form of an event: exact round trips, values inside the log written as references to it. */
class EventJsonTest {

    private static Event roundTrip(Event e) {
        byte[] json = EventJson.write(e);
        return EventJson.read(json, 0, json.length);
    }

    @Test
    void valuesInsideTheLogAreReferencesAndComeBackExactly() {
        String message = "Failed password for invalid user \"admin\" from 203.0.113.7 port 52311 ssh2 \u00e9\u4e2d\ud83d\ude00";
        Event e = new Event().id(Uuid7.next()).log("<38>Dec  2 10:00:00 bastion sshd[4242]: " + message)
                .message(message).userdata1("invalid user \"admin\" from 203.0.113.7").userdata2("not in the log, but long enough")
                .username("admin");
        String json = new String(EventJson.write(e), StandardCharsets.UTF_8);
        assertThat(json).contains("\"message@\":[").contains("\"userdata1@\":[").contains("\"userdata2\":\"not in the log")
                .contains("\"username\":\"admin\"") // short values are written as they are
                .doesNotContain("\"message\":");
        assertThat(roundTrip(e)).usingRecursiveComparison().isEqualTo(e);
    }

    @Test
    void randomValuesRoundTrip() {
        long seed = Long.getLong("vigil.test.seed", System.nanoTime());
        Random rnd = new Random(seed);
        String alphabet = "abcXYZ 019:=\"\\\t\n\u00e9\u4e2d\ud83d\ude00";
        for (int i = 0; i < 2000; i++) {
            StringBuilder log = new StringBuilder();
            for (int n = rnd.nextInt(200); n > 0; n--) log.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
            String l = log.toString();
            Event e = new Event().id(Uuid7.next()).log(rnd.nextInt(10) == 0 ? null : l);
            int from = l.isEmpty() ? 0 : rnd.nextInt(l.length());
            String inside = l.substring(from, from + rnd.nextInt(l.length() - from + 1));
            if (rnd.nextBoolean()) e.message(inside);
            if (rnd.nextBoolean()) e.userdata1(inside + (rnd.nextBoolean() ? "" : "!"));
            if (rnd.nextBoolean()) e.host(inside);
            assertThat(roundTrip(e)).as("seed " + seed).usingRecursiveComparison().isEqualTo(e);
        }
    }

    @Test
    void aReferenceOutsideTheLogIsAnErrorNotAWrongValue() {
        byte[] json = "{\"log\":\"short\",\"message@\":[2,40]}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> EventJson.read(json, 0, json.length)).hasMessageContaining("message points outside the log");
    }
}
