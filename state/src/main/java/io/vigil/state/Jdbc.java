package io.vigil.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import javax.sql.DataSource;

/** The few JDBC helpers the repositories share. */
final class Jdbc {
    private Jdbc() {}

    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code work} in one transaction, committed if it returns, rolled back if it throws. */
    static <T> T tx(DataSource ds, String what, Work<T> work) {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                T r = work.run(c);
                c.commit();
                return r;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StateStoreException(what + " failed: " + e.getMessage(), e);
        }
    }

    static void set(PreparedStatement s, int i, Object v) throws SQLException {
        if (v == null) s.setNull(i, Types.NULL);
        else if (v instanceof Integer n) s.setInt(i, n);
        else if (v instanceof Long n) s.setLong(i, n);
        else if (v instanceof Boolean b) s.setBoolean(i, b);
        else s.setString(i, v.toString());
    }

    static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) set(s, i + 1, args[i]);
        return s;
    }

    /** Runs an INSERT and returns the key the database generated for the row. */
    static long insert(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql, java.sql.Statement.RETURN_GENERATED_KEYS)) {
            for (int i = 0; i < args.length; i++) set(s, i + 1, args[i]);
            s.executeUpdate();
            try (ResultSet k = s.getGeneratedKeys()) {
                if (!k.next()) throw new SQLException("the database returned no key for: " + sql);
                return k.getLong(1);
            }
        }
    }

    static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, args)) {
            return s.executeUpdate();
        }
    }

    static Integer intOrNull(ResultSet r, String column) throws SQLException {
        int v = r.getInt(column);
        return r.wasNull() ? null : v;
    }

    static Long longOrNull(ResultSet r, String column) throws SQLException {
        long v = r.getLong(column);
        return r.wasNull() ? null : v;
    }
}
