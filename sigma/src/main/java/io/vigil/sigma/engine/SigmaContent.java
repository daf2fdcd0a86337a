package io.vigil.sigma.engine;

import io.vigil.sigma.rule.FieldSlots;
import io.vigil.sigma.rule.RuleLoader;
import io.vigil.sigma.rule.SigmaCorrelation;
import io.vigil.sigma.rule.SigmaRule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Sigma content ready to run: the rules of the content paths, the mapping (shipped plus the
 * user's), and for each rule the log sources it runs on, or why it runs on none.
 */
public final class SigmaContent {
    /** Where a rule runs: the sources it serves with all its fields mapped; {@code inactive} says why it runs nowhere. */
    public record Placement(SigmaRule rule, List<String> sources, String inactive) {}

    private final RuleLoader.Result loaded;
    private final SigmaMapping mapping;
    private final FieldSlots slots;
    private final List<Placement> placements;
    private final List<RuleLoader.RuleError> errors;

    private SigmaContent(RuleLoader.Result loaded, SigmaMapping mapping, FieldSlots slots) {
        this.loaded = loaded;
        this.mapping = mapping;
        this.slots = slots;
        this.errors = new ArrayList<>(mapping.errors());
        this.errors.addAll(loaded.errors());
        this.placements = place();
    }

    /** Loads rules and mapping documents from files and folders. */
    public static SigmaContent load(List<Path> paths) {
        return twoPasses((slots, placeholders) -> RuleLoader.load(paths, slots, placeholders));
    }

    /** From rule texts (a hunt sent over the API); mapping documents among them apply, as in content paths. */
    public static SigmaContent fromTexts(Map<Path, String> texts) {
        return twoPasses((slots, placeholders) -> RuleLoader.parseAll(texts, slots, placeholders));
    }

    /**
     * The mapping's placeholders are needed to compile rules that |expand, and the mapping may be
     * among the rules: read once for the mapping documents, and again only if they matter.
     */
    private static SigmaContent twoPasses(java.util.function.BiFunction<FieldSlots, Map<String, List<String>>, RuleLoader.Result> read) {
        RuleLoader.Result first = read.apply(new FieldSlots(), Map.of());
        SigmaMapping mapping = SigmaMapping.load(first.mappings());
        if (first.mappings().isEmpty() && !hasExpand(first)) return new SigmaContent(first, mapping, first.slots());
        RuleLoader.Result second = read.apply(new FieldSlots(), mapping.placeholders());
        return new SigmaContent(second, mapping, second.slots());
    }

    /** From already loaded rules (tests, `rules test` on text). */
    public static SigmaContent of(RuleLoader.Result loaded) {
        return new SigmaContent(loaded, SigmaMapping.load(loaded.mappings()), loaded.slots());
    }

    private static boolean hasExpand(RuleLoader.Result r) {
        return r.errors().stream().anyMatch(e -> e.message().startsWith("placeholder %"));
    }

    private List<Placement> place() {
        List<Placement> out = new ArrayList<>();
        for (SigmaRule r : loaded.rules()) {
            List<String> on = new ArrayList<>();
            List<String> unmapped = new ArrayList<>();
            boolean served = false;
            for (SigmaMapping.Source s : mapping.sources()) {
                if (!s.serves(r.logsource())) continue;
                served = true;
                List<String> missing = missing(s, r.detection().fields());
                if (missing.isEmpty()) on.add(s.name());
                else unmapped.add(s.name() + " does not map " + String.join(", ", missing));
            }
            String inactive = null;
            if (!served) inactive = "no Vigil log source for " + r.logsource() + " (add one to the Sigma mapping)";
            else if (on.isEmpty()) inactive = "fields not mapped: " + String.join("; ", unmapped);
            out.add(new Placement(r, on, inactive));
        }
        return out;
    }

    static List<String> missing(SigmaMapping.Source s, java.util.Collection<String> fields) {
        List<String> missing = new ArrayList<>();
        for (String f : fields) {
            Function<?, ?> a = s.resolve(f);
            if (a == null) missing.add(f);
        }
        return missing;
    }

    public List<SigmaRule> rules() {
        return loaded.rules();
    }

    public List<SigmaCorrelation> correlations() {
        return loaded.correlations();
    }

    public List<RuleLoader.RuleError> errors() {
        return errors;
    }

    public List<Path> files() {
        return loaded.files();
    }

    public SigmaMapping mapping() {
        return mapping;
    }

    public FieldSlots slots() {
        return slots;
    }

    public List<Placement> placements() {
        return placements;
    }

    /** Rules per log source key (product/category/service), for `vigil rules list`. */
    public Map<String, Integer> countsByLogsource() {
        Map<String, Integer> m = new java.util.TreeMap<>();
        for (SigmaRule r : loaded.rules()) m.merge(r.logsource().key(), 1, Integer::sum);
        return new LinkedHashMap<>(m);
    }
}
