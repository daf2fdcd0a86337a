package io.vigil.normalize.ossim;

/**
 * What a rule's regexp captured, as a field template sees it: named groups by their names
 * in the plugin file (Python names, underscores and all) and numbered groups by number.
 * A group that did not participate reads as null.
 */
public interface GroupValues {
    String named(String pythonName);

    String numbered(int group);
}
