package io.vigil.sigma.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.event.Event;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Which log source of the shipped mapping an event belongs to. */
class SigmaMappingTest {
    private final SigmaMapping mapping = SigmaMapping.load(List.of());

    private String sourceOf(Event e) {
        int i = mapping.classify(e);
        return i < 0 ? null : mapping.sources().get(i).name();
    }

    @Test
    void plainValuesAreComparedIgnoringCase() {
        assertThat(sourceOf(new Event().app("sshd").log("x"))).isEqualTo("linux-sshd");
        assertThat(sourceOf(new Event().app("SSHD").log("x"))).isEqualTo("linux-sshd");
        assertThat(sourceOf(new Event().userdata2("security").userdata1("4688").log("x"))).isEqualTo("windows-security-process-creation");
    }

    @Test
    void aValueLongerThanEveryPlainOneIsNoneOfThem() {
        // A generic plugin's userdata1 holds a whole message: it is not lowered to be compared with "4688".
        Event e = new Event().userdata2("Security").userdata1("4688 " + "x".repeat(300)).log("x");
        assertThat(sourceOf(e)).isEqualTo("windows-security");
    }

    @Test
    void lowerCasingNeverShortensAString() {
        // What the comparison above relies on, for every code point.
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            if (Character.isSurrogate((char) cp) && cp <= 0xFFFF) continue;
            String s = Character.toString(cp);
            assertThat(s.toLowerCase(Locale.ROOT).length()).as("U+%04X", cp).isGreaterThanOrEqualTo(s.length());
        }
    }
}
