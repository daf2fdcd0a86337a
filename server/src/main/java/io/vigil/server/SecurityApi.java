package io.vigil.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.vigil.core.event.Json;
import io.vigil.server.ApiServer.ApiError;
import io.vigil.state.StateStore;
import io.vigil.state.TokenRepository;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Users, API tokens and the audit log over the API: each user manages their own tokens (the
 * secret is answered once, at creation); administrators manage users and read the audit log.
 */
final class SecurityApi {
    private final StateStore state;

    private SecurityApi(StateStore state) {
        this.state = state;
    }

    static void register(Javalin app, StateStore state) {
        SecurityApi a = new SecurityApi(state);
        app.get("/api/v1/tokens", a::tokens);
        app.post("/api/v1/tokens", a::createToken);
        app.delete("/api/v1/tokens/{id}", a::revokeToken);
        app.get("/api/v1/users", ctx -> {
            admin(ctx);
            ctx.json(state.users().list());
        });
        app.post("/api/v1/users", a::createUser);
        app.put("/api/v1/users/{id}", a::updateUser);
        app.get("/api/v1/audit", a::audit);
    }

    private static Access.Principal admin(Context ctx) {
        Access.Principal p = Access.principal(ctx);
        if (p == null || !p.isAdmin()) throw new ApiError(HttpStatus.FORBIDDEN, "only an administrator may see this");
        return p;
    }

    private static long userOf(Context ctx) {
        Access.Principal p = Access.principal(ctx);
        if (p.userId() == null) throw new ApiError(HttpStatus.BAD_REQUEST, "the data directory's administrator token has no user; tokens belong to users");
        return p.userId();
    }

    private static JsonNode body(Context ctx) {
        try {
            return Json.mapper().readTree(ctx.body().isBlank() ? "{}" : ctx.body());
        } catch (Exception e) {
            throw new ApiError(HttpStatus.BAD_REQUEST, "the body is not JSON");
        }
    }

    private void tokens(Context ctx) {
        Access.Principal p = Access.principal(ctx);
        ctx.json(p.isAdmin() && "all".equals(ctx.queryParam("user")) ? state.tokens().all() : state.tokens().list(userOf(ctx)));
    }

    private void createToken(Context ctx) {
        String name = body(ctx).path("name").asText("token");
        TokenRepository.Created c = state.tokens().create(userOf(ctx), name, System.currentTimeMillis());
        ctx.status(HttpStatus.CREATED).json(Map.of("token", c.token(), "secret", c.secret()));
    }

    private void revokeToken(Context ctx) {
        Access.Principal p = Access.principal(ctx);
        long id = Long.parseLong(ctx.pathParam("id"));
        Optional<TokenRepository.ApiToken> t = state.tokens().byId(id);
        if (t.isEmpty() || (!p.isAdmin() && !Long.valueOf(t.get().userId()).equals(p.userId()))) throw new ApiError(HttpStatus.NOT_FOUND, "no token " + id + " of yours");
        state.tokens().revoke(id, System.currentTimeMillis());
        ctx.status(HttpStatus.NO_CONTENT);
    }

    private void createUser(Context ctx) {
        admin(ctx);
        JsonNode b = body(ctx);
        ctx.status(HttpStatus.CREATED).json(state.users().create(b.path("username").asText(null), b.path("password").asText("").toCharArray(),
                b.path("role").asText("read-only"), System.currentTimeMillis()));
    }

    private void updateUser(Context ctx) {
        Access.Principal p = admin(ctx);
        long id = Long.parseLong(ctx.pathParam("id"));
        JsonNode b = body(ctx);
        if (state.users().byId(id).isEmpty()) throw new ApiError(HttpStatus.NOT_FOUND, "no user " + id);
        if (b.hasNonNull("role")) {
            if (p.userId() != null && p.userId() == id && !"admin".equals(b.get("role").asText())) throw new ApiError(HttpStatus.BAD_REQUEST, "you cannot take the admin role from yourself");
            state.users().setRole(id, b.get("role").asText());
        }
        if (b.hasNonNull("disabled")) {
            state.users().setDisabled(id, b.get("disabled").asBoolean());
            if (b.get("disabled").asBoolean()) state.sessions().closeAll(id);
        }
        if (b.hasNonNull("password")) {
            state.users().setPassword(id, b.get("password").asText().toCharArray(), System.currentTimeMillis());
            state.sessions().closeAll(id);
        }
        ctx.json(state.users().byId(id).orElseThrow());
    }

    private void audit(Context ctx) {
        admin(ctx);
        Long since = null;
        String s = ctx.queryParam("since");
        if (s != null && !s.isBlank()) since = Instant.now().minus(ApiServer.duration("since", s)).toEpochMilli();
        int limit = ctx.queryParam("limit") == null ? 200 : Integer.parseInt(ctx.queryParam("limit"));
        ctx.json(Map.of("entries", state.audit().list(ctx.queryParam("q"), since, Math.max(1, Math.min(limit, 10_000)))));
    }
}
