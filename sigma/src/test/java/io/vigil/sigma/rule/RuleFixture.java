package io.vigil.sigma.rule;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.sigma.rule.RuleLoader.RuleError;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Rules from a detection section written in a test, and events from field/value pairs. */
final class RuleFixture {
    static final Path FILE = Path.of("spec-test.yml");
    /** The lines {@link #text} puts before the detection body: the body's line n is the file's line n + HEADER. */
    static final int HEADER = 4;

    private RuleFixture() {}

    /** A detection rule whose {@code detection:} holds {@code body} (indented by four spaces). */
    static String text(String body) {
        StringBuilder b = new StringBuilder("title: spec test\nlogsource:\n    product: test\ndetection:\n");
        String[] lines = body.split("\n", -1);
        int n = body.endsWith("\n") ? lines.length - 1 : lines.length;
        for (int i = 0; i < n; i++) b.append(lines[i].isEmpty() ? "" : "    " + lines[i]).append('\n');
        return b.toString();
    }

    /** One compiled rule and the field table its events are read with. */
    record Compiled(SigmaRule rule, FieldSlots slots) {
        boolean matches(Map<String, String> fields) {
            return rule.detection().matches(new MapRecord(slots, fields, null));
        }

        /** A keyword search over the whole log line. */
        boolean matchesLine(String line) {
            return rule.detection().matches(new MapRecord(slots, Map.of(), line));
        }
    }

    static Compiled compile(String body) {
        return compile(body, Map.of());
    }

    static Compiled compile(String body, Map<String, List<String>> placeholders) {
        RuleLoader.Result r = RuleLoader.parse(FILE, text(body), new FieldSlots(), placeholders);
        assertThat(r.errors()).as("errors of\n" + text(body)).isEmpty();
        assertThat(r.rules()).hasSize(1);
        return new Compiled(r.rules().get(0), r.slots());
    }

    /** The errors of a whole rule file. */
    static List<RuleError> errorsOfFile(String fileText, Map<String, List<String>> placeholders) {
        RuleLoader.Result r = RuleLoader.parse(FILE, fileText, new FieldSlots(), placeholders);
        assertThat(r.rules()).as("rules loaded from\n" + fileText).isEmpty();
        return r.errors();
    }

    /** The one error of a rule whose detection is {@code body}. */
    static RuleError error(String body) {
        return error(body, Map.of());
    }

    static RuleError error(String body, Map<String, List<String>> placeholders) {
        List<RuleError> e = errorsOfFile(text(body), placeholders);
        assertThat(e).hasSize(1);
        return e.get(0);
    }

    /** An event from field, value, field, value... */
    static Map<String, String> ev(String... fieldsAndValues) {
        if (fieldsAndValues.length % 2 != 0) throw new IllegalArgumentException("field without a value");
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < fieldsAndValues.length; i += 2) m.put(fieldsAndValues[i], fieldsAndValues[i + 1]);
        return m;
    }
}
