package io.vigil.normalize.ossim;

import java.util.Map;

/**
 * A plugin's translation tables: {@code [translation]} and any other section a
 * {@code translate2} names, each a map of key to value ({@code _DEFAULT_} included as a key).
 */
@FunctionalInterface
public interface Translations {
    /** The table of that section (case-insensitive name), or null if the plugin has none. */
    Map<String, String> table(String section);
}
