package io.vigil.normalize;

import io.vigil.normalize.ossim.FieldFunctions;
import io.vigil.normalize.ossim.FieldTemplate;
import io.vigil.normalize.ossim.OssimPlugin;
import io.vigil.normalize.ossim.PluginRule;
import io.vigil.normalize.ossim.TemplateException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
    /** The plugin's index in its engine. */
    int pluginIndex = -1;

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

    /** True when the other required literals are all in the (lower-cased) line. */
    boolean othersPresent(String lowerLine) {
        for (String o : others) if (!lowerLine.contains(o)) return false;
        return true;
    }

    @Override
    public String toString() {
        return plugin.name() + " [" + rule.name() + "]";
    }
}
