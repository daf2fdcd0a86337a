package io.vigil.normalize.ossim;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent's regexp aliases ({@code aliases.cfg}, section {@code [regexp]}): {@code \IPV4},
 * {@code \SYSLOG_DATE}, ... in a rule's regexp are replaced by their definition before the
 * regexp is compiled.
 *
 * <p>Replacement works as the agent's {@code Plugin.replace_aliases}: every token made of a
 * backslash and two or more word characters ({@code \\\w\w+}, longest match, so {@code \d},
 * {@code \S} or {@code \w} are never taken for aliases and {@code \IPV4x} is not {@code \IPV4})
 * whose name (case-insensitive) is an alias is replaced, everywhere it occurs (case-sensitive
 * text replacement), in the order the tokens occur.
 */
public final class AgentAliases {

    private static final Pattern TOKEN = Pattern.compile("\\\\[\\p{L}\\p{N}_]{2,}");

    private final Map<String, String> aliases; // lowercased name -> definition

    /** Aliases from a map of name (any case) to definition. */
    public AgentAliases(Map<String, String> aliases) {
        LinkedHashMap<String, String> m = new LinkedHashMap<>();
        aliases.forEach((k, v) -> m.put(OssimIni.lower(k), v));
        this.aliases = Collections.unmodifiableMap(m);
    }

    /** Aliases read from {@code aliases.cfg}. */
    public AgentAliases(Path aliasesCfg) throws IOException {
        this(List.of(aliasesCfg));
    }

    /**
     * Aliases read from several files in order, a later one overriding an earlier one (the agent
     * reads {@code aliases.cfg} and then {@code aliases.local}).
     */
    public AgentAliases(List<Path> files) throws IOException {
        LinkedHashMap<String, String> m = new LinkedHashMap<>();
        for (Path f : files) {
            OssimIni ini = OssimIni.read(f);
            if (!ini.hasSection("regexp")) {
                continue; // Python's has_option is false for every option of a missing section
            }
            for (String name : ini.options("regexp")) {
                m.put(name, ini.value("regexp", name));
            }
        }
        this.aliases = Collections.unmodifiableMap(m);
    }

    /**
     * Vigil's built-in aliases, used when no {@code aliases.cfg} is given: the names and
     * definitions the OSSIM agent ships (plugins depend on them, including their groups).
     */
    public static AgentAliases builtIn() {
        LinkedHashMap<String, String> m = new LinkedHashMap<>();
        String octet = "(25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)";
        m.put("IPV4", "\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
        m.put("IPV6_MAP", "::ffff:\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
        m.put("MAC", "\\w{1,2}:\\w{1,2}:\\w{1,2}:\\w{1,2}:\\w{1,2}:\\w{1,2}");
        m.put("PORT", "\\d{1,5}");
        m.put("HOSTNAME", "((([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9\\-]*[a-zA-Z0-9])\\.)([a-zA-Z])+)");
        m.put("TIME", "\\d\\d:\\d\\d:\\d\\d");
        m.put("SYSLOG_DATE", "\\w{3}\\s+\\d{1,2}\\s\\d\\d:\\d\\d:\\d\\d");
        m.put("SYSLOG_WY_DATE", "\\w{3}\\s+\\d{1,2}\\s\\d{4}\\s\\d\\d:\\d\\d:\\d\\d");
        m.put("SYSLOG_OPTYEAR_DATE", "\\w{3}\\s+\\d{1,2}\\s(?:\\d{4}\\s)?\\d\\d:\\d\\d:\\d\\d");
        m.put("SYSLOG_DATE_IMPR", "((Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\\s+(0?[1-9]|[12][0-9]|3[01])"
                + "\\s+([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9]))");
        m.put("TIME_IMPR", "(([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9]))");
        m.put("IPV4_IMPR", "(" + octet + "\\." + octet + "\\." + octet + "\\." + octet + ")");
        return new AgentAliases(m);
    }

    /** The definition of an alias (name in any case, without the backslash), or null. */
    public String lookup(String name) {
        return aliases.get(OssimIni.lower(name));
    }

    /** Lowercased alias name to definition. */
    public Map<String, String> asMap() {
        return aliases;
    }

    /** The regexp with its aliases replaced, as the agent replaces them. */
    public String expand(String regexp) {
        Matcher m = TOKEN.matcher(regexp);
        List<String> tokens = new java.util.ArrayList<>();
        while (m.find()) {
            tokens.add(m.group());
        }
        String out = regexp;
        for (String token : tokens) {
            String def = lookup(token.substring(1));
            if (def != null) {
                out = out.replace(token, def);
            }
        }
        return out;
    }

    /** Whether the regexp holds at least one alias token that this set defines. */
    public boolean hasAlias(String regexp) {
        Matcher m = TOKEN.matcher(regexp);
        while (m.find()) {
            if (lookup(m.group().substring(1)) != null) {
                return true;
            }
        }
        return false;
    }
}
