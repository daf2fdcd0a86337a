package io.vigil.server;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import io.vigil.server.ApiServer.ApiError;
import io.vigil.state.SessionRepository;
import io.vigil.state.StateStore;
import io.vigil.state.UserRepository;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is asking, and may they: every request but the open ones (health, login, setup, static
 * files) is authenticated by a bearer token (the administrator token of the data directory, or a
 * user's API token) or by a console session cookie. Roles: read-only reads; analyst also works
 * alarms, suppressions, assets and hunts; admin also manages users and content. A request that
 * changes something with a session cookie must carry the session's CSRF token (header
 * {@code X-CSRF-Token} or form field {@code _csrf}). Refusals and every change are audited.
 */
final class Access {
    static final String COOKIE = "vigil_session";
    private volatile Duration idle = Duration.ofMinutes(30);
    private volatile Duration absolute = Duration.ofHours(12);
    static final String ATTR = "vigil.principal";
    private static final Set<String> OPEN_PREFIXES = Set.of("/static/", "/webjars/");
    private static final Set<String> OPEN = Set.of("/health", "/login", "/setup", "/favicon.ico");
    /** Paths only an administrator changes. */
    private static final Set<String> ADMIN_PREFIXES = Set.of("/api/v1/users", "/settings/users", "/api/v1/content");

    /** The one asking. {@code csrf} is set for a session (then changes need it), null for a bearer token. */
    record Principal(String name, String role, Long userId, String csrf, String cookie) {
        boolean canChange() {
            return !role.equals("read-only");
        }

        boolean isAdmin() {
            return role.equals("admin");
        }
    }

    private final AdminToken adminToken;
    private volatile StateStore state;
    /** Login attempts per client address in the current minute: a brute force from one address is slowed before any account locks. */
    private final Map<String, long[]> attempts = new ConcurrentHashMap<>();
    static final int ATTEMPTS_PER_MINUTE = 10;

    Access(AdminToken adminToken) {
        this.adminToken = adminToken;
    }

    /** How long a console session lasts without a request, and at most. */
    void sessions(Duration idle, Duration absolute) {
        this.idle = idle;
        this.absolute = absolute;
    }

    Duration absolute() {
        return absolute;
    }

    /** Users, tokens, sessions and the audit log live in the state store (without one, only the administrator token works). */
    void state(StateStore state) {
        this.state = state;
    }

    static Principal principal(Context ctx) {
        return ctx.attribute(ATTR);
    }

    static boolean isOpen(String path) {
        if (OPEN.contains(path)) return true;
        for (String p : OPEN_PREFIXES) if (path.startsWith(p)) return true;
        return false;
    }

    static boolean isApi(Context ctx) {
        return ctx.path().startsWith("/api/") || ctx.path().equals("/metrics");
    }

    /** The before-handler: authenticates, checks the role and CSRF, or refuses (and audits the refusal). */
    void check(Context ctx) {
        if (isOpen(ctx.path())) return;
        long now = System.currentTimeMillis();
        Principal p = authenticate(ctx, now);
        if (p == null) {
            if (!isApi(ctx) && ctx.method().name().equals("GET")) {
                ctx.redirect("/login?next=" + java.net.URLEncoder.encode(ctx.path(), StandardCharsets.UTF_8));
                ctx.skipRemainingHandlers();
                return;
            }
            audit(ctx, "-", "refused", "no valid token or session", false);
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiError(HttpStatus.UNAUTHORIZED, "missing, wrong, revoked or expired token or session: send Authorization: Bearer <token>"
                    + " (the administrator's is in secrets/admin.token) or log in to the console");
        }
        ctx.attribute(ATTR, p);
        boolean change = !(ctx.method().name().equals("GET") || ctx.method().name().equals("HEAD"));
        if (!change) return;
        if (p.csrf() != null) {
            String sent = ctx.header("X-CSRF-Token");
            if (sent == null) sent = ctx.formParam("_csrf");
            if (sent == null || !MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8), p.csrf().getBytes(StandardCharsets.UTF_8))) {
                audit(ctx, p.name(), "refused", "missing or wrong CSRF token", false);
                throw new ApiError(HttpStatus.FORBIDDEN, "missing or wrong CSRF token");
            }
        }
        if (ctx.path().equals("/logout") || selfService(ctx.path())) return;
        if (!p.canChange() || (!p.isAdmin() && adminOnly(ctx.path()))) {
            audit(ctx, p.name(), "refused", "role " + p.role() + " may not " + ctx.method() + " " + ctx.path(), false);
            throw new ApiError(HttpStatus.FORBIDDEN, "your role (" + p.role() + ") may not change this");
        }
    }

    /** Every user manages their own API tokens, whatever their role (the handlers check ownership). */
    private static boolean selfService(String path) {
        return path.equals("/settings/tokens") || path.startsWith("/settings/tokens/") || path.equals("/api/v1/tokens") || path.startsWith("/api/v1/tokens/");
    }

    private static boolean adminOnly(String path) {
        for (String a : ADMIN_PREFIXES) if (path.startsWith(a)) return true;
        return false;
    }

    private Principal authenticate(Context ctx, long now) {
        String auth = ctx.header("Authorization");
        if (auth != null && auth.startsWith("Bearer ")) {
            String presented = auth.substring(7).trim();
            if (adminToken.matches(presented)) return new Principal("admin-token", "admin", null, null, null);
            if (state == null) return null;
            Optional<UserRepository.User> u = state.tokens().authenticate(presented, now);
            return u.map(x -> new Principal(x.username(), x.role(), x.id(), null, null)).orElse(null);
        }
        String cookie = ctx.cookie(COOKIE);
        if (cookie == null || state == null) return null;
        Optional<SessionRepository.Session> s = state.sessions().touch(cookie, now, idle, absolute);
        if (s.isEmpty()) return null;
        Optional<UserRepository.User> u = state.users().byId(s.get().userId());
        if (u.isEmpty() || u.get().disabled()) {
            state.sessions().close(cookie);
            return null;
        }
        return new Principal(u.get().username(), u.get().role(), u.get().id(), s.get().csrf(), cookie);
    }

    /** Whether this client may try a password now (at most {@link #ATTEMPTS_PER_MINUTE} a minute per address). */
    boolean mayTryLogin(String address, long now) {
        long minute = now / 60_000;
        if (attempts.size() > 10_000) attempts.values().removeIf(v -> v[0] != minute); // many addresses: forget past minutes
        long[] a = attempts.compute(address, (k, v) -> v == null || v[0] != minute ? new long[] {minute, 0} : v);
        synchronized (a) {
            a[1]++;
            return a[1] <= ATTEMPTS_PER_MINUTE;
        }
    }

    static void setSessionCookie(Context ctx, String value, int maxAgeSeconds) {
        Cookie c = new Cookie(COOKIE, value, "/", maxAgeSeconds, true, 0, true, null, null, SameSite.STRICT);
        ctx.cookie(c);
    }

    /** After each change: who did what, and whether it worked. */
    void auditChange(Context ctx) {
        if (state == null) return;
        String m = ctx.method().name();
        if (m.equals("GET") || m.equals("HEAD") || isOpen(ctx.path())) return;
        Principal p = principal(ctx);
        if (p == null || ctx.attribute("vigil.audited") != null) return;
        int status = ctx.statusCode();
        audit(ctx, p.name(), m + " " + ctx.path(), "status " + status, status < 400);
    }

    void audit(Context ctx, String actor, String action, String detail, boolean ok) {
        ctx.attribute("vigil.audited", Boolean.TRUE);
        if (state == null) return;
        try {
            state.audit().record(System.currentTimeMillis(), actor, action, ctx.path(), detail, ctx.ip(), ok);
        } catch (RuntimeException e) {
            // the audit log is down: the request's outcome must not depend on it
            org.slf4j.LoggerFactory.getLogger(Access.class).warn("audit record failed: {}", e.getMessage());
        }
    }
}
