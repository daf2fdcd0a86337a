package io.vigil.sigma.rule;

import java.nio.file.Path;
import java.util.List;

/**
 * A detection rule, compiled.
 *
 * @param name the rule's {@code name} (correlation rules refer to rules by it or by id)
 * @param level informational, low, medium, high or critical (null: not given)
 * @param generate whether it alerts on its own: false when only correlation rules refer to it
 *                 and none of them says {@code generate: true}
 */
public record SigmaRule(Path file, int line, String id, String name, String title, String description, String status, String level,
                        List<String> tags, List<String> references, String author, Logsource logsource, Detection detection,
                        boolean generate) {

    public SigmaRule withGenerate(boolean g) {
        return new SigmaRule(file, line, id, name, title, description, status, level, tags, references, author, logsource, detection, g);
    }

    /** The id, else the name, else file:line: what alarms and reports call the rule. */
    public String key() {
        return id != null ? id : name != null ? name : file.getFileName() + ":" + line;
    }
}
