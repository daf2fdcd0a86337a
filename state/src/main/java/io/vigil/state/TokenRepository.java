package io.vigil.state;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * API tokens: a user's long-lived credentials for scripts. The secret ("vgl_" and 32 random
 * bytes in base64url) is shown once, when made; the database keeps only its SHA-256 and its
 * first 8 characters (the prefix, to recognise it in a list).
 */
public final class TokenRepository {
    static final String SECRET_START = "vgl_";
    static final int PREFIX = 8;
    /** last_used is written at most this often per token, so that busy scripts do not write on every request. */
    static final long LAST_USED_EVERY = 60_000;

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ApiToken(long id, long userId, String username, String name, String prefix, long created, Long lastUsed, boolean revoked) {}

    /** A token just made, with its secret: the only time the secret is known. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Created(ApiToken token, String secret) {}

    private static final String SELECT = "SELECT t.id, t.user_id, u.username, t.name, t.prefix, t.created, t.last_used, t.revoked "
            + "FROM api_tokens t JOIN users u ON u.id = t.user_id";

    private final DataSource ds;

    TokenRepository(DataSource ds) {
        this.ds = ds;
    }

    /** A new token for the user; IllegalArgumentException when there is no such user or the name is blank or over 200 characters. */
    public Created create(long userId, String name, long now) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty() || n.length() > 200) throw new IllegalArgumentException("a token needs a name of 1 to 200 characters");
        if (n.indexOf('\0') >= 0) throw new IllegalArgumentException("a token name cannot hold NUL characters");
        String secret = SECRET_START + Secrets.random(32);
        String prefix = secret.substring(0, PREFIX);
        return Jdbc.tx(ds, "creating a token for user " + userId, c -> {
            String username;
            try (PreparedStatement s = Jdbc.prepare(c, "SELECT username FROM users WHERE id = ?", userId); ResultSet r = s.executeQuery()) {
                if (!r.next()) throw new IllegalArgumentException("there is no user " + userId);
                username = r.getString(1);
            }
            long id = Jdbc.insert(c, "INSERT INTO api_tokens (user_id, name, prefix, secret_sha256, created) VALUES (?,?,?,?,?)",
                    userId, n, prefix, Secrets.sha256(secret), now);
            return new Created(new ApiToken(id, userId, username, n, prefix, now, null, false), secret);
        });
    }

    /** The user's tokens, revoked ones included, oldest first. */
    public List<ApiToken> list(long userId) {
        return query(" WHERE t.user_id = ? ORDER BY t.id", userId);
    }

    /** Every user's tokens, oldest first. */
    public List<ApiToken> all() {
        return query(" ORDER BY t.id");
    }

    public Optional<ApiToken> byId(long id) {
        return query(" WHERE t.id = ?", id).stream().findFirst();
    }

    private List<ApiToken> query(String rest, Object... args) {
        return Jdbc.tx(ds, "listing tokens", c -> {
            List<ApiToken> out = new ArrayList<>();
            try (PreparedStatement s = Jdbc.prepare(c, SELECT + rest, args); ResultSet r = s.executeQuery()) {
                while (r.next()) out.add(token(r));
            }
            return out;
        });
    }

    private static ApiToken token(ResultSet r) throws SQLException {
        return new ApiToken(r.getLong("id"), r.getLong("user_id"), r.getString("username"), r.getString("name"), r.getString("prefix"),
                r.getLong("created"), Jdbc.longOrNull(r, "last_used"), Jdbc.longOrNull(r, "revoked") != null);
    }

    /** Revokes a token for good; false when there is no such token (revoking a revoked one keeps its first revocation). */
    public boolean revoke(long id, long now) {
        return Jdbc.tx(ds, "revoking token " + id, c -> Jdbc.update(c, "UPDATE api_tokens SET revoked = COALESCE(revoked, ?) WHERE id = ?", now, id) == 1);
    }

    /** The user a secret belongs to; empty when it is unknown, revoked, or its user is disabled. */
    public Optional<UserRepository.User> authenticate(String secret, long now) {
        if (secret == null || !secret.startsWith(SECRET_START) || secret.length() > 200) return Optional.empty();
        String digest = Secrets.sha256(secret);
        return Jdbc.tx(ds, "checking a token", c -> {
            long id;
            Long lastUsed;
            UserRepository.User user;
            try (PreparedStatement s = Jdbc.prepare(c, "SELECT t.id AS token_id, t.last_used, t.revoked, u.id, u.username, u.role, u.created, u.disabled, "
                    + "u.locked_until, u.failed_logins FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.secret_sha256 = ?", digest);
                 ResultSet r = s.executeQuery()) {
                if (!r.next() || Jdbc.longOrNull(r, "revoked") != null) return Optional.empty();
                id = r.getLong("token_id");
                lastUsed = Jdbc.longOrNull(r, "last_used");
                user = UserRepository.user(r);
            }
            if (user.disabled()) return Optional.empty();
            if (lastUsed == null || now - lastUsed >= LAST_USED_EVERY || now < lastUsed) {
                Jdbc.update(c, "UPDATE api_tokens SET last_used = ? WHERE id = ?", now, id);
            }
            return Optional.of(user);
        });
    }
}
