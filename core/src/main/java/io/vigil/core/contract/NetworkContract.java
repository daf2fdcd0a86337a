package io.vigil.core.contract;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The network contract: every port and outbound URL of a Vigil deployment, loaded from
 * {@code contract.yaml} beside this class. Listeners take their default ports from it
 * ({@link #port(String)}), {@code vigil ports} prints it ({@link #forDeployment}), and
 * docs/ports.md is generated from it.
 */
public final class NetworkContract {
    /** Where the standard contract lives on the class path. */
    public static final String RESOURCE = "contract.yaml";
    /** The feature of the Sensor-Server link: not a network flow in all-in-one mode. */
    public static final String LINK_FEATURE = "link";

    private static final Pattern KEBAB = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Set<String> TOP_KEYS = Set.of("notes", "flows", "mode");
    private static final Set<String> FLOW_KEYS = Set.of("id", "component", "direction", "peer", "protocol", "ports",
            "path", "hosts", "feature", "feature_name", "release", "optional", "legacy", "source", "notes");

    private final List<Flow> flows;
    private final List<String> notes;
    private final Map<String, Flow> byId;

    private NetworkContract(List<Flow> flows, List<String> notes) {
        this.flows = List.copyOf(flows);
        this.notes = List.copyOf(notes);
        Map<String, Flow> m = new LinkedHashMap<>();
        for (Flow f : flows) m.put(f.id(), f);
        this.byId = m;
    }

    private static final class Standard {
        static final NetworkContract INSTANCE = load();

        private static NetworkContract load() {
            try (InputStream in = NetworkContract.class.getResourceAsStream(RESOURCE)) {
                if (in == null) throw new IllegalStateException("network contract " + RESOURCE + " missing from the class path");
                return parse(in, RESOURCE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the network contract " + RESOURCE, e);
            }
        }
    }

    /** The contract shipped with Vigil (loaded and validated once). */
    public static NetworkContract standard() {
        return Standard.INSTANCE;
    }

    /** Parses and validates a contract; {@code source} names it in error messages. */
    public static NetworkContract parse(InputStream in, String source) {
        JsonNode root;
        try {
            YAMLMapper mapper = YAMLMapper.builder(new YAMLFactory())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build();
            root = mapper.readTree(in);
        } catch (JacksonException e) {
            throw new ContractException(source + ": not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the network contract " + source, e);
        }
        return fromTree(root, source);
    }

    /** Parses and validates a contract held in a string (YAML or JSON). */
    public static NetworkContract parse(String text, String source) {
        return parse(new java.io.ByteArrayInputStream(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)), source);
    }

    // ------------------------------------------------------------------ queries

    /** Every flow, in the order of the contract file. */
    public List<Flow> flows() {
        return flows;
    }

    /** The document-level notes. */
    public List<String> notes() {
        return notes;
    }

    /** The flow with this id. */
    public Flow flow(String flowId) {
        Flow f = byId.get(flowId);
        if (f == null) throw new IllegalArgumentException("no flow " + flowId + " in the network contract");
        return f;
    }

    /** The first port of the flow: the default port of a listener. */
    public int port(String flowId) {
        return flow(flowId).port();
    }

    /** Every feature id, in contract order: the values {@code --without} accepts. */
    public Set<String> features() {
        Set<String> s = new LinkedHashSet<>();
        for (Flow f : flows) s.add(f.feature());
        return s;
    }

    /** The flows a firewall of this deployment must allow, with its defaults. */
    public List<Flow> forDeployment(Mode mode) {
        return forDeployment(mode, Set.of(), Map.of(), false);
    }

    /**
     * The flows a machine deployed in {@code mode} has.
     *
     * @param without        features turned off (their flows leave the result)
     * @param portOverrides  new ports by flow id or feature, e.g. {@code link -> 34000} (both link ends)
     * @param legacyScanner  include the legacy rows (the scanner's 9391/tcp)
     * @throws IllegalArgumentException for an unknown feature or override key, or a bad port
     */
    public List<Flow> forDeployment(Mode mode, Set<String> without, Map<String, Integer> portOverrides, boolean legacyScanner) {
        Set<String> features = features();
        Set<String> unknown = new TreeSet<>();
        for (String w : without) if (!features.contains(w)) unknown.add(w);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown feature" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
                    + "; valid features: " + String.join(", ", features));
        }
        for (Map.Entry<String, Integer> e : portOverrides.entrySet()) {
            String key = e.getKey();
            if (!byId.containsKey(key) && !features.contains(key)) {
                throw new IllegalArgumentException("cannot override the port of '" + key + "': no such flow or feature");
            }
            Integer p = e.getValue();
            if (p == null || p < PortRange.MIN || p > PortRange.MAX) {
                throw new IllegalArgumentException("port " + p + " for '" + key + "' out of range " + PortRange.MIN + "-" + PortRange.MAX);
            }
            for (Flow f : flows) {
                if ((f.id().equals(key) || f.feature().equals(key)) && f.ports().size() != 1) {
                    throw new IllegalArgumentException("cannot override the port of '" + key + "': flow " + f.id()
                            + " has " + (f.ports().isEmpty() ? "no port" : "several ports (" + f.portsText() + ")"));
                }
            }
        }
        List<Flow> out = new ArrayList<>();
        for (Flow f : flows) {
            if (!mode.includes(f) || without.contains(f.feature()) || (f.legacy() && !legacyScanner)) continue;
            Integer p = portOverrides.containsKey(f.id()) ? portOverrides.get(f.id()) : portOverrides.get(f.feature());
            out.add(p == null ? f : f.withPorts(List.of(PortRange.of(p))));
        }
        return List.copyOf(out);
    }

    // ------------------------------------------------------------------ loading and validation

    private static NetworkContract fromTree(JsonNode root, String source) {
        if (root == null || !root.isObject()) throw new ContractException(source + ": expected a mapping with 'notes' and 'flows'");
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!TOP_KEYS.contains(k)) throw new ContractException(source + ": unknown top-level key '" + k + "'; expected notes, flows");
        }
        List<String> notes;
        try {
            notes = strings(root.get("notes"), "notes");
        } catch (IllegalArgumentException e) {
            throw new ContractException(source + ": " + e.getMessage(), e);
        }
        JsonNode flowsNode = root.get("flows");
        if (flowsNode == null || !flowsNode.isArray() || flowsNode.isEmpty()) {
            throw new ContractException(source + ": 'flows' must be a non-empty list");
        }
        List<Flow> flows = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        Map<String, String> featureNames = new HashMap<>();
        int n = 0;
        for (JsonNode node : flowsNode) {
            n++;
            String id = node.isObject() && node.hasNonNull("id") ? node.get("id").asText() : null;
            String where = source + ": flow #" + n + (id == null ? "" : " '" + id + "'");
            Flow f;
            try {
                f = flow(node);
            } catch (IllegalArgumentException e) {
                throw new ContractException(where + ": " + e.getMessage(), e);
            }
            Integer first = seen.putIfAbsent(f.id(), n);
            if (first != null) throw new ContractException(where + ": duplicate id (flow #" + first + " has it too)");
            String name = featureNames.putIfAbsent(f.feature(), f.featureName());
            if (name != null && !name.equals(f.featureName())) {
                throw new ContractException(where + ": feature '" + f.feature() + "' is named '" + f.featureName()
                        + "' here but '" + name + "' on an earlier row");
            }
            flows.add(f);
        }
        return new NetworkContract(flows, notes);
    }

    private static Flow flow(JsonNode node) {
        if (!node.isObject()) throw new IllegalArgumentException("expected a mapping of id, component, direction, ...");
        Set<String> unknown = new TreeSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!FLOW_KEYS.contains(k)) unknown.add(k);
        }
        if (!unknown.isEmpty()) throw new IllegalArgumentException("unknown key(s) " + unknown + "; valid keys: " + new TreeSet<>(FLOW_KEYS));

        String id = text(node, "id", true);
        if (!KEBAB.matcher(id).matches()) throw new IllegalArgumentException("id '" + id + "' is not kebab-case");
        Flow.Component component = Flow.parse(Flow.Component.class, "component", text(node, "component", true));
        Flow.Direction direction = Flow.parse(Flow.Direction.class, "direction", text(node, "direction", true));
        String peer = text(node, "peer", true);
        Flow.Protocol protocol = Flow.parse(Flow.Protocol.class, "protocol", text(node, "protocol", true));
        List<PortRange> ports = ports(node.get("ports"));
        String path = text(node, "path", false);
        List<String> hosts = strings(node.get("hosts"), "hosts");
        String feature = text(node, "feature", true);
        if (!KEBAB.matcher(feature).matches()) throw new IllegalArgumentException("feature '" + feature + "' is not kebab-case");
        String featureName = text(node, "feature_name", true);
        String release = text(node, "release", true);
        boolean optional = bool(node, "optional");
        boolean legacy = bool(node, "legacy");
        Flow.Source src = Flow.parse(Flow.Source.class, "source", text(node, "source", true));
        List<String> notes = strings(node.get("notes"), "notes");

        if (protocol == Flow.Protocol.UNIX) {
            if (!ports.isEmpty()) throw new IllegalArgumentException("a unix socket has a path, not ports");
            if (path == null || !path.startsWith("/")) throw new IllegalArgumentException("a unix socket needs an absolute 'path'");
        } else {
            if (ports.isEmpty()) throw new IllegalArgumentException("a " + protocol.id() + " flow needs 'ports'");
            if (path != null) throw new IllegalArgumentException("'path' is for unix sockets only");
        }
        if (!hosts.isEmpty() && direction != Flow.Direction.OUTBOUND) {
            throw new IllegalArgumentException("'hosts' are for outbound flows only");
        }
        for (String h : hosts) {
            if (h.isBlank() || h.chars().anyMatch(Character::isWhitespace)) throw new IllegalArgumentException("bad host '" + h + "'");
        }
        return new Flow(id, component, direction, peer, protocol, ports, path, hosts, feature, featureName,
                release, optional, legacy, src, notes);
    }

    private static List<PortRange> ports(JsonNode node) {
        if (node == null || node.isNull()) return List.of();
        if (!node.isArray()) throw new IllegalArgumentException("'ports' must be a list, e.g. [514] or [\"1024-65535\"]");
        List<PortRange> out = new ArrayList<>();
        Set<PortRange> seen = new HashSet<>();
        for (JsonNode p : node) {
            PortRange r;
            if (p.isIntegralNumber()) {
                if (!p.canConvertToInt()) throw new IllegalArgumentException("port " + p + " out of range 1-65535");
                r = PortRange.of(p.intValue());
            } else if (p.isTextual()) {
                r = PortRange.parse(p.asText());
            } else {
                throw new IllegalArgumentException("port '" + p + "' is not a number or a range like 1024-65535");
            }
            if (!seen.add(r)) throw new IllegalArgumentException("port " + r + " listed twice");
            out.add(r);
        }
        return out;
    }

    private static String text(JsonNode node, String key, boolean required) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            if (required) throw new IllegalArgumentException("missing '" + key + "'");
            return null;
        }
        if (!v.isValueNode() || v.isBoolean()) throw new IllegalArgumentException("'" + key + "' must be text");
        String s = v.asText().strip();
        if (s.isEmpty()) throw new IllegalArgumentException("'" + key + "' is empty");
        return s;
    }

    private static boolean bool(JsonNode node, String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) return false;
        if (!v.isBoolean()) throw new IllegalArgumentException("'" + key + "' must be true or false, not " + v);
        return v.booleanValue();
    }

    private static List<String> strings(JsonNode node, String what) {
        if (node == null || node.isNull()) return List.of();
        if (!node.isArray()) throw new IllegalArgumentException("'" + what + "' must be a list");
        List<String> out = new ArrayList<>();
        for (JsonNode v : node) {
            if (!v.isValueNode() || v.isNull() || v.asText().isBlank()) {
                throw new IllegalArgumentException("'" + what + "' holds an empty or non-text item: " + v);
            }
            out.add(v.asText().strip());
        }
        return out;
    }
}
