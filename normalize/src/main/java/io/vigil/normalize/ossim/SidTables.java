package io.vigil.normalize.ossim;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The OSSIM per-plugin SID tables: the SQL files that fill {@code plugin} and {@code plugin_sid}
 * (name, priority, reliability, taxonomy of each plugin_sid).
 *
 * <p>The SQL is read as MySQL would run it, statement by statement, as far as these files go:
 * {@code INSERT [IGNORE] INTO plugin_sid (columns) VALUES (...), (...)} with any column order
 * (back-quoted names too), {@code REPLACE INTO} (the row replaces an existing one),
 * {@code INSERT IGNORE} and {@code INSERT} (an existing row is kept), {@code DELETE FROM plugin_sid
 * WHERE plugin_id = N} or {@code BETWEEN a AND b} (and the same for {@code plugin} by id),
 * {@code --}, {@code #} and block comments, strings in single or double quotes with backslash
 * escapes and doubled quotes. Other statements are ignored; what cannot be read is an error naming
 * file and line, and the rest of the file still loads.
 *
 * <p>Missing or NULL priority and reliability take the table defaults, 1 and 1; values outside
 * 0-5 (priority) and 0-10 (reliability) are clamped, with an error. {@link #lookup} of a sid that
 * has no row gives priority 1 and reliability 1 with {@link SidInfo#known()} false, so that the
 * caller can count such events.
 */
public final class SidTables {

    public static final int DEFAULT_PRIORITY = 1;
    public static final int DEFAULT_RELIABILITY = 1;

    /** One plugin_sid row (or, with known false, the defaults for a sid with no row). */
    public record SidInfo(int pluginId, int sid, String name, int priority, int reliability,
            Integer categoryId, Integer subcategoryId, Integer classId, boolean known) {}

    /** One row of {@code plugin}. */
    public record PluginInfo(int id, Integer type, String name, String description, Integer productType) {}

    private final Map<Integer, Map<Integer, SidInfo>> sids;
    private final Map<Integer, PluginInfo> plugins;
    private final Map<Integer, Integer> productTypes;
    private final List<LoadError> errors;

    private SidTables(Map<Integer, Map<Integer, SidInfo>> sids, Map<Integer, PluginInfo> plugins,
            Map<Integer, Integer> productTypes, List<LoadError> errors) {
        this.productTypes = Map.copyOf(productTypes);
        Map<Integer, Map<Integer, SidInfo>> s = new TreeMap<>();
        sids.forEach((k, v) -> s.put(k, Collections.unmodifiableMap(new TreeMap<>(v))));
        this.sids = Collections.unmodifiableMap(s);
        this.plugins = Collections.unmodifiableMap(new TreeMap<>(plugins));
        this.errors = List.copyOf(errors);
    }

    /** No tables: every lookup gives the defaults. */
    public static SidTables empty() {
        return new SidTables(Map.of(), Map.of(), Map.of(), List.of());
    }

    /** Reads SQL files and every {@code *.sql} directly in the given directories, in order. */
    public static SidTables load(List<Path> filesOrDirs) {
        Builder b = new Builder();
        for (Path p : filesOrDirs) {
            List<Path> files = new ArrayList<>();
            if (Files.isDirectory(p)) {
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(p, "*.sql")) {
                    ds.forEach(files::add);
                } catch (IOException e) {
                    b.errors.add(new LoadError(p, null, 0, "cannot list directory: " + e.getMessage()));
                }
                files.sort(null);
            } else {
                files.add(p);
            }
            for (Path f : files) {
                try {
                    b.read(f, OssimIni.decode(Files.readAllBytes(f)));
                } catch (IOException e) {
                    b.errors.add(new LoadError(f, null, 0, "cannot read: " + e));
                }
            }
        }
        return b.build();
    }

    /** Reads SQL text ({@code file} is used in messages). */
    public static SidTables parse(Path file, String sql) {
        Builder b = new Builder();
        b.read(file, sql);
        return b.build();
    }

    /** The row of a plugin_sid, if there is one. */
    public Optional<SidInfo> find(int pluginId, int sid) {
        Map<Integer, SidInfo> m = sids.get(pluginId);
        return Optional.ofNullable(m == null ? null : m.get(sid));
    }

    /** The row, or the defaults (priority 1, reliability 1, known false). */
    public SidInfo lookup(int pluginId, int sid) {
        return find(pluginId, sid).orElseGet(() -> new SidInfo(pluginId, sid, null,
                DEFAULT_PRIORITY, DEFAULT_RELIABILITY, null, null, null, false));
    }

    public boolean contains(int pluginId, int sid) {
        return find(pluginId, sid).isPresent();
    }

    /** Every sid of a plugin (sid order). */
    public Map<Integer, SidInfo> sids(int pluginId) {
        return sids.getOrDefault(pluginId, Map.of());
    }

    public Set<Integer> pluginIds() {
        return sids.keySet();
    }

    public Optional<PluginInfo> plugin(int id) {
        return Optional.ofNullable(plugins.get(id));
    }

    /** The plugin's product type id (its row's product_type, or the taxonomy's UPDATE), if the content says. */
    public Optional<Integer> productType(int pluginId) {
        return Optional.ofNullable(productTypes.get(pluginId));
    }

    public Map<Integer, PluginInfo> plugins() {
        return plugins;
    }

    /** Number of plugin_sid rows. */
    public int size() {
        int n = 0;
        for (Map<Integer, SidInfo> m : sids.values()) {
            n += m.size();
        }
        return n;
    }

    public List<LoadError> errors() {
        return errors;
    }

    // ------------------------------------------------------------------ reading

    private static final class Builder {
        final Map<Integer, Map<Integer, SidInfo>> sids = new HashMap<>();
        final Map<Integer, PluginInfo> plugins = new HashMap<>();
        final Map<Integer, Integer> productTypes = new HashMap<>();
        final List<LoadError> errors = new ArrayList<>();

        SidTables build() {
            plugins.forEach((id, p) -> {
                if (p.productType() != null) productTypes.putIfAbsent(id, p.productType());
            });
            return new SidTables(sids, plugins, productTypes, errors);
        }

        void read(Path file, String sql) {
            Lexer lexer = new Lexer(sql);
            while (true) {
                List<Tok> st;
                try {
                    st = lexer.nextStatement();
                } catch (SqlException e) {
                    // an unterminated string or comment swallows the rest of the file
                    errors.add(new LoadError(file, null, e.line, e.getMessage()));
                    return;
                }
                if (st == null) {
                    return;
                }
                try {
                    statement(file, st);
                } catch (SqlException e) {
                    errors.add(new LoadError(file, null, e.line, e.getMessage()));
                }
            }
        }

        private void statement(Path file, List<Tok> st) throws SqlException {
            Cursor c = new Cursor(st);
            if (c.keyword("INSERT") || c.keyword("REPLACE")) {
                boolean replace = c.previous().isWord("REPLACE");
                c.keyword("LOW_PRIORITY");
                c.keyword("DELAYED");
                c.keyword("HIGH_PRIORITY");
                c.keyword("IGNORE");
                c.keyword("INTO");
                String table = c.identifier();
                if (table == null) {
                    throw new SqlException("expected a table name", c.line());
                }
                table = table.toLowerCase(Locale.ROOT);
                if (!table.equals("plugin_sid") && !table.equals("plugin")) {
                    return;
                }
                if (!c.punct('(')) {
                    throw new SqlException("INSERT INTO " + table + " without a column list is not supported",
                            c.line());
                }
                List<String> cols = new ArrayList<>();
                do {
                    String col = c.identifier();
                    if (col == null) {
                        throw new SqlException("expected a column name", c.line());
                    }
                    cols.add(col.toLowerCase(Locale.ROOT));
                } while (c.punct(','));
                c.expect(')');
                if (!c.keyword("VALUES") && !c.keyword("VALUE")) {
                    throw new SqlException("expected VALUES", c.line());
                }
                do {
                    int rowLine = c.line();
                    c.expect('(');
                    List<Object> vals = new ArrayList<>();
                    do {
                        vals.add(c.value());
                    } while (c.punct(','));
                    c.expect(')');
                    if (vals.size() != cols.size()) {
                        errors.add(new LoadError(file, null, rowLine, "row has " + vals.size() + " values for "
                                + cols.size() + " columns: skipped"));
                        continue;
                    }
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 0; i < cols.size(); i++) {
                        row.put(cols.get(i), vals.get(i));
                    }
                    if (table.equals("plugin_sid")) {
                        sidRow(file, rowLine, row, replace);
                    } else {
                        pluginRow(file, rowLine, row, replace);
                    }
                } while (c.punct(','));
                c.keyword("ON"); // ON DUPLICATE KEY UPDATE ... is not applied
            } else if (c.keyword("DELETE")) {
                c.keyword("FROM");
                String table = c.identifier();
                if (table == null) {
                    return;
                }
                table = table.toLowerCase(Locale.ROOT);
                if (!table.equals("plugin_sid") && !table.equals("plugin")) {
                    return;
                }
                int line = c.line();
                if (!c.keyword("WHERE")) {
                    if (table.equals("plugin_sid")) {
                        sids.clear();
                    } else {
                        plugins.clear();
                    }
                    return;
                }
                String col = c.identifier();
                String key = table.equals("plugin_sid") ? "plugin_id" : "id";
                if (col == null || !col.equalsIgnoreCase(key)) {
                    errors.add(new LoadError(file, null, line, "DELETE FROM " + table + " WHERE " + col
                            + " ...: not understood, ignored"));
                    return;
                }
                long lo;
                long hi;
                if (c.punct('=')) {
                    lo = hi = number(c.value(), line, key);
                } else if (c.keyword("BETWEEN")) {
                    lo = number(c.value(), line, key);
                    if (!c.keyword("AND")) {
                        throw new SqlException("expected AND", c.line());
                    }
                    hi = number(c.value(), line, key);
                } else {
                    errors.add(new LoadError(file, null, line, "DELETE FROM " + table + ": condition not understood,"
                            + " ignored"));
                    return;
                }
                if (table.equals("plugin_sid")) {
                    sids.keySet().removeIf(id -> id >= lo && id <= hi);
                } else {
                    plugins.keySet().removeIf(id -> id >= lo && id <= hi);
                }
            } else if (c.keyword("UPDATE")) {
                productTypeUpdate(file, c);
            }
            // anything else (SET, CREATE, other tables, ...) does not concern these tables here
        }

        /**
         * {@code UPDATE plugin SET product_type = 29, vendor = 'Apache' WHERE id = 1501}, the
         * taxonomy package's way of giving each plugin its product type. Kept whether or not the
         * plugin's own row was read before, so that the order of the content files does not matter.
         */
        private void productTypeUpdate(Path file, Cursor c) throws SqlException {
            String table = c.identifier();
            if (table == null || !table.equalsIgnoreCase("plugin") || !c.keyword("SET")) return;
            int line = c.line();
            Integer productType = null;
            do {
                String col = c.identifier();
                if (col == null) throw new SqlException("expected a column name", c.line());
                c.expect('=');
                Object v = c.value();
                if (col.equalsIgnoreCase("product_type")) {
                    productType = toInt(v);
                    if (productType == null) throw new SqlException("product_type is not a number: " + v, line);
                }
            } while (c.punct(','));
            if (productType == null) return;
            if (!c.keyword("WHERE")) {
                errors.add(new LoadError(file, null, line, "UPDATE plugin SET product_type without WHERE id = ...: ignored"));
                return;
            }
            String col = c.identifier();
            if (col == null || !col.equalsIgnoreCase("id") || !c.punct('=')) {
                errors.add(new LoadError(file, null, line, "UPDATE plugin ... WHERE " + col + " ...: not understood, ignored"));
                return;
            }
            long id = number(c.value(), line, "id");
            if (id != (int) id) throw new SqlException("plugin id out of range: " + id, line);
            productTypes.put((int) id, productType);
        }

        private static long number(Object v, int line, String what) throws SqlException {
            Long n = toLong(v);
            if (n == null) {
                throw new SqlException(what + " is not a number: " + v, line);
            }
            return n;
        }

        private void sidRow(Path file, int line, Map<String, Object> row, boolean replace) {
            Long pid = toLong(row.get("plugin_id"));
            Long sid = toLong(row.get("sid"));
            if (pid == null || sid == null || !row.containsKey("name")) {
                errors.add(new LoadError(file, null, line,
                        "plugin_sid row without plugin_id, sid or name: skipped"));
                return;
            }
            if (pid != pid.intValue() || sid != sid.intValue()) {
                errors.add(new LoadError(file, null, line, "plugin_id or sid out of range: skipped"));
                return;
            }
            int priority = level(file, line, row, "priority", DEFAULT_PRIORITY, 5);
            int reliability = level(file, line, row, "reliability", DEFAULT_RELIABILITY, 10);
            Object nameVal = row.get("name");
            SidInfo info = new SidInfo(pid.intValue(), sid.intValue(), nameVal == null ? null : nameVal.toString(),
                    priority, reliability, toInt(row.get("category_id")), toInt(row.get("subcategory_id")),
                    toInt(row.get("class_id")), true);
            Map<Integer, SidInfo> m = sids.computeIfAbsent(pid.intValue(), k -> new HashMap<>());
            if (replace || !m.containsKey(info.sid())) {
                m.put(info.sid(), info);
            }
        }

        private int level(Path file, int line, Map<String, Object> row, String col, int dflt, int max) {
            if (!row.containsKey(col) || row.get(col) == null) {
                return dflt;
            }
            Long v = toLong(row.get(col));
            if (v == null) {
                errors.add(new LoadError(file, null, line, col + " '" + row.get(col) + "' is not a number: "
                        + dflt + " taken"));
                return dflt;
            }
            if (v < 0 || v > max) {
                long clamped = Math.max(0, Math.min(max, v));
                errors.add(new LoadError(file, null, line, col + " " + v + " is outside 0-" + max + ": "
                        + clamped + " taken"));
                return (int) clamped;
            }
            return v.intValue();
        }

        private void pluginRow(Path file, int line, Map<String, Object> row, boolean replace) {
            Long id = toLong(row.get("id"));
            if (id == null || id != id.intValue()) {
                errors.add(new LoadError(file, null, line, "plugin row without a valid id: skipped"));
                return;
            }
            Object name = row.get("name");
            Object desc = row.get("description");
            PluginInfo info = new PluginInfo(id.intValue(), toInt(row.get("type")),
                    name == null ? null : name.toString(), desc == null ? null : desc.toString(), toInt(row.get("product_type")));
            if (replace || !plugins.containsKey(info.id())) {
                plugins.put(info.id(), info);
            }
        }
    }

    private static Long toLong(Object v) {
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof String s) {
            // MySQL converts a string to a number by its leading digits
            String t = s.strip();
            int i = 0;
            if (i < t.length() && (t.charAt(i) == '-' || t.charAt(i) == '+')) {
                i++;
            }
            int start = i;
            while (i < t.length() && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
                i++;
            }
            if (i == start || i - start > 18) {
                return null;
            }
            return Long.parseLong(t.substring(0, i));
        }
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e18) {
            return d.longValue();
        }
        return null;
    }

    private static Integer toInt(Object v) {
        Long l = toLong(v);
        return l == null || l != l.intValue() ? null : l.intValue();
    }

    // ------------------------------------------------------------------ lexer

    private static final class SqlException extends Exception {
        final int line;

        SqlException(String message, int line) {
            super(message);
            this.line = line;
        }
    }

    private enum Kind { WORD, QUOTED_IDENT, STRING, NUMBER, PUNCT }

    private record Tok(Kind kind, String text, int line) {
        boolean isWord(String w) {
            return kind == Kind.WORD && text.equalsIgnoreCase(w);
        }
    }

    private static final class Lexer {
        private final String s;
        private int i;
        private int line = 1;

        Lexer(String s) {
            this.s = s;
        }

        /** The tokens of the next non-empty statement, or null at the end. */
        List<Tok> nextStatement() throws SqlException {
            List<Tok> cur = new ArrayList<>();
            Tok t;
            while ((t = next()) != null) {
                if (t.kind == Kind.PUNCT && t.text.equals(";")) {
                    if (!cur.isEmpty()) {
                        return cur;
                    }
                } else {
                    cur.add(t);
                }
            }
            return cur.isEmpty() ? null : cur;
        }

        private Tok next() throws SqlException {
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == '\n') {
                    line++;
                    i++;
                } else if (Character.isWhitespace(c)) {
                    i++;
                } else if (c == '-' && s.startsWith("--", i)
                        && (i + 2 >= s.length() || Character.isWhitespace(s.charAt(i + 2)))) {
                    skipToEol();
                } else if (c == '#') {
                    skipToEol();
                } else if (c == '/' && s.startsWith("/*", i)) {
                    int end = s.indexOf("*/", i + 2);
                    if (end < 0) {
                        throw new SqlException("unterminated comment", line);
                    }
                    for (int k = i; k < end; k++) {
                        if (s.charAt(k) == '\n') {
                            line++;
                        }
                    }
                    i = end + 2;
                } else {
                    break;
                }
            }
            if (i >= s.length()) {
                return null;
            }
            int startLine = line;
            char c = s.charAt(i);
            if (c == '\'' || c == '"') {
                return new Tok(Kind.STRING, string(c), startLine);
            }
            if (c == '`') {
                int end = s.indexOf('`', i + 1);
                if (end < 0) {
                    throw new SqlException("unterminated `identifier`", line);
                }
                String id = s.substring(i + 1, end);
                i = end + 1;
                return new Tok(Kind.QUOTED_IDENT, id, startLine);
            }
            if (Character.isDigit(c) || ((c == '-' || c == '+' || c == '.') && i + 1 < s.length()
                    && Character.isDigit(s.charAt(i + 1)))) {
                int st = i++;
                while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.'
                        || s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
                    i++;
                }
                return new Tok(Kind.NUMBER, s.substring(st, i), startLine);
            }
            if (Character.isLetter(c) || c == '_' || c == '$' || c == '@') {
                int st = i++;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_'
                        || s.charAt(i) == '$' || s.charAt(i) == '.')) {
                    i++;
                }
                return new Tok(Kind.WORD, s.substring(st, i), startLine);
            }
            i++;
            return new Tok(Kind.PUNCT, String.valueOf(c), startLine);
        }

        private void skipToEol() {
            while (i < s.length() && s.charAt(i) != '\n') {
                i++;
            }
        }

        private String string(char q) throws SqlException {
            StringBuilder b = new StringBuilder();
            int startLine = line;
            i++;
            while (true) {
                if (i >= s.length()) {
                    throw new SqlException("unterminated string", startLine);
                }
                char c = s.charAt(i++);
                if (c == '\n') {
                    line++;
                }
                if (c == '\\' && i < s.length()) {
                    char e = s.charAt(i++);
                    switch (e) {
                        case '0' -> b.append('\0');
                        case 'b' -> b.append('\b');
                        case 'n' -> b.append('\n');
                        case 'r' -> b.append('\r');
                        case 't' -> b.append('\t');
                        case 'Z' -> b.append('\u001A');
                        case '%' -> b.append("\\%");
                        case '_' -> b.append("\\_");
                        default -> b.append(e);
                    }
                } else if (c == q) {
                    if (i < s.length() && s.charAt(i) == q) {
                        b.append(q);
                        i++;
                    } else {
                        return b.toString();
                    }
                } else {
                    b.append(c);
                }
            }
        }
    }

    private static final class Cursor {
        private final List<Tok> toks;
        private int p;

        Cursor(List<Tok> toks) {
            this.toks = toks;
        }

        Tok previous() {
            return toks.get(p - 1);
        }

        int line() {
            return p < toks.size() ? toks.get(p).line : toks.isEmpty() ? 0 : toks.get(toks.size() - 1).line;
        }

        boolean keyword(String w) {
            if (p < toks.size() && toks.get(p).isWord(w)) {
                p++;
                return true;
            }
            return false;
        }

        boolean punct(char c) {
            if (p < toks.size() && toks.get(p).kind == Kind.PUNCT && toks.get(p).text.charAt(0) == c) {
                p++;
                return true;
            }
            return false;
        }

        void expect(char c) throws SqlException {
            if (!punct(c)) {
                throw new SqlException("expected '" + c + "'"
                        + (p < toks.size() ? " near '" + toks.get(p).text + "'" : " at the end of the statement"),
                        line());
            }
        }

        /** A table or column name: a word or a `quoted` name ('quoted' too, as some files write). */
        String identifier() {
            if (p >= toks.size()) {
                return null;
            }
            Tok t = toks.get(p);
            if (t.kind == Kind.WORD || t.kind == Kind.QUOTED_IDENT || t.kind == Kind.STRING) {
                p++;
                String id = t.text;
                int dot = id.lastIndexOf('.');
                return t.kind == Kind.WORD && dot >= 0 ? id.substring(dot + 1) : id;
            }
            return null;
        }

        /** A value: number (Long or Double), string, NULL (null), TRUE/FALSE; else an error. */
        Object value() throws SqlException {
            if (p >= toks.size()) {
                throw new SqlException("expected a value at the end of the statement", line());
            }
            Tok t = toks.get(p++);
            switch (t.kind) {
                case STRING:
                    return t.text;
                case NUMBER:
                    try {
                        return Long.parseLong(t.text.startsWith("+") ? t.text.substring(1) : t.text);
                    } catch (NumberFormatException e) {
                        try {
                            return Double.parseDouble(t.text);
                        } catch (NumberFormatException e2) {
                            throw new SqlException("bad number '" + t.text + "'", t.line);
                        }
                    }
                case WORD:
                    if (t.text.equalsIgnoreCase("NULL")) {
                        return null;
                    }
                    if (t.text.equalsIgnoreCase("TRUE")) {
                        return 1L;
                    }
                    if (t.text.equalsIgnoreCase("FALSE")) {
                        return 0L;
                    }
                    throw new SqlException("value '" + t.text + "' is not a literal", t.line);
                default:
                    throw new SqlException("unexpected '" + t.text + "' where a value belongs", t.line);
            }
        }
    }
}
