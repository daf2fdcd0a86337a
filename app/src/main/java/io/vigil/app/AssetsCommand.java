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

@Command(name = "assets", description = "Lists a running instance's assets and networks (what risk is scored with, and HOME_NET).")
final class AssetsCommand implements Callable<Integer> {
    @Mixin InstanceOptions instance;
    @Spec CommandSpec spec;
    @Option(names = "--format", defaultValue = "table", description = "table or json (default ${DEFAULT-VALUE}).") String format;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (!format.equals("table") && !format.equals("json")) throw new UserFacingException("--format must be table or json");
        JsonNode networks = instance.client().get("/api/v1/networks", Map.of());
        JsonNode assets = instance.client().get("/api/v1/assets", Map.of());
        if (format.equals("json")) {
            out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(Map.of("networks", networks, "assets", assets)));
            return 0;
        }
        out.println(networks.isEmpty() ? "no networks: HOME_NET is the private ranges (10/8, 172.16/12, 192.168/16)" : "NETWORKS");
        for (JsonNode n : networks) {
            out.printf("  %-5d %-24s %-20s value %d%s%n", n.path("id").asLong(), TerminalText.fit(n.path("name").asText(), 24),
                    n.path("cidr").asText(), n.path("value").asInt(), n.path("home").asBoolean() ? "  HOME_NET" : "");
        }
        out.println(assets.isEmpty() ? "no assets: every address is worth 2" : "ASSETS");
        for (JsonNode a : assets) {
            StringBuilder addr = new StringBuilder();
            for (JsonNode x : a.path("addresses")) addr.append(addr.length() == 0 ? "" : ",").append(x.asText());
            out.printf("  %-5d %-24s %-32s value %d%n", a.path("id").asLong(), TerminalText.fit(a.path("hostname").asText("-"), 24),
                    TerminalText.fit(addr.toString(), 32), a.path("value").asInt());
        }
        return 0;
    }
}
