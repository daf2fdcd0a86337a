package io.vigil.server;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.vigil.core.event.Event;
import io.vigil.core.event.Json;
import io.vigil.core.store.EventStore;
import io.vigil.core.store.InvalidQueryException;
import io.vigil.core.store.SearchRequest;
import io.vigil.core.store.SearchResult;
import io.vigil.server.console.Layout;
import io.vigil.server.console.Models;
import io.vigil.state.AlarmRepository;
import io.vigil.state.SessionRepository;
import io.vigil.state.StateStore;
import io.vigil.state.TokenRepository;
import io.vigil.state.UserRepository;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web console: server-rendered pages (jte templates compiled at build time; every value is
 * escaped by the template engine) on the API's HTTPS listener, with htmx for live parts. Pages
 * work without JavaScript: forms post and redirect. The API's routes do the work where they
 * exist; the console adds login, setup and the pages.
 */
final class Console {
    private static final Logger log = LoggerFactory.getLogger(Console.class);
    /** No inline scripts or styles, nothing from elsewhere, no framing, forms post only here. */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);
    private final StateStore state;
    private final EventStore store;
    private final Supplier<Map<String, Object>> status;
    private final Access access;
    private final AlarmFeed alarmFeed;
    private volatile ContentInspection inspection;

    private Console(StateStore state, EventStore store, Supplier<Map<String, Object>> status, Access access, AlarmFeed alarmFeed) {
        this.state = state;
        this.store = store;
        this.status = status;
        this.access = access;
        this.alarmFeed = alarmFeed;
    }

    static Console register(Javalin app, StateStore state, EventStore store, Supplier<Map<String, Object>> status, Access access, AlarmFeed alarmFeed) {
        Console c = new Console(state, store, status, access, alarmFeed);
        app.get("/login", c::loginPage);
        app.post("/login", c::login);
        app.post("/logout", c::logout);
        app.get("/setup", c::setupPage);
        app.post("/setup", c::setup);
        app.get("/", c::dashboard);
        app.get("/events", c::events);
        app.get("/events/{id}", c::event);
        app.get("/alarms", c::alarms);
        app.get("/alarms/{id}", c::alarm);
        app.post("/alarms/{id}/status", c::alarmStatus);
        app.post("/alarms/{id}/suppress", c::suppress);
        app.get("/assets", ctx -> c.assets(ctx, null, null));
        app.post("/assets", c::createAsset);
        app.post("/assets/{id}/delete", ctx -> c.changeAssets(ctx, () -> state.assets().deleteAsset(Long.parseLong(ctx.pathParam("id"))), "Asset deleted."));
        app.post("/assets/networks", c::createNetwork);
        app.post("/assets/networks/{id}/delete", ctx -> c.changeAssets(ctx, () -> state.assets().deleteNetwork(Long.parseLong(ctx.pathParam("id"))), "Network deleted."));
        app.get("/deployment", c::deployment);
        app.get("/content", c::content);
        app.get("/settings", ctx -> c.settings(ctx, null, null, null));
        app.post("/settings/tokens", c::createToken);
        app.post("/settings/tokens/{id}/revoke", c::revokeToken);
        app.post("/settings/users", c::createUser);
        app.post("/settings/users/{id}", c::updateUser);
        return c;
    }

    // ------------------------------------------------------------------ rendering

    private void render(Context ctx, String template, Map<String, Object> params) {
        StringOutput out = new StringOutput();
        templates.render(template, params, out);
        ctx.contentType("text/html; charset=utf-8").result(out.toString());
    }

    private static Layout layout(Context ctx, String title, String active) {
        Access.Principal p = Access.principal(ctx);
        return new Layout(title, p.name(), p.role(), p.csrf() == null ? "" : p.csrf(), active);
    }

    private void page(Context ctx, String template, String title, String active, String key, Object model) {
        Map<String, Object> params = new HashMap<>();
        params.put("layout", layout(ctx, title, active));
        params.put(key, model);
        render(ctx, template, params);
    }

    /** An error on a console page: the page layout when logged in, the message alone otherwise. */
    void error(Context ctx, HttpStatus status, String message) {
        ctx.status(status);
        if (Access.principal(ctx) != null && Access.principal(ctx).csrf() != null) {
            page(ctx, "error.jte", "Error", "", "message", message);
        } else {
            ctx.contentType("text/plain; charset=utf-8").result(message);
        }
    }

    // ------------------------------------------------------------------ login, logout, setup

    private void loginPage(Context ctx) {
        Map<String, Object> p = new HashMap<>();
        p.put("error", null);
        p.put("next", safeNext(ctx.queryParam("next")));
        p.put("notice", state.users().any() ? null : "No administrator exists yet: use the setup link printed in the log at the first start.");
        render(ctx, "login.jte", p);
    }

    private void login(Context ctx) {
        long now = System.currentTimeMillis();
        String user = ctx.formParam("username");
        String pw = ctx.formParam("password");
        String next = safeNext(ctx.formParam("next"));
        Map<String, Object> p = new HashMap<>();
        p.put("next", next);
        p.put("notice", null);
        if (!access.mayTryLogin(ctx.ip(), now)) {
            access.audit(ctx, user == null ? "-" : user, "login", "too many attempts from " + ctx.ip(), false);
            ctx.status(HttpStatus.TOO_MANY_REQUESTS);
            p.put("error", "Too many attempts from your address: wait a minute.");
            render(ctx, "login.jte", p);
            return;
        }
        if (user == null || pw == null) {
            ctx.status(HttpStatus.BAD_REQUEST);
            p.put("error", "User and password, please.");
            render(ctx, "login.jte", p);
            return;
        }
        UserRepository.LoginResult r = state.users().login(user, pw.toCharArray(), now);
        switch (r.outcome()) {
            case OK -> {
                SessionRepository.Opened s = state.sessions().open(r.user().id(), now);
                Access.setSessionCookie(ctx, s.cookie(), (int) access.absolute().toSeconds());
                access.audit(ctx, user, "login", "logged in", true);
                ctx.redirect(next);
            }
            case LOCKED -> {
                access.audit(ctx, user, "login", "refused: account locked", false);
                ctx.status(HttpStatus.LOCKED);
                p.put("error", "This account is locked after too many failed attempts; try again later.");
                render(ctx, "login.jte", p);
            }
            default -> {
                access.audit(ctx, user, "login", "refused: " + r.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '), false);
                ctx.status(HttpStatus.UNAUTHORIZED);
                p.put("error", "Wrong user or password.");
                render(ctx, "login.jte", p);
            }
        }
    }

    /** Only a local path: never an open redirect to another site. */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\") || next.contains("\n")) return "/";
        return next;
    }

    private void logout(Context ctx) {
        Access.Principal p = Access.principal(ctx);
        if (p != null && p.cookie() != null) state.sessions().close(p.cookie());
        Access.setSessionCookie(ctx, "", 0);
        ctx.redirect("/login");
    }

    private void setupPage(Context ctx) {
        String token = ctx.queryParam("token");
        Map<String, Object> p = new HashMap<>();
        p.put("token", token);
        p.put("error", null);
        p.put("valid", token != null && state.setup().valid(token, System.currentTimeMillis()));
        render(ctx, "setup.jte", p);
    }

    private void setup(Context ctx) {
        long now = System.currentTimeMillis();
        String token = ctx.formParam("token");
        String user = ctx.formParam("username");
        String pw = ctx.formParam("password");
        Map<String, Object> p = new HashMap<>();
        p.put("token", token);
        p.put("valid", true);
        if (token == null || !state.setup().valid(token, now)) {
            access.audit(ctx, user == null ? "-" : user, "setup", "refused: used or expired link", false);
            ctx.status(HttpStatus.FORBIDDEN);
            p.put("valid", false);
            p.put("error", null);
            render(ctx, "setup.jte", p);
            return;
        }
        if (pw == null || !pw.equals(ctx.formParam("password2"))) {
            ctx.status(HttpStatus.BAD_REQUEST);
            p.put("error", "The two passwords differ.");
            render(ctx, "setup.jte", p);
            return;
        }
        Optional<UserRepository.User> created;
        try {
            created = state.setup().complete(token, user, pw.toCharArray(), now);
        } catch (IllegalArgumentException e) {
            ctx.status(HttpStatus.BAD_REQUEST);
            p.put("error", e.getMessage());
            render(ctx, "setup.jte", p);
            return;
        }
        if (created.isEmpty()) {
            ctx.status(HttpStatus.FORBIDDEN);
            p.put("valid", false);
            p.put("error", null);
            render(ctx, "setup.jte", p);
            return;
        }
        access.audit(ctx, user, "setup", "first administrator created", true);
        SessionRepository.Opened s = state.sessions().open(created.get().id(), now);
        Access.setSessionCookie(ctx, s.cookie(), (int) access.absolute().toSeconds());
        ctx.redirect("/");
    }

    // ------------------------------------------------------------------ pages

    private void dashboard(Context ctx) throws IOException {
        List<Models.CollectorRow> rows = new ArrayList<>();
        Object collectors = status.get().get("collectors");
        if (collectors instanceof Map<?, ?> m) {
            m.forEach((name, v) -> {
                if (v instanceof Map<?, ?> c) rows.add(new Models.CollectorRow(name.toString(), num(c.get("received")), num(c.get("stored")), num(c.get("dropped"))));
            });
        }
        List<AlarmRepository.Stored> open = state.alarms().list(new AlarmRepository.Query("open", null, null, null, null, 10_000));
        Map<Integer, Long> byRisk = new TreeMap<>(java.util.Comparator.reverseOrder());
        Map<String, Long> src = new HashMap<>();
        Map<String, Long> dst = new HashMap<>();
        for (AlarmRepository.Stored a : open) {
            byRisk.merge(a.risk(), 1L, Long::sum);
            if (a.srcIp() != null) src.merge(a.srcIp(), 1L, Long::sum);
            if (a.dstIp() != null) dst.merge(a.dstIp(), 1L, Long::sum);
        }
        SearchRequest lastHourRequest = new SearchRequest("*", Instant.now().minusSeconds(3600), null, true, 1, null);
        long lastHour = store.count(lastHourRequest);
        page(ctx, "dashboard.jte", "Dashboard", "dashboard", "m", new Models.Dashboard(rows, byRisk, open.size(), top(src), top(dst), lastHour,
                countBy("category", lastHourRequest), countBy("sensor", lastHourRequest), countBy("app", lastHourRequest)));
    }

    /** The top values of a field in the last hour; empty when the store cannot count. */
    private Map<String, Long> countBy(String field, SearchRequest r) {
        try {
            return store.countBy(field, r, 10);
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
    }

    private static long num(Object o) {
        if (o instanceof Number n) return n.longValue();
        if (o instanceof Map<?, ?> m) { // {"total": n, ...}
            long t = 0;
            for (Object v : m.values()) if (v instanceof Number n) t += n.longValue();
            return t;
        }
        return 0;
    }

    private static List<Models.Top> top(Map<String, Long> counts) {
        return counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(10)
                .map(e -> new Models.Top(e.getKey(), e.getValue())).toList();
    }

    private void events(Context ctx) throws IOException {
        String q = ctx.queryParam("q");
        if (q == null) q = "";
        String since = ctx.queryParam("since");
        if (since == null || since.isBlank()) since = "24h";
        Instant from;
        try {
            from = Instant.now().minus(ApiServer.duration("since", since));
        } catch (ApiServer.ApiError e) {
            from = Instant.now().minusSeconds(86_400);
            since = "24h";
        }
        Models.Events m;
        try {
            SearchResult r = store.search(new SearchRequest(q, from, null, true, 100, ctx.queryParam("cursor")));
            m = new Models.Events(q, since, r.events(), r.total(), r.next(), null);
        } catch (InvalidQueryException | IllegalArgumentException e) {
            ctx.status(HttpStatus.BAD_REQUEST);
            m = new Models.Events(q, since, List.of(), 0, null, e.getMessage());
        }
        page(ctx, "events.jte", "Events", "events", "m", m);
    }

    private void event(Context ctx) throws IOException {
        UUID id;
        try {
            id = UUID.fromString(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            error(ctx, HttpStatus.BAD_REQUEST, "not an event id");
            return;
        }
        Optional<Event> e = store.get(id);
        if (e.isEmpty()) {
            error(ctx, HttpStatus.NOT_FOUND, "no event " + id);
            return;
        }
        page(ctx, "event.jte", "Event", "events", "m", new Models.EventPage(e.get(), Models.fieldsOf(e.get())));
    }

    private void alarms(Context ctx) {
        String st = ctx.queryParam("status");
        if (st != null && (st.isBlank() || !AlarmRepository.STATUSES.contains(st))) st = null;
        String address = ctx.queryParam("address");
        if (address != null && address.isBlank()) address = null;
        Integer minRisk = null;
        try {
            if (ctx.queryParam("min_risk") != null) minRisk = Integer.parseInt(ctx.queryParam("min_risk"));
        } catch (NumberFormatException ignored) {
            // a hand-edited URL: show everything
        }
        List<AlarmRepository.Stored> list = state.alarms().list(new AlarmRepository.Query(st, minRisk, null, address, null, 500));
        page(ctx, "alarms.jte", "Alarms", "alarms", "m", new Models.Alarms(list, st, address));
    }

    private void alarm(Context ctx) throws IOException {
        showAlarm(ctx, ctx.pathParam("id"), ctx.queryParam("done"));
    }

    private void showAlarm(Context ctx, String id, String message) throws IOException {
        Optional<AlarmRepository.Detail> d = state.alarms().get(id);
        if (d.isEmpty()) {
            error(ctx, HttpStatus.NOT_FOUND, "no alarm " + id);
            return;
        }
        List<Event> events = new ArrayList<>();
        for (String e : d.get().events().subList(0, Math.min(200, d.get().events().size()))) {
            try {
                store.get(UUID.fromString(e)).ifPresent(events::add);
            } catch (IllegalArgumentException ignored) {
                // not an event id: nothing to show
            }
        }
        String msg = message == null ? null : switch (message) {
            case "status" -> "Saved.";
            case "suppressed" -> "Suppressed: new alarms matching it will not be raised.";
            default -> null;
        };
        List<Models.Involved> involved = new ArrayList<>();
        var model = state.assets().model();
        var assets = state.assets().assets();
        for (String[] x : new String[][] {{"source", d.get().alarm().srcIp()}, {"destination", d.get().alarm().dstIp()}}) {
            if (x[1] == null) continue;
            var asset = assets.stream().filter(a -> a.addresses().contains(x[1]) || x[1].equalsIgnoreCase(a.hostname())).findFirst().orElse(null);
            involved.add(new Models.Involved(x[0], x[1], asset, model.valueOf(x[1])));
        }
        page(ctx, "alarm.jte", d.get().alarm().title(), "alarms", "m", new Models.AlarmPage(d.get(), events, msg, involved));
    }

    private void alarmStatus(Context ctx) {
        String id = ctx.pathParam("id");
        Access.Principal p = Access.principal(ctx);
        String assignee = ctx.formParam("assignee");
        boolean found = state.alarms().setStatus(id, ctx.formParam("status"), assignee == null || assignee.isBlank() ? null : assignee,
                blankToNull(ctx.formParam("comment")), p.name(), System.currentTimeMillis());
        if (!found) {
            error(ctx, HttpStatus.NOT_FOUND, "no alarm " + id);
            return;
        }
        alarmFeed.changed();
        ctx.redirect("/alarms/" + id + "?done=status");
    }

    private void suppress(Context ctx) {
        String id = ctx.pathParam("id");
        Optional<AlarmRepository.Detail> d = state.alarms().get(id);
        if (d.isEmpty()) {
            error(ctx, HttpStatus.NOT_FOUND, "no alarm " + id);
            return;
        }
        AlarmRepository.Stored a = d.get().alarm();
        long now = System.currentTimeMillis();
        String in = blankToNull(ctx.formParam("expires_in"));
        Long expires = in == null ? null : Instant.now().plus(ApiServer.duration("expires_in", in)).toEpochMilli();
        boolean sigma = "sigma".equals(a.ruleSource());
        try {
            state.suppressions().create(sigma ? null : a.directiveId(), sigma ? a.ruleId() : null, blankToNull(ctx.formParam("src")),
                    blankToNull(ctx.formParam("dst")), blankToNull(ctx.formParam("reason")), Access.principal(ctx).name(), now, expires);
        } catch (IllegalArgumentException e) {
            error(ctx, HttpStatus.BAD_REQUEST, "Not suppressed: " + e.getMessage());
            return;
        }
        state.alarms().setStatus(id, null, null, "suppressed" + (in == null ? "" : " for " + in), Access.principal(ctx).name(), now);
        ctx.redirect("/alarms/" + id + "?done=suppressed");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    // ------------------------------------------------------------------ assets, deployment

    private void assets(Context ctx, String message, String error) {
        if (error != null) ctx.status(HttpStatus.BAD_REQUEST);
        page(ctx, "assets.jte", "Assets", "assets", "m", new Models.AssetsPage(state.assets().networks(), state.assets().assets(), message, error));
    }

    private void changeAssets(Context ctx, Supplier<Boolean> change, String done) {
        try {
            if (!change.get()) {
                error(ctx, HttpStatus.NOT_FOUND, "no such asset or network");
                return;
            }
            assets(ctx, done, null);
        } catch (IllegalArgumentException e) {
            assets(ctx, null, e.getMessage());
        }
    }

    private static int value(Context ctx) {
        try {
            return Integer.parseInt(ctx.formParam("value") == null ? "2" : ctx.formParam("value"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the value is a number from 0 to 5");
        }
    }

    private void createAsset(Context ctx) {
        List<String> addresses = new ArrayList<>();
        for (String a : (ctx.formParam("addresses") == null ? "" : ctx.formParam("addresses")).split("[,\\s]+")) if (!a.isBlank()) addresses.add(a.trim());
        changeAssets(ctx, () -> {
            state.assets().createAsset(blankToNull(ctx.formParam("hostname")), addresses, value(ctx), blankToNull(ctx.formParam("location")), blankToNull(ctx.formParam("os")));
            return true;
        }, "Asset added.");
    }

    private void createNetwork(Context ctx) {
        changeAssets(ctx, () -> {
            state.assets().createNetwork(ctx.formParam("name"), ctx.formParam("cidr"), "true".equals(ctx.formParam("home")), value(ctx), blankToNull(ctx.formParam("description")));
            return true;
        }, "Network added.");
    }

    private void deployment(Context ctx) {
        io.vigil.core.contract.Mode mode = io.vigil.core.contract.Mode.ALL_IN_ONE;
        List<Models.FlowRow> flows = new ArrayList<>();
        for (io.vigil.core.contract.Flow f : io.vigil.core.contract.NetworkContract.standard().forDeployment(mode)) {
            String where = !f.ports().isEmpty() ? String.join(", ", f.ports().stream().map(Object::toString).toList())
                    : !f.hosts().isEmpty() ? String.join(", ", f.hosts()) : f.path() == null ? "-" : f.path();
            flows.add(new Models.FlowRow(f.id(), f.direction().id(), f.component().id(), f.peer(), f.protocol().id(), where, f.featureName(), f.optional()));
        }
        List<Models.Listener> listeners = new ArrayList<>();
        Map<String, Object> st = status.get();
        if (st.get("collectors") instanceof Map<?, ?> m) {
            m.forEach((name, v) -> {
                if (v instanceof Map<?, ?> c) listeners.add(new Models.Listener(name.toString(), num(c.get("received")), num(c.get("stored")), num(c.get("dropped"))));
            });
        }
        page(ctx, "deployment.jte", "Deployment", "deployment", "m", new Models.DeploymentPage(mode.title(), mode.id(), listeners, flows));
    }

    void inspection(ContentInspection i) {
        this.inspection = i;
    }

    private void content(Context ctx) {
        ContentInspection i = inspection;
        if (i == null) {
            error(ctx, HttpStatus.NOT_FOUND, "this instance has no content to show");
            return;
        }
        String line = blankToNull(ctx.queryParam("line"));
        if (line != null && line.length() > 65_536) {
            error(ctx, HttpStatus.BAD_REQUEST, "a log line of at most 64 KiB, please");
            return;
        }
        Map<String, Object> params = new HashMap<>();
        params.put("layout", layout(ctx, "Content", "content"));
        params.put("s", i.summary());
        params.put("result", line == null ? null : i.test(line));
        render(ctx, "content.jte", params);
    }

    // ------------------------------------------------------------------ settings

    private void settings(Context ctx, String secret, String message, String error) {
        Access.Principal p = Access.principal(ctx);
        List<UserRepository.User> users = p.isAdmin() ? state.users().list() : List.of();
        List<TokenRepository.ApiToken> tokens = p.userId() == null ? List.of() : state.tokens().list(p.userId());
        String q = blankToNull(ctx.queryParam("q"));
        var audit = p.isAdmin() ? state.audit().list(q, null, 200) : List.<io.vigil.state.AuditRepository.Entry>of();
        if (error != null) ctx.status(HttpStatus.BAD_REQUEST);
        page(ctx, "settings.jte", "Settings", "settings", "m", new Models.Settings(users, tokens, secret, audit, q, message, error));
    }

    private void createToken(Context ctx) {
        Access.Principal p = Access.principal(ctx);
        if (p.userId() == null) {
            settings(ctx, null, null, "the administrator token of the data directory has no user: log in as a user to make tokens");
            return;
        }
        String name = blankToNull(ctx.formParam("name"));
        TokenRepository.Created c = state.tokens().create(p.userId(), name == null ? "token" : name, System.currentTimeMillis());
        settings(ctx, c.secret(), "Token created.", null);
    }

    private void revokeToken(Context ctx) {
        Access.Principal p = Access.principal(ctx);
        long id = Long.parseLong(ctx.pathParam("id"));
        Optional<TokenRepository.ApiToken> t = state.tokens().byId(id);
        if (t.isEmpty() || (!p.isAdmin() && !Long.valueOf(t.get().userId()).equals(p.userId()))) {
            error(ctx, HttpStatus.NOT_FOUND, "no such token of yours");
            return;
        }
        state.tokens().revoke(id, System.currentTimeMillis());
        settings(ctx, null, "Token revoked.", null);
    }

    private void createUser(Context ctx) {
        try {
            String pw = ctx.formParam("password");
            state.users().create(ctx.formParam("username"), pw == null ? new char[0] : pw.toCharArray(), ctx.formParam("role"), System.currentTimeMillis());
            settings(ctx, null, "User created.", null);
        } catch (IllegalArgumentException e) {
            settings(ctx, null, null, e.getMessage());
        }
    }

    private void updateUser(Context ctx) {
        long id = Long.parseLong(ctx.pathParam("id"));
        Access.Principal p = Access.principal(ctx);
        if (p.userId() != null && p.userId() == id && !"admin".equals(ctx.formParam("role"))) {
            settings(ctx, null, null, "you cannot take the admin role from yourself");
            return;
        }
        try {
            boolean found = state.users().setRole(id, ctx.formParam("role"));
            boolean disable = "true".equals(ctx.formParam("disabled"));
            state.users().setDisabled(id, disable);
            if (disable) state.sessions().closeAll(id);
            if (!found) {
                error(ctx, HttpStatus.NOT_FOUND, "no user " + id);
                return;
            }
            settings(ctx, null, "Saved.", null);
        } catch (IllegalArgumentException e) {
            settings(ctx, null, null, e.getMessage());
        }
    }
}
