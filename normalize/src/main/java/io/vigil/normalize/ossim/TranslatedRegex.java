package io.vigil.normalize.ossim;

import java.util.List;
import java.util.Map;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Python regexp translated to Java.
 *
 * <p>Search it with {@link #search} (Python's {@code search}: unanchored; the same result as
 * {@code pattern().matcher(text).find()}, found with fewer attempts).
 * Read what it captured through {@link #groups(MatchResult)}, which speaks Python: group names as
 * written in the plugin and Python's group numbers. A Python group may have several Java groups
 * (a conditional rewritten into an alternation copies the groups after the tested one): the
 * first of them that participated gives the value.
 *
 * @param python the Python pattern, as compiled by the agent (aliases and \_CFG already replaced)
 * @param java the Java pattern text
 * @param pattern the compiled Java pattern ({@link #JAVA_FLAGS}, plus DOTALL for {@code (?s)})
 * @param pythonGroupCount how many groups Python numbers
 * @param namedGroups Python group name to the Java group numbers that stand for it, in Java order
 * @param javaGroupNames Python group name to the Java group names that stand for it
 * @param numberedGroups index i: the Java group numbers of Python group i (index 0 unused)
 * @param requiredLiterals substrings every match contains, folded with {@link CaseFold#fold}
 *     (longest first; none is a substring of another); empty when nothing is certain
 * @param conditionals how many conditional groups were rewritten
 * @param leadingRun the run the pattern starts with, which {@link #search} uses to skip start
 *     positions; null when it has none
 * @param latin1Pattern the same pattern (same groups) with its classes written for text whose
 *     characters are all below 256, which it matches exactly as {@code pattern} does, faster
 * @param startClasses the classes of the characters every match begins with, which
 *     {@link #search} tests before running the pattern at a position; null when it has none
 * @param requiredShapes outlines ({@link LineShape}) that the outline of every match contains:
 *     {@link #search} does not run the pattern on a text whose outline lacks one; empty when
 *     none selects
 * @param orderedLiterals literals every match holds in this order, each item one of its
 *     alternatives ({@link OrderedLiterals}), folded like {@code requiredLiterals}; empty when
 *     they say nothing more
 */
public record TranslatedRegex(
        String python,
        String java,
        Pattern pattern,
        int pythonGroupCount,
        Map<String, int[]> namedGroups,
        Map<String, List<String>> javaGroupNames,
        int[][] numberedGroups,
        List<String> requiredLiterals,
        int conditionals,
        LeadingRun leadingRun,
        Pattern latin1Pattern,
        StartClasses startClasses,
        List<String> requiredShapes,
        List<String[]> orderedLiterals) {

    /** The flags every translation is compiled with (Python: re.IGNORECASE | re.UNICODE). */
    public static final int JAVA_FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNIX_LINES;

    /**
     * Python's {@code re.search}: a matcher on the leftmost match in {@code text}, or null. A
     * pattern starting with a run such as {@code \S+} is tried only where such a run can begin
     * (see {@link LeadingRun}), one with {@link StartClasses} only where they pass; any other is
     * searched with {@link Matcher#find()}.
     */
    public Matcher search(CharSequence text) {
        return search(text, latin1(text));
    }

    /** As {@link #search(CharSequence)}, told whether every character of the text is below 256. */
    public Matcher search(CharSequence text, boolean latin1) {
        if (!requiredShapes.isEmpty() && !mayMatch(LineShape.of(text.toString()))) return null;
        return searchOutlined(text, latin1);
    }

    /**
     * Whether a text of this outline ({@link #outline}) may hold a match: false when it lacks
     * an outline every match has. A caller trying many patterns on one text works its outline
     * out once, asks this, and then searches with {@link #searchOutlined}.
     */
    public boolean mayMatch(String outline) {
        for (String s : requiredShapes) if (outline.indexOf(s) < 0) return false;
        return true;
    }

    /**
     * Whether a text, folded with {@link CaseFold#fold}, may hold a match: false when it lacks
     * the {@link #orderedLiterals} in their order. Asked by a caller that has the folded text
     * anyway, before {@link #searchOutlined}.
     */
    public boolean mayMatchFolded(String folded) {
        return orderedLiterals.isEmpty() || OrderedLiterals.mayMatch(orderedLiterals, folded);
    }

    /** The outline of a text, for {@link #mayMatch}: digits {@code 0}, letters {@code a}, spaces one space, each run once. */
    public static String outline(CharSequence text) {
        return LineShape.of(text);
    }

    /** As {@link #search(CharSequence, boolean)}, for a text whose outline {@link #mayMatch} passed. */
    public Matcher searchOutlined(CharSequence text, boolean latin1) {
        Matcher m = (latin1 ? latin1Pattern : pattern).matcher(text);
        if (leadingRun == null && startClasses == null) return m.find() ? m : null;
        // Bounds as for find(): lookarounds see the whole text, ^ matches only at its real start.
        m.useTransparentBounds(true).useAnchoringBounds(false);
        int n = text.length();
        if (leadingRun == null) {
            // The leftmost position where the pattern matches is the leftmost where its start
            // classes pass and it matches: the others cannot begin a match.
            String s = text.toString(); // the classes read the characters themselves: no regexp steps
            for (int i = 0, last = n - startClasses.length(); i <= last; i++) {
                if (insidePair(s, i) || !startClasses.mayStartAt(s, i)) continue;
                m.region(i, n);
                if (m.lookingAt()) return m;
            }
            return null;
        }
        for (int i = 0; i <= n; i++) {
            if (i > 0 && (!leadingRun.mayStartAfter(text.charAt(i - 1)) || insidePair(text, i))) continue;
            m.region(i, n);
            if (m.lookingAt()) return m;
        }
        return null;
    }

    /** Between the two halves of a character beyond the BMP: find() never starts a match there. */
    private static boolean insidePair(CharSequence text, int i) {
        return i > 0 && i < text.length() && Character.isLowSurrogate(text.charAt(i)) && Character.isHighSurrogate(text.charAt(i - 1));
    }

    /** Whether every character of the text is below 256 (then {@code latin1Pattern} may search it). */
    public static boolean latin1(CharSequence text) {
        for (int i = 0, n = text.length(); i < n; i++) if (text.charAt(i) >= 256) return false;
        return true;
    }

    /** Python group names in the order of the groups. */
    public List<String> groupNames() {
        return List.copyOf(namedGroups.keySet());
    }

    /** The value of a Python named group in a match of this pattern, or null. */
    public String named(MatchResult m, String pythonName) {
        int[] idx = namedGroups.get(pythonName);
        if (idx == null) {
            return null;
        }
        for (int i : idx) {
            String v = m.group(i);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /** The value of a Python numbered group (1-based) in a match of this pattern, or null. */
    public String numbered(MatchResult m, int pythonGroup) {
        if (pythonGroup < 1 || pythonGroup >= numberedGroups.length) {
            return null;
        }
        for (int i : numberedGroups[pythonGroup]) {
            String v = m.group(i);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /** The groups of a match as a field template sees them (Python names and numbers). */
    public GroupValues groups(MatchResult m) {
        return new GroupValues() {
            @Override
            public String named(String pythonName) {
                return TranslatedRegex.this.named(m, pythonName);
            }

            @Override
            public String numbered(int group) {
                return TranslatedRegex.this.numbered(m, group);
            }
        };
    }

    /** Whether a Python group of that name exists in this pattern. */
    public boolean hasGroup(String pythonName) {
        return namedGroups.containsKey(pythonName);
    }
}
