package io.vigil.normalize.ossim;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/**
 * One rule section of a plugin, ready to match.
 *
 * <p>A rule whose regexp holds {@code \n} (the two characters, as the agent splits it) is a
 * multi-line rule: one {@link Line} per part, matched against consecutive log lines; the
 * {@link #precheck()} applies to the first line only. Python numbers the groups of all parts in
 * one sequence, and a name found in several parts takes the value of the last part that has it.
 *
 * <p>{@link #fields()} are the event field templates, as the agent reads them: every option of the
 * section and of {@code [DEFAULT]} (the section's own first, in file order) except
 * {@code regexp}, {@code precheck} and {@code event_type}, each unquoted and with
 * {@code \_CFG(...)} replaced, not otherwise interpolated (the agent reads rules raw).
 * Options the agent's event has no attribute for are kept; the agent drops them.
 */
public final class PluginRule {

    /** One part of the regexp (the whole regexp for a single-line rule). */
    public record Line(String python, TranslatedRegex regex) {
        public Pattern pattern() {
            return regex.pattern();
        }
    }

    private final Path file;
    private final String name;
    private final int line;
    private final int regexpLine;
    private final String regexp;
    private final String expandedRegexp;
    private final List<Line> lines;
    private final String precheck;
    private final String eventType;
    private final Map<String, String> fields;
    private final Map<String, Integer> fieldLines;
    private final int[] groupOffsets;

    PluginRule(Path file, String name, int line, int regexpLine, String regexp, String expandedRegexp,
            List<Line> lines, String precheck, String eventType, Map<String, String> fields,
            Map<String, Integer> fieldLines) {
        this.file = file;
        this.name = name;
        this.line = line;
        this.regexpLine = regexpLine;
        this.regexp = regexp;
        this.expandedRegexp = expandedRegexp;
        this.lines = List.copyOf(lines);
        this.precheck = precheck;
        this.eventType = eventType;
        this.fields = fields;
        this.fieldLines = fieldLines;
        this.groupOffsets = new int[lines.size()];
        int offset = 0;
        for (int i = 0; i < lines.size(); i++) {
            groupOffsets[i] = offset;
            offset += lines.get(i).regex().pythonGroupCount();
        }
    }

    /** The plugin file. */
    public Path file() {
        return file;
    }

    /** The section name, e.g. {@code 0001 - Invalid user}. */
    public String name() {
        return name;
    }

    /** Line of the section header. */
    public int line() {
        return line;
    }

    /** Line of the regexp option (it may be in [DEFAULT]). */
    public int regexpLine() {
        return regexpLine;
    }

    /** The regexp as written (unquoted), before aliases and \_CFG are replaced. */
    public String regexp() {
        return regexp;
    }

    /** The regexp the agent compiles: aliases and \_CFG replaced. */
    public String expandedRegexp() {
        return expandedRegexp;
    }

    public List<Line> lines() {
        return lines;
    }

    /** Whether the regexp holds {@code \n}, so the rule matches several consecutive lines. */
    public boolean multiLine() {
        return lines.size() > 1;
    }

    /** The translation of the first (for most rules the only) line. */
    public TranslatedRegex regex() {
        return lines.get(0).regex();
    }

    /** The Java pattern of the first line. */
    public Pattern pattern() {
        return lines.get(0).pattern();
    }

    /** Python group name to Java group numbers, for the first line. */
    public Map<String, int[]> groupMap() {
        return regex().namedGroups();
    }

    /** Python group name to Java group names, for the first line. */
    public Map<String, List<String>> javaGroupNames() {
        return regex().javaGroupNames();
    }

    /**
     * Literals every match of the first line contains (folded with {@link CaseFold#fold}); a
     * line without one of them cannot match. Empty when none is certain.
     */
    public List<String> requiredLiterals() {
        return regex().requiredLiterals();
    }

    /** The case-sensitive substring a line must contain before the regexp is tried ("" for none). */
    public String precheck() {
        return precheck;
    }

    /** The agent's precheck test: {@code line.find(precheck) != -1}. */
    public boolean precheckPasses(String logLine) {
        return precheck.isEmpty() || logLine.contains(precheck);
    }

    /** {@code event} or {@code idm-event} (null when missing: the agent then makes no event). */
    public String eventType() {
        return eventType;
    }

    /** Event field name to template text. */
    public Map<String, String> fields() {
        return fields;
    }

    /** The template of a field, or null. */
    public String field(String fieldName) {
        return fields.get(fieldName);
    }

    /** Line of each field's option (in this section or in [DEFAULT]). */
    public Map<String, Integer> fieldLines() {
        return fieldLines;
    }

    /** How many conditional groups were rewritten for this rule. */
    public int conditionals() {
        int n = 0;
        for (Line l : lines) {
            n += l.regex().conditionals();
        }
        return n;
    }

    /** The groups of a single-line match (Python names and numbers). */
    public GroupValues groups(MatchResult match) {
        return regex().groups(match);
    }

    /**
     * The groups of a match, one result per line of the rule, as the agent combines them: numbers
     * continue from one line to the next; for a name, the last line that has the name wins (its
     * value may be null there).
     */
    public GroupValues groups(List<? extends MatchResult> perLine) {
        if (perLine.size() != lines.size()) {
            throw new IllegalArgumentException("rule has " + lines.size() + " lines, got " + perLine.size());
        }
        return new GroupValues() {
            @Override
            public String named(String pythonName) {
                for (int i = lines.size() - 1; i >= 0; i--) {
                    TranslatedRegex r = lines.get(i).regex();
                    if (r.hasGroup(pythonName)) {
                        return r.named(perLine.get(i), pythonName);
                    }
                }
                return null;
            }

            @Override
            public String numbered(int group) {
                for (int i = lines.size() - 1; i >= 0; i--) {
                    if (group > groupOffsets[i]) {
                        return lines.get(i).regex().numbered(perLine.get(i), group - groupOffsets[i]);
                    }
                }
                return null;
            }
        };
    }

    @Override
    public String toString() {
        Path f = file.getFileName();
        return (f == null ? file.toString() : f.toString()) + ":" + line + " [" + name + "]";
    }
}
