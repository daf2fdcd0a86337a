package io.vigil.it;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A real Vigil all-in-one, started from the runnable jar as its own process on loopback,
 * with every port ephemeral unless the test fixes one. The test talks to it only as a user
 * would: sockets, the HTTPS API with the token from the data directory, signals.
 */
final class VigilProcess implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    private final Path data;
    private final Process process;
    private final Path logFile;
    private JsonNode instance;
    private HttpClient http;
    private String token;

    private VigilProcess(Path data, Process process, Path logFile) {
        this.data = data;
        this.process = process;
        this.logFile = logFile;
    }

    static Path projectRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("mvnw"))) p = p.getParent();
        if (p == null) throw new IllegalStateException("cannot find the project root (mvnw) above " + Path.of("").toAbsolutePath());
        return p;
    }

    static Path jar() {
        Path jar = projectRoot().resolve("app/target/vigil.jar");
        if (!Files.exists(jar)) throw new IllegalStateException(jar + " is missing: the app module packages it before this module's tests run");
        return jar;
    }

    /** The JVM running this test (a JDK 21+) with the flags the launcher passes, and the jar. */
    static List<String> vigilCommand() {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("--enable-native-access=ALL-UNNAMED");
        if (Runtime.version().feature() >= 24) cmd.add("--sun-misc-unsafe-memory-access=allow");
        cmd.add("-Xmx1g");
        cmd.addAll(List.of("-jar", jar().toString()));
        return cmd;
    }

    static List<String> command(Path data, Map<String, String> settings) {
        List<String> cmd = vigilCommand();
        cmd.addAll(allInOneArgs(data, settings));
        return cmd;
    }

    /** {@code all-in-one --data DIR --set ...}: loopback, ephemeral ports, quick commits. */
    static List<String> allInOneArgs(Path data, Map<String, String> settings) {
        List<String> cmd = new ArrayList<>(List.of("all-in-one", "--data", data.toString()));
        Map<String, String> all = new LinkedHashMap<>();
        all.put("bind", "127.0.0.1");
        all.put("syslog.udp.port", "0");
        all.put("syslog.tcp.port", "0");
        all.put("syslog.tls.port", "0");
        all.put("relp.port", "0");
        all.put("api.port", "0");
        all.put("journal.min_free", "64MiB");
        all.put("store.commit_interval", "200ms");
        all.put("store.refresh_interval", "200ms");
        all.putAll(settings);
        all.forEach((k, v) -> {
            cmd.add("--set");
            cmd.add(k + "=" + v);
        });
        return cmd;
    }

    static VigilProcess start(Path data, Map<String, String> settings) throws IOException {
        Files.createDirectories(data);
        Path log = data.resolveSibling(data.getFileName() + "-" + System.nanoTime() + ".log");
        Process p = new ProcessBuilder(command(data, settings)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        VigilProcess v = new VigilProcess(data, p, log);
        v.awaitReady();
        return v;
    }

    private void awaitReady() throws IOException {
        Path file = data.resolve("run/instance.json");
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> {
                if (!process.isAlive()) throw new IllegalStateException("vigil exited with " + process.exitValue() + ":\n" + log());
                if (!Files.exists(file)) return false;
                JsonNode n = JSON.readTree(file.toFile());
                return n.path("pid").asLong() == process.pid();
            });
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
        instance = JSON.readTree(file.toFile());
        token = Files.readString(data.resolve("secrets/admin.token")).trim();
        http = HttpClient.newBuilder().sslContext(trusting(data.resolve("tls/api.crt"))).connectTimeout(Duration.ofSeconds(5)).build();
    }

    static SSLContext trusting(Path cert) throws IOException {
        try (var in = Files.newInputStream(cert)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            Certificate c = CertificateFactory.getInstance("X.509").generateCertificate(in);
            ks.setCertificateEntry("vigil", c);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    int port(String collector) {
        return instance.path("listeners").path(collector).asInt();
    }

    String apiUrl() {
        return instance.path("api").asText();
    }

    String token() {
        return token;
    }

    Path data() {
        return data;
    }

    long pid() {
        return process.pid();
    }

    HttpResponse<String> request(String path, Map<String, String> params, String bearer) throws IOException, InterruptedException {
        StringJoiner q = new StringJoiner("&");
        params.forEach((k, v) -> q.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(apiUrl() + path + (q.length() > 0 ? "?" + q : "")));
        if (bearer != null) b.header("Authorization", "Bearer " + bearer);
        return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode get(String path, Map<String, String> params) throws IOException, InterruptedException {
        HttpResponse<String> r = request(path, params, token);
        if (r.statusCode() != 200) throw new IOException(path + " -> " + r.statusCode() + " " + r.body());
        return JSON.readTree(r.body());
    }

    JsonNode post(String path) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(apiUrl() + path)).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IOException(path + " -> " + r.statusCode() + " " + r.body());
        return JSON.readTree(r.body());
    }

    /** Any method with an optional JSON body; the answer whatever its status. */
    HttpResponse<String> send(String method, String path, Object body) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(apiUrl() + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build();
        return http.send(req, HttpResponse.BodyHandlers.ofString());
    }

    /** POSTs a JSON body; the answer must be 200 or 201. */
    JsonNode post(String path, Object body) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(apiUrl() + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 && r.statusCode() != 201) throw new IOException(path + " -> " + r.statusCode() + " " + r.body());
        return JSON.readTree(r.body());
    }

    long count(String query) throws IOException, InterruptedException {
        return get("/api/v1/events/count", Map.of("q", query)).path("count").asLong();
    }

    JsonNode status() throws IOException, InterruptedException {
        return get("/api/v1/status", Map.of());
    }

    long counter(String collector, String stage) throws IOException, InterruptedException {
        return status().path("collectors").path(collector).path(stage).asLong();
    }

    /** Every event matching, page by page through the cursor. */
    List<JsonNode> all(String query) throws IOException, InterruptedException {
        List<JsonNode> out = new ArrayList<>();
        String cursor = null;
        do {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("q", query);
            params.put("limit", "10000");
            params.put("order", "asc");
            if (cursor != null) params.put("cursor", cursor);
            JsonNode page = get("/api/v1/events", params);
            page.path("events").forEach(out::add);
            cursor = page.path("next").isNull() || page.path("next").isMissingNode() ? null : page.path("next").asText();
        } while (cursor != null);
        return out;
    }

    String log() {
        try {
            return Files.exists(logFile) ? Files.readString(logFile) : "";
        } catch (IOException e) {
            return "(cannot read " + logFile + ")";
        }
    }

    /** SIGKILL: no shutdown hook, no flush. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, as systemd stops a service; returns the exit code. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("vigil did not stop within 60s of SIGTERM:\n" + log());
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) stop();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
