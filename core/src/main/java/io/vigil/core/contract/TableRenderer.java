package io.vigil.core.contract;

import java.util.ArrayList;
import java.util.List;

/** Aligned, human-readable text: one line per flow, then the notes. */
public final class TableRenderer {
    private static final String[] HEADER = {"ID", "DIRECTION", "PROTO", "PORTS", "PEER / HOSTS", "COMPONENT", "FEATURE",
        "OPTIONAL", "SOURCE"};

    private TableRenderer() {}

    public static String render(Mode mode, List<Flow> flows, List<String> notes) {
        StringBuilder out = new StringBuilder();
        out.append("Vigil network contract, mode ").append(mode.id()).append('\n');
        out.append(mode.description()).append("\n\n");
        if (flows.isEmpty()) {
            out.append("(no flows: every feature of this mode is turned off)\n");
        } else {
            List<String[]> rows = new ArrayList<>();
            rows.add(HEADER);
            for (Flow f : flows) {
                rows.add(new String[] {f.id(), f.direction().id(), f.protocol().id(), f.portsText(), f.peerOrHosts(),
                    f.component().id(), f.feature(), f.optional() ? (f.legacy() ? "legacy" : "yes") : "no", f.source().id()});
            }
            int[] width = new int[HEADER.length];
            for (String[] r : rows) for (int i = 0; i < r.length; i++) width[i] = Math.max(width[i], r[i].length());
            for (String[] r : rows) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < r.length; i++) {
                    line.append(r[i]);
                    if (i < r.length - 1) line.append(" ".repeat(width[i] - r[i].length() + 2));
                }
                out.append(line.toString().stripTrailing()).append('\n');
            }
        }
        boolean header = false;
        for (Flow f : flows) {
            if (f.notes().isEmpty()) continue;
            if (!header) {
                out.append("\nNotes by flow:\n");
                header = true;
            }
            out.append("  ").append(f.id()).append(" (").append(f.featureName()).append(", release ").append(f.release()).append("):\n");
            for (String n : f.notes()) out.append("    - ").append(n).append('\n');
        }
        if (!notes.isEmpty()) {
            out.append("\nGeneral notes:\n");
            for (String n : notes) out.append("  - ").append(n).append('\n');
        }
        return out.toString();
    }
}
