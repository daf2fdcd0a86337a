package io.vigil.core.contract;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The output formats of {@code vigil ports}. Each renders the flows of one deployment. */
public enum Format {
    TABLE, NFTABLES, IPTABLES, JSON;

    /** The name used on the command line: table, nftables, iptables, json. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String render(Mode mode, List<Flow> flows, List<String> notes) {
        return switch (this) {
            case TABLE -> TableRenderer.render(mode, flows, notes);
            case NFTABLES -> NftablesRenderer.render(mode, flows);
            case IPTABLES -> IptablesRenderer.render(mode, flows);
            case JSON -> JsonRenderer.render(mode, flows, notes);
        };
    }

    public static Format parse(String text) {
        String s = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        for (Format f : values()) if (f.id().equals(s)) return f;
        throw new IllegalArgumentException("unknown format '" + text + "'; valid formats: " + ids());
    }

    public static String ids() {
        return Arrays.stream(values()).map(Format::id).collect(Collectors.joining(", "));
    }
}
