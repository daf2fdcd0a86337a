package io.vigil.correlate.directive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class IntSpecTest {
    private static final Function<Ref, Object> NO_REFS = r -> null;

    @Test
    void listsRangesNegationAndReferencesAsOssimWritesThem() throws DirectiveException {
        IntSpec sids = IntSpec.parse("plugin_sid", "1,5-9,!7,20");
        assertThat(List.of(1, 5, 6, 8, 9, 20)).allMatch(v -> sids.matches(v, NO_REFS));
        assertThat(List.of(0, 2, 4, 7, 10, 19, 21)).noneMatch(v -> sids.matches(v, NO_REFS));
        assertThat(sids.matches(null, NO_REFS)).isFalse();

        IntSpec notSsh = IntSpec.parse("port_to", "!22");
        assertThat(notSsh.matches(80, NO_REFS)).isTrue();
        assertThat(notSsh.matches(22, NO_REFS)).isFalse();

        assertThat(IntSpec.parse("port_to", "ANY").matches(null, NO_REFS)).isTrue();

        IntSpec sameAsLevelOne = IntSpec.parse("port_to", "1:DST_PORT,443");
        Function<Ref, Object> level1 = r -> r.equals(new Ref(1, Ref.Field.DST_PORT)) ? 8080 : null;
        assertThat(sameAsLevelOne.matches(8080, level1)).isTrue();
        assertThat(sameAsLevelOne.matches(443, level1)).isTrue();
        assertThat(sameAsLevelOne.matches(80, level1)).isFalse();
        assertThat(sameAsLevelOne.matches(8080, NO_REFS)).as("an unresolved reference matches nothing").isFalse();
        assertThat(IntSpec.parse("port_to", "!1:DST_PORT").matches(8080, level1)).isFalse();
    }

    /** The lookup against the definition read item by item, on random lists of numbers, overlapping ranges, negations and references. */
    @Test
    void agreesWithTheItemByItemDefinition() throws DirectiveException {
        Random rnd = new Random(11);
        Map<Ref, Object> resolved = Map.of(new Ref(1, Ref.Field.PLUGIN_SID), 42, new Ref(2, Ref.Field.DST_PORT), 7);
        Function<Ref, Object> refs = resolved::get;
        for (int round = 0; round < 2_000; round++) {
            List<String> items = new ArrayList<>();
            for (int n = 1 + rnd.nextInt(rnd.nextBoolean() ? 4 : 60); n > 0; n--) {
                String item = switch (rnd.nextInt(6)) {
                    case 0 -> "1:PLUGIN_SID";
                    case 1 -> "2:DST_PORT";
                    case 2 -> "3:SRC_PORT"; // resolves to nothing
                    case 3, 4 -> {
                        int lo = rnd.nextInt(100);
                        yield lo + "-" + (lo + rnd.nextInt(20));
                    }
                    default -> Integer.toString(rnd.nextInt(100));
                };
                items.add(rnd.nextInt(5) == 0 ? "!" + item : item);
            }
            IntSpec spec = IntSpec.parse("plugin_sid", String.join(",", items));
            for (int v = -2; v < 125; v++) {
                assertThat(spec.matches(v, refs)).as("%d in %s", v, spec).isEqualTo(byDefinition(spec, v, refs));
            }
        }
    }

    /** A value matches when it is one of the positive items (or there are none) and none of the negated ones. */
    private static boolean byDefinition(IntSpec spec, long v, Function<Ref, Object> refs) {
        for (IntSpec.Item i : spec.negative()) if (hit(i, v, refs)) return false;
        if (spec.positive().isEmpty()) return true;
        for (IntSpec.Item i : spec.positive()) if (hit(i, v, refs)) return true;
        return false;
    }

    private static boolean hit(IntSpec.Item i, long v, Function<Ref, Object> refs) {
        if (i.ref() == null) return v >= i.lo() && v <= i.hi();
        return refs.apply(i.ref()) instanceof Number n && n.longValue() == v;
    }
}
