package io.vigil.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.core.event.Json;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "search", description = {"Searches stored events.",
        "QUERY is Lucene syntax over event fields (app:sshd AND severity:[0 TO 3]); a bare term searches the raw log."})
final class SearchCommand implements Callable<Integer> {
    @Mixin InstanceOptions instance;
    @Spec CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "QUERY", defaultValue = "*") String query;
    @Option(names = "--since", paramLabel = "AGE", description = "Only events newer than this: 90s, 15m, 1h, 7d.") String since;
    @Option(names = "--limit", defaultValue = "20", description = "Most events to show (default ${DEFAULT-VALUE}).") int limit;
    @Option(names = "--format", defaultValue = "table", description = "table or json (default ${DEFAULT-VALUE}).") String format;
    @Option(names = "--count", description = "Print only how many events match.") boolean count;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (!format.equals("table") && !format.equals("json")) throw new UserFacingException("--format must be table or json");
        ApiClient api = instance.client();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("q", query);
        params.put("since", since);
        if (count) {
            long n = api.get("/api/v1/events/count", params).path("count").asLong();
            out.println(format.equals("json") ? "{\"count\":" + n + "}" : Long.toString(n));
            return 0;
        }
        params.put("limit", Integer.toString(limit));
        JsonNode result = api.get("/api/v1/events", params);
        if (format.equals("json")) {
            try {
                out.println(Json.mapper().writeValueAsString(result));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new UserFacingException("cannot print the result: " + e.getMessage());
            }
            return 0;
        }
        out.printf("%-24s %-16s %-14s %s%n", "TIME", "HOST", "APP", "MESSAGE");
        for (JsonNode e : result.path("events")) {
            String message = e.hasNonNull("message") ? e.path("message").asText() : e.path("log").asText();
            out.printf("%-24s %-16s %-14s %s%n", TerminalText.fit(shortTime(e.path("time").asText()), 24),
                    TerminalText.fit(e.path("host").asText("-"), 16), TerminalText.fit(e.path("app").asText("-"), 14),
                    TerminalText.fit(message, 120));
        }
        long total = result.path("total").asLong();
        int shown = result.path("events").size();
        out.printf("%d of %d matching event%s%n", shown, total, total == 1 ? "" : "s");
        return 0;
    }

    /** Seconds are enough in a table; the JSON output keeps the full precision. */
    private static String shortTime(String iso) {
        try {
            return java.time.Instant.parse(iso).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        } catch (java.time.format.DateTimeParseException e) {
            return iso;
        }
    }
}
