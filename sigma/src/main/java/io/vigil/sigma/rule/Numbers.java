package io.vigil.sigma.rule;

import java.util.regex.Pattern;

/** Numbers in field values: decimal, or hex with 0x (Windows writes many ids that way). */
final class Numbers {
    private Numbers() {}

    /** Decimal notation only: Double.parseDouble alone also reads "5f", "5d", "NaN", "Infinity" and hex floats. */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern HEX = Pattern.compile("0[xX][0-9a-fA-F]+");

    static Double parse(String s) {
        if (s == null) return null;
        String t = s.trim();
        if (t.isEmpty()) return null;
        try {
            if (HEX.matcher(t).matches()) return (double) Long.parseLong(t.substring(2), 16);
            if (!DECIMAL.matcher(t).matches()) return null;
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
