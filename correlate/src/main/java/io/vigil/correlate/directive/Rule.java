package io.vigil.correlate.directive;

import java.util.List;
import java.util.Map;

/**
 * One rule of a directive's tree, as written in the XML: its level (1 for the root), the
 * conditions an event must meet, how many such events it waits for ({@code occurrence})
 * and for how long ({@code timeOut} seconds, 0 for no limit), and the rules that may follow.
 *
 * @param reliability the reliability it gives the backlog; added to the current one when
 *     {@code relativeReliability} ({@code reliability="+2"})
 * @param sticky {@code sticky="true"}: while this rule counts its occurrences, its events
 *     must agree with the first one on the fields the rule does not constrain (see docs/correlation.md)
 * @param stickyDifferent each occurrence must bring a new value of this field (a scan: many
 *     different destination ports), or null
 * @param texts conditions on username, password, filename and userdata1..9
 * @param product taxonomy product type ids ({@code product="5,10"})
 * @param monitor a monitor rule: it asks a monitor source and never matches an event
 * @param unsupported attributes read but not applied here (e.g. reputation conditions)
 */
public record Rule(
        int level,
        String name,
        boolean monitor,
        IntSpec pluginId,
        IntSpec pluginSid,
        AddressSpec from,
        AddressSpec to,
        IntSpec portFrom,
        IntSpec portTo,
        TextSpec protocol,
        TextSpec sensor,
        int occurrence,
        int timeOut,
        int reliability,
        boolean relativeReliability,
        boolean sticky,
        Ref.Field stickyDifferent,
        Map<Ref.Field, TextSpec> texts,
        IntSpec product,
        IntSpec category,
        IntSpec subcategory,
        List<String> unsupported,
        int line,
        List<Rule> children) {

    /** Rules in this subtree, this one included. */
    public int count() {
        int n = 1;
        for (Rule c : children) n += c.count();
        return n;
    }

    /** Monitor rules in this subtree. */
    public int monitors() {
        int n = monitor ? 1 : 0;
        for (Rule c : children) n += c.monitors();
        return n;
    }

    /** The deepest level in this subtree. */
    public int depth() {
        int d = level;
        for (Rule c : children) d = Math.max(d, c.depth());
        return d;
    }
}
