package io.vigil.normalize.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.event.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WindowsEventXmlDecoderTest {
    private final WindowsEventXmlDecoder win = new WindowsEventXmlDecoder();

    static final String SECURITY_4624 = "<Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\"><System>"
            + "<Provider Name=\"Microsoft-Windows-Security-Auditing\" Guid=\"{54849625-5478-4994-a5ba-3e3b0328c30d}\"></Provider>"
            + "<EventID Qualifiers=\"\">4624</EventID><Version>2</Version><Level>0</Level><Task>12544</Task>"
            + "<TimeCreated SystemTime=\"2026-11-25 10:00:01.250000\"></TimeCreated><EventRecordID>88123</EventRecordID>"
            + "<Correlation ActivityID=\"\" RelatedActivityID=\"\"></Correlation><Execution ProcessID=\"640\" ThreadID=\"712\"></Execution>"
            + "<Channel>Security</Channel><Computer>WS1.corp.example</Computer><Security UserID=\"\"></Security></System>"
            + "<EventData><Data Name=\"SubjectUserName\">WS1$</Data><Data Name=\"SubjectDomainName\">CORP</Data>"
            + "<Data Name=\"TargetUserName\">alice</Data><Data Name=\"TargetDomainName\">CORP</Data><Data Name=\"LogonType\">10</Data>"
            + "<Data Name=\"WorkstationName\">LAPTOP7</Data><Data Name=\"IpAddress\">192.0.2.10</Data><Data Name=\"IpPort\">50123</Data>"
            + "<Data Name=\"ProcessName\">C:\\Windows\\System32\\svchost.exe</Data>"
            + "<Data Name=\"LogonGuid\">{00000000-0000-0000-0000-000000000000}</Data></EventData></Event>";

    @Test
    void securityLogonAsEvtxRenderingsWriteIt() {
        Decoded d = win.decode(SECURITY_4624);

        assertThat(d.errors()).isEmpty();
        assertThat(d.eventFields()).containsEntry("time", Instant.parse("2026-11-25T10:00:01.250Z"))
                .containsEntry("host", "WS1.corp.example").containsEntry("app", "Microsoft-Windows-Security-Auditing")
                .containsEntry("username", "alice").containsEntry("userdata7", "CORP").containsEntry("userdata9", "WS1$")
                .containsEntry("src_ip", "192.0.2.10").containsEntry("src_port", 50123)
                .containsEntry("filename", "C:\\Windows\\System32\\svchost.exe").containsEntry("userdata1", "4624")
                .containsEntry("userdata2", "Security").containsEntry("userdata3", "10").containsEntry("userdata4", "LAPTOP7");
        assertThat(d.extra()).containsEntry("win.LogonGuid", "{00000000-0000-0000-0000-000000000000}")
                .containsEntry("win.EventRecordID", "88123").containsEntry("win.Execution.ProcessID", "640")
                .containsEntry("win.Provider.Guid", "{54849625-5478-4994-a5ba-3e3b0328c30d}")
                .doesNotContainKeys("win.TargetUserName", "win.EventID", "win.EventID.Qualifiers", "win.Security.UserID", "win.xmlns");
    }

    @Test
    void eventViewerCopyWithBulletsAndIndentation() {
        String copied = "- <Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\">\n- <System>\n"
                + "  <Provider Name=\"Microsoft-Windows-Security-Auditing\" Guid=\"{54849625-5478-4994-a5ba-3e3b0328c30d}\" />\n"
                + "  <EventID>4625</EventID>\n  <TimeCreated SystemTime=\"2026-04-28T16:09:28.9443547Z\" />\n"
                + "  <Channel>Security</Channel>\n  <Computer>exchange-1.corp.example</Computer>\n  <Security />\n  </System>\n"
                + "- <EventData>\n  <Data Name=\"TargetUserName\">administrator</Data>\n  <Data Name=\"IpAddress\">203.0.113.5</Data>\n"
                + "  <Data Name=\"Status\">0xc000006d</Data>\n  </EventData>\n  </Event>\n";

        assertThat(win.accepts(copied)).isTrue();
        Decoded d = win.decode(copied);

        assertThat(d.errors()).isEmpty();
        assertThat(d.eventFields()).containsEntry("time", Instant.parse("2026-04-28T16:09:28.9443547Z"))
                .containsEntry("userdata1", "4625").containsEntry("username", "administrator")
                .containsEntry("src_ip", "203.0.113.5").containsEntry("userdata8", "0xc000006d")
                .containsEntry("host", "exchange-1.corp.example");
    }

    @Test
    void userDataRenderingInfoUnnamedDataAndEntities() {
        Decoded d = win.decode("<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                + "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Eventlog'/>"
                + "<EventID>1102</EventID><Channel>Security</Channel><Computer>DC01</Computer></System>"
                + "<UserData><LogFileCleared xmlns='http://manifests.microsoft.com/win/2004/08/windows/eventlog'>"
                + "<SubjectUserName>bob</SubjectUserName><SubjectDomainName>CORP</SubjectDomainName></LogFileCleared></UserData>"
                + "<EventData><Data>first</Data><Data>second &amp; third</Data></EventData>"
                + "<RenderingInfo Culture='en-US'><Message>The audit log was cleared.</Message><Level>Information</Level>"
                + "<Keywords><Keyword>Audit Success</Keyword></Keywords></RenderingInfo></Event>");

        assertThat(d.errors()).isEmpty();
        assertThat(d.eventFields()).containsEntry("username", "bob").containsEntry("userdata7", "CORP")
                .containsEntry("userdata1", "1102").containsEntry("message", "The audit log was cleared.");
        assertThat(d.extra()).containsEntry("win.Data", "first").containsEntry("win.Data.2", "second & third")
                .containsEntry("win.Keyword", "Audit Success").containsEntry("win.Level", "Information");
    }

    @Test
    void externalEntitiesAndDtdsAreNeverRead(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET-CONTENT");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE Event [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>"
                + "<Event><System><EventID>4624</EventID><Computer>&x;</Computer></System></Event>";
        String laughs = "<?xml version=\"1.0\"?><!DOCTYPE Event [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
                + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">]>"
                + "<Event><System><EventID>1</EventID><Computer>&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;</Computer></System></Event>";

        for (String doc : new String[] {xxe, laughs}) {
            Decoded d = win.decode(doc);
            assertThat(d.toString()).doesNotContain("TOP-SECRET").doesNotContain("aaaaaaaaaaaaaaaaaaaa");
            assertThat(d.errors()).isNotEmpty(); // the entity is not defined for a parser that reads no DTD
            Event e = new Event();
            d.applyTo(e);
            assertThat(e.extra()).containsEntry("decoder", "windows-xml").containsKey("decode_error");
        }
    }

    @Test
    void brokenXmlKeepsWhatCameBeforeTheBreak() {
        Decoded d = win.decode("<Event><System><EventID>4625</EventID><Channel>Security</Channel><Computer>x</Comp></System></Event>");

        // where and why, on one line: the parser's own location line is not repeated
        assertThat(d.errors()).singleElement().asString().matches("invalid XML at column 8[0-9]: [^\\n]*Comp[^\\n]*");
        assertThat(d.eventFields()).containsEntry("userdata1", "4625").containsEntry("userdata2", "Security");
    }

    @Test
    void acceptsOnlyAnEventElementThatTheMessageEndsWith() {
        assertThat(win.accepts(SECURITY_4624)).isTrue();
        assertThat(win.accepts("  \uFEFF" + SECURITY_4624 + " \r\n")).isTrue();
        assertThat(win.accepts("<Events><Event></Event></Events>")).isFalse();
        assertThat(win.accepts("<EventLog>x</Event>")).isFalse();
        assertThat(win.accepts("text before <Event></Event>")).isFalse();
        assertThat(win.accepts(SECURITY_4624 + " trailing")).isFalse();
        assertThat(win.accepts("<Event")).isFalse();
        assertThat(win.accepts("")).isFalse();
    }

    /** Cut and garbled events: decode never throws, and says in its own words what it could not read. */
    @Test
    void randomDamageNeverThrows() {
        Random rnd = new Random(7);
        for (int i = 0; i < 2_000; i++) {
            StringBuilder b = new StringBuilder(SECURITY_4624);
            for (int k = rnd.nextInt(4); k >= 0 && b.length() > 0; k--) {
                int at = rnd.nextInt(b.length());
                switch (rnd.nextInt(3)) {
                    case 0 -> b.delete(at, Math.min(b.length(), at + 1 + rnd.nextInt(20)));
                    case 1 -> b.insert(at, "<>&;\"'/=".charAt(rnd.nextInt(8)));
                    default -> b.setLength(at);
                }
            }
            String m = b.toString();
            Decoded d = win.decode(m);
            assertThat(d.decoder()).isEqualTo("windows-xml");
            // every problem is named as the reader saw it, none is an exception escaping the mapping
            assertThat(d.errors()).as(m).allMatch(x -> x.startsWith("invalid XML") || x.startsWith("not a Windows event")
                    || x.startsWith("root element") || x.startsWith("invalid ") || x.contains(": not "), "a reader's message");
            assertThat(d.errors()).as(m).noneMatch(x -> x.startsWith("internal error"));
        }
    }
}
