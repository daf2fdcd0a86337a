package io.vigil.normalize.ossim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** INI reading as Python 2.7's ConfigParser with the agent's option pattern and Conf.get. */
class OssimIniTest {

    private static OssimIni ini(String text) {
        return OssimIni.parse("test.cfg", text);
    }

    @Test
    void sectionsKeepFileOrderAndTheirFirstLine() {
        OssimIni i = ini("""
                # comment
                [DEFAULT]
                plugin_id=4003

                [config]
                type=detector
                [zzz]
                a=1
                [0001 - Invalid user]
                b=2
                [zzz]
                c=3
                """);
        assertThat(i.sections()).containsExactly("config", "zzz", "0001 - Invalid user");
        assertThat(i.section("config").line()).isEqualTo(5);
        assertThat(i.section("zzz").line()).isEqualTo(7);
        // a repeated section is merged, as Python 2 does
        assertThat(i.raw("zzz", "a")).isEqualTo("1");
        assertThat(i.raw("zzz", "c")).isEqualTo("3");
        assertThat(i.entry("zzz", "c").line()).isEqualTo(12);
        assertThat(i.problems()).isEmpty();
    }

    @Test
    void defaultValuesAreInheritedByEverySection() {
        OssimIni i = ini("""
                [DEFAULT]
                plugin_id=4003
                dst_port=22
                [a]
                dst_port=23
                [b]
                x=1
                """);
        assertThat(i.raw("a", "plugin_id")).isEqualTo("4003");
        assertThat(i.raw("a", "dst_port")).isEqualTo("23");
        assertThat(i.raw("b", "dst_port")).isEqualTo("22");
        assertThat(i.entry("b", "dst_port").line()).isEqualTo(3);
        assertThat(i.options("b")).containsExactly("x", "plugin_id", "dst_port");
        assertThat(i.hasOption("b", "plugin_id")).isTrue();
        assertThat(i.hasOption("nosuch", "plugin_id")).isFalse();
        assertThat(i.sections()).doesNotContain("DEFAULT");
    }

    @Test
    void optionNamesAreCaseInsensitiveSectionNamesAreNot() {
        OssimIni i = ini("""
                [Rule]
                RegExp = abc
                Plugin_SID: 5
                """);
        assertThat(i.raw("Rule", "regexp")).isEqualTo("abc");
        assertThat(i.raw("Rule", "REGEXP")).isEqualTo("abc");
        assertThat(i.section("Rule").entries()).containsOnlyKeys("regexp", "plugin_sid");
        assertThat(i.raw("Rule", "plugin_sid")).isEqualTo("5");
        assertThat(i.hasSection("rule")).isFalse();
    }

    @Test
    void nameEndsAtTheFirstEqualsSignOrElseTheLastColon() {
        OssimIni i = ini("""
                [s]
                regexp=(?P<date>\\d\\d:\\d\\d)=x
                a:b:c
                05:00 = morning
                """);
        assertThat(i.raw("s", "regexp")).isEqualTo("(?P<date>\\d\\d:\\d\\d)=x");
        assertThat(i.raw("s", "a:b")).isEqualTo("c");
        assertThat(i.raw("s", "05:00")).isEqualTo("morning");
    }

    @Test
    void inlineCommentsNeedWhiteSpaceBeforeTheFirstSemicolon() {
        OssimIni i = ini("""
                [s]
                a=yes   ; launch plugin
                b=x;y ;z
                c=value\t; tab before
                d=;starts with a semicolon
                e=;ends with a space\s
                f= ; only a comment
                """);
        assertThat(i.raw("s", "a")).isEqualTo("yes");
        // only the first ';' is looked at: not preceded by a space, so nothing is a comment
        assertThat(i.raw("s", "b")).isEqualTo("x;y ;z");
        assertThat(i.raw("s", "c")).isEqualTo("value");
        // Python checks optval[pos-1]; at position 0 that is the last character
        assertThat(i.raw("s", "d")).isEqualTo(";starts with a semicolon");
        assertThat(i.raw("s", "e")).isEmpty();
        // the spaces after '=' belong to the separator: ';' is then at position 0
        assertThat(i.raw("s", "f")).isEqualTo("; only a comment");
    }

    @Test
    void fullLineComments() {
        OssimIni i = ini("""
                ; semicolon comment
                # hash comment
                rem a rem comment
                REM another
                [s]
                # x=1
                ;y=2
                Rem: value (first word 'Rem:' is not 'rem')
                remark=kept
                """);
        assertThat(i.raw("s", "x")).isNull();
        assertThat(i.raw("s", "y")).isNull();
        assertThat(i.raw("s", "remark")).isEqualTo("kept");
        // no '=': the name runs to the last ':'
        assertThat(i.raw("s", "rem: value (first word 'rem")).isEqualTo("' is not 'rem')");
        assertThat(i.problems()).isEmpty();
    }

    @Test
    void indentedLinesContinueTheValue() {
        OssimIni i = ini("""
                [s]
                regexp=first
                    second ; not a comment here

                  # third, even this
                other=x
                """);
        assertThat(i.raw("s", "regexp")).isEqualTo("first\nsecond ; not a comment here\n# third, even this");
        assertThat(i.entry("s", "regexp").line()).isEqualTo(2);
        assertThat(i.raw("s", "other")).isEqualTo("x");
    }

    @Test
    void emptyQuotesAreEmptyAndValuesAreStripped() {
        OssimIni i = ini("""
                [s]
                a=""
                b =   spaced\t
                c=
                """);
        assertThat(i.raw("s", "a")).isEmpty();
        assertThat(i.raw("s", "b")).isEqualTo("spaced");
        assertThat(i.raw("s", "c")).isEmpty();
    }

    @Test
    void quotesAreStrippedTheWayTheAgentStripsThem() {
        assertThat(OssimIni.stripQuotes("\"abc\"")).isEqualTo("abc");
        assertThat(OssimIni.stripQuotes("'abc'")).isEqualTo("abc");
        // every leading/trailing double quote, then every single quote
        assertThat(OssimIni.stripQuotes("\"\"a\"b\"\"")).isEqualTo("a\"b");
        assertThat(OssimIni.stripQuotes("\"'x'\"")).isEqualTo("x");
        assertThat(OssimIni.stripQuotes("'\"x\"'")).isEqualTo("\"x\"");
        // a regexp that ends with an escaped quote loses the quote, as in the agent
        assertThat(OssimIni.stripQuotes("\"foo\\\"\"")).isEqualTo("foo\\");
        OssimIni i = ini("""
                [s]
                regexp="(?P<x>\\S+)"
                """);
        assertThat(i.value("s", "regexp")).isEqualTo("(?P<x>\\S+)");
        assertThat(i.raw("s", "regexp")).isEqualTo("\"(?P<x>\\S+)\"");
    }

    @Test
    void interpolationFromTheSectionThenDefault() throws Exception {
        OssimIni i = ini("""
                [DEFAULT]
                process=apache2
                dir=/var/log
                [config]
                location=%(dir)s/%(process)s/access.log
                process=httpd
                startup=/etc/init.d/%(PROCESS)s start
                percent=100%% of %(process)s
                plain=100%% and %d untouched
                me=%(__name__)s
                deep=%(location)s
                """);
        assertThat(i.get("config", "location")).isEqualTo("/var/log/httpd/access.log");
        assertThat(i.get("config", "startup")).isEqualTo("/etc/init.d/httpd start");
        assertThat(i.get("config", "percent")).isEqualTo("100% of httpd");
        // without %( Python 2 leaves the value alone, %% included
        assertThat(i.get("config", "plain")).isEqualTo("100%% and %d untouched");
        assertThat(i.get("config", "me")).isEqualTo("config");
        assertThat(i.get("config", "deep")).isEqualTo("/var/log/httpd/access.log");
        assertThat(i.raw("config", "location")).isEqualTo("%(dir)s/%(process)s/access.log");
    }

    @Test
    void interpolationErrorsReadAsEmptyThroughValue() {
        OssimIni i = ini("""
                [s]
                missing=%(nosuch)s
                badconv=%(a)d
                a=1
                loop=%(loop)s
                """);
        assertThatThrownBy(() -> i.get("s", "missing")).isInstanceOf(OssimIni.InterpolationException.class);
        assertThatThrownBy(() -> i.get("s", "badconv")).isInstanceOf(OssimIni.InterpolationException.class);
        assertThatThrownBy(() -> i.get("s", "loop")).hasMessageContaining("recursive");
        assertThat(i.value("s", "missing")).isEmpty();
        assertThat(i.value("s", "nosuchoption")).isEmpty();
    }

    @Test
    void booleansAsPython() {
        OssimIni i = ini("""
                [config]
                a=yes
                b=True
                c=off
                d=0
                e=maybe
                """);
        assertThat(i.bool("config", "a")).isTrue();
        assertThat(i.bool("config", "b")).isTrue();
        assertThat(i.bool("config", "c")).isFalse();
        assertThat(i.bool("config", "d")).isFalse();
        assertThat(i.bool("config", "e")).isNull();
        assertThat(i.bool("config", "f")).isNull();
    }

    @Test
    void badLinesAreProblemsWithTheirLine() {
        OssimIni i = ini("""
                [s]
                a=1
                this line has no separator
                [t]
                  indented right after a header
                b=2
                """);
        assertThat(i.problems()).extracting(OssimIni.Problem::line).containsExactly(3, 5);
        // the rest is still read
        assertThat(i.raw("t", "b")).isEqualTo("2");
    }

    @Test
    void optionsBeforeAnySectionStopTheFile() {
        OssimIni i = ini("a=1\n[s]\nb=2\n");
        assertThat(i.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(1);
            assertThat(p.reason()).contains("no section headers");
        });
    }

    @Test
    void lineEndingsAndEncodings() {
        OssimIni i = ini("[s]\r\na=1\r\nb=2\rc=3\n");
        assertThat(i.raw("s", "a")).isEqualTo("1");
        assertThat(i.raw("s", "b")).isEqualTo("2");
        assertThat(i.raw("s", "c")).isEqualTo("3");
        assertThat(i.entry("s", "c").line()).isEqualTo(4);
        assertThat(OssimIni.decode("[s]\na=caf\u00e9\n".getBytes(StandardCharsets.UTF_8))).contains("caf\u00e9");
        assertThat(OssimIni.decode("[s]\na=caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1))).contains("caf\u00e9");
        assertThat(OssimIni.decode("\uFEFF[s]".getBytes(StandardCharsets.UTF_8))).isEqualTo("[s]");
    }

    @Test
    void sectionHeaderIgnoresTrailingText() {
        OssimIni i = ini("[abc] trailing\nx=1\n[a]b]\ny=2\n");
        assertThat(i.sections()).containsExactly("abc", "a");
        assertThat(i.raw("a", "y")).isEqualTo("2");
    }
}
