package io.vigil.server;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vigil.core.event.Json;
import io.vigil.core.net.PortUnavailableException;
import io.vigil.core.store.EventStore;
import io.vigil.core.store.InvalidQueryException;
import io.vigil.core.store.SearchRequest;
import io.vigil.core.tls.PemPair;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API over HTTPS: the one way into a running instance (the CLI and the console use
 * it too). Every route but {@code /health} needs {@code Authorization: Bearer TOKEN}.
 * Field names are stable; docs/api.md describes them.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

    private final Javalin app;
    private final AdminToken token;
    private final EventStore store;
    private final StatusReport status;
    private final Access access;
    private final RateHistory rates;
    private final AlarmFeed alarmFeed = new AlarmFeed();
    private Console console;
    private final PrometheusMeterRegistry prometheus;
    private final String bind;
    private final int requestedPort;
    private volatile java.util.function.Supplier<Map<String, Object>> contentReload =
            () -> { throw new ApiError(HttpStatus.NOT_FOUND, "this instance has no content to reload"); };

    public ApiServer(String bind, int port, PemPair tls, AdminToken token, EventStore store, StatusReport status,
                     PrometheusMeterRegistry prometheus) throws IOException {
        this.token = token;
        this.store = store;
        this.status = status;
        this.prometheus = prometheus;
        this.bind = bind;
        this.requestedPort = port;
        char[] pw = UUID.randomUUID().toString().toCharArray();
        var keyStore = tls.keyStore(pw);
        this.access = new Access(token);
        this.rates = new RateHistory(status::build);
        this.app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.staticFiles.enableWebjars();
            cfg.staticFiles.add(sf -> {
                sf.hostedPath = "/static";
                sf.directory = "/console/static";
                sf.location = io.javalin.http.staticfiles.Location.CLASSPATH;
            });
            cfg.http.defaultContentType = "application/json";
            cfg.jsonMapper(new JavalinJackson(Json.create(), false));
            cfg.jetty.addConnector((server, httpConfig) -> {
                SslContextFactory.Server ssl = new SslContextFactory.Server();
                ssl.setKeyStore(keyStore);
                ssl.setKeyStorePassword(new String(pw));
                ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
                HttpConfiguration https = new HttpConfiguration(httpConfig);
                SecureRequestCustomizer src = new SecureRequestCustomizer();
                src.setSniHostCheck(false); // clients connect by IP address (127.0.0.1) as often as by name
                https.addCustomizer(src);
                ServerConnector c = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
                c.setHost(bind);
                c.setPort(port);
                return c;
            });
        });
        routes();
    }

    private void routes() {
        app.before(ctx -> {
            ctx.header("Cache-Control", "no-store");
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("X-Frame-Options", "DENY");
            ctx.header("Referrer-Policy", "no-referrer");
            ctx.header("Strict-Transport-Security", "max-age=31536000");
            if (!Access.isApi(ctx)) ctx.header("Content-Security-Policy", Console.CSP);
            access.check(ctx);
        });
        app.after(access::auditChange);
        app.get("/health", ctx -> ctx.json(Map.of("status", "ok")));
        app.get("/api/v1/events", this::search);
        app.get("/api/v1/events/count", ctx -> ctx.json(Map.of("count", store.count(request(ctx, 1)))));
        app.get("/api/v1/events/{id}", this::event);
        app.get("/api/v1/status", ctx -> ctx.json(status.build()));
        app.get("/api/v1/rates", ctx -> ctx.json(rates.series()));
        app.post("/api/v1/content/reload", ctx -> ctx.json(contentReload.get()));
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(prometheus.scrape()));
        app.exception(ApiError.class, (e, ctx) -> {
            if (console != null && !Access.isApi(ctx)) console.error(ctx, e.status, e.getMessage());
            else ctx.status(e.status).json(Map.of("error", e.getMessage()));
        });
        app.exception(InvalidQueryException.class, (e, ctx) -> badRequest(ctx, e.getMessage()));
        app.exception(IllegalArgumentException.class, (e, ctx) -> badRequest(ctx, e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            log.error("{} {} failed", ctx.method(), ctx.path(), e);
            ctx.status(HttpStatus.INTERNAL_SERVER_ERROR).json(Map.of("error", "internal error; the server log has details"));
        });
        app.error(HttpStatus.NOT_FOUND, ctx -> {
            if (ctx.result() == null) ctx.json(Map.of("error", "no such resource: " + ctx.path()));
        });
    }

    /** A 400: the console's error page on console paths, JSON on the API. */
    private void badRequest(Context ctx, String message) {
        if (console != null && !Access.isApi(ctx)) console.error(ctx, HttpStatus.BAD_REQUEST, message);
        else ctx.status(HttpStatus.BAD_REQUEST).json(Map.of("error", message));
    }

    private void search(Context ctx) throws IOException {
        ctx.json(store.search(request(ctx, 100)));
    }

    private void event(Context ctx) throws IOException {
        UUID id;
        try {
            id = UUID.fromString(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            throw new ApiError(HttpStatus.BAD_REQUEST, "not an event id: " + ctx.pathParam("id"));
        }
        var e = store.get(id).orElseThrow(() -> new ApiError(HttpStatus.NOT_FOUND, "no event " + id));
        ctx.json(e);
    }

    /** Query parameters: q, from, to (ISO-8601), since (15m, 1h, 7d), order (desc|asc), limit, cursor. */
    static SearchRequest request(Context ctx, int defaultLimit) {
        Instant from = instant(ctx, "from");
        Instant to = instant(ctx, "to");
        String since = ctx.queryParam("since");
        if (since != null && !since.isBlank()) {
            if (from != null) throw new ApiError(HttpStatus.BAD_REQUEST, "give since or from, not both");
            from = Instant.now().minus(duration("since", since));
        }
        String order = ctx.queryParamAsClass("order", String.class).getOrDefault("desc");
        if (!order.equals("desc") && !order.equals("asc")) throw new ApiError(HttpStatus.BAD_REQUEST, "order must be desc or asc");
        int limit;
        try {
            limit = Integer.parseInt(ctx.queryParamAsClass("limit", String.class).getOrDefault(Integer.toString(defaultLimit)));
        } catch (NumberFormatException e) {
            throw new ApiError(HttpStatus.BAD_REQUEST, "limit must be a number");
        }
        return new SearchRequest(ctx.queryParam("q"), from, to, order.equals("desc"), limit, ctx.queryParam("cursor"));
    }

    private static Instant instant(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) return null;
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new ApiError(HttpStatus.BAD_REQUEST, name + " must be an ISO-8601 instant like 2026-11-25T10:00:00Z");
        }
    }

    /** The duration parameter {@code name}: 90s, 15m, 1h, 7d. */
    static Duration duration(String name, String s) {
        try {
            return io.vigil.core.config.Settings.parseDuration(s);
        } catch (IllegalArgumentException e) {
            throw new ApiError(HttpStatus.BAD_REQUEST, name + " must look like 90s, 15m, 1h or 7d");
        }
    }

    /** Adds the state store's routes: alarms, assets, networks, suppressions (call before {@link #start()}). */
    public ApiServer withState(io.vigil.state.StateStore state) {
        access.state(state);
        StateApi.register(app, state);
        HuntApi.register(app, store, state);
        SecurityApi.register(app, state);
        // before the console's /alarms/{id}, which would take "stream" for an alarm id
        app.sse("/alarms/stream", client -> {
            client.keepAlive();
            alarmFeed.add(client);
        });
        console = Console.register(app, state, store, status::build, access, alarmFeed);
        return this;
    }

    /** The content page's data and test box (call after {@link #withState}). */
    public ApiServer withContentInspection(ContentInspection i) {
        if (console != null) console.inspection(i);
        return this;
    }

    /** What the correlation stage tells when alarms change, so that open console pages update at once. */
    public AlarmFeed alarmFeed() {
        return alarmFeed;
    }

    /** How long console sessions last: idle, and at most (call before {@link #start()}). */
    public ApiServer sessions(java.time.Duration idle, java.time.Duration max) {
        access.sessions(idle, max);
        return this;
    }

    /** What {@code POST /api/v1/content/reload} does: reload and describe the content. */
    public ApiServer onContentReload(java.util.function.Supplier<Map<String, Object>> reload) {
        this.contentReload = reload;
        return this;
    }

    public ApiServer start() {
        try {
            app.start();
            rates.start();
        } catch (RuntimeException e) {
            if (PortUnavailableException.isBindFailure(e)) {
                throw new PortUnavailableException("the API and console", "api.port", bind, requestedPort, "tcp", rootCause(e));
            }
            throw e;
        }
        return this;
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t;
    }

    public int port() {
        return ((ServerConnector) app.jettyServer().server().getConnectors()[0]).getLocalPort();
    }

    @Override
    public void close() {
        rates.close();
        alarmFeed.close();
        app.stop();
    }

    static final class ApiError extends RuntimeException {
        final HttpStatus status;

        ApiError(HttpStatus status, String message) {
            super(message);
            this.status = status;
        }
    }
}
