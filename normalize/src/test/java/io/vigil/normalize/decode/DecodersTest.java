package io.vigil.normalize.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.event.Event;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecodersTest {
    private final Decoders decoders = new Decoders();

    @Test
    void orderAndNames() {
        assertThat(decoders.all()).extracting(StructuredDecoder::name).containsExactly("cef", "leef", "windows-json", "windows-xml", "json", "kv");
        assertThat(decoders.get("kv")).get().isInstanceOf(KeyValueDecoder.class);
        assertThat(decoders.get("xml")).isEmpty();
    }

    @Test
    void theFirstThatAcceptsWins() {
        assertThat(name("CEF:0|V|P|1|id|n|1|src=10.0.0.1 dst=10.0.0.2")).isEqualTo("cef");
        assertThat(name("LEEF:1.0|V|P|1|id|src=10.0.0.1\tdst=10.0.0.2")).isEqualTo("leef");
        assertThat(name(WindowsEventJsonDecoderTest.NXLOG_4624)).isEqualTo("windows-json");
        assertThat(name(WindowsEventXmlDecoderTest.SECURITY_4624)).isEqualTo("windows-xml");
        assertThat(name("{\"src_ip\":\"10.0.0.1\",\"event_type\":\"alert\"}")).isEqualTo("json");
        assertThat(name("srcip=10.0.0.1 dstip=10.0.0.2")).isEqualTo("kv");
        assertThat(name("Failed password for root from 192.0.2.1 port 22 ssh2")).isNull();
        assertThat(name("")).isNull();
        assertThat(name(null)).isNull();
        // a CEF line is kv-shaped too, and a JSON line may hold key=value text: order decides
        assertThat(name("{\"msg\":\"a=1 b=2\"}")).isEqualTo("json");
    }

    @Test
    void applyPutsTheDecoderNameInTheEvent() {
        Event e = new Event().message("srcip=10.0.0.1 dstip=10.0.0.2");
        assertThat(decoders.apply(e)).isPresent();
        assertThat(e.extra()).containsEntry("decoder", "kv");
        assertThat(e.srcIp()).isEqualTo("10.0.0.1");

        Event prose = new Event().message("hello world");
        assertThat(decoders.apply(prose)).isEmpty();
        assertThat(prose.extra()).isEmpty();
    }

    @Test
    void aCefPrefixTheSyslogParserTookForTheProgramIsPutBack() {
        // "<14>Apr  7 10:10:10 hostname CEF: 0|..." parses as app "CEF", message "0|..."
        Event e = new Event().app("CEF").host("hostname").message("0|Palo Alto Networks|PAN-OS|6.1.3|url|THREAT|1|src=10.10.10.10");
        assertThat(Decoders.text(e)).isEqualTo("CEF:0|Palo Alto Networks|PAN-OS|6.1.3|url|THREAT|1|src=10.10.10.10");
        assertThat(decoders.apply(e)).get().extracting(Decoded::decoder).isEqualTo("cef");
        assertThat(e.srcIp()).isEqualTo("10.10.10.10");
        assertThat(e.app()).isEqualTo("PAN-OS");

        Event leef = new Event().app("LEEF").message("2.0|V|P|1|ID|^|src=10.0.0.1");
        assertThat(decoders.apply(leef)).get().extracting(Decoded::decoder).isEqualTo("leef");
        assertThat(leef.srcIp()).isEqualTo("10.0.0.1");

        // an ordinary program called CEF is left alone; no message: the raw log
        assertThat(Decoders.text(new Event().app("CEF").message("starting up"))).isEqualTo("starting up");
        assertThat(Decoders.text(new Event().app("CEF").message("  "))).isEqualTo("  ");
        assertThat(Decoders.text(new Event().log("raw line"))).isEqualTo("raw line");
    }

    @Test
    void namesMustDiffer() {
        assertThatThrownBy(() -> new Decoders(List.of(new KeyValueDecoder(), new KeyValueDecoder())))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private String name(String message) {
        return decoders.select(message).map(StructuredDecoder::name).orElse(null);
    }
}
