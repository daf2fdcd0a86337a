package io.vigil.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.core.event.Json;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "alarms", description = "Lists a running instance's alarms, highest risk first.")
final class AlarmsCommand implements Callable<Integer> {
    @Mixin InstanceOptions instance;
    @Spec CommandSpec spec;
    @Option(names = "--status", description = "open, acknowledged or closed (default: all).") String status;
    @Option(names = "--min-risk", paramLabel = "N", description = "Only alarms with risk N (0-10) or more.") Integer minRisk;
    @Option(names = "--directive", paramLabel = "ID", description = "Only alarms of this directive.") Integer directive;
    @Option(names = "--address", paramLabel = "IP", description = "Only alarms with this source or destination.") String address;
    @Option(names = "--since", paramLabel = "AGE", description = "Only alarms seen in this last while: 90s, 15m, 1h, 7d.") String since;
    @Option(names = "--limit", defaultValue = "50", description = "Most alarms to show (default ${DEFAULT-VALUE}).") int limit;
    @Option(names = "--format", defaultValue = "table", description = "table or json (default ${DEFAULT-VALUE}).") String format;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (!format.equals("table") && !format.equals("json")) throw new UserFacingException("--format must be table or json");
        Map<String, String> q = new LinkedHashMap<>();
        if (status != null) q.put("status", status);
        if (minRisk != null) q.put("min_risk", minRisk.toString());
        if (directive != null) q.put("directive", directive.toString());
        if (address != null) q.put("address", address);
        if (since != null) q.put("since", since);
        q.put("limit", Integer.toString(limit));
        JsonNode r = instance.client().get("/api/v1/alarms", q);
        if (format.equals("json")) {
            out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(r));
            return 0;
        }
        JsonNode alarms = r.path("alarms");
        if (alarms.isEmpty()) {
            out.println("no alarms");
            return 0;
        }
        out.printf("%-4s %-13s %-5s %-20s %-36s %s%n", "RISK", "STATUS", "LEVEL", "LAST SEEN", "ID", "TITLE");
        for (JsonNode a : alarms) {
            out.printf("%-4d %-13s %-5d %-20s %-36s %s%n", a.path("risk").asInt(), TerminalText.fit(a.path("status").asText(), 13), a.path("level").asInt(),
                    Instant.ofEpochMilli(a.path("last_seen").asLong()).toString().replaceFirst("\\.\\d+Z$", "Z"), a.path("id").asText(),
                    TerminalText.fit(a.path("title").asText(), 100));
        }
        return 0;
    }
}
