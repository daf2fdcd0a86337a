package io.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.event.Event;
import io.vigil.core.event.Uuid7;
import io.vigil.correlate.engine.DirectiveEngine;
import io.vigil.state.AlarmRepository;
import io.vigil.state.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alarms reach the state store after a quiet spell at once, while they gather events at most
 * once per write interval (in their latest state), and all of them when correlation stops.
 */
class CorrelatorAlarmWritesTest {
    @TempDir
    Path dir;

    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

    /** Raises its alarm at the second level (the fourth failure) and updates it at the third (the seventh). */
    static final String GUESSING = """
            <directive id="900102" name="Guessing from SRC_IP" priority="4">
              <rule type="detector" name="first" reliability="1" occurrence="1" from="ANY" to="ANY" port_from="ANY" port_to="ANY" plugin_id="4003" plugin_sid="2">
                <rules>
                  <rule type="detector" name="three more" reliability="4" occurrence="3" from="1:SRC_IP" to="1:DST_IP" port_from="ANY" port_to="ANY" time_out="600" plugin_id="4003" plugin_sid="2">
                    <rules>
                      <rule type="detector" name="three again" reliability="8" occurrence="3" from="1:SRC_IP" to="1:DST_IP" port_from="ANY" port_to="ANY" time_out="600" plugin_id="4003" plugin_sid="2"/>
                    </rules>
                  </rule>
                </rules>
              </rule>
            </directive>
            """;

    /** Failed logins from one address, one a second from {@code from}. */
    private static List<Event> fails(int from, int to) {
        List<Event> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(new Event().id(Uuid7.next()).time(T0.plusSeconds(i)).received(T0.plusSeconds(i)).host("h").app("sshd")
                    .message("fail " + i).pluginId(4003).pluginSid(2).srcIp("203.0.113.7").dstIp("10.0.0.5").dstPort(22));
        }
        return out;
    }

    private Correlator correlator(StateStore state) throws Exception {
        Path content = Files.createDirectories(dir.resolve("content"));
        Files.writeString(content.resolve("guess.xml"), GUESSING);
        return new Correlator(List.of(content), state, Duration.ZERO, DirectiveEngine.Limits.DEFAULT);
    }

    /** The one alarm as stored. */
    private static AlarmRepository.Stored stored(StateStore state) {
        List<AlarmRepository.Stored> alarms = state.alarms().list(AlarmRepository.Query.all(10));
        assertThat(alarms).hasSize(1);
        return alarms.get(0);
    }

    @Test
    void anAlarmClimbingIsWrittenOncePerIntervalAndInFullWhenCorrelationStops() throws Exception {
        try (StateStore state = StateStore.openH2(dir.resolve("state"))) {
            Correlator c = correlator(state).alarmsEvery(Duration.ofHours(1));
            c.correlate(fails(0, 4)); // the second level: the alarm is raised
            c.tick();
            assertThat(stored(state).level()).as("written at once: nothing was written for an hour").isEqualTo(2);
            c.correlate(fails(4, 7)); // the third level
            c.tick();
            assertThat(stored(state).level()).as("held until the interval passes").isEqualTo(2);
            c.finish();
            AlarmRepository.Stored last = stored(state);
            assertThat(last.level()).as("its latest state when correlation stops").isEqualTo(3);
            assertThat(state.alarms().get(last.id()).orElseThrow().levels()).extracting(AlarmRepository.Level::level).containsExactly(1, 2, 3);
        }
    }

    @Test
    void withNoIntervalEveryBatchIsWritten() throws Exception {
        try (StateStore state = StateStore.openH2(dir.resolve("state"))) {
            Correlator c = correlator(state).alarmsEvery(Duration.ZERO);
            c.correlate(fails(0, 4));
            c.tick();
            assertThat(stored(state).level()).isEqualTo(2);
            c.correlate(fails(4, 7));
            c.tick();
            assertThat(stored(state).level()).isEqualTo(3);
        }
    }
}
