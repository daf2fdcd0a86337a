package io.vigil.normalize.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.vigil.core.event.Event;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Whatever the input, no decoder throws: random text, valid lines cut and mutated, and
 * hostile shapes (deep nesting, long runs of escapes, huge lines). The seed is printed with a
 * failure; {@code -Dvigil.decode.seed=N} replays it.
 */
class RandomInputTest {
    private static final List<String> SAMPLES = List.of(
            "CEF:0|Security|threatmanager|1.0|100|worm \\| stopped|10|src=10.0.0.1 msg=a \\= b\\nc cs1Label=Rule cs1=x rt=Nov 25 2026 10:00:00",
            "<14>Apr  7 10:10:10 host CEF: 0|V|P|1|id|n|Very-High|suser=John Smith spt=80 request=http://x/?a=b",
            "LEEF:1.0|Microsoft|MSExchange|4.0 SP1|15345|src=192.0.2.0\tdst=172.50.123.1\tsev=5\tdevTime=Nov 25 2026 10:00:00",
            "LEEF:2.0|Lancope|StealthWatch|1.0|41|x5E|src=10.0.1.8^dst=10.0.0.5^devTimeFormat=yyyy-MM-dd^devTime=2026-11-25",
            "LEEF:2.0|V|P|1|ID|||src=10.0.0.1|path=C:\\dir\\|usrName=a\\|b",
            WindowsEventJsonDecoderTest.NXLOG_4624,
            "{\"winlog\":{\"event_id\":\"4625\",\"event_data\":{\"TargetUserName\":\"x\",\"IpAddress\":\"::ffff:1.2.3.4\"}},\"@timestamp\":\"2026-11-25T10:00:00Z\"}",
            "{\"win\":{\"system\":{\"eventID\":\"7045\",\"message\":\"\\\"quoted\\\"\"},\"eventdata\":{\"accountName\":\"LocalSystem\"}}}",
            "{\"timestamp\":\"2022-07-10T23:50:05.533101+0000\",\"src_ip\":\"1.2.3.4\",\"src_port\":52812,\"alert\":{\"signature_id\":1}}",
            "date=2026-11-25 time=10:00:00 devname=\"FG\" srcip=1.2.3.4 dstport=443 proto=6 user='a\\'b' tz=\"+0100\"",
            "IN=eth0 OUT= MAC=00:08 SRC=195.54.160.107 DST=51.15.166.67 PROTO=TCP SPT=8080 DPT=8123 SYN URGP=0");

    private static final String ALPHABET = "CEFLEF:|=\\\"'{}[],. \t\r\n0123456789abcxyzABC^-+/:%~@\u00e9\u4e2d\uD83D\uDE00\u0000";
    private static final String[] TOKENS = {"CEF:0|", "LEEF:1.0|", "LEEF:2.0|", "|", "\\", "\\|", "\\=", "\\\\", "=", " ",
        "\t", "\n", "src=", "dst=", "spt=", "rt=", "devTime=", "devTimeFormat=", "sev=", "cs1Label=", "cs1=", "x09|", "^",
        "{", "}", "\"EventID\":", "\"winlog\":{", "\"win\":{\"system\":{", "\"", ":", ",", "[", "]", "null", "1e999",
        "::ffff:", "1.2.3.4", "999.1.1.1", "65536", "-1", "Nov 25 2026 10:00:00", "yyyy-MM-dd'T'", "'", "\uD800"};

    private final Decoders decoders = new Decoders();

    @Test
    void randomStringsNeverThrow() {
        long seed = Long.getLong("vigil.decode.seed", 20261125L);
        Random r = new Random(seed);
        for (int i = 0; i < 20_000; i++) {
            String s = switch (i % 4) {
                case 0 -> randomChars(r, r.nextInt(120));
                case 1 -> randomTokens(r, r.nextInt(40));
                case 2 -> mutate(r, SAMPLES.get(r.nextInt(SAMPLES.size())));
                default -> {
                    String sample = SAMPLES.get(r.nextInt(SAMPLES.size()));
                    yield sample.substring(0, r.nextInt(sample.length() + 1));
                }
            };
            exercise(s, seed, i);
        }
    }

    @Test
    void hostileShapes() {
        String deep = "{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        String deepObjects = "{\"EventID\":1,\"x\":" + "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000) + "}";
        String backslashes = "CEF:0|V|P|1|id|n|1|msg=" + "\\".repeat(100_001) + " src=1.2.3.4";
        String manyPairs = "CEF:0|V|P|1|id|n|1|" + "k=v ".repeat(100_000);
        String leefEscapes = "LEEF:2.0|V|P|1|ID|^|" + "a=\\^b".repeat(100_000);
        String kvQuotes = "a=1 b=\"" + "\\\"".repeat(100_000);
        String pipes = "CEF:0" + "|".repeat(100_000);
        String prefixes = "CEF: ".repeat(100_000) + "CEF:0|";
        for (String s : List.of(deep, deepObjects, backslashes, manyPairs, leefEscapes, kvQuotes, pipes, prefixes)) {
            exercise(s, 0, -1);
        }
        Decoded d = new JsonLineDecoder().decode(deep);
        assertThat(d.errors()).singleElement().asString().startsWith("invalid JSON");
        assertThat(new CefDecoder().decode(manyPairs).fields()).containsKey("k.100000");
    }

    private void exercise(String s, long seed, int i) {
        try {
            for (StructuredDecoder d : decoders.all()) {
                d.accepts(s);
                Decoded x = d.decode(s);
                assertThat(x).isNotNull();
                assertThat(x.decoder()).isEqualTo(d.name());
                assertThat(x.errors()).doesNotContain((String) null).noneMatch(e -> e.startsWith("internal error"));
                x.applyTo(new Event());
            }
            decoders.apply(new Event().message(s));
            decoders.apply(new Event().app("CEF").message(s));
        } catch (Throwable t) {
            fail("seed " + seed + " iteration " + i + " input " + Values.quote(s) + ": " + t, t);
        }
    }

    private static String randomChars(Random r, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) b.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
        return b.toString();
    }

    private static String randomTokens(Random r, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(r.nextInt(3) == 0 ? randomChars(r, r.nextInt(6)) : TOKENS[r.nextInt(TOKENS.length)]);
        }
        return b.toString();
    }

    private static String mutate(Random r, String s) {
        StringBuilder b = new StringBuilder(s);
        int edits = 1 + r.nextInt(6);
        for (int i = 0; i < edits && !b.isEmpty(); i++) {
            int at = r.nextInt(b.length());
            switch (r.nextInt(4)) {
                case 0 -> b.deleteCharAt(at);
                case 1 -> b.insert(at, ALPHABET.charAt(r.nextInt(ALPHABET.length())));
                case 2 -> b.insert(at, TOKENS[r.nextInt(TOKENS.length)]);
                default -> b.setCharAt(at, ALPHABET.charAt(r.nextInt(ALPHABET.length())));
            }
        }
        return b.toString();
    }
}
