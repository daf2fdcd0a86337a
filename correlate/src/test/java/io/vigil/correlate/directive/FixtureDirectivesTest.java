package io.vigil.correlate.directive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The compatibility suite over the OSSIM directives in ../shared/fixtures: every file loads,
 * and the loader's counts equal a plain count of the elements in the files.
 */
class FixtureDirectivesTest {
    static Path fixtures;

    @BeforeAll
    static void locate() {
        String p = System.getProperty("vigil.fixtures", System.getenv().getOrDefault("VIGIL_FIXTURES", "../../shared/fixtures"));
        fixtures = Path.of(p).resolve("ossim/directives");
        assumeTrue(Files.isDirectory(fixtures), "no fixtures at " + fixtures.toAbsolutePath() + " (set VIGIL_FIXTURES): compatibility suite skipped");
    }

    /** Elements counted by reading the text, independently of the loader. */
    static int count(Path file, String element) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8).replaceAll("(?s)<!--.*?-->", "");
        Matcher m = Pattern.compile("<" + element + "[\\s>/]").matcher(text);
        int n = 0;
        while (m.find()) n++;
        return n;
    }

    static int countAll(List<Path> files, String element) throws IOException {
        int n = 0;
        for (Path f : files) n += count(f, element);
        return n;
    }

    static List<Path> feedFiles() throws IOException {
        try (var s = Files.list(fixtures)) {
            return s.filter(f -> f.getFileName().toString().startsWith("alienvault-")).sorted().toList();
        }
    }

    @Test
    void theFreeFeedLoadsThroughDirectivesXmlWithEveryRule() throws IOException {
        DirectiveLoader.Result r = DirectiveLoader.load(List.of(fixtures.resolve("directives.xml")));
        assertThat(r.errors()).isEmpty();
        List<Path> feed = feedFiles();
        assertThat(r.directives()).hasSize(countAll(feed, "directive"));
        // Two <rule> elements of the feed sit directly inside a <rule>, without <rules>: the OSSIM
        // server never reads them nor what they hold (a subtree of 7 rules in 50028, of 3 in 40262).
        assertThat(r.rules()).isEqualTo(countAll(feed, "rule") - 7 - 3);
        assertThat(r.warnings()).extracting(ContentError::directiveId).containsOnly(50028, 40262);
        assertThat(r.warnings()).allMatch(w -> w.line() > 0 && w.message().contains("directly inside a <rule>"));
        // every include resolved by name beside directives.xml, never from /etc/ossim/server
        assertThat(r.files()).allMatch(f -> f.startsWith(fixtures.toAbsolutePath().normalize()));
        assertThat(r.files().stream().map(f -> f.getFileName().toString()))
                .contains("alienvault-bruteforce.xml", "alienvault-scan.xml", "user.xml");
    }

    @Test
    void theWholeFolderLoadsEachDirectiveOnce() throws IOException {
        DirectiveLoader.Result folder = DirectiveLoader.load(List.of(fixtures));
        // the legacy 2.1 set beside the 5.5.1 feed: its own directives.xml and includes
        Path legacy = fixtures.resolve("legacy-ossim-2.1");
        DirectiveLoader.Result legacyOnly = DirectiveLoader.load(List.of(legacy));
        DirectiveLoader.Result feedOnly = DirectiveLoader.load(List.of(fixtures.resolve("directives.xml")));
        // generic.xml of OSSIM 2.1 really has two directives with id 2: the second is reported, the first runs
        assertThat(legacyOnly.errors()).singleElement().satisfies(e -> {
            assertThat(e.file()).isEqualTo(legacy.resolve("generic.xml").toAbsolutePath().normalize());
            assertThat(e.line()).isEqualTo(73);
            assertThat(e.directiveId()).isEqualTo(2);
            assertThat(e.message()).contains("id 2 is already used by \"Possible Trojan against DST_IP:DST_PORT\" at generic.xml:46");
        });
        List<Path> legacyFiles;
        try (var s = Files.list(legacy)) {
            legacyFiles = s.filter(f -> f.toString().endsWith(".xml")).sorted().toList();
        }
        Path dup = legacy.resolve("generic.xml");
        int dupRules = count(dup, "rule") - DirectiveLoader.load(List.of(dup)).rules(); // the rules of the left-out copy
        assertThat(legacyOnly.directives()).hasSize(countAll(legacyFiles, "directive") - 1);
        assertThat(legacyOnly.rules()).isEqualTo(countAll(legacyFiles, "rule") - dupRules - 1); // one unread rule in 6015
        assertThat(legacyOnly.warnings()).extracting(ContentError::directiveId).containsExactly(6015);
        assertThat(dupRules).isPositive();
        assertThat(legacyOnly.directives().stream().filter(Directive::hasMonitorRules)).isNotEmpty();
        // Both sets in one folder: ids the two share are reported once each, never loaded twice.
        long shared = legacyOnly.directives().stream().filter(d -> feedOnly.directives().stream().anyMatch(f -> f.id() == d.id())).count();
        assertThat(folder.directives()).hasSize(feedOnly.directives().size() + legacyOnly.directives().size() - (int) shared);
        // ... and the feed's template directives.xml names a user.xml that the template folder lacks
        assertThat(folder.errors()).hasSize((int) shared + 2);
        assertThat(folder.errors()).filteredOn(e -> e.message().contains("is already used by")).hasSize((int) shared + 1);
        assertThat(folder.errors()).filteredOn(e -> e.file().endsWith("templates/directives.xml")).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("no file user.xml beside directives.xml"));
    }

    @Test
    void aBruteForceDirectiveReadsAsWritten() throws IOException {
        DirectiveLoader.Result r = DirectiveLoader.load(List.of(fixtures.resolve("directives.xml")));
        Directive d = r.directives().stream().filter(x -> x.id() == 50004).findFirst().orElseThrow();
        assertThat(d.priority()).isEqualTo(4);
        assertThat(d.file().getFileName().toString()).isEqualTo("alienvault-bruteforce.xml");
        Rule root = d.root();
        assertThat(root.level()).isEqualTo(1);
        assertThat(root.pluginId().literalValues(10)).containsExactly(4004);
        assertThat(root.pluginSid().literalValues(10)).containsExactly(2);
        assertThat(root.from().isAny()).isTrue();
        assertThat(root.reliability()).isEqualTo(1);
        Rule second = root.children().get(0);
        assertThat(second.level()).isEqualTo(2);
        assertThat(second.occurrence()).isEqualTo(20);
        assertThat(second.timeOut()).isEqualTo(600);
        assertThat(second.from().items()).singleElement().satisfies(i -> assertThat(i.ref()).isEqualTo(new Ref(1, Ref.Field.SRC_IP)));
        assertThat(root.children()).hasSize(2);
        assertThat(root.children().get(1).pluginSid().literalValues(10)).containsExactly(1);
        assertThat(d.root().depth()).isEqualTo(7);
    }
}
