package io.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API's and the console's refusals over real HTTPS: no token, a revoked token, the wrong
 * role, a logged-out session, a missing CSRF token, a password brute force; each refused with
 * its status and written to the audit log. The first administrator comes from the one-time setup
 * link the first start prints (there is no default password).
 */
class ConsoleSecurityIT {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String PASSWORD = "correct horse battery staple";
    @TempDir Path tmp;

    /** A browser-like client: its own cookies, trusting the instance's certificate, no redirects followed. */
    static HttpClient browser(VigilProcess v) throws Exception {
        return HttpClient.newBuilder().sslContext(VigilProcess.trusting(v.data().resolve("tls/api.crt"))).cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    }

    static String setupLink(VigilProcess v) {
        Matcher m = Pattern.compile("Console setup \\(once\\): (\\S+)").matcher(v.log());
        if (!m.find()) throw new AssertionError("no setup link in the log:\n" + v.log());
        return m.group(1);
    }

    static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    static HttpResponse<String> post(HttpClient c, String url, Map<String, String> fields) throws Exception {
        return c.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields))).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(HttpClient c, String url) throws Exception {
        return c.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> bearer(HttpClient c, String method, String url, String token, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json");
        if (token != null) b.header("Authorization", "Bearer " + token);
        return c.send(b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String csrf(String html) {
        Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(html);
        if (!m.find()) throw new AssertionError("no CSRF token in the page");
        return m.group(1);
    }

    @Test
    void everyRefusalHasItsStatusAndIsAudited() throws Exception {
        try (VigilProcess v = VigilProcess.start(tmp.resolve("data"), Map.of("console.session_idle", "4s"))) {
            String base = v.apiUrl();
            HttpClient admin = browser(v);
            // no default password: nothing but the setup link works, and it works once
            assertThat(get(admin, base + "/").statusCode()).isEqualTo(302);
            String link = setupLink(v);
            assertThat(get(admin, link).body()).contains("the first administrator");
            String token = link.substring(link.indexOf("token=") + 6);
            HttpResponse<String> created = post(admin, base + "/setup", Map.of("token", token, "username", "root-admin", "password", PASSWORD, "password2", PASSWORD));
            assertThat(created.statusCode()).isEqualTo(302);
            assertThat(post(browser(v), base + "/setup", Map.of("token", token, "username", "eve", "password", PASSWORD, "password2", PASSWORD)).statusCode())
                    .as("a used setup link").isEqualTo(403);
            String page = get(admin, base + "/settings").body();
            String csrf = csrf(page);

            // users of each role, made by the administrator through the console
            assertThat(post(admin, base + "/settings/users", Map.of("_csrf", csrf, "username", "reader", "password", PASSWORD, "role", "read-only")).statusCode()).isEqualTo(200);
            assertThat(post(admin, base + "/settings/users", Map.of("_csrf", csrf, "username", "ana", "password", PASSWORD, "role", "analyst")).statusCode()).isEqualTo(200);

            // missing CSRF token on a change with a session cookie
            assertThat(post(admin, base + "/settings/users", Map.of("username", "x", "password", PASSWORD, "role", "admin")).statusCode()).isEqualTo(403);

            // no token, a wrong token
            assertThat(bearer(HttpClient.newBuilder().sslContext(VigilProcess.trusting(v.data().resolve("tls/api.crt"))).build(), "GET",
                    base + "/api/v1/alarms", null, null).statusCode()).isEqualTo(401);
            assertThat(bearer(admin, "GET", base + "/api/v1/alarms", "vgl_not-a-token", null).statusCode()).isEqualTo(401);

            // the reader's own token: reads, may not change; revoked, it is refused
            HttpClient reader = browser(v);
            assertThat(post(reader, base + "/login", Map.of("username", "reader", "password", PASSWORD, "next", "/")).statusCode()).isEqualTo(302);
            String readerCsrf = csrf(get(reader, base + "/settings").body());
            String tokenPage = post(reader, base + "/settings/tokens", Map.of("_csrf", readerCsrf, "name", "scripts")).body();
            Matcher secret = Pattern.compile("id=\"new-token\">([^<]+)<").matcher(tokenPage);
            assertThat(secret.find()).isTrue();
            String readerToken = secret.group(1);
            assertThat(bearer(reader, "GET", base + "/api/v1/alarms", readerToken, null).statusCode()).isEqualTo(200);
            assertThat(bearer(reader, "POST", base + "/api/v1/networks", readerToken, "{\"name\":\"lan\",\"cidr\":\"10.0.0.0/8\"}").statusCode()).isEqualTo(403);
            assertThat(post(reader, base + "/settings/users", Map.of("_csrf", readerCsrf, "username", "y", "password", PASSWORD, "role", "admin")).statusCode())
                    .as("a read-only user making users").isEqualTo(403);
            // an analyst works alarms but not users
            HttpClient analyst = browser(v);
            post(analyst, base + "/login", Map.of("username", "ana", "password", PASSWORD, "next", "/"));
            String anaCsrf = csrf(get(analyst, base + "/settings").body());
            assertThat(post(analyst, base + "/settings/users", Map.of("_csrf", anaCsrf, "username", "z", "password", PASSWORD, "role", "admin")).statusCode()).isEqualTo(403);

            JsonNode tokens = JSON.readTree(bearer(reader, "GET", base + "/api/v1/tokens", readerToken, null).body());
            long id = tokens.get(0).path("id").asLong();
            assertThat(bearer(reader, "DELETE", base + "/api/v1/tokens/" + id, readerToken, null).statusCode()).isEqualTo(204);
            assertThat(bearer(reader, "GET", base + "/api/v1/alarms", readerToken, null).statusCode()).as("a revoked token").isEqualTo(401);

            // a session that was logged out is refused
            String readerLogout = csrf(get(reader, base + "/settings").body());
            assertThat(post(reader, base + "/logout", Map.of("_csrf", readerLogout)).statusCode()).isEqualTo(302);
            assertThat(get(reader, base + "/settings").statusCode()).isEqualTo(302);

            // a session left idle longer than console.session_idle (4 s here) is over
            HttpClient idle = browser(v);
            assertThat(post(idle, base + "/login", Map.of("username", "root-admin", "password", PASSWORD, "next", "/")).statusCode()).isEqualTo(302);
            assertThat(get(idle, base + "/alarms").statusCode()).isEqualTo(200);
            Thread.sleep(5_000);
            assertThat(get(idle, base + "/alarms").statusCode()).as("an expired session").isEqualTo(302);
            assertThat(get(idle, base + "/api/v1/alarms").statusCode()).isEqualTo(401);

            // brute force: the account locks after 5 failures (even the right password is refused), and one address is slowed
            HttpClient attacker = browser(v);
            for (int i = 0; i < 5; i++) {
                assertThat(post(attacker, base + "/login", Map.of("username", "ana", "password", "guess" + i, "next", "/")).statusCode()).isEqualTo(401);
            }
            assertThat(post(attacker, base + "/login", Map.of("username", "ana", "password", PASSWORD, "next", "/")).statusCode()).as("locked").isEqualTo(423);
            int last = 0;
            for (int i = 0; i < 6; i++) last = post(attacker, base + "/login", Map.of("username", "nobody", "password", "x", "next", "/")).statusCode();
            assertThat(last).as("too many attempts from one address").isEqualTo(429);

            // all of it is in the audit log, which the administrator can search
            JsonNode audit = JSON.readTree(bearer(admin, "GET", base + "/api/v1/audit?limit=500", v.token(), null).body()).path("entries");
            String all = audit.toString();
            assertThat(all).contains("first administrator created").contains("missing or wrong CSRF token").contains("no valid token or session")
                    .contains("role read-only may not POST /api/v1/networks").contains("refused: account locked").contains("too many attempts")
                    .contains("refused: bad credentials");
            JsonNode search = JSON.readTree(bearer(admin, "GET", base + "/api/v1/audit?q=locked", v.token(), null).body()).path("entries");
            assertThat(search).isNotEmpty().allSatisfy(e -> assertThat(e.toString().toLowerCase()).contains("locked"));
            assertThat(bearer(reader, "GET", base + "/api/v1/audit", null, null).statusCode()).isEqualTo(401);
        }
    }
}
