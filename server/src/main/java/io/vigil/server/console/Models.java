package io.vigil.server.console;

import io.vigil.core.event.Event;
import io.vigil.state.AlarmRepository;
import io.vigil.state.AuditRepository;
import io.vigil.state.TokenRepository;
import io.vigil.state.UserRepository;
import java.util.List;
import java.util.Map;

/** What each console page shows (the templates' parameters). */
public final class Models {
    private Models() {}

    /** Every field an event has, by its JSON name, extra fields as extra.&lt;key&gt; (the raw log is shown apart). */
    public static List<Map.Entry<String, String>> fieldsOf(Event e) {
        Map<String, Object> tree = io.vigil.core.event.Json.mapper().convertValue(e,
                new com.fasterxml.jackson.core.type.TypeReference<java.util.LinkedHashMap<String, Object>>() { });
        List<Map.Entry<String, String>> fields = new java.util.ArrayList<>();
        tree.forEach((k, v) -> {
            if (v == null || k.equals("log")) return;
            if (v instanceof Map<?, ?> m) m.forEach((x, y) -> fields.add(Map.entry(k + "." + x, String.valueOf(y))));
            else fields.add(Map.entry(k, String.valueOf(v)));
        });
        return fields;
    }

    public record CollectorRow(String collector, long received, long stored, long dropped) {}

    public record Top(String address, long alarms) {}

    public record Dashboard(List<CollectorRow> collectors, Map<Integer, Long> openByRisk, long openAlarms, List<Top> sources,
                            List<Top> destinations, long eventsLastHour, Map<String, Long> byCategory, Map<String, Long> bySensor,
                            Map<String, Long> byApp) {}

    public record Events(String q, String since, List<Event> events, long total, String next, String error) {}

    public record EventPage(Event event, List<Map.Entry<String, String>> fields) {}

    public record Alarms(List<AlarmRepository.Stored> alarms, String status, String q) {}

    /** An address of an alarm and the asset it belongs to (null when none holds it), with the value risk used. */
    public record Involved(String role, String address, io.vigil.state.AssetRepository.Asset asset, int value) {}

    public record AlarmPage(AlarmRepository.Detail detail, List<Event> events, String message, List<Involved> involved) {}

    public record AssetsPage(List<io.vigil.state.AssetRepository.Network> networks, List<io.vigil.state.AssetRepository.Asset> assets,
                             String message, String error) {}

    public record Listener(String collector, long received, long stored, long dropped) {}

    public record FlowRow(String id, String direction, String component, String peer, String protocol, String where, String feature, boolean optional) {}

    public record DeploymentPage(String mode, String modeId, List<Listener> listeners, List<FlowRow> flows) {}

    public record Settings(List<UserRepository.User> users, List<TokenRepository.ApiToken> tokens, String newSecret,
                           List<AuditRepository.Entry> audit, String q, String message, String error) {}
}
