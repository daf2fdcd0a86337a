package io.vigil.state;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Console sessions. The cookie (32 random bytes, base64url) goes to the browser and the
 * database keeps its SHA-256; the CSRF token (another 32 random bytes) is kept as it is, since
 * pages need it back and it is worth nothing without the cookie. A session ends when closed,
 * when idle too long, when too old, or when its user is disabled or deleted.
 */
public final class SessionRepository {
    /** Sessions ended by time are swept from the table at most this often (as touch finds them otherwise). */
    static final long SWEEP_EVERY = 60_000;

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Session(long userId, String csrf, long created, long lastSeen) {}

    /** A session just opened, with the cookie to set: the only time it is known. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Opened(String cookie, Session session) {}

    private final DataSource ds;
    private volatile long lastSweep = Long.MIN_VALUE;

    SessionRepository(DataSource ds) {
        this.ds = ds;
    }

    /** A new session for the user; IllegalArgumentException when there is no such user. */
    public Opened open(long userId, long now) {
        String cookie = Secrets.random(32);
        Session session = new Session(userId, Secrets.random(32), now, now);
        Jdbc.tx(ds, "opening a session for user " + userId, c -> {
            try (PreparedStatement s = Jdbc.prepare(c, "SELECT 1 FROM users WHERE id = ?", userId); ResultSet r = s.executeQuery()) {
                if (!r.next()) throw new IllegalArgumentException("there is no user " + userId);
            }
            return Jdbc.update(c, "INSERT INTO sessions (cookie_sha256, user_id, csrf, created, last_seen) VALUES (?,?,?,?,?)",
                    Secrets.sha256(cookie), userId, session.csrf(), now, now);
        });
        return new Opened(cookie, session);
    }

    /**
     * The session of a cookie, seen now: empty (and the session deleted) when it is unknown, has
     * been idle for {@code idle} or more, is {@code absolute} old or more, or its user is
     * disabled.
     */
    public Optional<Session> touch(String cookie, long now, Duration idle, Duration absolute) {
        if (cookie == null || cookie.isEmpty() || cookie.length() > 200) return Optional.empty();
        long idleMs = idle.toMillis();
        long absoluteMs = absolute.toMillis();
        sweep(now, idleMs, absoluteMs);
        String digest = Secrets.sha256(cookie);
        return Jdbc.tx(ds, "checking a session", c -> {
            Session found;
            boolean disabled;
            try (PreparedStatement s = Jdbc.prepare(c, "SELECT s.user_id, s.csrf, s.created, s.last_seen, u.disabled FROM sessions s "
                    + "JOIN users u ON u.id = s.user_id WHERE s.cookie_sha256 = ?", digest); ResultSet r = s.executeQuery()) {
                if (!r.next()) return Optional.empty();
                found = new Session(r.getLong("user_id"), r.getString("csrf"), r.getLong("created"), r.getLong("last_seen"));
                disabled = r.getBoolean("disabled");
            }
            if (disabled || now - found.lastSeen() >= idleMs || now - found.created() >= absoluteMs) {
                Jdbc.update(c, "DELETE FROM sessions WHERE cookie_sha256 = ?", digest);
                return Optional.empty();
            }
            Jdbc.update(c, "UPDATE sessions SET last_seen = ? WHERE cookie_sha256 = ? AND last_seen < ?", now, digest, now);
            return Optional.of(new Session(found.userId(), found.csrf(), found.created(), Math.max(now, found.lastSeen())));
        });
    }

    /** Deletes the sessions that ended by time (as often as SWEEP_EVERY), so that sessions never closed do not pile up. */
    private void sweep(long now, long idleMs, long absoluteMs) {
        long last = lastSweep;
        if (last != Long.MIN_VALUE && now - last < SWEEP_EVERY && now >= last) return;
        lastSweep = now;
        Jdbc.tx(ds, "sweeping ended sessions", c -> Jdbc.update(c, "DELETE FROM sessions WHERE last_seen <= ? OR created <= ?", now - idleMs, now - absoluteMs));
    }

    /** Ends the session of a cookie (log out); nothing happens for an unknown one. */
    public void close(String cookie) {
        if (cookie == null || cookie.isEmpty() || cookie.length() > 200) return;
        String digest = Secrets.sha256(cookie);
        Jdbc.tx(ds, "closing a session", c -> Jdbc.update(c, "DELETE FROM sessions WHERE cookie_sha256 = ?", digest));
    }

    /** Ends every session of the user (on a password change, when disabled or deleted); returns how many. */
    public int closeAll(long userId) {
        return Jdbc.tx(ds, "closing the sessions of user " + userId, c -> Jdbc.update(c, "DELETE FROM sessions WHERE user_id = ?", userId));
    }
}
