package io.vigil.store;

import io.vigil.core.net.IpLiterals;
import io.vigil.core.store.InvalidQueryException;
import io.vigil.store.EventFields.Def;
import io.vigil.store.EventFields.Kind;
import java.net.InetAddress;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.core.KeywordAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.document.InetAddressPoint;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldExistsQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * Lucene's classic query syntax over the event's JSON field names, made aware of the
 * schema ({@link EventFields}):
 * <ul>
 *   <li>bare terms search {@code log}; terms are joined by AND unless OR is written;</li>
 *   <li>text fields (log, message, structured_data) are case-insensitive; a term with
 *       punctuation inside, such as {@code log:192.168.1.10} or {@code log:user=root}, matches
 *       that exact sequence;</li>
 *   <li>keyword fields match the stored value exactly, case included ({@code app:sshd},
 *       {@code host:web*}); quote values with spaces or colons ({@code peer:"10.0.0.1:514"});</li>
 *   <li>numbers: {@code src_port:22}, {@code severity:[0 TO 3]}, {@code priority:{2 TO *]};</li>
 *   <li>time and received: epoch milliseconds, an ISO instant or a date, e.g.
 *       {@code time:[2026-11-01 TO 2026-11-25]} (a date stands for its whole UTC day; quote
 *       values with colons: {@code time:["2026-11-25T10:00:00Z" TO *]});</li>
 *   <li>src_ip and dst_ip also take a CIDR block ({@code src_ip:"10.0.0.0/8"}) or an address
 *       range ({@code dst_ip:[10.0.0.0 TO 10.0.0.255]});</li>
 *   <li>{@code field:*} means the field is present; {@code NOT x} alone means everything but x;</li>
 *   <li>an unknown field name is an error, not an empty result.</li>
 * </ul>
 * Not thread-safe: one instance per parse.
 */
final class EventQueryParser extends QueryParser {
    static final String DEFAULT_FIELD = "log";

    /** Query-side analysis: text fields by whole tokens, everything else untouched. */
    static final Analyzer ANALYZER = new PerFieldAnalyzerWrapper(new KeywordAnalyzer(),
            EventFields.ALL.stream().filter(d -> d.kind() == Kind.TEXT)
                    .collect(Collectors.toMap(Def::name, d -> (Analyzer) new LogAnalyzer(false))));

    private EventQueryParser() {
        super(DEFAULT_FIELD, ANALYZER);
        setDefaultOperator(AND_OPERATOR);
        setSplitOnWhitespace(true); // each bare word is its own clause (joined by AND)
        setAutoGeneratePhraseQueries(true); // log:user=root is the phrase "user root"
        setAllowLeadingWildcard(true);
    }

    /** Parses a query; blank or {@code *} matches everything. */
    static Query parseQuery(String query) {
        if (query == null || query.isBlank() || query.trim().equals("*") || query.trim().equals("*:*")) {
            return new MatchAllDocsQuery();
        }
        try {
            Query q = new EventQueryParser().parse(query);
            return q == null ? new MatchNoDocsQuery() : q;
        } catch (ParseException e) {
            throw new InvalidQueryException(e.getMessage(), e);
        } catch (RuntimeException e) {
            // e.g. a regular expression too complex to compile, or too many clauses
            throw new InvalidQueryException("Cannot parse '" + query + "': " + e.getMessage(), e);
        }
    }

    private static Def check(String field) throws ParseException {
        Def def = EventFields.lookup(field);
        if (def == null) {
            throw new ParseException("unknown field '" + field + "': fields are "
                    + String.join(", ", EventFields.BY_NAME.keySet()) + " and extra.<name>");
        }
        return def;
    }

    @Override
    protected Query getFieldQuery(String field, String text, boolean quoted) throws ParseException {
        Def def = check(field);
        if (isExtra(field)) return ExtraTerms.exact(ExtraTerms.key(field), text);
        return switch (def.kind()) {
            case INT -> IntPoint.newExactQuery(field, integer(field, text));
            case TIME -> {
                long[] r = instantRange(field, text);
                yield LongPoint.newRangeQuery(field, r[0], r[1] - 1);
            }
            case ID -> new TermQuery(new Term(field, text.toLowerCase(Locale.ROOT)));
            case BOOL -> new TermQuery(new Term(field, text.toLowerCase(Locale.ROOT)));
            case KEYWORD -> {
                if (def.ip() && text.indexOf('/') > 0) yield cidr(field, text);
                yield new TermQuery(new Term(field, EventDocuments.keyword(text)));
            }
            case TEXT -> isMessage(field)
                    ? either(super.getFieldQuery("log", text, quoted), super.getFieldQuery(field, text, quoted))
                    : super.getFieldQuery(field, text, quoted);
        };
    }

    @Override
    protected Query getRangeQuery(String field, String part1, String part2, boolean startInclusive, boolean endInclusive)
            throws ParseException {
        Def def = check(field);
        String lo = open(part1) ? null : part1;
        String hi = open(part2) ? null : part2;
        if (isExtra(field)) return ExtraTerms.range(ExtraTerms.key(field), lo, hi, startInclusive, endInclusive);
        switch (def.kind()) {
            case INT -> {
                long min = lo == null ? Integer.MIN_VALUE : integer(field, lo) + (startInclusive ? 0L : 1L);
                long max = hi == null ? Integer.MAX_VALUE : integer(field, hi) - (endInclusive ? 0L : 1L);
                if (min > max) return new MatchNoDocsQuery();
                return IntPoint.newRangeQuery(field, (int) min, (int) max);
            }
            case TIME -> {
                long min = Long.MIN_VALUE;
                long max = Long.MAX_VALUE;
                if (lo != null) {
                    long[] r = instantRange(field, lo);
                    min = startInclusive ? r[0] : r[1];
                }
                if (hi != null) {
                    long[] r = instantRange(field, hi);
                    max = endInclusive ? r[1] - 1 : r[0] - 1;
                }
                if (min > max) return new MatchNoDocsQuery();
                return LongPoint.newRangeQuery(field, min, max);
            }
            case KEYWORD -> {
                if (def.ip()) {
                    InetAddress a = lo == null ? null : IpLiterals.parse(lo);
                    InetAddress b = hi == null ? null : IpLiterals.parse(hi);
                    if ((lo == null || a != null) && (hi == null || b != null) && (a != null || b != null)) {
                        return ipRange(field, a, b, startInclusive, endInclusive);
                    }
                }
                return super.getRangeQuery(field, part1, part2, startInclusive, endInclusive);
            }
            case ID -> {
                return super.getRangeQuery(field, lower(part1), lower(part2), startInclusive, endInclusive);
            }
            default -> {
                return super.getRangeQuery(field, part1, part2, startInclusive, endInclusive);
            }
        }
    }

    @Override
    protected Query getWildcardQuery(String field, String termStr) throws ParseException {
        if ("*".equals(field) && "*".equals(termStr)) return new MatchAllDocsQuery();
        Def def = check(field);
        if (isExtra(field)) return "*".equals(termStr) ? ExtraTerms.exists(ExtraTerms.key(field)) : ExtraTerms.wildcard(ExtraTerms.key(field), termStr);
        if ("*".equals(termStr)) return exists(field, def);
        notNumeric(field, def, termStr);
        if (def.kind() == Kind.ID) termStr = termStr.toLowerCase(Locale.ROOT);
        if (isMessage(field)) return either(super.getWildcardQuery("log", termStr), super.getWildcardQuery(field, termStr));
        return super.getWildcardQuery(field, termStr);
    }

    @Override
    protected Query getPrefixQuery(String field, String termStr) throws ParseException {
        Def def = check(field);
        if (isExtra(field)) return ExtraTerms.prefix(ExtraTerms.key(field), termStr);
        if (termStr.isEmpty()) return exists(field, def);
        notNumeric(field, def, termStr + "*");
        if (def.kind() == Kind.ID) termStr = termStr.toLowerCase(Locale.ROOT);
        if (isMessage(field)) return either(super.getPrefixQuery("log", termStr), super.getPrefixQuery(field, termStr));
        return super.getPrefixQuery(field, termStr);
    }

    @Override
    protected Query getFuzzyQuery(String field, String termStr, float minSimilarity) throws ParseException {
        notNumeric(field, check(field), termStr + "~");
        if (isExtra(field)) {
            int edits = minSimilarity >= 1 ? (int) minSimilarity : org.apache.lucene.search.FuzzyQuery.floatToEdits(minSimilarity, termStr.codePointCount(0, termStr.length()));
            return ExtraTerms.fuzzy(ExtraTerms.key(field), termStr, edits);
        }
        if (isMessage(field)) return either(super.getFuzzyQuery("log", termStr, minSimilarity), super.getFuzzyQuery(field, termStr, minSimilarity));
        return super.getFuzzyQuery(field, termStr, minSimilarity);
    }

    @Override
    protected Query getRegexpQuery(String field, String termStr) throws ParseException {
        notNumeric(field, check(field), "/" + termStr + "/");
        if (isExtra(field)) return ExtraTerms.regexp(ExtraTerms.key(field), termStr);
        if (isMessage(field)) return either(super.getRegexpQuery("log", termStr), super.getRegexpQuery(field, termStr));
        return super.getRegexpQuery(field, termStr);
    }

    /** A query of only negations ({@code NOT app:cron}) means "all but", as people expect. */
    @Override
    protected Query getBooleanQuery(List<BooleanClause> clauses) throws ParseException {
        Query q = super.getBooleanQuery(clauses);
        if (q instanceof BooleanQuery bq && !bq.clauses().isEmpty()
                && bq.clauses().stream().allMatch(c -> c.occur() == BooleanClause.Occur.MUST_NOT)) {
            BooleanQuery.Builder b = new BooleanQuery.Builder();
            b.add(new MatchAllDocsQuery(), BooleanClause.Occur.FILTER);
            for (BooleanClause c : bq.clauses()) b.add(c);
            return b.build();
        }
        return q;
    }

    /** {@code extra.<key>}: kept as terms of the one field {@link ExtraTerms#FIELD}. */
    private static boolean isExtra(String field) {
        return field.startsWith(EventFields.EXTRA_PREFIX) && field.length() > EventFields.EXTRA_PREFIX.length();
    }

    /**
     * {@code message} is indexed inside {@code log} when it is part of it (see
     * {@link EventDocuments}), and on its own otherwise: a query on it reads both.
     */
    private static boolean isMessage(String field) {
        return field.equals(EventDocuments.MESSAGE);
    }

    private static Query either(Query a, Query b) {
        if (a == null) return b;
        if (b == null) return a;
        return new BooleanQuery.Builder().add(a, BooleanClause.Occur.SHOULD).add(b, BooleanClause.Occur.SHOULD).build();
    }

    private static Query exists(String field, Def def) {
        if (def.kind() == Kind.ID) return new MatchAllDocsQuery(); // every event has one
        if (isMessage(field)) return either(new TermQuery(new Term(EventDocuments.MESSAGE_PRESENT, "1")), new FieldExistsQuery(field));
        boolean docValuesOrNorms = def.aggregatable() || def.kind() == Kind.TEXT;
        if (docValuesOrNorms) return new FieldExistsQuery(field);
        return new org.apache.lucene.search.WildcardQuery(new Term(field, "*"));
    }

    private static void notNumeric(String field, Def def, String term) throws ParseException {
        if (def.kind() == Kind.INT || def.kind() == Kind.TIME) {
            throw new ParseException("'" + field + ":" + term + "': " + field + " is a number: use a value or a range such as "
                    + field + ":[1 TO 10]");
        }
    }

    private static boolean open(String part) {
        return part == null || part.equals("*");
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    private static int integer(String field, String text) throws ParseException {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new ParseException("'" + field + ":" + text + "': " + field + " is a number, '" + text + "' is not an integer");
        }
    }

    /**
     * The span [start, end) in epoch milliseconds a time value denotes: epoch milliseconds or an
     * ISO instant (one millisecond), an ISO local date-time taken as UTC, or a date (its UTC day).
     */
    static long[] instantRange(String field, String text) throws ParseException {
        String t = text.trim();
        try {
            if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
                long ms = Long.parseLong(t);
                return new long[] {ms, ms + 1};
            }
            if (t.length() == 10) {
                LocalDate d = LocalDate.parse(t);
                return new long[] {d.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli(),
                        d.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli()};
            }
            Instant i;
            try {
                i = Instant.parse(t);
            } catch (DateTimeParseException e) {
                i = LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
            }
            long ms = i.toEpochMilli();
            return new long[] {ms, ms + 1};
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            throw new ParseException("'" + field + ":" + text + "': " + field
                    + " takes epoch milliseconds, an ISO instant such as \"2026-11-25T10:00:00Z\" or a date such as 2026-11-25");
        }
    }

    private static Query cidr(String field, String text) throws ParseException {
        int slash = text.indexOf('/');
        InetAddress a = IpLiterals.parse(text.substring(0, slash));
        int bits;
        try {
            bits = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            bits = -1;
        }
        if (a == null || bits < 0 || bits > a.getAddress().length * 8) {
            throw new ParseException("'" + field + ":" + text + "' is not a CIDR block such as 10.0.0.0/8");
        }
        return InetAddressPoint.newPrefixQuery(field + EventFields.ADDR_SUFFIX, a, bits);
    }

    private static Query ipRange(String field, InetAddress lo, InetAddress hi, boolean startInclusive, boolean endInclusive) {
        // An open end stays within the other end's family (IPv4 addresses are stored as mapped IPv6).
        boolean v4 = (lo != null ? lo : hi).getAddress().length == 4;
        InetAddress min = lo != null ? lo : v4 ? address(new byte[4]) : InetAddressPoint.MIN_VALUE;
        InetAddress max = hi != null ? hi : v4 ? address(new byte[] {-1, -1, -1, -1}) : InetAddressPoint.MAX_VALUE;
        try {
            if (!startInclusive && lo != null) min = InetAddressPoint.nextUp(min);
            if (!endInclusive && hi != null) max = InetAddressPoint.nextDown(max);
        } catch (ArithmeticException e) {
            return new MatchNoDocsQuery();
        }
        return InetAddressPoint.newRangeQuery(field + EventFields.ADDR_SUFFIX, min, max);
    }

    private static InetAddress address(byte[] b) {
        try {
            return InetAddress.getByAddress(b);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
