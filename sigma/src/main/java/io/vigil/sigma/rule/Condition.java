package io.vigil.sigma.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The condition grammar, by precedence from loosest: {@code or}, {@code and}, {@code not},
 * {@code 1 of X} / {@code all of X} (X a search identifier pattern with {@code *}, or
 * {@code them}: every identifier not starting with an underscore), parentheses.
 */
final class Condition {
    private final List<String> tokens;
    private final Map<String, Matcher> selections;
    private final String text;
    private final int line;
    private int pos;

    private Condition(String text, Map<String, Matcher> selections, int line) {
        this.text = text;
        this.selections = selections;
        this.line = line;
        this.tokens = tokenize(text);
    }

    static Matcher parse(String text, Map<String, Matcher> selections, int line) {
        Condition c = new Condition(text, selections, line);
        if (c.tokens.isEmpty()) throw c.error("empty condition");
        Matcher m = c.or();
        if (c.pos < c.tokens.size()) throw c.error("unexpected '" + c.tokens.get(c.pos) + "'");
        return m;
    }

    private static List<String> tokenize(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')') {
                out.add(String.valueOf(c));
                i++;
            } else {
                int j = i;
                while (j < s.length() && !Character.isWhitespace(s.charAt(j)) && s.charAt(j) != '(' && s.charAt(j) != ')') j++;
                out.add(s.substring(i, j));
                i = j;
            }
        }
        return out;
    }

    private SigmaException error(String why) {
        return new SigmaException(line, "condition '" + text + "': " + why);
    }

    private String peek() {
        return pos < tokens.size() ? tokens.get(pos) : null;
    }

    private boolean keyword(String k) {
        String t = peek();
        if (t != null && t.toLowerCase(Locale.ROOT).equals(k)) {
            pos++;
            return true;
        }
        return false;
    }

    private Matcher or() {
        List<Matcher> any = new ArrayList<>();
        any.add(and());
        while (keyword("or")) any.add(and());
        return Matcher.or(any);
    }

    private Matcher and() {
        List<Matcher> all = new ArrayList<>();
        all.add(not());
        while (keyword("and")) all.add(not());
        return Matcher.and(all);
    }

    private Matcher not() {
        if (keyword("not")) return Matcher.not(not());
        return primary();
    }

    private Matcher primary() {
        String t = peek();
        if (t == null) throw error("ends where an expression was expected");
        if (t.equals("(")) {
            pos++;
            Matcher m = or();
            if (!keyword(")")) throw error("missing ')'");
            return m;
        }
        String lower = t.toLowerCase(Locale.ROOT);
        if ((lower.equals("1") || lower.equals("all") || lower.equals("any")) && pos + 1 < tokens.size()
                && tokens.get(pos + 1).equalsIgnoreCase("of")) {
            pos += 2;
            String target = peek();
            if (target == null || target.equals("(") || target.equals(")")) throw error("'" + t + " of' needs an identifier pattern or 'them'");
            pos++;
            List<Matcher> chosen = new ArrayList<>();
            if (target.equalsIgnoreCase("them")) {
                selections.forEach((name, m) -> {
                    if (!name.startsWith("_")) chosen.add(m);
                });
            } else {
                Pattern p = Pattern.compile(Pattern.quote(target).replace("*", "\\E.*\\Q"));
                selections.forEach((name, m) -> {
                    if (p.matcher(name).matches()) chosen.add(m);
                });
            }
            if (chosen.isEmpty()) throw error("'" + t + " of " + target + "' matches no search identifier");
            return lower.equals("all") ? Matcher.and(chosen) : Matcher.or(chosen);
        }
        if (List.of("and", "or", ")", "of").contains(lower)) throw error("unexpected '" + t + "'");
        pos++;
        Matcher m = selections.get(t);
        if (m == null) throw error("unknown search identifier '" + t + "'");
        return m;
    }
}
