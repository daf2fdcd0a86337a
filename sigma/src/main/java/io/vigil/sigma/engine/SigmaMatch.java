package io.vigil.sigma.engine;

import io.vigil.core.event.Event;
import io.vigil.sigma.rule.SigmaCorrelation;
import io.vigil.sigma.rule.SigmaRule;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A rule that matched: a detection rule on one event, or a correlation rule whose condition
 * came true for one group.
 *
 * @param rule the detection rule (null for a correlation)
 * @param correlation the correlation rule (null for a detection)
 * @param events the contributing events' ids, oldest first (a correlation keeps at most the last 100)
 * @param last the event that completed the match
 * @param group the correlation's group-by values (empty for a detection)
 * @param value what the condition was judged on: a count, a sum, an average (1 for a detection)
 */
public record SigmaMatch(SigmaRule rule, SigmaCorrelation correlation, List<UUID> events, Event last, Map<String, String> group,
                         double value, long time) {

    public String title() {
        return rule != null ? rule.title() : correlation.title();
    }

    public String level() {
        return rule != null ? rule.level() : correlation.level() != null ? correlation.level() : correlation.rules().get(0).level();
    }

    public List<String> tags() {
        return rule != null ? rule.tags() : correlation.tags();
    }

    public List<String> references() {
        return rule != null ? rule.references() : correlation.references();
    }

    /** The rule's id (or name, or file:line). */
    public String ruleKey() {
        return rule != null ? rule.key() : correlation.key();
    }

    public boolean isCorrelation() {
        return correlation != null;
    }
}
