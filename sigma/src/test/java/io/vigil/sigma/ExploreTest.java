package io.vigil.sigma;

import io.vigil.sigma.engine.SigmaContent;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExploreTest {
    @Test
    void explore() {
        for (String d : List.of("rules", "correlation", "invalid", "legacy-aggregation")) {
            SigmaContent c = SigmaContent.load(List.of(Fixtures.sigma(d)));
            System.out.println("== " + d + ": " + c.rules().size() + " rules, " + c.correlations().size() + " correlations, " + c.errors().size() + " errors");
            c.errors().forEach(e -> System.out.println("ERR " + e));
            c.placements().stream().filter(p -> p.inactive() != null).forEach(p -> System.out.println("INACTIVE " + p.rule().file().getFileName() + ": " + p.inactive()));
        }
    }
}
