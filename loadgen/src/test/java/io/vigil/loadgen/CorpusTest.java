package io.vigil.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusTest {
    @TempDir Path tmp;

    private Path file(String... lines) throws Exception {
        Path f = tmp.resolve("corpus.log");
        Files.write(f, List.of(lines), StandardCharsets.ISO_8859_1);
        return f;
    }

    @Test
    void fileLinesAreSplitIntoProgramPidAndMessageWithAddressesRewritten() throws Exception {
        Corpus c = Corpus.loadFile(file("Nov 25 10:00:00 web1 sshd[4242]: Failed password for root from 203.0.113.7 port 22 ssh2"), 1, 0, 1);
        Corpus.Entry e = c.get(0);
        assertThat(e.app()).isEqualTo("sshd");
        assertThat(e.procid()).isEqualTo("4242");
        assertThat(e.message()).startsWith("Failed password for root from ").endsWith(" port 22 ssh2").doesNotContain("203.0.113.7");
        assertThat(new String(e.tail(), StandardCharsets.UTF_8)).isEqualTo("sshd[4242]: " + e.message());
    }

    @Test
    void linesWithoutASyslogHeaderAreSentWhole() throws Exception {
        Corpus.Entry e = Corpus.loadFile(file("CEF:0|V|P|1|100|x|5|src=10.0.0.1"), 1, 0, 1).get(0);
        assertThat(e.app()).isEqualTo("app");
        assertThat(e.message()).startsWith("CEF:0|V|P|1|100|x|5|src=");
    }

    @Test
    void controlCharactersNeverReachTheWireAndBlankLinesAreSkipped() throws Exception {
        Corpus c = Corpus.loadFile(file("a\tb\u0001c", "", "   "), 5, 0, 1);
        for (int i = 0; i < 5; i++) assertThat(c.get(i).message()).isEqualTo("a b c");
    }

    @Test
    void rewrittenAddressesVaryAndStayValid() {
        Random rnd = new Random(3);
        String a = Corpus.rewriteAddresses("from 1.2.3.4 to 5.6.7.8 (v1.2.3)", rnd);
        String b = Corpus.rewriteAddresses("from 1.2.3.4 to 5.6.7.8 (v1.2.3)", rnd);
        assertThat(a).isNotEqualTo(b).endsWith("(v1.2.3)").matches("from \\d+\\.\\d+\\.\\d+\\.\\d+ to \\d+\\.\\d+\\.\\d+\\.\\d+ \\(v1\\.2\\.3\\)");
    }

    @Test
    void theAttackShareHoldsOverAnyStretch() throws Exception {
        Corpus c = Corpus.loadFile(file("Nov 25 10:00:00 h cron[1]: job"), 10, 0.05, 1);
        for (int start : new int[] {0, 12_345, 1_000_000}) {
            int attacks = 0;
            for (int n = start; n < start + 10_000; n++) if (c.get(n).message().startsWith("Failed password")) attacks++;
            assertThat(attacks).isBetween(450, 550);
        }
        assertThatThrownBy(() -> Corpus.loadFile(file("x"), 1, 1.5, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void encodedMessagesCarryTheRunsHostAndAFreshTimestamp() throws Exception {
        MessageEncoder enc = new MessageEncoder(Corpus.loadFile(file("Nov 25 10:00:00 web1 sshd[7]: hello"), 1, 0, 1), "r1");
        int[] len = new int[1];
        byte[] buf = enc.encode(17, new byte[8], len);
        String m = new String(buf, 0, len[0], StandardCharsets.US_ASCII);
        assertThat(m).matches("<38>[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d lgr1-1 sshd\\[7\\]: hello");
        buf = enc.probe(5, buf, len);
        assertThat(new String(buf, 0, len[0], StandardCharsets.US_ASCII)).contains(" lgr1-p vigilprobe[900000005]: load generator probe 5");
        assertThat(MessageEncoder.probeSeq("900000005")).isEqualTo(5);
        assertThat(MessageEncoder.probeSeq("5")).isEqualTo(-1); // a real pid
        assertThat(MessageEncoder.probeSeq("sshd")).isEqualTo(-1);
    }
}
