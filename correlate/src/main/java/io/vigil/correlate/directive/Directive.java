package io.vigil.correlate.directive;

import java.nio.file.Path;

/**
 * An OSSIM correlation directive: an id, a name (which may name event fields, as in
 * "attack against DST_IP"), a priority clamped to 0-5, and its rule tree.
 *
 * @param file the file it was read from (an included file, not directives.xml)
 * @param line the line of its {@code <directive>} element
 */
public record Directive(int id, String name, int priority, Path file, int line, Rule root) {

    public int rules() {
        return root.count();
    }

    /** Whether any of its rules is a monitor rule (inactive here until a monitor source exists). */
    public boolean hasMonitorRules() {
        return root.monitors() > 0;
    }
}
