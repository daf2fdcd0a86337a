package io.vigil.core.config;

import java.util.function.Supplier;

/**
 * One configuration key: its dotted name, default, and the sentence docs/configuration.md
 * and the generated vigil.yaml show for it.
 *
 * @param name        dotted key, e.g. {@code syslog.udp.port}
 * @param type        how the value is read
 * @param defaultValue computed lazily because some defaults come from the network contract
 *                    or the machine (host name)
 * @param doc         one or two sentences
 */
public record ConfigKey(String name, Type type, Supplier<String> defaultValue, String doc) {
    public enum Type { STRING, INT, PORT, BOOLEAN, SIZE, DURATION, LIST, CHOICE }

    /** The environment variable that overrides this key: {@code VIGIL_} + name, dots as underscores, upper case. */
    public String envName() {
        return "VIGIL_" + name.replace('.', '_').toUpperCase(java.util.Locale.ROOT);
    }

    public String defaultString() {
        return defaultValue.get();
    }
}
