package io.vigil.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.core.event.Json;
import io.vigil.core.tls.PemPair;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** A small client of the REST API for the CLI. Pins the instance's own certificate when it has it. */
final class ApiClient {
    private final String base;
    private final String token;
    private final HttpClient http;

    ApiClient(String base, String token, Path trustCert) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.token = token;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (trustCert != null) b.sslContext(pinned(trustCert));
        this.http = b.build();
    }

    private static SSLContext pinned(Path cert) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(PemPair.trusting(cert));
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new UserFacingException("cannot use " + cert + " as the trusted certificate: " + e.getMessage(), e);
        }
    }

    static String readInstanceUrl(Path instanceFile) {
        try {
            return Json.mapper().readTree(instanceFile.toFile()).path("api").asText();
        } catch (IOException e) {
            throw new UserFacingException("cannot read " + instanceFile + ": " + e.getMessage());
        }
    }

    JsonNode post(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), path);
    }

    JsonNode postJson(String path, JsonNode body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), path);
    }

    JsonNode get(String path, Map<String, String> params) {
        StringJoiner q = new StringJoiner("&");
        params.forEach((k, v) -> {
            if (v != null) q.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
        String url = base + path + (q.length() > 0 ? "?" + q : "");
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json").GET().build();
        return send(req, path);
    }

    private JsonNode send(HttpRequest req, String path) {
        HttpResponse<String> resp;
        try {
            resp = http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException e) {
            throw new UserFacingException("no answer from " + base + ": is the instance running? (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new UserFacingException("request to " + base + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserFacingException("interrupted");
        }
        JsonNode body;
        try {
            body = Json.mapper().readTree(resp.body());
        } catch (IOException e) {
            throw new UserFacingException(base + " answered " + resp.statusCode() + " with something that is not JSON");
        }
        if (resp.statusCode() / 100 != 2) {
            throw new UserFacingException(base + path + ": " + resp.statusCode() + " " + body.path("error").asText(""));
        }
        return body;
    }
}
