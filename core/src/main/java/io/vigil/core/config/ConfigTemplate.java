package io.vigil.core.config;

/**
 * Renders the first-run vigil.yaml and docs/configuration.md from {@link Keys}, so that the
 * two cannot drift from the code.
 */
public final class ConfigTemplate {
    private ConfigTemplate() {}

    /** vigil.yaml with every key commented out at its default. */
    public static String yaml() {
        StringBuilder b = new StringBuilder();
        b.append("# Vigil configuration.\n")
         .append("# Every key is listed with its default, commented out: uncomment a line to change it.\n")
         .append("# Keys may also be nested (syslog: {udp: {port: 5514}}). Precedence, highest first:\n")
         .append("#   --set key=value, the environment (VIGIL_SYSLOG_UDP_PORT=5514), this file, the default.\n")
         .append("# docs/configuration.md describes each key.\n");
        for (ConfigKey k : Keys.all().values()) {
            b.append('\n');
            for (String line : wrap(k.doc(), 86)) b.append("# ").append(line).append('\n');
            String def = k.defaultString();
            if (k.type() == ConfigKey.Type.LIST) {
                b.append("# ").append(k.name()).append(": [").append(def).append("]\n");
            } else {
                b.append("# ").append(k.name()).append(": ").append(def.isEmpty() ? "\"\"" : def).append('\n');
            }
        }
        return b.toString();
    }

    /** The body of docs/configuration.md. */
    public static String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("# Configuration\n\n")
         .append("<!-- Generated from core/src/main/java/io/vigil/core/config/Keys.java by ConfigDocTest; do not edit by hand. -->\n\n")
         .append("Every instance keeps its configuration in `vigil.yaml` inside its data directory\n")
         .append("(`--data DIR`, default `data/` beside the launcher). The first run writes that file\n")
         .append("with every key below commented out at its default.\n\n")
         .append("A value is taken from, highest precedence first:\n\n")
         .append("1. `--set key=value` on the command line (repeatable);\n")
         .append("2. the environment: `VIGIL_` followed by the key in upper case with dots as underscores\n")
         .append("   (`syslog.udp.port` is `VIGIL_SYSLOG_UDP_PORT`);\n")
         .append("3. `vigil.yaml`, with dotted keys (`syslog.udp.port: 5514`) or nested sections;\n")
         .append("4. the default.\n\n")
         .append("An unknown key or a value of the wrong type stops start-up with a message naming the key,\n")
         .append("the value and where it was set. Sizes are binary (`64KiB` = 65536 bytes); durations take\n")
         .append("`ms`, `s`, `m`, `h`, `d`. Default ports come from the network contract (docs/ports.md).\n\n")
         .append("| key | default | environment | description |\n|---|---|---|---|\n");
        for (ConfigKey k : Keys.all().values()) {
            String def = k.name().equals("sensor.name") ? "host name" : k.defaultString();
            b.append("| `").append(k.name()).append("` | ").append(def.isEmpty() ? "(empty)" : "`" + def + "`")
             .append(" | `").append(k.envName()).append("` | ").append(k.doc().replace("|", "\\|")).append(" |\n");
        }
        return b.toString();
    }

    static java.util.List<String> wrap(String text, int width) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) line.append(' ');
            line.append(word);
        }
        if (line.length() > 0) lines.add(line.toString());
        return lines;
    }
}
