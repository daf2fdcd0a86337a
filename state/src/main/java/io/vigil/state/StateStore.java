package io.vigil.state;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The state store: one JDBC database (H2 in a file by default, PostgreSQL in production),
 * its schema brought up to date by Flyway migrations at open, and the repositories over it.
 */
public final class StateStore implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final AlarmRepository alarms;
    private final AssetRepository assets;
    private final SuppressionRepository suppressions;
    private final ContentVersions contentVersions;
    private final UserRepository users;
    private final TokenRepository tokens;
    private final SessionRepository sessions;
    private final AuditRepository audit;
    private final SetupRepository setup;

    private StateStore(HikariDataSource ds) {
        this.dataSource = ds;
        this.alarms = new AlarmRepository(ds);
        this.assets = new AssetRepository(ds);
        this.suppressions = new SuppressionRepository(ds);
        this.contentVersions = new ContentVersions(ds);
        this.users = new UserRepository(ds);
        this.tokens = new TokenRepository(ds);
        this.sessions = new SessionRepository(ds);
        this.audit = new AuditRepository(ds);
        this.setup = new SetupRepository(ds);
    }

    /** The embedded default: an H2 database in {@code dir} (created if needed). */
    public static StateStore openH2(Path dir) {
        return open("jdbc:h2:file:" + dir.toAbsolutePath().resolve("vigil") + ";DB_CLOSE_ON_EXIT=FALSE", "vigil", "");
    }

    /** Opens the database at {@code url} and migrates its schema to this version's. */
    public static StateStore open(String url, String user, String password) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(url);
        c.setUsername(user);
        c.setPassword(password);
        c.setMaximumPoolSize(4);
        c.setPoolName("vigil-state");
        c.setInitializationFailTimeout(10_000);
        HikariDataSource ds = new HikariDataSource(c);
        try {
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw new StateStoreException("the state store at " + redact(url) + " cannot be migrated: " + e.getMessage(), e);
        }
        return new StateStore(ds);
    }

    /** A JDBC URL with any password parameter masked (URLs end up in logs and errors). */
    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^;&]*", "$1***");
    }

    public AlarmRepository alarms() {
        return alarms;
    }

    public AssetRepository assets() {
        return assets;
    }

    public SuppressionRepository suppressions() {
        return suppressions;
    }

    public ContentVersions contentVersions() {
        return contentVersions;
    }

    /** The console's users, their passwords and lock-outs. */
    public UserRepository users() {
        return users;
    }

    /** API tokens. */
    public TokenRepository tokens() {
        return tokens;
    }

    /** Console sessions. */
    public SessionRepository sessions() {
        return sessions;
    }

    /** The audit log. */
    public AuditRepository audit() {
        return audit;
    }

    /** The first-run setup link. */
    public SetupRepository setup() {
        return setup;
    }

    DataSource dataSource() {
        return dataSource;
    }

    /** The database product, e.g. "H2" or "PostgreSQL". */
    public String product() {
        try (Connection c = dataSource.getConnection()) {
            return c.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            throw new StateStoreException("the state store cannot be reached: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
