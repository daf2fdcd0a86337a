package io.vigil.state;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The console's users: a name, a role, an Argon2id password hash (never read out of this
 * class) and the lock-out state. User names are unique whatever their case and are found
 * whatever their case; each keeps the case it was created with.
 */
public final class UserRepository {
    public static final Set<String> ROLES = Set.of("admin", "analyst", "read-only");

    /** Consecutive failed logins that lock an account, and for how long. */
    static final int MAX_FAILURES = 5;
    static final long LOCK_MILLIS = 15 * 60_000L;
    static final int MIN_PASSWORD = 12;

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    /**
     * What a login verifies against when there is no such user, so that it takes the time of a
     * real one (a hash of a random password nobody knows, with the same parameters).
     */
    private static final String DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$8TCw2GE8Dfa2NdBm9UnehA$ML+pwS39Bd1/htwhdYw09S+6xahhe0LFfJKkVxVa9JY";

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record User(long id, String username, String role, long created, boolean disabled, Long lockedUntil, int failedLogins) {}

    public enum Outcome { OK, BAD_CREDENTIALS, LOCKED, DISABLED }

    /**
     * How a login went. {@code user} is set when the account exists and the answer is about it
     * (OK, LOCKED, DISABLED), null for BAD_CREDENTIALS; {@code lockedUntil} is set when the
     * account is locked (LOCKED, or the failure that locked it).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record LoginResult(Outcome outcome, User user, Long lockedUntil) {}

    private static final String COLUMNS = "id, username, role, created, disabled, locked_until, failed_logins";

    private final DataSource ds;

    UserRepository(DataSource ds) {
        this.ds = ds;
    }

    // ------------------------------------------------------------ checks

    static void checkUsername(String username) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new IllegalArgumentException("a user name is 1 to 64 characters: letters, digits and . _ @ -");
        }
    }

    static void checkRole(String role) {
        if (role == null || !ROLES.contains(role)) throw new IllegalArgumentException("role must be one of admin, analyst, read-only");
    }

    static void checkPassword(char[] password) {
        if (password == null || Character.codePointCount(password, 0, password.length) < MIN_PASSWORD) {
            throw new IllegalArgumentException("a password needs at least " + MIN_PASSWORD + " characters");
        }
    }

    private static String key(String username) {
        return username.toLowerCase(Locale.ROOT);
    }

    // ------------------------------------------------------------ create, read

    /** A new user; IllegalArgumentException for a bad name, role or password, or a name taken (whatever its case). */
    public User create(String username, char[] password, String role, long now) {
        checkUsername(username);
        checkRole(role);
        checkPassword(password);
        String hash = PasswordHasher.hash(password); // before the transaction: it takes a while
        return Jdbc.tx(ds, "creating user " + username, c -> insert(c, username, hash, role, now));
    }

    /** Inserts a user whose name, role and password were checked; IllegalArgumentException when the name is taken. */
    static User insert(Connection c, String username, String hash, String role, long now) throws SQLException {
        if (find(c, "username_key = ?", key(username)) != null) throw taken(username);
        long id;
        try {
            id = Jdbc.insert(c, "INSERT INTO users (username, username_key, password_hash, role, created, password_changed) VALUES (?,?,?,?,?,?)",
                    username, key(username), hash, role, now, now);
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) throw taken(username); // created at the same moment by someone else
            throw e;
        }
        return new User(id, username, role, now, false, null, 0);
    }

    private static IllegalArgumentException taken(String username) {
        return new IllegalArgumentException("the user name '" + username + "' is taken");
    }

    private static User find(Connection c, String where, Object arg) throws SQLException {
        try (PreparedStatement s = Jdbc.prepare(c, "SELECT " + COLUMNS + " FROM users WHERE " + where, arg); ResultSet r = s.executeQuery()) {
            return r.next() ? user(r) : null;
        }
    }

    static User user(ResultSet r) throws SQLException {
        return new User(r.getLong("id"), r.getString("username"), r.getString("role"), r.getLong("created"), r.getBoolean("disabled"),
                Jdbc.longOrNull(r, "locked_until"), r.getInt("failed_logins"));
    }

    /** The user of this name, whatever its case. */
    public Optional<User> byName(String username) {
        if (username == null || !USERNAME.matcher(username).matches()) return Optional.empty();
        return Jdbc.tx(ds, "reading user " + username, c -> Optional.ofNullable(find(c, "username_key = ?", key(username))));
    }

    public Optional<User> byId(long id) {
        return Jdbc.tx(ds, "reading user " + id, c -> Optional.ofNullable(find(c, "id = ?", id)));
    }

    /** All users by name. */
    public List<User> list() {
        return Jdbc.tx(ds, "listing users", c -> {
            List<User> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM users ORDER BY username_key"); ResultSet r = s.executeQuery()) {
                while (r.next()) out.add(user(r));
            }
            return out;
        });
    }

    /** Whether there is any user (none: the console is waiting for its first-run setup). */
    public boolean any() {
        return Jdbc.tx(ds, "counting users", UserRepository::any);
    }

    static boolean any(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM users LIMIT 1"); ResultSet r = s.executeQuery()) {
            return r.next();
        }
    }

    // ------------------------------------------------------------ change

    /**
     * Gives the user another role; false when there is no such user. IllegalArgumentException for
     * an unknown role, or when this would leave no enabled admin.
     */
    public boolean setRole(long id, String role) {
        checkRole(role);
        return Jdbc.tx(ds, "changing the role of user " + id, c -> {
            if (!"admin".equals(role)) keepAnAdmin(c, id, "lose the admin role");
            return Jdbc.update(c, "UPDATE users SET role = ? WHERE id = ?", role, id) == 1;
        });
    }

    /**
     * Disables a user (who can then neither log in nor use a session or token) or enables them
     * again; enabling also clears a lock-out. False when there is no such user;
     * IllegalArgumentException when disabling would leave no enabled admin.
     */
    public boolean setDisabled(long id, boolean disabled) {
        return Jdbc.tx(ds, (disabled ? "disabling" : "enabling") + " user " + id, c -> {
            if (disabled) {
                keepAnAdmin(c, id, "be disabled");
                return Jdbc.update(c, "UPDATE users SET disabled = ? WHERE id = ?", true, id) == 1;
            }
            return Jdbc.update(c, "UPDATE users SET disabled = ?, locked_until = NULL, failed_logins = 0 WHERE id = ?", false, id) == 1;
        });
    }

    /** Sets a new password (IllegalArgumentException when too short) and clears any lock-out; false when there is no such user. */
    public boolean setPassword(long id, char[] password, long now) {
        checkPassword(password);
        String hash = PasswordHasher.hash(password);
        return Jdbc.tx(ds, "changing the password of user " + id, c -> Jdbc.update(c,
                "UPDATE users SET password_hash = ?, password_changed = ?, locked_until = NULL, failed_logins = 0 WHERE id = ?", hash, now, id) == 1);
    }

    /**
     * Deletes a user with their tokens and sessions; false when there is no such user.
     * IllegalArgumentException when this would leave no enabled admin.
     */
    public boolean delete(long id) {
        return Jdbc.tx(ds, "deleting user " + id, c -> {
            keepAnAdmin(c, id, "be deleted");
            return Jdbc.update(c, "DELETE FROM users WHERE id = ?", id) == 1;
        });
    }

    /**
     * Refuses a change that would leave no enabled admin (nobody could then manage users, and
     * the first-run setup only runs while there is no user at all). The enabled admins' rows
     * are locked, so two such changes at the same time cannot both pass.
     */
    private static void keepAnAdmin(Connection c, long id, String what) throws SQLException {
        boolean target = false;
        int others = 0;
        try (PreparedStatement s = Jdbc.prepare(c, "SELECT id FROM users WHERE role = ? AND disabled = ? FOR UPDATE", "admin", false);
             ResultSet r = s.executeQuery()) {
            while (r.next()) {
                if (r.getLong(1) == id) target = true;
                else others++;
            }
        }
        if (target && others == 0) throw new IllegalArgumentException("the last enabled admin cannot " + what);
    }

    // ------------------------------------------------------------ login

    /**
     * Checks a user name and password. An unknown name costs the same hashing as a known one and
     * answers BAD_CREDENTIALS. {@value #MAX_FAILURES} failures in a row lock the account for 15
     * minutes, during which it answers LOCKED whatever the password; a success clears the count.
     * A disabled account answers DISABLED only to its right password (BAD_CREDENTIALS otherwise).
     */
    public LoginResult login(String username, char[] password, long now) {
        char[] pw = password == null ? new char[0] : password;
        Stored found = username == null || !USERNAME.matcher(username).matches() ? null
                : Jdbc.tx(ds, "reading user " + username, c -> stored(c, "username_key = ?", key(username), false));
        boolean right = PasswordHasher.verify(pw, found == null ? DUMMY_HASH : found.hash());
        if (found == null) return new LoginResult(Outcome.BAD_CREDENTIALS, null, null);
        return Jdbc.tx(ds, "recording a login of " + username, c -> {
            Stored u = stored(c, "id = ?", found.user().id(), true); // locked: concurrent failures all count
            if (u == null) return new LoginResult(Outcome.BAD_CREDENTIALS, null, null); // deleted meanwhile
            Long lockedUntil = u.user().lockedUntil();
            boolean locked = lockedUntil != null && now < lockedUntil;
            if (locked) return new LoginResult(Outcome.LOCKED, u.user(), lockedUntil);
            // the password changed between reading and checking it: the check was against the old one
            if (!right || !u.hash().equals(found.hash())) {
                int failures = (lockedUntil != null ? 0 : u.user().failedLogins()) + 1; // a lock that ran out starts the count again
                Long until = failures >= MAX_FAILURES ? now + LOCK_MILLIS : null;
                Jdbc.update(c, "UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?", failures, until, u.user().id());
                return new LoginResult(Outcome.BAD_CREDENTIALS, null, until);
            }
            if (u.user().failedLogins() != 0 || lockedUntil != null) {
                Jdbc.update(c, "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?", u.user().id());
            }
            User fresh = new User(u.user().id(), u.user().username(), u.user().role(), u.user().created(), u.user().disabled(), null, 0);
            return new LoginResult(fresh.disabled() ? Outcome.DISABLED : Outcome.OK, fresh, null);
        });
    }

    /** A user with their password hash, for login only. */
    private record Stored(User user, String hash) {}

    private static Stored stored(Connection c, String where, Object arg, boolean forUpdate) throws SQLException {
        try (PreparedStatement s = Jdbc.prepare(c, "SELECT " + COLUMNS + ", password_hash FROM users WHERE " + where + (forUpdate ? " FOR UPDATE" : ""), arg);
             ResultSet r = s.executeQuery()) {
            return r.next() ? new Stored(user(r), r.getString("password_hash")) : null;
        }
    }
}
