package io.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;

/**
 * The console in real headless Chromium (Debian's chromium and chromium-driver, driven by
 * Selenium): first-run setup, login, search, an alarm with its events, its status changed, a
 * suppression, and a read-only user who sees no way to change anything. Log lines and a Sigma
 * rule carry script payloads in several fields; every page shows them as text and no script of
 * theirs runs (each payload would set {@code window.__xss}). Screenshots go to
 * target/console-screenshots, or to the folder named by -Dvigil.screenshots (docs/console).
 */
class ConsoleBrowserIT {
    static final String PASSWORD = "correct horse battery staple";
    static final String[] PAYLOADS = {
            "<script>window.__xss=1</script>",
            "\"><img src=x onerror=\"window.__xss=2\">",
            "javascript:window.__xss=3",
            "<svg onload=window.__xss=4>",
            "'><iframe src=javascript:window.__xss=5>",
    };
    static final String USER_PAYLOAD = "<svg/onload=window.__xss=8>";
    static final String HOSTILE_RULE = """
            title: Hostile <img src=x onerror="window.__xss=6"> title
            id: 7f3e2c1a-0000-4000-8000-00000000beef
            status: test
            logsource:
                product: linux
                service: sshd
            detection:
                keywords:
                    - 'Corrupted MAC on input'
                condition: keywords
            level: high
            references:
                - 'javascript:window.__xss=7'
                - 'https://example.org/advisory'
            tags:
                - attack.t1190
            """;
    @TempDir Path tmp;

    static WebDriver chromium() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromium")) && Files.isExecutable(Path.of("/usr/bin/chromedriver")),
                "chromium and chromium-driver are not installed (.ci/run installs them): browser test skipped");
        ChromeOptions o = new ChromeOptions();
        o.setBinary("/usr/bin/chromium");
        o.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--ignore-certificate-errors", "--window-size=1366,900",
                "--disable-gpu", "--no-first-run");
        ChromeDriverService s = new ChromeDriverService.Builder().usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).usingAnyFreePort().build();
        WebDriver d = new ChromeDriver(s, o);
        d.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
        return d;
    }

    static void noScriptRan(WebDriver d) {
        Object v = ((JavascriptExecutor) d).executeScript("return window.__xss === undefined ? null : String(window.__xss);");
        assertThat(v).as("a payload's script ran on " + d.getCurrentUrl()).isNull();
    }

    void shot(WebDriver d, String name) throws Exception {
        Path dir = Path.of(System.getProperty("vigil.screenshots", "target/console-screenshots"));
        Files.createDirectories(dir);
        Path png = ((TakesScreenshot) d).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(png, dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** An element's text once the page after a submit has loaded (an element of the old page goes stale). */
    static void awaitText(WebDriver d, String id, java.util.function.Predicate<String> ok) {
        try {
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> ok.test(d.findElement(By.id(id)).getText()));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("#" + id + " never as expected on " + d.getCurrentUrl() + ":\n" + d.findElement(By.tagName("body")).getText(), e);
        }
    }

    static void login(WebDriver d, String base, String user, String password) {
        d.get(base + "/login");
        d.findElement(By.id("username")).sendKeys(user);
        d.findElement(By.id("password")).sendKeys(password);
        d.findElement(By.id("login")).click();
    }

    /** RFC 5424 lines straight onto the TCP listener: the host and app fields carry payloads too. */
    static void send(VigilProcess v, List<String> lines) throws Exception {
        try (Socket s = new Socket("127.0.0.1", v.port("syslog-tcp")); OutputStream out = s.getOutputStream()) {
            for (String l : lines) out.write((l + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void anAnalystsDayInTheConsoleWithHostileLogsShownAsText() throws Exception {
        Path rules = Files.createDirectories(tmp.resolve("rules"));
        Files.writeString(rules.resolve("hostile.yml"), HOSTILE_RULE);
        try (VigilProcess v = VigilProcess.start(tmp.resolve("data"), Map.of("content.paths", rules.toString(), "correlation.lateness", "1s"))) {
            String base = v.apiUrl();
            // times from now: the dashboard counts the last hour
            java.time.Instant t0 = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            StringBuilder lines = new StringBuilder();
            for (String p : PAYLOADS) {
                send(v, List.of("<38>1 " + t0.plusSeconds(0) + " web01 sshd 99 - - fatal: Corrupted MAC on input from 203.0.113.9 user " + p));
            }
            send(v, List.of("<38>1 " + t0.plusSeconds(1) + " <b>host" + PAYLOADS[0].replace(" ", "") + " app - - - payload in the host " + PAYLOADS[1]));
            // the sshd plugin takes the user name from the line: a payload without spaces lands in the username field
            send(v, List.of("<38>1 " + t0.plusSeconds(2) + " web01 sshd 99 - - Failed password for " + USER_PAYLOAD + " from 203.0.113.9 port 4711 ssh2"));
            await().atMost(Duration.ofSeconds(30)).until(() -> v.count("*") >= 7 && v.get("/api/v1/alarms", Map.of()).path("alarms").size() >= 1);
            JsonNode alarm = v.get("/api/v1/alarms", Map.of()).path("alarms").get(0);

            WebDriver d = chromium();
            try {
                // first run: the one-time link sets the administrator's password
                d.get(ConsoleSecurityIT.setupLink(v));
                shot(d, "setup");
                d.findElement(By.id("password")).sendKeys(PASSWORD);
                d.findElement(By.id("password2")).sendKeys(PASSWORD);
                d.findElement(By.id("create")).click();
                await().atMost(Duration.ofSeconds(10)).until(() -> d.getTitle().startsWith("Dashboard"));
                assertThat(d.findElement(By.id("open-alarms")).getText()).isEqualTo("1");
                assertThat(d.findElement(By.id("by-app")).getText()).contains("sshd");
                // the chart (uPlot from its webjar, drawn by our own script: no inline script is allowed)
                await().atMost(Duration.ofSeconds(15)).until(() -> !d.findElements(By.cssSelector("#rate-chart canvas")).isEmpty());
                shot(d, "dashboard");
                noScriptRan(d);

                // log out, a wrong password, then in
                d.findElement(By.cssSelector("form.logout button")).click();
                login(d, base, "admin", "not the password");
                awaitText(d, "error", t -> t.equals("Wrong user or password."));
                shot(d, "login");
                login(d, base, "admin", PASSWORD);
                await().atMost(Duration.ofSeconds(10)).until(() -> d.getTitle().startsWith("Dashboard"));

                // search: the payloads are shown as the text they are
                d.get(base + "/events");
                d.findElement(By.id("q")).sendKeys("Corrupted");
                new Select(d.findElement(By.id("since"))).selectByValue("30d");
                d.findElement(By.id("search")).click();
                await().atMost(Duration.ofSeconds(10)).until(() -> d.findElement(By.id("total")).getText().equals("5"));
                String table = d.findElement(By.cssSelector("table.events")).getText();
                for (String p : PAYLOADS) assertThat(table).contains(p);
                shot(d, "events");
                noScriptRan(d);
                d.get(base + "/events?q=" + java.net.URLEncoder.encode("payload", StandardCharsets.UTF_8) + "&since=30d");
                assertThat(d.findElement(By.cssSelector("table.events")).getText()).contains(PAYLOADS[1]);
                d.findElement(By.cssSelector("table.events td a")).click(); // the event's page: raw log and every field
                assertThat(d.findElement(By.id("raw")).getText()).contains(PAYLOADS[1]);
                noScriptRan(d);
                JsonNode hostile = v.get("/api/v1/events", Map.of("q", "plugin_id:4003 AND plugin_sid:1", "since", "30d")).path("events").get(0);
                assertThat(hostile.path("username").asText()).isEqualTo(USER_PAYLOAD);
                d.get(base + "/events/" + hostile.path("id").asText());
                assertThat(d.findElement(By.cssSelector("table.fields")).getText()).contains("username " + USER_PAYLOAD);
                shot(d, "event");
                noScriptRan(d);

                // the alarm: its title is the hostile rule's, as text; its events; the javascript: reference is no link
                d.get(base + "/alarms");
                assertThat(d.findElements(By.cssSelector("a.alarm-link"))).hasSize(1);
                // live: a new alarm appears on the open page (server-sent events; the fallback poll is a minute)
                send(v, List.of("<38>1 " + t0.plusSeconds(5) + " web02 sshd 99 - - fatal: Corrupted MAC on input " + PAYLOADS[3]));
                await().atMost(Duration.ofSeconds(8)).ignoreExceptions().until(() -> d.findElements(By.cssSelector("a.alarm-link")).size() == 2);
                shot(d, "alarms");
                noScriptRan(d);
                d.findElement(By.cssSelector("a.alarm-link[href='/alarms/" + alarm.path("id").asText() + "']")).click();
                assertThat(d.findElement(By.id("title")).getText()).isEqualTo("Hostile <img src=x onerror=\"window.__xss=6\"> title");
                assertThat(Integer.parseInt(d.findElement(By.id("event-count")).getText())).isEqualTo(alarm.path("events").asInt()).isPositive();
                assertThat(d.findElements(By.cssSelector("a[href^='javascript']"))).isEmpty();
                assertThat(d.findElement(By.id("involved")).getText()).contains("destination web01 not an asset 2");
                assertThat(d.findElements(By.cssSelector("a[href='https://example.org/advisory']"))).hasSize(1);
                noScriptRan(d);

                // workflow: acknowledge with a comment, then suppress
                new Select(d.findElement(By.id("new-status"))).selectByValue("acknowledged");
                d.findElement(By.id("comment")).sendKeys("looking <b>now</b>");
                d.findElement(By.id("change-status")).click();
                awaitText(d, "alarm-status", t -> t.equals("acknowledged"));
                assertThat(d.findElement(By.id("comments")).getText()).contains("looking <b>now</b>");
                d.findElement(By.id("reason")).sendKeys("lab box");
                d.findElement(By.id("suppress")).click();
                awaitText(d, "message", t -> t.startsWith("Suppressed"));
                shot(d, "alarm");
                assertThat(v.get("/api/v1/suppressions", Map.of()).get(0).path("rule_id").asText()).isEqualTo("7f3e2c1a-0000-4000-8000-00000000beef");

                // settings: a read-only user
                d.get(base + "/settings");
                d.findElement(By.id("new-username")).sendKeys("reader");
                d.findElement(By.id("new-password")).sendKeys(PASSWORD);
                new Select(d.findElement(By.id("new-role"))).selectByValue("read-only");
                d.findElement(By.id("create-user")).click();
                awaitText(d, "users", t -> t.contains("reader") && t.contains("read-only"));
                shot(d, "settings");
                noScriptRan(d);

                // assets and networks: HOME_NET and the values risk is scored with
                d.get(base + "/assets");
                d.findElement(By.id("network-name")).sendKeys("servers");
                d.findElement(By.id("network-cidr")).sendKeys("10.0.1.0/24");
                d.findElement(By.id("create-network")).click();
                awaitText(d, "networks", t -> t.contains("servers") && t.contains("10.0.1.0/24"));
                d.findElement(By.id("asset-host")).sendKeys("db01");
                d.findElement(By.id("asset-addresses")).sendKeys("10.0.1.10");
                new Select(d.findElement(By.id("asset-value"))).selectByValue("5");
                d.findElement(By.id("create-asset")).click();
                awaitText(d, "assets", t -> t.contains("db01") && t.contains("10.0.1.10"));
                assertThat(v.get("/api/v1/assets", Map.of()).get(0).path("value").asInt()).isEqualTo(5);
                shot(d, "assets");

                // content: what loaded, and a log line tried through the same engines
                d.get(base + "/content");
                assertThat(d.findElement(By.id("sigma-count")).getText()).startsWith("1 rules (0 inactive)");
                d.findElement(By.id("line")).sendKeys("Dec  2 10:00:00 web09 sshd[811]: fatal: Corrupted MAC on input");
                d.findElement(By.id("test")).click();
                awaitText(d, "test-steps", t -> t.contains("linux-sshd") && t.contains("match"));
                assertThat(d.findElement(By.id("test-steps")).getText()).contains("Hostile <img src=x onerror=\"window.__xss=6\"> title");
                assertThat(d.findElement(By.id("test-fields")).getText()).contains("app").contains("sshd");
                shot(d, "content");
                noScriptRan(d);

                // deployment: the contract and the live listeners
                d.get(base + "/deployment");
                assertThat(d.findElement(By.id("contract")).getText()).contains("syslog-udp").contains("inbound");
                assertThat(d.findElement(By.id("listeners")).getText()).contains("syslog-tcp");
                shot(d, "deployment");

                d.findElement(By.cssSelector("form.logout button")).click();
                login(d, base, "reader", PASSWORD);
                d.get(base + "/alarms/" + alarm.path("id").asText());
                assertThat(d.findElements(By.id("change-status"))).as("no workflow for a read-only user").isEmpty();
                assertThat(d.findElements(By.id("suppress"))).isEmpty();
                // and a change sent by hand (with the session's CSRF token) is refused
                Object status = ((JavascriptExecutor) d).executeAsyncScript("""
                        const done = arguments[arguments.length - 1];
                        const csrf = document.querySelector('input[name=_csrf]').value;
                        fetch('/alarms/%s/status', {method: 'POST', headers: {'Content-Type': 'application/x-www-form-urlencoded'},
                            body: 'status=closed&_csrf=' + encodeURIComponent(csrf)}).then(r => done(r.status));
                        """.formatted(alarm.path("id").asText()));
                assertThat(((Number) status).intValue()).isEqualTo(403);
                assertThat(v.get("/api/v1/alarms/" + alarm.path("id").asText(), Map.of()).path("alarm").path("status").asText()).isEqualTo("acknowledged");
            } finally {
                d.quit();
            }
        }
    }
}
