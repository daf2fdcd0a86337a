package io.vigil.state;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The first-run setup link: while there is no user, a one-time token (32 random bytes,
 * base64url; the database keeps its SHA-256) lets whoever holds it create the first admin.
 * A token lasts 24 hours, issuing one deletes the unused ones before it, and a token that
 * created the first user never works again.
 */
public final class SetupRepository {
    static final long VALID_MILLIS = 24 * 3_600_000L;

    private final DataSource ds;

    SetupRepository(DataSource ds) {
        this.ds = ds;
    }

    /** A new setup token, or empty when a user exists (setup is done). */
    public Optional<String> issue(long now) {
        String token = Secrets.random(32);
        return Jdbc.tx(ds, "issuing a setup token", c -> {
            if (UserRepository.any(c)) return Optional.<String>empty();
            Jdbc.update(c, "DELETE FROM setup_tokens WHERE used IS NULL");
            Jdbc.insert(c, "INSERT INTO setup_tokens (token_sha256, created, expires) VALUES (?,?,?)", Secrets.sha256(token), now, now + VALID_MILLIS);
            return Optional.of(token);
        });
    }

    /** Whether the token would complete setup now: known, unused, not expired, and no user yet. */
    public boolean valid(String token, long now) {
        if (!plausible(token)) return false;
        String digest = Secrets.sha256(token);
        return Jdbc.tx(ds, "checking a setup token", c -> {
            try (PreparedStatement s = Jdbc.prepare(c, "SELECT 1 FROM setup_tokens WHERE token_sha256 = ? AND used IS NULL AND expires > ?", digest, now);
                 ResultSet r = s.executeQuery()) {
                if (!r.next()) return false;
            }
            return !UserRepository.any(c);
        });
    }

    /**
     * Creates the first user, an admin, and uses the token up, in one transaction: empty when
     * the token is not valid or a user exists. IllegalArgumentException for a bad user name or
     * password (as {@link UserRepository#create}); the token then stays valid.
     */
    public Optional<UserRepository.User> complete(String token, String username, char[] password, long now) {
        UserRepository.checkUsername(username);
        UserRepository.checkPassword(password);
        if (!plausible(token)) return Optional.empty();
        String digest = Secrets.sha256(token);
        if (!valid(token, now)) return Optional.empty(); // no hashing for a wrong token
        String hash = PasswordHasher.hash(password);
        return Jdbc.tx(ds, "completing the first-run setup", c -> {
            long id;
            // the token's row is locked: of two completions at once, the second finds it used
            try (PreparedStatement s = Jdbc.prepare(c, "SELECT id FROM setup_tokens WHERE token_sha256 = ? AND used IS NULL AND expires > ? FOR UPDATE",
                    digest, now); ResultSet r = s.executeQuery()) {
                if (!r.next()) return Optional.<UserRepository.User>empty();
                id = r.getLong(1);
            }
            if (UserRepository.any(c)) return Optional.<UserRepository.User>empty();
            UserRepository.User user = UserRepository.insert(c, username, hash, "admin", now);
            Jdbc.update(c, "UPDATE setup_tokens SET used = ? WHERE id = ?", now, id);
            return Optional.of(user);
        });
    }

    private static boolean plausible(String token) {
        return token != null && !token.isEmpty() && token.length() <= 200;
    }
}
