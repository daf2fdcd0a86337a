package io.vigil.normalize;

import io.vigil.normalize.ossim.FieldFunctions;
import io.vigil.normalize.ossim.FieldTemplate;
import io.vigil.normalize.ossim.OssimPlugin;
import io.vigil.normalize.ossim.PluginRule;
import io.vigil.normalize.ossim.TemplateException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A plugin rule ready for the engine: its field templates compiled, and the literals the
 * prefilter checks before the regexp runs. {@code anchor} is the longest required literal
 * (the {@link LiteralIndex} looks for it); {@code others} are the remaining ones, checked
 * with {@code contains} only for rules whose anchor was found.
 */
final class CompiledRule {
    /** A prefix of a required literal is itself required: 24 characters select well enough and keep the automaton small. */
    private static final int ANCHOR_MAX = 24;

    final OssimPlugin plugin;
    final PluginRule rule;
    final Map<String, FieldTemplate> fields;
    final String anchor;
    final List<String> others;
    /**
     * The rule has a literal of at least four letters or digits: specific enough to try on
     * lines from any source. Rules without one (catch-alls, generic formats) were written for
     * their plugin's own log file and are tried only on lines routed to their plugin.
     */
    final boolean specific;
    int anchorId = -1;
    /** Ids of {@code others} in the engine's literal index (rules with an anchor id), or null. */
    int[] otherIds;

    private CompiledRule(OssimPlugin plugin, PluginRule rule, Map<String, FieldTemplate> fields, String anchor, List<String> others) {
        this.plugin = plugin;
        this.rule = rule;
        this.fields = fields;
        this.anchor = anchor;
        this.others = others;
        boolean strong = false;
        for (String l : others) strong |= alnum(l) >= 4;
        this.specific = strong || (anchor != null && alnum(anchor) >= 4);
    }

    private static int alnum(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) if (Character.isLetterOrDigit(s.charAt(i))) n++;
        return n;
    }

    static CompiledRule compile(OssimPlugin plugin, PluginRule rule, FieldFunctions functions) throws TemplateException {
        Map<String, FieldTemplate> fields = new LinkedHashMap<>();
        for (Map.Entry<String, String> f : rule.fields().entrySet()) {
            fields.put(f.getKey().toLowerCase(Locale.ROOT), FieldTemplate.compile(f.getValue(), functions));
        }
        String anchor = null;
        List<String> others = new ArrayList<>();
        for (String lit : rule.requiredLiterals()) {
            String l = lit.toLowerCase(Locale.ROOT);
            if (l.isEmpty()) continue;
            if (anchor == null || l.length() > anchor.length()) {
                if (anchor != null) others.add(anchor);
                anchor = l;
            } else {
                others.add(l);
            }
        }
        if (anchor != null && anchor.length() > ANCHOR_MAX) {
            others.add(anchor);
            anchor = anchor.substring(0, ANCHOR_MAX);
        }
        return new CompiledRule(plugin, rule, fields, anchor, List.copyOf(others));
    }

    /**
     * True when the other required literals are all in the line, ignoring case: from the
     * literal index's scan ({@code present}) for rules it scans for, searched otherwise.
     */
    boolean othersPresent(BitSet present, Predicate<String> inLine) {
        if (otherIds != null) {
            for (int id : otherIds) if (!present.get(id)) return false;
            return true;
        }
        for (String o : others) if (!inLine.test(o)) return false;
        return true;
    }

    /**
     * Whether {@code lowerLiteral} (lower case) occurs in a Latin-1 {@code line} ignoring
     * case, without a lower-cased copy of the line. As permissive as comparing lower-cased
     * strings (where each Latin-1 character lower-cases to one): it is a necessary condition
     * checked before a case-insensitive regexp.
     */
    static boolean containsIgnoreCase(String line, String lowerLiteral) {
        int n = lowerLiteral.length();
        if (n == 0) return true;
        char first = lowerLiteral.charAt(0);
        char firstUpper = Character.toUpperCase(first);
        for (int i = 0, last = line.length() - n; i <= last; i++) {
            char c = line.charAt(i);
            if ((c == first || c == firstUpper || Character.toLowerCase(c) == first) && line.regionMatches(true, i, lowerLiteral, 0, n)) return true;
        }
        return false;
    }

    @Override
    public String toString() {
        return plugin.name() + " [" + rule.name() + "]";
    }
}
