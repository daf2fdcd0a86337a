package io.vigil.server;

import io.vigil.core.event.Event;
import io.vigil.correlate.directive.ContentError;
import io.vigil.correlate.directive.Directive;
import io.vigil.correlate.directive.Networks;
import io.vigil.correlate.directive.Rule;
import io.vigil.correlate.engine.Alarm;
import io.vigil.correlate.engine.AssetValues;
import io.vigil.correlate.engine.DirectiveEngine;
import io.vigil.correlate.engine.Risk;
import io.vigil.correlate.engine.Trace;
import io.vigil.sigma.engine.SigmaContent;
import io.vigil.sigma.engine.SigmaEngine;
import io.vigil.sigma.rule.SigmaRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The console's content page: what loaded (plugins, directives, Sigma rules) with its errors, and
 * a test box that runs one log line through the same engines as the stream: normalization, the
 * directives (on an engine of its own, so nothing live is touched) and the Sigma rules.
 */
public final class ContentInspection {
    /** One engine's verdict on the line. */
    public record Step(String engine, String rule, String outcome, String detail) {}

    public record Result(String line, List<Map.Entry<String, String>> fields, List<Step> steps) {}

    public record Summary(Map<String, Object> normalization, int directives, int directiveRules, List<String> directiveErrors,
                          int sigmaRules, int sigmaCorrelations, List<String> sigmaInactive, List<String> sigmaErrors) {}

    private final Function<String, Event> normalize;
    private final Supplier<Map<String, Object>> normalization;
    private final Correlator correlator;

    /**
     * @param normalize a raw line to a normalized event, as the collectors' path makes it
     * @param normalization the plugins' summary (counts, errors)
     * @param correlator the live correlation stage, whose content is inspected (null without correlation)
     */
    public ContentInspection(Function<String, Event> normalize, Supplier<Map<String, Object>> normalization, Correlator correlator) {
        this.normalize = normalize;
        this.normalization = normalization;
        this.correlator = correlator;
    }

    public Summary summary() {
        List<String> dErrors = new ArrayList<>();
        int directives = 0;
        int rules = 0;
        List<String> sInactive = new ArrayList<>();
        List<String> sErrors = new ArrayList<>();
        int sigmaRules = 0;
        int sigmaCorrelations = 0;
        if (correlator != null) {
            directives = correlator.content().directives().size();
            rules = correlator.content().rules();
            for (ContentError e : correlator.content().errors()) dErrors.add(e.toString());
            SigmaContent s = correlator.sigmaContent();
            if (s != null) {
                sigmaRules = s.rules().size();
                sigmaCorrelations = s.correlations().size();
                s.errors().forEach(e -> sErrors.add(e.toString()));
                s.placements().stream().filter(p -> p.inactive() != null)
                        .forEach(p -> sInactive.add(p.rule().title() + " (" + p.rule().file().getFileName() + "): " + p.inactive()));
            }
        }
        return new Summary(normalization.get(), directives, rules, cut(dErrors), sigmaRules, sigmaCorrelations, cut(sInactive), cut(sErrors));
    }

    private static List<String> cut(List<String> l) {
        return l.size() > 200 ? l.subList(0, 200) : l;
    }

    public Result test(String line) {
        Event e = normalize.apply(line);
        List<Map.Entry<String, String>> fields = io.vigil.server.console.Models.fieldsOf(e);
        List<Step> steps = new ArrayList<>();
        if (correlator != null) {
            directives(e, steps);
            sigma(e, steps);
        }
        return new Result(line, fields, steps);
    }

    private void directives(Event e, List<Step> steps) {
        List<Directive> all = correlator.content().directives();
        DirectiveEngine engine = new DirectiveEngine(all, Networks.PRIVATE_HOME_NET, AssetValues.NONE, DirectiveEngine.Limits.DEFAULT,
                new DirectiveEngine.Sink() {
                    @Override
                    public void directiveEvent(Event event) { }

                    @Override
                    public void alarm(Alarm alarm) {
                        steps.add(new Step("directive", Integer.toString(alarm.directiveId()), "alarm", "risk " + alarm.risk().value()));
                    }
                });
        engine.trace(new Trace() {
            @Override
            public void opened(UUID backlog, Directive d, Event ev) {
                steps.add(new Step("directive", d.id() + " " + d.name(), "opens a backlog", "its first rule takes the event"));
            }

            @Override
            public void reached(UUID backlog, Directive d, Rule rule, int level, int reliability, Risk risk, Event ev) {
                steps.add(new Step("directive", d.id() + " " + d.name(), "level " + level, "reliability " + reliability + ", risk " + risk.value()));
            }

            @Override
            public void missed(UUID backlog, Directive d, Rule rule, String why, Event ev) {
                // only the near misses: directives about this event's plugin whose first rule did not take it
                if (backlog == null && !why.startsWith("plugin_id")) steps.add(new Step("directive", d.id() + " " + d.name(), "no", why));
            }
        });
        if (e.id() == null) e.id(io.vigil.core.event.Uuid7.next());
        engine.process(e);
    }

    private void sigma(Event e, List<Step> steps) {
        SigmaContent content = correlator.sigmaContent();
        if (content == null) return;
        SigmaEngine engine = new SigmaEngine(content, 10);
        String source = engine.sourceOf(e);
        steps.add(new Step("sigma", "(log source)", source == null ? "none" : source, "the event meets the rules placed on this log source"));
        for (SigmaRule r : content.rules()) {
            SigmaEngine.Explanation x = engine.explain(r, e);
            if (x.reason() != null) continue; // another log source's rule
            StringBuilder b = new StringBuilder();
            x.selections().forEach((k, v) -> b.append(b.isEmpty() ? "" : ", ").append(k).append(v ? "=true" : "=false"));
            steps.add(new Step("sigma", r.title() + " [" + r.key() + "]", x.condition() ? "match" : "no", b.toString()));
        }
    }
}
