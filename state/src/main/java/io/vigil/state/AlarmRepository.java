package io.vigil.state;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.vigil.correlate.engine.Alarm;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/** Alarms: written as backlogs raise and update them, read and worked by analysts. */
public final class AlarmRepository {
    public static final Set<String> STATUSES = Set.of("open", "acknowledged", "closed");

    /** An alarm as listed. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Stored(String id, int directiveId, String title, int priority, int level, int reliability, int risk,
                         int riskCompromise, int riskAttack, String srcIp, String dstIp, Integer srcPort, Integer dstPort,
                         long firstSeen, long lastSeen, String status, String assignee, int events, String ruleSource, String ruleId,
                         String ruleLevel, List<String> tags, List<String> references) {}

    /**
     * Which rule raised an alarm: a directive (its id is the alarm's directive_id), or a Sigma
     * rule with its id, level, ATT&CK tags and references.
     */
    public record RuleInfo(String source, String ruleId, String level, List<String> tags, List<String> references) {
        public static final RuleInfo DIRECTIVE = new RuleInfo("directive", null, null, List.of(), List.of());

        public static RuleInfo sigma(String ruleId, String level, List<String> tags, List<String> references) {
            return new RuleInfo("sigma", ruleId, level, tags, references);
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Level(int level, String rule, String eventId, long at, int reliability, int riskCompromise, int riskAttack) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Comment(long at, String author, String status, String text) {}

    /** One alarm with its events, the levels it climbed and its comments. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Detail(Stored alarm, List<String> events, List<Level> levels, List<Comment> comments) {}

    /** List filters; null means any. */
    public record Query(String status, Integer minRisk, Integer directiveId, String address, Long since, int limit, String ruleId) {
        public Query(String status, Integer minRisk, Integer directiveId, String address, Long since, int limit) {
            this(status, minRisk, directiveId, address, since, limit, null);
        }

        public static Query all(int limit) {
            return new Query(null, null, null, null, null, limit, null);
        }
    }

    private final DataSource ds;

    /** How many events and levels of an alarm are in the tables, as this process last wrote them. */
    private record Written(String id, int events, int levels) {}

    /**
     * Per alarm, what this process last wrote of it, so that an update appends without first
     * counting the rows (two queries per alarm per batch). Only this class inserts into those
     * tables and alarms are not deleted; an alarm not in here, or not in the table, is counted.
     */
    private final Map<String, Written> written = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Written> eldest) {
            return size() > WRITTEN_KEPT;
        }
    };
    private static final int WRITTEN_KEPT = 10_000;

    AlarmRepository(DataSource ds) {
        this.ds = ds;
    }

    /** Writes the alarm of a backlog: inserted the first time, updated in place after; new events and levels appended. */
    public void upsert(Alarm a, long now) {
        upsert(a, RuleInfo.DIRECTIVE, now);
    }

    /** As {@link #upsert(Alarm, long)}, for an alarm of the given rule. */
    public void upsert(Alarm a, RuleInfo rule, long now) {
        upsertAll(List.of(new Update(a, rule)), now);
    }

    /** An alarm's new state and the rule that raised it. */
    public record Update(Alarm alarm, RuleInfo rule) {}

    /**
     * Writes several alarms in one transaction: all or none (the caller writes them one by
     * one when this fails, so that one bad alarm loses only itself). Correlation writes the
     * alarms a batch of events updated; a transaction each was most of the state store's work.
     */
    public void upsertAll(List<Update> updates, long now) {
        if (updates.isEmpty()) return;
        List<Written> done = Jdbc.tx(ds, updates.size() == 1 ? "storing alarm " + updates.get(0).alarm().backlogId()
                : "storing " + updates.size() + " alarms", c -> {
            Map<String, Written> out = new LinkedHashMap<>(); // an alarm twice in the list appends after itself
            for (Update u : updates) {
                Written w = write(c, u.alarm(), u.rule(), now, out);
                out.put(w.id(), w);
            }
            return List.copyOf(out.values());
        });
        synchronized (written) {
            for (Written w : done) written.put(w.id(), w);
        }
    }

    private Written write(Connection c, Alarm a, RuleInfo rule, long now, Map<String, Written> inThisTransaction) throws SQLException {
        String id = a.backlogId().toString();
        int updated = Jdbc.update(c, "UPDATE alarms SET title = ?, level = ?, reliability = ?, risk = ?, risk_compromise = ?, risk_attack = ?, "
                        + "src_ip = ?, dst_ip = ?, src_port = ?, dst_port = ?, first_seen = ?, last_seen = ?, updated = ? WHERE backlog_id = ?",
                a.title(), a.level(), a.reliability(), a.risk().value(), a.risk().compromise(), a.risk().attack(),
                a.srcIp(), a.dstIp(), a.srcPort(), a.dstPort(), a.firstSeen().toEpochMilli(), a.lastSeen().toEpochMilli(), now, id);
        if (updated == 0) {
            Jdbc.update(c, "INSERT INTO alarms (backlog_id, directive_id, title, priority, level, reliability, risk, risk_compromise, risk_attack, "
                            + "src_ip, dst_ip, src_port, dst_port, first_seen, last_seen, status, created, updated, rule_source, rule_id, rule_level, tags, refs) "
                            + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,'open',?,?,?,?,?,?,?)",
                    id, a.directiveId(), a.title(), a.priority(), a.level(), a.reliability(), a.risk().value(), a.risk().compromise(),
                    a.risk().attack(), a.srcIp(), a.dstIp(), a.srcPort(), a.dstPort(), a.firstSeen().toEpochMilli(), a.lastSeen().toEpochMilli(), now, now,
                    rule.source(), rule.ruleId(), rule.level(), lines(rule.tags(), 4000), lines(rule.references(), 8000));
        }
        Written known = inThisTransaction.get(id);
        if (known == null && updated != 0) {
            synchronized (written) {
                known = written.get(id);
            }
        }
        int stored = known != null ? known.events() : count(c, "SELECT COUNT(*) FROM alarm_events WHERE backlog_id = ?", id);
        if (stored < a.events().size()) {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO alarm_events (backlog_id, seq, event_id) VALUES (?,?,?)")) {
                for (int i = stored; i < a.events().size(); i++) {
                    s.setString(1, id);
                    s.setInt(2, i);
                    s.setString(3, a.events().get(i).toString());
                    s.addBatch();
                }
                s.executeBatch();
            }
        }
        int levels = known != null ? known.levels() : count(c, "SELECT COUNT(*) FROM alarm_levels WHERE backlog_id = ?", id);
        for (int i = levels; i < a.trail().size(); i++) {
            Alarm.Level l = a.trail().get(i);
            Jdbc.update(c, "INSERT INTO alarm_levels (backlog_id, level, rule_name, event_id, at, reliability, risk_compromise, risk_attack) VALUES (?,?,?,?,?,?,?,?)",
                    id, l.level(), l.rule(), l.event().toString(), l.time().toEpochMilli(), l.reliability(), l.risk().compromise(), l.risk().attack());
        }
        return new Written(id, Math.max(stored, a.events().size()), Math.max(levels, a.trail().size()));
    }

    /** A list as newline-separated text, cut to what the column holds (whole items only). */
    private static String lines(List<String> items, int max) {
        if (items == null || items.isEmpty()) return null;
        StringBuilder b = new StringBuilder();
        for (String i : items) {
            String one = i.replace('\n', ' ');
            if (b.length() + one.length() + 1 > max) break;
            if (!b.isEmpty()) b.append('\n');
            b.append(one);
        }
        return b.toString();
    }

    private static List<String> split(String s) {
        return s == null || s.isEmpty() ? List.of() : List.of(s.split("\n"));
    }

    private static int count(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement s = Jdbc.prepare(c, sql, args); ResultSet r = s.executeQuery()) {
            r.next();
            return r.getInt(1);
        }
    }

    /** Alarms matching the filters, highest risk first, then most recent. */
    public List<Stored> list(Query q) {
        StringBuilder sql = new StringBuilder("SELECT a.*, (SELECT COUNT(*) FROM alarm_events e WHERE e.backlog_id = a.backlog_id) AS n FROM alarms a WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (q.status() != null) {
            sql.append(" AND status = ?");
            args.add(q.status());
        }
        if (q.minRisk() != null) {
            sql.append(" AND risk >= ?");
            args.add(q.minRisk());
        }
        if (q.directiveId() != null) {
            sql.append(" AND directive_id = ?");
            args.add(q.directiveId());
        }
        if (q.address() != null) {
            sql.append(" AND (src_ip = ? OR dst_ip = ?)");
            args.add(q.address());
            args.add(q.address());
        }
        if (q.since() != null) {
            sql.append(" AND last_seen >= ?");
            args.add(q.since());
        }
        if (q.ruleId() != null) {
            sql.append(" AND rule_id = ?");
            args.add(q.ruleId());
        }
        sql.append(" ORDER BY risk DESC, last_seen DESC, backlog_id LIMIT ").append(Math.max(1, Math.min(q.limit(), 10_000)));
        return Jdbc.tx(ds, "listing alarms", c -> {
            List<Stored> out = new ArrayList<>();
            try (PreparedStatement s = Jdbc.prepare(c, sql.toString(), args.toArray()); ResultSet r = s.executeQuery()) {
                while (r.next()) out.add(stored(r));
            }
            return out;
        });
    }

    private static Stored stored(ResultSet r) throws SQLException {
        return new Stored(r.getString("backlog_id"), r.getInt("directive_id"), r.getString("title"), r.getInt("priority"), r.getInt("level"),
                r.getInt("reliability"), r.getInt("risk"), r.getInt("risk_compromise"), r.getInt("risk_attack"), r.getString("src_ip"),
                r.getString("dst_ip"), Jdbc.intOrNull(r, "src_port"), Jdbc.intOrNull(r, "dst_port"), r.getLong("first_seen"),
                r.getLong("last_seen"), r.getString("status"), r.getString("assignee"), r.getInt("n"), r.getString("rule_source"),
                r.getString("rule_id"), r.getString("rule_level"), split(r.getString("tags")), split(r.getString("refs")));
    }

    public Optional<Detail> get(String id) {
        return Jdbc.tx(ds, "reading alarm " + id, c -> {
            Stored a;
            try (PreparedStatement s = Jdbc.prepare(c, "SELECT a.*, (SELECT COUNT(*) FROM alarm_events e WHERE e.backlog_id = a.backlog_id) AS n FROM alarms a WHERE backlog_id = ?", id);
                 ResultSet r = s.executeQuery()) {
                if (!r.next()) return Optional.empty();
                a = stored(r);
            }
            List<String> events = new ArrayList<>();
            try (PreparedStatement s = Jdbc.prepare(c, "SELECT event_id FROM alarm_events WHERE backlog_id = ? ORDER BY seq", id); ResultSet r = s.executeQuery()) {
                while (r.next()) events.add(r.getString(1));
            }
            List<Level> levels = new ArrayList<>();
            try (PreparedStatement s = Jdbc.prepare(c, "SELECT * FROM alarm_levels WHERE backlog_id = ? ORDER BY level", id); ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    levels.add(new Level(r.getInt("level"), r.getString("rule_name"), r.getString("event_id"), r.getLong("at"), r.getInt("reliability"),
                            r.getInt("risk_compromise"), r.getInt("risk_attack")));
                }
            }
            List<Comment> comments = new ArrayList<>();
            try (PreparedStatement s = Jdbc.prepare(c, "SELECT * FROM alarm_comments WHERE backlog_id = ? ORDER BY id", id); ResultSet r = s.executeQuery()) {
                while (r.next()) comments.add(new Comment(r.getLong("at"), r.getString("author"), r.getString("status"), r.getString("text")));
            }
            return Optional.of(new Detail(a, events, levels, comments));
        });
    }

    /**
     * Moves an alarm to {@code status} (open, acknowledged, closed), with an optional comment
     * and assignee; false when there is no such alarm.
     */
    public boolean setStatus(String id, String status, String assignee, String comment, String author, long now) {
        String st = status == null ? null : status.toLowerCase(Locale.ROOT);
        if (st != null && !STATUSES.contains(st)) throw new IllegalArgumentException("status must be one of open, acknowledged, closed");
        return Jdbc.tx(ds, "changing alarm " + id, c -> {
            int n = Jdbc.update(c, "UPDATE alarms SET status = COALESCE(?, status), assignee = COALESCE(?, assignee), updated = ? WHERE backlog_id = ?",
                    st, assignee, now, id);
            if (n == 0) return false;
            if (st != null || comment != null) {
                Jdbc.update(c, "INSERT INTO alarm_comments (backlog_id, at, author, status, text) VALUES (?,?,?,?,?)", id, now, author, st, comment);
            }
            return true;
        });
    }
}
