package io.vigil.state;

import io.vigil.core.net.IpLiterals;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.vigil.correlate.directive.Cidr;
import io.vigil.correlate.engine.Alarm;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Suppressions: an analyst's "this is a false positive here". Each names a directive (or
 * any), a source and a destination (an address or block, or any), and an optional expiry;
 * an alarm they all match is not raised, and the suppression counts it.
 */
public final class SuppressionRepository {
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Suppression(long id, Integer directiveId, String src, String dst, String reason, String author, long created,
                              Long expires, long suppressed, String ruleId) {
        boolean matches(Alarm a, AlarmRepository.RuleInfo rule, long now) {
            if (expires != null && now >= expires) return false;
            if (directiveId != null && (!"directive".equals(rule.source()) || directiveId != a.directiveId())) return false;
            if (ruleId != null && !ruleId.equals(rule.ruleId())) return false;
            return within(src, a.srcIp()) && within(dst, a.dstIp());
        }

        private static boolean within(String block, String address) {
            if (block == null) return true;
            Cidr c = Cidr.parse(block);
            return c != null && c.contains(IpLiterals.bytes(address));
        }
    }

    private final DataSource ds;
    private volatile List<Suppression> cache;

    SuppressionRepository(DataSource ds) {
        this.ds = ds;
    }

    public Suppression create(Integer directiveId, String src, String dst, String reason, String author, long now, Long expires) {
        return create(directiveId, null, src, dst, reason, author, now, expires);
    }

    /** @param ruleId a Sigma rule's id (or name): only its alarms (null: any rule) */
    public Suppression create(Integer directiveId, String ruleId, String src, String dst, String reason, String author, long now, Long expires) {
        if (directiveId != null && ruleId != null) throw new IllegalArgumentException("a suppression names a directive or a Sigma rule, not both");
        for (String b : new String[] {src, dst}) {
            if (b != null && Cidr.parse(b) == null) throw new IllegalArgumentException("'" + b + "' is not an address or block such as 10.0.0.0/8");
        }
        if (expires != null && expires <= now) throw new IllegalArgumentException("the expiry is in the past");
        long id = Jdbc.tx(ds, "creating a suppression", c -> Jdbc.insert(c,
                "INSERT INTO suppressions (directive_id, rule_id, src, dst, reason, author, created, expires) VALUES (?,?,?,?,?,?,?,?)",
                directiveId, ruleId, src, dst, reason, author, now, expires));
        cache = null;
        return new Suppression(id, directiveId, src, dst, reason, author, now, expires, 0, ruleId);
    }

    public List<Suppression> list() {
        return Jdbc.tx(ds, "listing suppressions", c -> {
            List<Suppression> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT * FROM suppressions ORDER BY id"); ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new Suppression(r.getLong("id"), Jdbc.intOrNull(r, "directive_id"), r.getString("src"), r.getString("dst"),
                            r.getString("reason"), r.getString("author"), r.getLong("created"), Jdbc.longOrNull(r, "expires"), r.getLong("suppressed"),
                            r.getString("rule_id")));
                }
            }
            return out;
        });
    }

    public boolean delete(long id) {
        boolean done = Jdbc.tx(ds, "deleting suppression " + id, c -> Jdbc.update(c, "DELETE FROM suppressions WHERE id = ?", id) == 1);
        cache = null;
        return done;
    }

    /** The suppression that stops this alarm, counted, or empty when none applies. */
    public Optional<Suppression> suppress(Alarm a, long now) {
        return suppress(a, AlarmRepository.RuleInfo.DIRECTIVE, now);
    }

    /** As {@link #suppress(Alarm, long)}, for an alarm of the given rule. */
    public Optional<Suppression> suppress(Alarm a, AlarmRepository.RuleInfo rule, long now) {
        List<Suppression> all = cache;
        if (all == null) {
            all = list();
            cache = all;
        }
        for (Suppression s : all) {
            if (s.matches(a, rule, now)) {
                Jdbc.tx(ds, "counting suppression " + s.id(), c -> Jdbc.update(c, "UPDATE suppressions SET suppressed = suppressed + 1 WHERE id = ?", s.id()));
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
