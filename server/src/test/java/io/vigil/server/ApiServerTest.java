package io.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vigil.core.config.DataDir;
import io.vigil.core.event.Event;
import io.vigil.core.event.Json;
import io.vigil.core.event.Uuid7;
import io.vigil.core.metrics.Collectors;
import io.vigil.core.tls.PemPair;
import io.vigil.core.tls.SelfSignedCertificate;
import io.vigil.journal.Durability;
import io.vigil.journal.Journal;
import io.vigil.journal.JournalOptions;
import io.vigil.store.LuceneEventStore;
import io.vigil.store.Retention;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The API over real HTTPS, with the generated certificate and token. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiServerTest {
    @TempDir static Path dir;
    ApiServer api;
    Journal journal;
    LuceneEventStore store;
    StorePipeline pipeline;
    HttpClient http;
    String token;
    String base;
    final List<Event> events = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        DataDir data = new DataDir(dir).create();
        PemPair cert = SelfSignedCertificate.ensure(data, "api");
        AdminToken adminToken = AdminToken.loadOrCreate(data);
        token = Files.readString(data.adminToken()).trim();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        journal = Journal.open(data.journal(), JournalOptions.defaults(Durability.PROCESS));
        store = new LuceneEventStore(data.events(), Retention.NONE, Duration.ofMillis(50), Clock.systemUTC());
        pipeline = new StorePipeline(journal, StorePipelineTest.TEXT, store, new Collectors(registry), Duration.ofMillis(50));
        Instant t0 = Instant.parse("2026-11-25T10:00:00Z");
        for (int i = 0; i < 250; i++) {
            events.add(new Event().id(Uuid7.next()).time(t0.plusSeconds(i)).received(Instant.now()).collector("syslog-tcp")
                    .app(i % 2 == 0 ? "sshd" : "sudo").host("web-" + (i % 3)).severity(i % 8).log("line " + i + " <script>alert(1)</script>")
                    .message("line " + i));
        }
        store.append(events);
        store.commit();
        store.refresh();
        api = new ApiServer("127.0.0.1", 0, cert, adminToken, store,
                new StatusReport(registry, journal, pipeline, "test"), registry).start();
        base = "https://127.0.0.1:" + api.port();
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(PemPair.trusting(cert.certificate()));
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        http = HttpClient.newBuilder().sslContext(ctx).build();
    }

    @AfterAll
    void stop() throws Exception {
        api.close();
        pipeline.close();
        store.close();
        journal.close();
    }

    HttpResponse<String> get(String pathAndQuery, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery));
        if (bearer != null) b.header("Authorization", "Bearer " + bearer);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode json(String pathAndQuery) throws Exception {
        HttpResponse<String> r = get(pathAndQuery, token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.mapper().readTree(r.body());
    }

    @Test
    void everythingButHealthNeedsTheToken() throws Exception {
        assertThat(get("/health", null).statusCode()).isEqualTo(200);
        for (String p : List.of("/api/v1/events", "/api/v1/status", "/metrics", "/api/v1/events/count", "/api/v1/nope")) {
            HttpResponse<String> r = get(p, null);
            assertThat(r.statusCode()).as(p).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Bearer");
            assertThat(get(p, token + "x").statusCode()).as(p).isEqualTo(401);
        }
        // a console page sends a browser to the login page instead
        HttpResponse<String> page = get("/nope", null);
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).contains("/login?next=%2Fnope");
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateIsRefused() {
        HttpClient untrusting = HttpClient.newHttpClient();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> untrusting.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void searchFiltersSortsAndPagesWithTheCursorVisitingEachEventOnce() throws Exception {
        assertThat(json("/api/v1/events/count?q=app:sshd").path("count").asLong()).isEqualTo(125);
        Set<String> seen = new HashSet<>();
        String cursor = null;
        Instant previous = Instant.MIN;
        do {
            JsonNode page = json("/api/v1/events?q=app:sshd&order=asc&limit=40" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.path("total").asLong()).isEqualTo(125);
            for (JsonNode e : page.path("events")) {
                assertThat(seen.add(e.path("id").asText())).isTrue();
                Instant t = Instant.parse(e.path("time").asText());
                assertThat(t).isAfter(previous);
                previous = t;
            }
            cursor = page.path("next").isNull() ? null : page.path("next").asText();
        } while (cursor != null);
        assertThat(seen).hasSize(125);
        JsonNode newest = json("/api/v1/events?limit=1").path("events").get(0);
        assertThat(newest.path("message").asText()).isEqualTo("line 249");
        assertThat(json("/api/v1/events/count?q=" + "severity:%5B0%20TO%201%5D%20AND%20host:web-0").path("count").asLong()).isPositive();
        assertThat(json("/api/v1/events/count?from=2026-11-25T10:00:10Z&to=2026-11-25T10:00:20Z").path("count").asLong()).isEqualTo(10);
    }

    @Test
    void anEventComesBackByIdWithItsTextAsStoredForTheConsoleToEscape() throws Exception {
        Event e = events.get(7);
        JsonNode got = json("/api/v1/events/" + e.id());
        assertThat(got.path("log").asText()).isEqualTo("line 7 <script>alert(1)</script>");
        assertThat(get("/api/v1/events/" + Uuid7.next(), token).statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/events/not-a-uuid", token).statusCode()).isEqualTo(400);
    }

    @Test
    void badParametersGetA400ThatSaysWhy() throws Exception {
        for (String q : List.of("/api/v1/events?q=app:(oops", "/api/v1/events?limit=0", "/api/v1/events?limit=x",
                "/api/v1/events?since=yesterday", "/api/v1/events?from=today", "/api/v1/events?order=up",
                "/api/v1/events?cursor=garbage")) {
            HttpResponse<String> r = get(q, token);
            assertThat(r.statusCode()).as(q + " -> " + r.body()).isEqualTo(400);
            assertThat(Json.mapper().readTree(r.body()).path("error").asText()).as(q).isNotBlank();
        }
    }

    @Test
    void statusAndMetricsShowTheCounters() throws Exception {
        JsonNode s = json("/api/v1/status");
        assertThat(s.path("journal").path("durability").asText()).isEqualTo("process");
        assertThat(s.has("collectors")).isTrue();
        assertThat(s.path("store").path("rejected").isNumber()).as("the store's own counters").isTrue();
        HttpResponse<String> m = get("/metrics", token);
        assertThat(m.statusCode()).isEqualTo(200);
        assertThat(m.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    }
}
