package io.vigil.core.contract;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One row of the network contract: a port (or Unix socket) a component listens on, or a
 * destination it connects to.
 *
 * @param id          stable kebab-case id; code refers to flows by it
 * @param component   who opens (inbound) or originates (outbound) the flow
 * @param direction   seen from the component
 * @param peer        who is on the other side
 * @param protocol    tcp, udp or unix
 * @param ports       ports and ranges; empty for unix
 * @param path        Unix socket path; null unless unix
 * @param hosts       outbound host names / URL paths as the seed gives them; may be empty
 * @param feature     short id, usable in {@code vigil ports --without}
 * @param featureName the seed's wording of the feature
 * @param release     the seed's "Applicable Release"; "-" for Vigil's own rows
 * @param optional    the deployment works without it
 * @param legacy      only opened on request ({@code --with-legacy-scanner})
 * @param source      seed or vigil
 * @param notes       footnotes and notes that apply to this row
 */
public record Flow(String id, Component component, Direction direction, String peer, Protocol protocol,
        List<PortRange> ports, String path, List<String> hosts, String feature, String featureName,
        String release, boolean optional, boolean legacy, Source source, List<String> notes) {

    public Flow {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(source, "source");
        ports = List.copyOf(ports);
        hosts = List.copyOf(hosts);
        notes = List.copyOf(notes);
    }

    /** The first port of the flow. */
    public int port() {
        if (ports.isEmpty()) {
            throw new IllegalArgumentException("flow " + id + " has no port (" + protocol.id() + " socket " + path + ")");
        }
        return ports.get(0).from();
    }

    /** The same flow on other ports. */
    public Flow withPorts(List<PortRange> newPorts) {
        return new Flow(id, component, direction, peer, protocol, newPorts, path, hosts, feature, featureName,
                release, optional, legacy, source, notes);
    }

    public boolean isInbound() {
        return direction == Direction.INBOUND;
    }

    public boolean isNetwork() {
        return protocol != Protocol.UNIX;
    }

    /** Ports as written in the contract, e.g. "139, 445" or "1024-65535"; the socket path for unix. */
    public String portsText() {
        if (!isNetwork()) return path;
        return String.join(", ", ports.stream().map(PortRange::toString).toList());
    }

    /** The host names for an outbound URL row, else the peer. */
    public String peerOrHosts() {
        return hosts.isEmpty() ? peer : String.join(", ", hosts);
    }

    /** Values with lower-case names in the contract file, JSON and output. */
    public interface Named {
        String name();

        default String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static <E extends Enum<E> & Named> E parse(Class<E> type, String what, String text) {
        for (E e : type.getEnumConstants()) if (e.id().equals(text)) return e;
        throw new IllegalArgumentException("unknown " + what + " '" + text + "'; valid: "
                + String.join(", ", java.util.Arrays.stream(type.getEnumConstants()).map(Named::id).toList()));
    }

    public enum Component implements Named { SERVER, SENSOR, AGENT, SCANNER, ALL }

    public enum Direction implements Named { INBOUND, OUTBOUND }

    public enum Protocol implements Named { TCP, UDP, UNIX }

    public enum Source implements Named { SEED, VIGIL }
}
