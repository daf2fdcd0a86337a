package io.vigil.sigma.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.event.Event;
import java.util.List;
import java.util.Locale;
import java.util.Random;
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

    /**
     * The candidate sources worked out from the event's fields must never leave out the source
     * that testing every one in turn finds: random events made of the mapping's own values (in
     * any case), values near them, wildcard matches and lines of the two log-line sources.
     */
    @Test
    void candidatesClassifyAsTestingEverySourceInTurn() {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        String[] apps = {"sshd", "SSHD", "sshd-session", "sudo", "su", "cron", "CRON", "pam_unix", "xpamy", "clamd", "clamav-milter",
            "tomcat9", "guacd", "app", "kernel", "sshd2", "", null};
        String[] plugins = {"apache", "nginx", "squid", "bind", "iptables", "cisco-asa", "cisco-ios", "clamav", "sophos", "fortigate", "ssh", null};
        String[] decoders = {"windows-json", "windows-xml", "kv", "json", "cef", null};
        String[] channels = {"Microsoft-Windows-Sysmon/Operational", "security", "System", "Application", null};
        String[] ids = {"1", "3", "11", "12", "13", "14", "4688", "4624", "9", null};
        String[] logs = {"x", "type=SYSCALL msg=audit(1700000000.1:2): a", "Dec 1 r1: %SYS-5-CONFIG_I: Configured", "a: %b-c-d: e", "plain line"};
        String[] devids = {"FG100E", "fgt", "PA-200", null};
        int found = 0;
        for (int n = 0; n < 20_000; n++) {
            Event e = new Event().app(pick(rnd, apps)).userdata2(pick(rnd, channels)).userdata1(pick(rnd, ids)).log(pick(rnd, logs));
            String plugin = pick(rnd, plugins);
            if (plugin != null) e.extra("plugin", rnd.nextBoolean() ? plugin : plugin.toUpperCase(Locale.ROOT));
            String decoder = pick(rnd, decoders);
            if (decoder != null) e.extra("decoder", decoder);
            String devid = pick(rnd, devids);
            if (devid != null) e.extra("kv.devid", devid);
            int expected = -1;
            for (int i = 0; i < mapping.sources().size() && expected < 0; i++) {
                if (mapping.sources().get(i).holds(e, new SigmaMapping.Lowered())) expected = i;
            }
            if (expected >= 0 && !mapping.sources().get(expected).when().isEmpty()) found++;
            assertThat(mapping.classify(e)).as("seed %d: %s", seed, e).isEqualTo(expected);
        }
        assertThat(found).as("events some specific source takes").isGreaterThan(5_000);
    }

    private static String pick(Random rnd, String[] values) {
        return values[rnd.nextInt(values.length)];
    }
}
