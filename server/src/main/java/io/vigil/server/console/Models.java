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
