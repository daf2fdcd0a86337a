package io.vigil.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.core.event.Json;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "status", description = "Shows what a running instance has received, parsed, dropped and stored.")
final class StatusCommand implements Callable<Integer> {
    private static final String[] STAGES = {"received", "parsed", "malformed", "truncated", "journaled", "stored"};

    @Mixin InstanceOptions instance;
    @Spec CommandSpec spec;
    @Option(names = "--format", defaultValue = "table", description = "table or json (default ${DEFAULT-VALUE}).") String format;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (!format.equals("table") && !format.equals("json")) throw new UserFacingException("--format must be table or json");
        JsonNode s = instance.client().get("/api/v1/status", Map.of());
        if (format.equals("json")) {
            out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(s));
            return 0;
        }
        out.printf("vigil %s, up %ds%n%n", s.path("version").asText(), s.path("uptime_seconds").asLong());
        out.printf("%-14s", "COLLECTOR");
        for (String st : STAGES) out.printf(" %12s", st.toUpperCase(java.util.Locale.ROOT));
        out.printf("  %s%n", "DROPPED");
        s.path("collectors").fields().forEachRemaining(e -> {
            out.printf("%-14s", e.getKey());
            for (String st : STAGES) out.printf(" %12d", e.getValue().path(st).asLong());
            StringBuilder d = new StringBuilder();
            e.getValue().path("dropped").fields().forEachRemaining(x -> d.append(x.getKey()).append('=').append(x.getValue().asLong()).append(' '));
            out.printf("  %s%n", d.length() == 0 ? "-" : d.toString().trim());
        });
        JsonNode j = s.path("journal");
        out.printf("%njournal: %s durability, %d segment(s), %d bytes on disk, %d unconsumed, %d free%s%n",
                j.path("durability").asText(), j.path("segments").asInt(), j.path("disk_bytes").asLong(),
                j.path("unconsumed_bytes").asLong(), j.path("free_disk_bytes").asLong(),
                j.path("refusing").isNull() || j.path("refusing").isMissingNode() ? "" : ", REFUSING INPUT: " + j.path("refusing").asText());
        JsonNode st = s.path("store");
        out.printf("store pipeline lag: %d bytes; events refused by the store: %d%s%n", st.path("pipeline_lag_bytes").asLong(),
                st.path("rejected").asLong(), st.has("blocks_read") ? "; blocks read by searches: " + st.path("blocks_read").asLong() : "");
        JsonNode c = s.path("correlation");
        if (!c.isMissingNode()) {
            out.printf("correlation: %d directives (%d content errors), %d events, %d held for lateness (%d late, %d passed: nothing could use them), "
                            + "%d backlogs open (%d expired, %d evicted), %d alarms raised, %d updated, %d suppressed, %d failed to store%n",
                    c.path("directives").asLong(), c.path("content_errors").asLong(), c.path("events").asLong(), c.path("held").asLong(),
                    c.path("late").asLong(), c.path("passed").asLong(), c.path("backlogs_open").asLong(), c.path("backlogs_expired").asLong(), c.path("backlogs_evicted").asLong(),
                    c.path("alarms_raised").asLong(), c.path("alarms_updated").asLong(), c.path("alarms_suppressed").asLong(),
                    c.path("alarm_store_failures").asLong());
            JsonNode g = c.path("sigma");
            if (!g.isMissingNode()) {
                out.printf("sigma: %d rules (%d inactive, %d content errors), %d correlation rules, %d rule matches, %d correlations fired, "
                                + "%d groups open (%d evicted), %d alarms stored, %d suppressed, %d informational, %d failed to store%n",
                        g.path("rules").asLong(), g.path("rules_inactive").asLong(), g.path("content_errors").asLong(), g.path("correlation_rules").asLong(),
                        g.path("rule_matches").asLong(), g.path("correlations_fired").asLong(), g.path("correlation_groups").asLong(),
                        g.path("correlation_groups_evicted").asLong(), g.path("alarms_stored").asLong(), g.path("alarms_suppressed").asLong(),
                        g.path("informational_matches").asLong(), g.path("alarm_store_failures").asLong());
            }
        }
        return 0;
    }
}
