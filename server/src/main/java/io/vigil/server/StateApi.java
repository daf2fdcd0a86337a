package io.vigil.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.vigil.core.event.Json;
import io.vigil.server.ApiServer.ApiError;
import io.vigil.state.AlarmRepository;
import io.vigil.state.StateStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The state store's part of the API: alarms (list, detail, status changes), assets and
 * networks (create, read, update, delete) and suppressions. docs/api.md describes the fields.
 */
final class StateApi {
    /** Who changes things: the API has one administrator token for now. */
    private static final String AUTHOR = "admin";

    private final StateStore state;

    private StateApi(StateStore state) {
        this.state = state;
    }

    static void register(Javalin app, StateStore state) {
        StateApi a = new StateApi(state);
        app.get("/api/v1/alarms", a::alarms);
        app.get("/api/v1/alarms/{id}", a::alarm);
        app.post("/api/v1/alarms/{id}/status", a::alarmStatus);
        app.get("/api/v1/networks", ctx -> ctx.json(state.assets().networks()));
        app.post("/api/v1/networks", a::createNetwork);
        app.put("/api/v1/networks/{id}", a::updateNetwork);
        app.delete("/api/v1/networks/{id}", ctx -> found(ctx, state.assets().deleteNetwork(id(ctx)), "network"));
        app.get("/api/v1/assets", ctx -> ctx.json(state.assets().assets()));
        app.get("/api/v1/assets/{id}", ctx -> ctx.json(state.assets().asset(id(ctx)).orElseThrow(() -> new ApiError(HttpStatus.NOT_FOUND, "no asset " + id(ctx)))));
        app.post("/api/v1/assets", a::createAsset);
        app.put("/api/v1/assets/{id}", a::updateAsset);
        app.delete("/api/v1/assets/{id}", ctx -> found(ctx, state.assets().deleteAsset(id(ctx)), "asset"));
        app.get("/api/v1/suppressions", ctx -> ctx.json(state.suppressions().list()));
        app.post("/api/v1/suppressions", a::createSuppression);
        app.delete("/api/v1/suppressions/{id}", ctx -> found(ctx, state.suppressions().delete(id(ctx)), "suppression"));
    }

    private void alarms(Context ctx) {
        Long since = null;
        String s = ctx.queryParam("since");
        if (s != null && !s.isBlank()) since = Instant.now().minus(ApiServer.duration("since", s)).toEpochMilli();
        String status = ctx.queryParam("status");
        if (status != null && !AlarmRepository.STATUSES.contains(status)) throw new ApiError(HttpStatus.BAD_REQUEST, "status must be open, acknowledged or closed");
        ctx.json(Map.of("alarms", state.alarms().list(new AlarmRepository.Query(status, intParam(ctx, "min_risk"), intParam(ctx, "directive"),
                ctx.queryParam("address"), since, intParam(ctx, "limit") == null ? 100 : intParam(ctx, "limit"), ctx.queryParam("rule")))));
    }

    private void alarm(Context ctx) {
        String id = ctx.pathParam("id");
        ctx.json(state.alarms().get(id).orElseThrow(() -> new ApiError(HttpStatus.NOT_FOUND, "no alarm " + id)));
    }

    private void alarmStatus(Context ctx) {
        JsonNode body = body(ctx);
        String id = ctx.pathParam("id");
        boolean ok = state.alarms().setStatus(id, text(body, "status"), text(body, "assignee"), text(body, "comment"), AUTHOR, System.currentTimeMillis());
        if (!ok) throw new ApiError(HttpStatus.NOT_FOUND, "no alarm " + id);
        ctx.json(state.alarms().get(id).orElseThrow());
    }

    private void createNetwork(Context ctx) {
        JsonNode b = body(ctx);
        ctx.status(HttpStatus.CREATED).json(state.assets().createNetwork(text(b, "name"), text(b, "cidr"), b.path("home").asBoolean(true),
                b.path("value").asInt(2), text(b, "description")));
    }

    private void updateNetwork(Context ctx) {
        JsonNode b = body(ctx);
        found(ctx, state.assets().updateNetwork(id(ctx), text(b, "name"), text(b, "cidr"), b.path("home").asBoolean(true), b.path("value").asInt(2),
                text(b, "description")), "network");
    }

    private void createAsset(Context ctx) {
        JsonNode b = body(ctx);
        ctx.status(HttpStatus.CREATED).json(state.assets().createAsset(text(b, "hostname"), addresses(b), b.path("value").asInt(2),
                text(b, "location"), text(b, "os")));
    }

    private void updateAsset(Context ctx) {
        JsonNode b = body(ctx);
        found(ctx, state.assets().updateAsset(id(ctx), text(b, "hostname"), addresses(b), b.path("value").asInt(2), text(b, "location"), text(b, "os")), "asset");
    }

    private void createSuppression(Context ctx) {
        JsonNode b = body(ctx);
        Long expires = null;
        String in = text(b, "expires_in");
        if (in != null) expires = Instant.now().plus(ApiServer.duration("expires_in", in)).toEpochMilli();
        Integer directive = b.hasNonNull("directive_id") ? b.get("directive_id").asInt() : null;
        ctx.status(HttpStatus.CREATED).json(state.suppressions().create(directive, text(b, "rule_id"), text(b, "src"), text(b, "dst"),
                text(b, "reason"), AUTHOR, System.currentTimeMillis(), expires));
    }

    private static List<String> addresses(JsonNode b) {
        List<String> out = new ArrayList<>();
        for (JsonNode a : b.path("addresses")) out.add(a.asText());
        return out;
    }

    private static void found(Context ctx, boolean found, String what) {
        if (!found) throw new ApiError(HttpStatus.NOT_FOUND, "no " + what + " " + ctx.pathParam("id"));
        ctx.status(HttpStatus.NO_CONTENT);
    }

    private static long id(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new ApiError(HttpStatus.BAD_REQUEST, "not an id: " + ctx.pathParam("id"));
        }
    }

    private static Integer intParam(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) return null;
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new ApiError(HttpStatus.BAD_REQUEST, name + " must be a number");
        }
    }

    private static JsonNode body(Context ctx) {
        try {
            JsonNode n = Json.mapper().readTree(ctx.body());
            if (n == null || !n.isObject()) throw new ApiError(HttpStatus.BAD_REQUEST, "the body must be a JSON object");
            return n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ApiError(HttpStatus.BAD_REQUEST, "the body is not JSON: " + e.getOriginalMessage());
        }
    }

    private static String text(JsonNode b, String field) {
        JsonNode v = b.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
