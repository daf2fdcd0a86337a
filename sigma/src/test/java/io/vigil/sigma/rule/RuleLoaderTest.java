package io.vigil.sigma.rule;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the loader takes from a content folder, and what it refuses of hostile YAML. */
class RuleLoaderTest {
    @TempDir Path tmp;

    @Test
    void otherYamlInAContentFolderIsNotARuleAndNotAnError() throws Exception {
        Files.writeString(tmp.resolve("docker-compose.yml"), "services:\n  web:\n    image: nginx\n");
        Files.writeString(tmp.resolve("half.yml"), "title: no detection here\nlogsource:\n  product: linux\n");
        RuleLoader.Result r = RuleLoader.load(List.of(tmp), new FieldSlots(), Map.of());
        assertThat(r.rules()).isEmpty();
        assertThat(r.errors()).singleElement().satisfies(e -> {
            assertThat(e.file().getFileName().toString()).isEqualTo("half.yml");
            assertThat(e.message()).isEqualTo("not a Sigma rule: no detection (nor correlation) section");
        });
    }

    @Test
    void anAliasBombAndCustomTagsAreRefusedWithTheirLine() {
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'z'; c++) bomb.append(c).append(": &").append(c).append(" [*").append((char) (c - 1)).append(", *").append((char) (c - 1)).append("]\n");
        RuleLoader.Result r = RuleLoader.parse(Path.of("bomb.yml"), bomb.toString(), new FieldSlots(), Map.of());
        assertThat(r.errors()).singleElement().satisfies(e -> assertThat(e.message()).contains("invalid YAML"));

        // a tag naming a Java class is only a tag: nothing is constructed, and the rule is just not valid
        String hostile = """
                title: x
                logsource: {product: linux}
                detection:
                  sel: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL ["http://127.0.0.1/"]]]]
                  condition: sel
                """;
        RuleLoader.Result h = RuleLoader.parse(Path.of("hostile.yml"), hostile, new FieldSlots(), Map.of());
        assertThat(h.rules()).isEmpty();
        assertThat(h.errors()).singleElement().satisfies(e -> assertThat(e.line()).isEqualTo(4));
    }

    @Test
    void aCollectionsGlobalPartIsMergedIntoEachMemberAndEachKeepsItsOwnId() {
        String text = """
                action: global
                title: Shells
                id: 11111111-0000-4000-8000-000000000000
                logsource: {product: linux}
                level: high
                ---
                detection:
                  k: ['/bin/sh -i']
                  condition: k
                ---
                detection:
                  k: ['bash -i >&']
                  condition: k
                """;
        RuleLoader.Result r = RuleLoader.parse(Path.of("c.yml"), text, new FieldSlots(), Map.of());
        assertThat(r.errors()).isEmpty();
        assertThat(r.rules()).extracting(SigmaRule::id).containsExactly("11111111-0000-4000-8000-000000000000", "11111111-0000-4000-8000-000000000000/2");
        assertThat(r.rules()).allSatisfy(x -> assertThat(x.level()).isEqualTo("high"));
    }
}
