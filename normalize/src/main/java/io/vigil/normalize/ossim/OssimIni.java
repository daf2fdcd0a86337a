package io.vigil.normalize.ossim;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An INI file read the way the OSSIM agent reads its {@code .cfg} files: Python 2.7's
 * {@code ConfigParser} with the agent's own option pattern (option names may contain
 * {@code :}) and the agent's {@code Conf.get} on top of it.
 *
 * <ul>
 *   <li>A line whose first character is {@code #} or {@code ;} is a comment, so is a line whose
 *       first word is {@code rem} (any case) and that starts with {@code r}/{@code R}; blank lines
 *       are skipped (and do not end a continued value). An indented {@code #} line inside a
 *       continued value is part of the value, as in Python.</li>
 *   <li>{@code [name]} opens a section (anything after the first {@code ]} is ignored); a section
 *       named twice is merged; {@code [DEFAULT]} holds values every section inherits.</li>
 *   <li>{@code name = value} or {@code name: value}: the name is everything up to the first
 *       {@code =} (or, with no {@code =}, the last {@code :}), right-trimmed and lowercased; a later
 *       definition of the same name in the same section wins.</li>
 *   <li>Inline comments: only the first {@code ;} of a value is looked at, and it starts a comment
 *       only if the character before it is white space ({@code a;b ;c} keeps everything). A value
 *       of exactly {@code ""} is empty.</li>
 *   <li>An indented line continues the previous value (stripped, joined with {@code \n}).</li>
 *   <li>{@link #get} interpolates {@code %(name)s} from the same section, then {@code [DEFAULT]},
 *       up to 10 rounds, and only when the value contains {@code %(} (as Python 2 does: then
 *       {@code %%} is a literal {@code %}; without {@code %(} a value is left as it is).</li>
 *   <li>{@link #value} is the agent's {@code Conf.get}: interpolated, then every leading and
 *       trailing {@code "} and then every leading and trailing {@code '} stripped, and the empty
 *       string on any error or when the option is missing.</li>
 * </ul>
 *
 * <p>A line that is none of these is a parse problem; Python reads the whole file and raises at
 * the end, and the agent then drops the plugin: {@link #problems()} lists them. A file whose first
 * non-comment line is not a section header stops there (Python's MissingSectionHeaderError).
 *
 * <p>Files are decoded as UTF-8 when they are valid UTF-8, else as ISO-8859-1 (the agent reads
 * plugins as latin1 by default; Vigil decodes log lines as UTF-8, so a UTF-8 plugin must be read
 * as UTF-8 for its non-ASCII literals to match). A UTF-8 byte order mark is dropped.
 */
public final class OssimIni {

    /** Python's DEFAULTSECT: the section every other section inherits from (case-sensitive). */
    public static final String DEFAULT_SECTION = "DEFAULT";

    private static final int MAX_INTERPOLATION_DEPTH = 10;

    /** One option: lowercased name, value as read (continuation lines joined with \n), line. */
    public record Entry(String name, String value, int line) {}

    /** A problem found while reading: 1-based line, the line's text, what is wrong. */
    public record Problem(int line, String text, String reason) {
        @Override
        public String toString() {
            return "line " + line + ": " + reason + ": " + text;
        }
    }

    /** Thrown by {@link #get} when {@code %(name)s} interpolation fails. */
    public static final class InterpolationException extends Exception {
        InterpolationException(String message) {
            super(message);
        }
    }

    /** A section: its name as written, the line of its (first) header, options in file order. */
    public static final class Section {
        private final String name;
        private final int line;
        private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

        Section(String name, int line) {
            this.name = name;
            this.line = line;
        }

        public String name() {
            return name;
        }

        /** 1-based line of the section header (its first one when the section is repeated). */
        public int line() {
            return line;
        }

        /** The section's own options (not the inherited defaults), keyed by lowercased name. */
        public Map<String, Entry> entries() {
            return Collections.unmodifiableMap(entries);
        }
    }

    private final String sourceName;
    private final Section defaults = new Section(DEFAULT_SECTION, 0);
    private final LinkedHashMap<String, Section> sections = new LinkedHashMap<>();
    private final List<Problem> problems = new ArrayList<>();

    private OssimIni(String sourceName) {
        this.sourceName = sourceName;
    }

    /** Reads a file (UTF-8 when valid, else ISO-8859-1). */
    public static OssimIni read(Path file) throws IOException {
        return parse(file.getFileName() == null ? file.toString() : file.getFileName().toString(),
                decode(Files.readAllBytes(file)));
    }

    /** Parses text; {@code sourceName} is only used in messages. */
    public static OssimIni parse(String sourceName, String text) {
        OssimIni ini = new OssimIni(sourceName);
        ini.parseText(text);
        return ini;
    }

    /** UTF-8 if the bytes are valid UTF-8, else ISO-8859-1; a leading BOM is dropped. */
    public static String decode(byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            text = new String(bytes, StandardCharsets.ISO_8859_1);
        }
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        return text;
    }

    public String sourceName() {
        return sourceName;
    }

    /** Section names in file order, without DEFAULT. */
    public List<String> sections() {
        return List.copyOf(sections.keySet());
    }

    public boolean hasSection(String name) {
        return sections.containsKey(name);
    }

    /** The section, or null; {@code DEFAULT} gives the defaults. */
    public Section section(String name) {
        if (DEFAULT_SECTION.equals(name)) {
            return defaults;
        }
        return sections.get(name);
    }

    public Section defaults() {
        return defaults;
    }

    /** Problems found while reading; when not empty the agent would refuse the file. */
    public List<Problem> problems() {
        return Collections.unmodifiableList(problems);
    }

    /** Python's has_option: the section's own options or DEFAULT's (false if no such section). */
    public boolean hasOption(String section, String option) {
        return entry(section, option) != null;
    }

    /** The entry of an option in the section, else in DEFAULT, else null. */
    public Entry entry(String section, String option) {
        String key = lower(option);
        if (!DEFAULT_SECTION.equals(section)) {
            Section s = sections.get(section);
            if (s == null) {
                return null;
            }
            Entry e = s.entries.get(key);
            if (e != null) {
                return e;
            }
        }
        return defaults.entries.get(key);
    }

    /** The raw value (no interpolation, no quote stripping), or null. */
    public String raw(String section, String option) {
        Entry e = entry(section, option);
        return e == null ? null : e.value();
    }

    /** Option names of a section: its own in file order, then inherited ones from DEFAULT. */
    public Set<String> options(String section) {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        Section s = section(section);
        if (s != null && s != defaults) {
            names.addAll(s.entries.keySet());
        }
        names.addAll(defaults.entries.keySet());
        return names;
    }

    /** Python's ConfigParser.get: the value interpolated; null when the option is missing. */
    public String get(String section, String option) throws InterpolationException {
        String raw = raw(section, option);
        if (raw == null) {
            return null;
        }
        return interpolate(raw, lookupFor(section));
    }

    /**
     * The agent's {@code Conf.get}: interpolated, quotes stripped ({@link #stripQuotes}), and the
     * empty string when the option is missing or interpolation fails.
     */
    public String value(String section, String option) {
        try {
            String v = get(section, option);
            return v == null ? "" : stripQuotes(v);
        } catch (InterpolationException e) {
            return "";
        }
    }

    /**
     * Python's getboolean: {@code 1 yes true on} / {@code 0 no false off} (any case); null when
     * missing or not a boolean (the agent then logs a warning and takes false).
     */
    public Boolean bool(String section, String option) {
        try {
            String v = get(section, option);
            return v == null ? null : parseBoolean(v);
        } catch (InterpolationException e) {
            return null;
        }
    }

    /** Python ConfigParser's boolean states, or null. */
    public static Boolean parseBoolean(String v) {
        return switch (lower(v)) {
            case "1", "yes", "true", "on" -> Boolean.TRUE;
            case "0", "no", "false", "off" -> Boolean.FALSE;
            default -> null;
        };
    }

    /** The variables %(name)s sees in a section: the section's options, then DEFAULT's, and __name__. */
    Function<String, String> lookupFor(String section) {
        Section s = DEFAULT_SECTION.equals(section) ? null : sections.get(section);
        return key -> {
            if (s != null) {
                Entry e = s.entries.get(key);
                if (e != null) {
                    return e.value();
                }
                if ("__name__".equals(key)) {
                    return s.name;
                }
            }
            Entry e = defaults.entries.get(key);
            return e == null ? null : e.value();
        };
    }

    /**
     * The agent's {@code _strip_value}: every leading/trailing {@code "}, then every
     * leading/trailing {@code '} (Python's {@code strip(strip(v, '"'), "'")}).
     */
    public static String stripQuotes(String value) {
        return strip(strip(value, '"'), '\'');
    }

    private static String strip(String v, char c) {
        int b = 0;
        int e = v.length();
        while (b < e && v.charAt(b) == c) {
            b++;
        }
        while (e > b && v.charAt(e - 1) == c) {
            e--;
        }
        return v.substring(b, e);
    }

    /**
     * Python 2 ConfigParser interpolation: while the value holds {@code %(} (at most 10 rounds),
     * {@code %(Name)s} keys are lowercased and the value is formatted with Python's {@code %}
     * operator against the variables: {@code %(key)s} (with optional flags, width, precision),
     * {@code %%}. Anything else (a missing key, another conversion) is an error, as it is in the
     * agent (where the value then reads as empty).
     */
    public static String interpolate(String raw, Function<String, String> lookup)
            throws InterpolationException {
        String value = raw;
        int depth = MAX_INTERPOLATION_DEPTH;
        while (depth-- > 0) {
            if (value != null && value.contains("%(")) {
                value = percentFormat(lowerKeys(value), lookup);
            } else {
                break;
            }
        }
        if (value != null && value.contains("%(")) {
            throw new InterpolationException("interpolation too deeply recursive");
        }
        return value;
    }

    private static final Pattern KEY = Pattern.compile("%\\(([^)]*)\\)s");

    /** Python's _KEYCRE pass: the names in {@code %(Name)s} are lowercased. */
    private static String lowerKeys(String value) {
        Matcher m = KEY.matcher(value);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(b, Matcher.quoteReplacement("%(" + lower(m.group(1)) + ")s"));
        }
        m.appendTail(b);
        return b.toString();
    }

    private static String percentFormat(String v, Function<String, String> lookup)
            throws InterpolationException {
        StringBuilder out = new StringBuilder(v.length());
        int n = v.length();
        int i = 0;
        while (i < n) {
            char c = v.charAt(i);
            if (c != '%') {
                out.append(c);
                i++;
                continue;
            }
            i++;
            if (i >= n) {
                throw new InterpolationException("incomplete format");
            }
            if (v.charAt(i) == '%') {
                out.append('%');
                i++;
                continue;
            }
            if (v.charAt(i) != '(') {
                throw new InterpolationException("format requires a mapping key at: " + v.substring(i - 1));
            }
            // mapping key, parentheses nested as Python's % operator counts them
            int depth = 1;
            int keyStart = ++i;
            while (i < n && depth > 0) {
                char k = v.charAt(i);
                if (k == '(') {
                    depth++;
                } else if (k == ')') {
                    depth--;
                }
                i++;
            }
            if (depth > 0) {
                throw new InterpolationException("incomplete format key");
            }
            String key = v.substring(keyStart, i - 1);
            boolean left = false;
            while (i < n && "-+ #0".indexOf(v.charAt(i)) >= 0) {
                left |= v.charAt(i) == '-';
                i++;
            }
            int width = -1;
            int ws = i;
            while (i < n && Character.isDigit(v.charAt(i)) && v.charAt(i) < 128) {
                i++;
            }
            if (i > ws) {
                width = Integer.parseInt(v.substring(ws, i));
            }
            int precision = -1;
            if (i < n && v.charAt(i) == '.') {
                i++;
                int ps = i;
                while (i < n && Character.isDigit(v.charAt(i)) && v.charAt(i) < 128) {
                    i++;
                }
                precision = i > ps ? Integer.parseInt(v.substring(ps, i)) : 0;
            }
            while (i < n && "hlL".indexOf(v.charAt(i)) >= 0) {
                i++;
            }
            if (i >= n) {
                throw new InterpolationException("incomplete format");
            }
            char conv = v.charAt(i++);
            if (conv != 's') {
                throw new InterpolationException("unsupported format character '" + conv + "' after %(" + key + ")");
            }
            String val = lookup.apply(key);
            if (val == null) {
                throw new InterpolationException("bad interpolation variable reference: no option '" + key + "'");
            }
            if (precision >= 0 && precision < val.length()) {
                val = val.substring(0, precision);
            }
            if (width > val.length()) {
                String pad = " ".repeat(width - val.length());
                val = left ? val + pad : pad + val;
            }
            out.append(val);
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- reading

    private static final Pattern SECTION = Pattern.compile("\\[([^\\]]+)\\]");
    /*
     * The agent's OPTCRE (Config.py), as Python compiles it without re.UNICODE: \s is ASCII
     * white space, '.' is anything but \n and '$' matches at the end or before a final \n.
     */
    private static final Pattern OPTION = Pattern.compile(
            "([^:=\\t\\n\\x0B\\f\\r ][^=]*)[\\t\\n\\x0B\\f\\r ]*([:=])[\\t\\n\\x0B\\f\\r ]*([^\\n]*)(?=\\n?\\z)");

    private void parseText(String text) {
        List<String> lines = splitLines(text);
        Section current = null;
        Entry currentEntry = null; // the option continuation lines extend
        List<String> currentParts = null;
        Map<Entry, List<String>> pending = new LinkedHashMap<>();
        for (int idx = 0; idx < lines.size(); idx++) {
            int lineNo = idx + 1;
            String line = lines.get(idx) + "\n";
            if (pyStrip(line).isEmpty() || line.charAt(0) == '#' || line.charAt(0) == ';') {
                continue;
            }
            if ((line.charAt(0) == 'r' || line.charAt(0) == 'R') && firstWordIsRem(line)) {
                continue;
            }
            if (isPySpace(line.codePointAt(0)) && current != null && currentEntry != null) {
                String v = pyStrip(line);
                if (!v.isEmpty()) {
                    currentParts.add(v);
                }
                continue;
            }
            Matcher sm = SECTION.matcher(line);
            if (sm.lookingAt()) {
                String name = sm.group(1);
                Section existing = sections.get(name);
                if (existing != null) {
                    current = existing;
                } else if (DEFAULT_SECTION.equals(name)) {
                    current = defaults;
                } else {
                    current = new Section(name, lineNo);
                    sections.put(name, current);
                }
                currentEntry = null;
                currentParts = null;
                continue;
            }
            if (current == null) {
                problems.add(new Problem(lineNo, chomp(line), "file contains no section headers"));
                break;
            }
            Matcher om = OPTION.matcher(line);
            if (om.lookingAt()) {
                String name = lower(rstrip(om.group(1)));
                String val = om.group(3);
                int semi = val.indexOf(';');
                if (semi >= 0) {
                    // Python: optval[pos-1].isspace(); at pos 0 that is the last character
                    int before = semi == 0 ? val.codePointBefore(val.length()) : val.codePointBefore(semi);
                    if (!val.isEmpty() && isPySpace(before)) {
                        val = val.substring(0, semi);
                    }
                }
                val = pyStrip(val);
                if (val.equals("\"\"")) {
                    val = "";
                }
                currentEntry = new Entry(name, val, lineNo);
                currentParts = new ArrayList<>();
                currentParts.add(val);
                pending.put(currentEntry, currentParts);
                current.entries.put(name, currentEntry);
            } else {
                problems.add(new Problem(lineNo, chomp(line), "not a section header, an option or a comment"));
                currentEntry = null; // Python keeps optname, but the file is invalid anyway
                currentParts = null;
            }
        }
        // join continued values
        for (Section s : allSections()) {
            for (Map.Entry<String, Entry> me : s.entries.entrySet()) {
                List<String> parts = pending.get(me.getValue());
                if (parts != null && parts.size() > 1) {
                    Entry e = me.getValue();
                    me.setValue(new Entry(e.name(), String.join("\n", parts), e.line()));
                }
            }
        }
    }

    private List<Section> allSections() {
        List<Section> all = new ArrayList<>();
        all.add(defaults);
        all.addAll(sections.values());
        return all;
    }

    private static boolean firstWordIsRem(String line) {
        int i = 0;
        int n = line.length();
        while (i < n && isPySpace(line.charAt(i))) {
            i++;
        }
        int s = i;
        while (i < n && !isPySpace(line.charAt(i))) {
            i++;
        }
        return lower(line.substring(s, i)).equals("rem");
    }

    /** Python 2 unicode.splitlines(): \n, \r, \r\n, \v, \f, \x1c-\x1e, \x85, \u2028, \u2029. */
    static List<String> splitLines(String text) {
        List<String> out = new ArrayList<>();
        int n = text.length();
        int start = 0;
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r' || c == '\u000B' || c == '\u000C' || (c >= '\u001C' && c <= '\u001E')
                    || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                out.add(text.substring(start, i));
                if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
            i++;
        }
        if (start < n) {
            out.add(text.substring(start));
        }
        return out;
    }

    /** Python 2.7 unicode.isspace() (Unicode 5.2 white space, as the agent's Python had). */
    static boolean isPySpace(int c) {
        return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0
                || c == 0x1680 || c == 0x180E || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029
                || c == 0x202F || c == 0x205F || c == 0x3000;
    }

    static String pyStrip(String s) {
        int b = 0;
        int e = s.length();
        while (b < e && isPySpace(s.charAt(b))) {
            b++;
        }
        while (e > b && isPySpace(s.charAt(e - 1))) {
            e--;
        }
        return s.substring(b, e);
    }

    private static String rstrip(String s) {
        int e = s.length();
        while (e > 0 && isPySpace(s.charAt(e - 1))) {
            e--;
        }
        return s.substring(0, e);
    }

    private static String chomp(String line) {
        return line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
    }

    /** Python 2 unicode.lower(): the simple lowercase mapping, code point by code point. */
    static String lower(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int lc = Character.toLowerCase(cp);
            if (lc != cp && b == null) {
                b = new StringBuilder(s.length());
                b.append(s, 0, i);
            }
            if (b != null) {
                b.appendCodePoint(lc);
            }
            i += Character.charCount(cp);
        }
        return b == null ? s : b.toString();
    }
}
