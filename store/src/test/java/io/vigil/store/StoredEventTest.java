package io.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.event.Event;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The stored form of an event: exact round trips of every kind of field, a fixed format, and JSON from older stores. */
class StoredEventTest {

    private static Event roundTrip(Event e) {
        byte[] b = StoredEvent.write(e);
        return StoredEvent.read(b, 0, b.length);
    }

    private static Event randomEvent(Random rnd) {
        String alphabet = "abcXYZ 019:=\"\\\t\n\u00e9\u00ff\u0100\u07ff\u0800\u4e2d\ud83d\ude00\uffff";
        StringBuilder log = new StringBuilder();
        for (int n = rnd.nextInt(200); n > 0; n--) log.append(alphabet.charAt(rnd.nextInt(alphabet.length()))); // lone surrogates too
        String l = log.toString();
        int from = l.isEmpty() ? 0 : rnd.nextInt(l.length());
        String inside = l.substring(from, from + rnd.nextInt(l.length() - from + 1));
        Event e = new Event().log(rnd.nextInt(10) == 0 ? null : l);
        if (rnd.nextBoolean()) e.id(new UUID(rnd.nextLong(), rnd.nextLong()));
        if (rnd.nextBoolean()) e.time(Instant.ofEpochSecond(rnd.nextLong(-100_000_000_000L, 100_000_000_000L), rnd.nextInt(1_000_000_000)));
        if (rnd.nextBoolean()) e.received(Instant.ofEpochSecond(rnd.nextInt(), 0));
        if (rnd.nextBoolean()) e.message(inside);
        if (rnd.nextBoolean()) e.userdata1(inside + (rnd.nextBoolean() ? "" : "!"));
        if (rnd.nextBoolean()) e.host(inside);
        if (rnd.nextBoolean()) e.srcPort(rnd.nextInt());
        if (rnd.nextBoolean()) e.pluginSid(rnd.nextInt(3) - 1);
        if (rnd.nextBoolean()) e.truncated(true);
        if (rnd.nextBoolean()) e.malformed(true);
        for (int n = rnd.nextInt(4); n > 0; n--) e.extra().put("k" + rnd.nextInt(10) + inside, rnd.nextInt(5) == 0 ? null : inside + n);
        return e;
    }

    @Test
    void randomEventsComeBackExactly() {
        long seed = Long.getLong("vigil.test.seed", System.nanoTime());
        Random rnd = new Random(seed);
        for (int i = 0; i < 5000; i++) {
            Event e = randomEvent(rnd);
            assertThat(roundTrip(e)).as("seed " + seed).usingRecursiveComparison().isEqualTo(e);
        }
    }

    @Test
    void asciiValuesWithLoneSurrogatesComeBackExactly() {
        // The ASCII fast path sees as many UTF-8 bytes as characters for these too (the JDK
        // writes '?' for a lone surrogate): they must take the exact way.
        long seed = Long.getLong("vigil.test.seed", System.nanoTime());
        Random rnd = new Random(seed);
        String alphabet = "ab?=/ \ud800\udbff\udc00\udc3f\udfff";
        for (int i = 0; i < 5000; i++) {
            StringBuilder v = new StringBuilder();
            for (int n = rnd.nextInt(40); n > 0; n--) v.append(alphabet.charAt(rnd.nextInt(rnd.nextBoolean() ? 5 : alphabet.length())));
            Event e = new Event().log("x " + v).message(v.toString()).userdata2(v + "!");
            e.extra().put(v.toString(), v.toString());
            assertThat(roundTrip(e)).as("seed " + seed + ", value " + v.chars().mapToObj(Integer::toHexString).toList())
                    .usingRecursiveComparison().isEqualTo(e);
        }
    }

    @Test
    void questionMarksAreFoundAtEveryPosition() {
        for (int n = 0; n <= 24; n++) {
            byte[] b = "a".repeat(n).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            assertThat(StoredEvent.hasQuestionMark(b)).as("none in %d", n).isFalse();
            for (int at = 0; at < n; at++) {
                byte[] q = b.clone();
                q[at] = '?';
                assertThat(StoredEvent.hasQuestionMark(q)).as("at %d of %d", at, n).isTrue();
                q[at] = (byte) ('?' + 0x80); // the same low bits with the high bit set is not one
                assertThat(StoredEvent.hasQuestionMark(q)).as("0xBF at %d of %d", at, n).isFalse();
            }
        }
    }

    @Test
    void theFormatIsFixed() {
        // These bytes are in stores on disk: a change here must be a new version that still reads these.
        Event e = new Event().id(UUID.fromString("01938a1e-2b3c-7d4e-8f60-0123456789ab")).time(Instant.ofEpochSecond(1_764_800_000L, 5))
                .log("<38>Dec  4 10:00:00 h sshd[7]: Failed password for root").message("Failed password for root").app("sshd")
                .srcPort(-2).truncated(true);
        e.extra().put("k", "v");
        e.extra().put("n", null);
        assertThat(HexFormat.of().formatHex(StoredEvent.write(e))).isEqualTo("01"
                + "08" + "24" + HexFormat.of().formatHex("01938a1e-2b3c-7d4e-8f60-0123456789ab".getBytes(StandardCharsets.US_ASCII))
                + "13" + "80d885930d" + "05" // time: zigzag seconds, nanos
                + "30" + "37" + HexFormat.of().formatHex("<38>Dec  4 10:00:00 h sshd[7]: Failed password for root".getBytes(StandardCharsets.US_ASCII))
                + "50" + "04" + "73736864" // app
                + "71" + "1f" + "18" // message: a reference to the log, offset 31, length 24
                + "9a01" + "03" // src_port -2, zigzag
                + "cc02" // truncated
                + "05" + "02" + "01" + "6b" + "02" + "76" + "01" + "6e" + "00"); // extra: k=v, n=null
        byte[] b = StoredEvent.write(e);
        assertThat(StoredEvent.read(b, 0, b.length)).usingRecursiveComparison().isEqualTo(e);
    }

    @Test
    void eventsStoredAsJsonByEarlierVersionsAreRead() {
        Random rnd = new Random(7);
        for (int i = 0; i < 200; i++) {
            Event e = randomEvent(rnd);
            if (e.log() != null && !e.log().chars().allMatch(c -> c < 0xD800 || c > 0xDFFF)) continue; // JSON cannot hold lone surrogates
            byte[] json = EventJson.write(e);
            assertThat(StoredEvent.read(json, 0, json.length)).usingRecursiveComparison().isEqualTo(e);
        }
    }

    @Test
    void fieldsOfANewerVersionAreSkipped() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(StoredEvent.VERSION);
        b.write(100 << 3 & 0x7F | 0x80); // an unknown code, as a string
        b.write(100 << 3 >>> 7);
        b.write(2);
        b.writeBytes("zz".getBytes(StandardCharsets.US_ASCII));
        b.write(6 << 3); // log
        b.write(2);
        b.writeBytes("ok".getBytes(StandardCharsets.US_ASCII));
        b.write(7 << 3 | 2); // facility, an int
        b.write(8);
        byte[] bytes = b.toByteArray();
        Event e = StoredEvent.read(bytes, 0, bytes.length);
        assertThat(e.log()).isEqualTo("ok");
        assertThat(e.facility()).isEqualTo(4);
    }

    @Test
    void damagedBytesAreAnErrorNotAWrongEvent() {
        byte[] b = StoredEvent.write(new Event().log("a line long enough").message("a line long enough"));
        assertThatThrownBy(() -> StoredEvent.read(b, 0, b.length - 1)).hasMessageContaining("stored event cannot be read");
        byte[] wrongVersion = b.clone();
        wrongVersion[0] = 9;
        assertThatThrownBy(() -> StoredEvent.read(wrongVersion, 0, wrongVersion.length)).hasMessageContaining("unknown version 9");
        byte[] reference = {StoredEvent.VERSION, 6 << 3, 5, 's', 'h', 'o', 'r', 't', (byte) 0xC9, 1, 2, 40}; // userdata1 (code 25) as a reference
        assertThatThrownBy(() -> StoredEvent.read(reference, 0, reference.length)).hasMessageContaining("userdata1 points outside the log");
    }

    @Test
    void everyFieldHasACodeAndCodesAreNotReused() {
        for (EventFields.Def def : EventFields.ALL) assertThat(StoredEvent.CODES).as(def.name()).contains(def.name());
        assertThat(StoredEvent.CODES).doesNotHaveDuplicates();
    }
}
