package io.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state store's API through HTTPS: networks, assets and suppressions created, changed, deleted, and bad input refused. */
class StateApiIT {
    @TempDir Path tmp;

    @Test
    void networksAssetsAndSuppressionsRoundTripAndBadInputIsRefused() throws Exception {
        try (VigilProcess vigil = VigilProcess.start(tmp.resolve("data"), Map.of())) {
            long net = vigil.post("/api/v1/networks", Map.of("name", "servers", "cidr", "10.0.1.0/24", "home", true, "value", 4)).path("id").asLong();
            assertThat(vigil.send("PUT", "/api/v1/networks/" + net, Map.of("name", "servers", "cidr", "10.0.1.0/24", "home", false, "value", 1)).statusCode())
                    .isEqualTo(204);
            JsonNode nets = vigil.get("/api/v1/networks", Map.of());
            assertThat(nets).singleElement().satisfies(n -> {
                assertThat(n.path("home").asBoolean()).isFalse();
                assertThat(n.path("value").asInt()).isEqualTo(1);
            });

            long asset = vigil.post("/api/v1/assets", Map.of("hostname", "db01", "addresses", List.of("10.0.1.10"), "value", 5)).path("id").asLong();
            assertThat(vigil.send("PUT", "/api/v1/assets/" + asset, Map.of("hostname", "db01", "addresses", List.of("10.0.1.11"), "value", 3)).statusCode())
                    .isEqualTo(204);
            JsonNode a = vigil.get("/api/v1/assets/" + asset, Map.of());
            assertThat(a.path("addresses").get(0).asText()).isEqualTo("10.0.1.11");
            assertThat(a.path("value").asInt()).isEqualTo(3);

            long sup = vigil.post("/api/v1/suppressions", Map.of("directive_id", 900100, "src", "203.0.113.0/24", "expires_in", "7d")).path("id").asLong();
            assertThat(vigil.get("/api/v1/suppressions", Map.of())).hasSize(1);

            assertThat(vigil.send("DELETE", "/api/v1/suppressions/" + sup, null).statusCode()).isEqualTo(204);
            assertThat(vigil.send("DELETE", "/api/v1/assets/" + asset, null).statusCode()).isEqualTo(204);
            assertThat(vigil.send("DELETE", "/api/v1/networks/" + net, null).statusCode()).isEqualTo(204);
            assertThat(vigil.get("/api/v1/suppressions", Map.of())).isEmpty();
            assertThat(vigil.get("/api/v1/assets", Map.of())).isEmpty();
            assertThat(vigil.get("/api/v1/networks", Map.of())).isEmpty();
            assertThat(vigil.send("DELETE", "/api/v1/networks/" + net, null).statusCode()).isEqualTo(404);

            HttpResponse<String> badCidr = vigil.send("POST", "/api/v1/networks", Map.of("name", "x", "cidr", "10.0.0.0/99"));
            assertThat(badCidr.statusCode()).isEqualTo(400);
            assertThat(badCidr.body()).contains("not an address block");
            HttpResponse<String> badExpiry = vigil.send("POST", "/api/v1/suppressions", Map.of("src", "203.0.113.0/24", "expires_in", "soon"));
            assertThat(badExpiry.statusCode()).isEqualTo(400);
            assertThat(badExpiry.body()).contains("expires_in must look like 90s");
            HttpResponse<String> badValue = vigil.send("POST", "/api/v1/assets", Map.of("addresses", List.of("10.0.0.1"), "value", 9));
            assertThat(badValue.statusCode()).isEqualTo(400);
            assertThat(vigil.send("GET", "/api/v1/alarms?status=resolved", null).statusCode()).isEqualTo(400);
            assertThat(vigil.send("GET", "/api/v1/alarms/no-such-alarm", null).statusCode()).isEqualTo(404);
        }
    }
}
