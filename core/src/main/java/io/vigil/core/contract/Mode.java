package io.vigil.core.contract;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/** How Vigil is deployed on a machine: which of its flows that machine's firewall sees. */
public enum Mode {
    ALL_IN_ONE("all-in-one", "All-in-One",
            "Server and Sensor in one process (`vigil all-in-one`). They talk in memory, so the link is not opened: "
                    + "only the ports of the monitored assets, the console/API and the outbound feeds.",
            EnumSet.of(Flow.Component.SERVER, Flow.Component.SENSOR, Flow.Component.SCANNER, Flow.Component.ALL)),
    SERVER("server", "Server",
            "The Server (`vigil server`): the console/API, the link from the Sensors, and the Server's outbound feeds.",
            EnumSet.of(Flow.Component.SERVER, Flow.Component.ALL)),
    SENSOR("sensor", "Sensor",
            "A Sensor (`vigil sensor`, with its scanner): the collectors, the link out to the Server, SNMP polling, "
                    + "HIDS agent deployment and the Sensor's outbound feeds.",
            EnumSet.of(Flow.Component.SENSOR, Flow.Component.SCANNER, Flow.Component.ALL));

    private final String id;
    private final String title;
    private final String description;
    private final Set<Flow.Component> components;

    Mode(String id, String title, String description, Set<Flow.Component> components) {
        this.id = id;
        this.title = title;
        this.description = description;
        this.components = components;
    }

    /** The name used on the command line and in JSON: all-in-one, server, sensor. */
    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    public String description() {
        return description;
    }

    /** Whether a machine deployed this way has the flow (before features are turned off). */
    public boolean includes(Flow flow) {
        if (!components.contains(flow.component())) return false;
        // All-in-one: Server and Sensor are one process, so the link between them is not a network flow.
        return this != ALL_IN_ONE || !flow.feature().equals(NetworkContract.LINK_FEATURE);
    }

    /** Parses all-in-one, server or sensor (case-insensitive; ALL_IN_ONE and all_in_one work too). */
    public static Mode parse(String text) {
        String s = text == null ? "" : text.strip().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        for (Mode m : values()) if (m.id.equals(s)) return m;
        throw new IllegalArgumentException("unknown mode '" + text + "'; valid modes: " + ids());
    }

    public static String ids() {
        return Arrays.stream(values()).map(Mode::id).collect(Collectors.joining(", "));
    }
}
