package io.vigil.normalize.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.event.Event;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonLineDecoderTest {
    private final JsonLineDecoder json = new JsonLineDecoder();

    @Test
    void ecsShape() {
        Decoded d = json.decode("{\"@timestamp\":\"2026-11-25T10:00:00.5Z\",\"message\":\"login failed\","
                + "\"source\":{\"ip\":\"192.0.2.1\",\"port\":51000},\"destination\":{\"ip\":\"198.51.100.2\",\"port\":22},"
                + "\"network\":{\"transport\":\"tcp\"},\"user\":{\"name\":\"root\"},\"host\":{\"name\":\"web01\"},"
                + "\"event\":{\"action\":\"ssh_login\",\"outcome\":\"failure\",\"code\":\"4625\"},\"tags\":[\"a\",\"b\"]}");

        assertThat(d.errors()).isEmpty();
        assertThat(d.eventFields()).containsEntry("time", Instant.parse("2026-11-25T10:00:00.5Z"))
                .containsEntry("message", "login failed").containsEntry("src_ip", "192.0.2.1").containsEntry("src_port", 51000)
                .containsEntry("dst_ip", "198.51.100.2").containsEntry("dst_port", 22).containsEntry("protocol", "TCP")
                .containsEntry("username", "root").containsEntry("host", "web01").containsEntry("userdata3", "ssh_login")
                .containsEntry("userdata1", "4625");
        assertThat(d.extra()).containsEntry("json.event.outcome", "failure").containsEntry("json.tags.0", "a")
                .containsEntry("json.tags.1", "b").containsEntry("json.@timestamp", "2026-11-25T10:00:00.5Z")
                .doesNotContainKeys("json.source.ip", "json.message", "json.user.name");
    }

    @Test
    void flatShape() {
        Decoded d = json.decode("{\"timestamp\":\"2022-07-10T23:50:05.533101+0000\",\"src_ip\":\"1.2.3.4\",\"src_port\":52812,"
                + "\"dest_ip\":\"127.0.0.1\",\"dest_port\":80,\"proto\":\"TCP\",\"user\":\"alice\"}");

        assertThat(d.errors()).isEmpty();
        assertThat(d.eventFields()).containsEntry("time", Instant.parse("2022-07-10T23:50:05.533101Z"))
                .containsEntry("src_ip", "1.2.3.4").containsEntry("src_port", 52812).containsEntry("dst_ip", "127.0.0.1")
                .containsEntry("dst_port", 80).containsEntry("protocol", "TCP").containsEntry("username", "alice");
    }

    @Test
    void epochTimesAndNumbersKeepTheirSpelling() {
        Decoded d = json.decode("{\"ts\":1591367999.305988,\"bytes\":12345678901234567890,\"ratio\":0.10,\"big\":1e3,\"ok\":true,\"none\":null,\"empty\":{},\"list\":[]}");

        assertThat(d.errors()).isEmpty();
        assertThat(d.eventFields()).containsEntry("time", Instant.parse("2020-06-05T14:39:59.305988Z"));
        assertThat(d.fields()).containsEntry("bytes", "12345678901234567890").containsEntry("ratio", "0.10")
                .containsEntry("big", "1000").containsEntry("ok", "true").doesNotContainKeys("none", "empty", "list");
    }

    @Test
    void configuredMappingComesFirstAndTakesPointersOrDottedPaths() {
        Map<String, String> mapping = new LinkedHashMap<>();
        mapping.put("/client/address", "src_ip");
        mapping.put("actor.login", "username");
        mapping.put("/a~1b", "userdata9");
        mapping.put("rule.id", "plugin_sid");
        JsonLineDecoder custom = new JsonLineDecoder(mapping, true, ZoneOffset.UTC, Clock.systemUTC());

        Decoded d = custom.decode("{\"client\":{\"address\":\"10.1.1.1\"},\"source\":{\"ip\":\"10.2.2.2\"},"
                + "\"actor\":{\"login\":\"bob\"},\"user\":{\"name\":\"alice\"},\"a/b\":\"slash\",\"rule\":{\"id\":\"1001\"}}");

        assertThat(d.errors()).isEmpty();
        assertThat(d.eventFields()).containsEntry("src_ip", "10.1.1.1").containsEntry("username", "bob")
                .containsEntry("userdata9", "slash").containsEntry("plugin_sid", 1001);
        assertThat(d.extra()).containsEntry("json.source.ip", "10.2.2.2").containsEntry("json.user.name", "alice");

        JsonLineDecoder only = new JsonLineDecoder(Map.of("who", "username"), false, ZoneOffset.UTC, Clock.systemUTC());
        Decoded o = only.decode("{\"who\":\"carol\",\"source\":{\"ip\":\"10.2.2.2\"}}");
        assertThat(o.eventFields()).containsOnlyKeys("username");
    }

    @Test
    void aKeyWithDotsMatchesTheDottedPath() {
        Decoded d = json.decode("{\"source.ip\":\"10.0.0.9\",\"user.name\":\"dot\"}");
        assertThat(d.eventFields()).containsEntry("src_ip", "10.0.0.9").containsEntry("username", "dot");
    }

    @Test
    void configuredValuesThatDoNotFitAreErrorsDefaultsArePassedOver() {
        JsonLineDecoder custom = new JsonLineDecoder(Map.of("peer", "src_ip"), true, ZoneOffset.UTC, Clock.systemUTC());
        Decoded d = custom.decode("{\"peer\":\"not-an-ip\",\"src\":\"web01\",\"src_ip\":\"10.0.0.1\",\"time\":\"12ms\"}");

        assertThat(d.errors()).singleElement().asString().contains("peer").contains("not-an-ip");
        assertThat(d.eventFields()).containsEntry("src_ip", "10.0.0.1").doesNotContainKey("time");
        assertThat(d.extra()).containsEntry("json.src", "web01").containsEntry("json.time", "12ms");
    }

    @Test
    void objectsAndArraysMapNothing() {
        Decoded d = json.decode("{\"user\":{\"id\":7},\"message\":[\"a\"]}");
        assertThat(d.eventFields()).doesNotContainKeys("username", "message");
        assertThat(d.errors()).isEmpty();
    }

    @Test
    void invalidJsonIsAnErrorAndTheEventKeepsItsMessage() {
        Decoded d = json.decode("{\"a\":1,\"b\":}");
        assertThat(d.errors()).singleElement().asString().startsWith("invalid JSON").contains("column");
        assertThat(d.fields()).isEmpty();

        Event e = new Event().message("{\"a\":1,\"b\":}").log("<13>host app: {\"a\":1,\"b\":}");
        d.applyTo(e);
        assertThat(e.message()).isEqualTo("{\"a\":1,\"b\":}");
        assertThat(e.extra()).containsEntry("decoder", "json").containsKey("decode_error");

        Decoded trailing = json.decode("{\"src_ip\":\"10.0.0.1\"} trailing");
        assertThat(trailing.errors()).singleElement().asString().contains("text after");
        assertThat(trailing.eventFields()).containsEntry("src_ip", "10.0.0.1");

        Decoded twoObjects = json.decode("{\"a\":1}{\"b\":2}");
        assertThat(twoObjects.errors()).singleElement().asString().contains("text after");
        assertThat(twoObjects.fields()).containsOnlyKeys("a");

        assertThat(json.decode("[1,2]").errors()).singleElement().asString().contains("not a JSON object");
        assertThat(json.decode("").errors()).isNotEmpty();
        assertThat(json.decode(null).errors()).isNotEmpty();
        assertThat(json.decode("{\"a\":\"unterminated").errors()).singleElement().asString().startsWith("invalid JSON");
    }

    @Test
    void accepts() {
        assertThat(json.accepts("{\"a\":1}")).isTrue();
        assertThat(json.accepts("  {\"a\":1}\r\n")).isTrue();
        assertThat(json.accepts("\uFEFF{\"a\":1}")).isTrue();
        assertThat(json.accepts("{broken")).isFalse();
        assertThat(json.accepts("[1]")).isFalse();
        assertThat(json.accepts("{")).isFalse();
        assertThat(json.accepts("key=value other=value")).isFalse();
        assertThat(json.accepts(null)).isFalse();
    }

    @Test
    void zoneLessTimesUseTheDecodersZone() {
        JsonLineDecoder paris = new JsonLineDecoder(Map.of(), true, ZoneId.of("Europe/Paris"), Clock.systemUTC());
        assertThat(paris.decode("{\"time\":\"2026-07-01 12:00:00\"}").eventFields())
                .containsEntry("time", Instant.parse("2026-07-01T10:00:00Z"));
    }

    @Test
    void badConfigurationIsRefusedWithTheEntryNamed() {
        assertThatThrownBy(() -> new JsonLineDecoder(Map.of("a", "source_address"), true, ZoneOffset.UTC, Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a'").hasMessageContaining("source_address")
                .hasMessageContaining("src_ip");
        assertThatThrownBy(() -> new JsonLineDecoder(Map.of(" ", "src_ip"), true, ZoneOffset.UTC, Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty path");
    }
}
