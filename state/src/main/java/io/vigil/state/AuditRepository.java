package io.vigil.state;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * The audit log: who did what to what, from which address, and whether it worked (logins,
 * user and token changes, alarm work). Texts are kept as given, cut to what the columns hold.
 */
public final class AuditRepository {
    static final int ACTOR = 200;
    static final int ACTION = 64;
    static final int TARGET = 500;
    static final int DETAIL = 2000;
    static final int ADDRESS = 64;

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Entry(long id, long at, String actor, String action, String target, String detail, String address, boolean ok) {}

    private final DataSource ds;

    AuditRepository(DataSource ds) {
        this.ds = ds;
    }

    /** Appends an entry; any text may be null, and a text too long for its column is cut rather than refused. */
    public void record(long at, String actor, String action, String target, String detail, String address, boolean ok) {
        Jdbc.tx(ds, "writing the audit log", c -> Jdbc.update(c,
                "INSERT INTO audit_log (at, actor, action, target, detail, address, ok) VALUES (?,?,?,?,?,?,?)",
                at, Secrets.cut(actor, ACTOR), Secrets.cut(action, ACTION), Secrets.cut(target, TARGET), Secrets.cut(detail, DETAIL),
                Secrets.cut(address, ADDRESS), ok));
    }

    /**
     * Entries newest first: those whose actor, action, target or detail holds {@code text}
     * whatever its case (null: all), at or after {@code since} (null: any time), at most
     * {@code limit} (kept within 1 to 10,000).
     */
    public List<Entry> list(String text, Long since, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM audit_log WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (text != null && !text.isEmpty()) {
            String like = "%" + text.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            sql.append(" AND (LOWER(actor) LIKE ? ESCAPE '\\' OR LOWER(action) LIKE ? ESCAPE '\\' OR LOWER(target) LIKE ? ESCAPE '\\'"
                    + " OR LOWER(detail) LIKE ? ESCAPE '\\')");
            for (int i = 0; i < 4; i++) args.add(like);
        }
        if (since != null) {
            sql.append(" AND at >= ?");
            args.add(since);
        }
        sql.append(" ORDER BY at DESC, id DESC LIMIT ").append(Math.max(1, Math.min(limit, 10_000)));
        return Jdbc.tx(ds, "reading the audit log", c -> {
            List<Entry> out = new ArrayList<>();
            try (PreparedStatement s = Jdbc.prepare(c, sql.toString(), args.toArray()); ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new Entry(r.getLong("id"), r.getLong("at"), r.getString("actor"), r.getString("action"), r.getString("target"),
                            r.getString("detail"), r.getString("address"), r.getBoolean("ok")));
                }
            }
            return out;
        });
    }
}
