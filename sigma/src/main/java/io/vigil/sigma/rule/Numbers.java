package io.vigil.sigma.rule;

/** Numbers in field values: decimal, or hex with 0x (Windows writes many ids that way). */
final class Numbers {
    private Numbers() {}

    static Double parse(String s) {
        if (s == null) return null;
        String t = s.trim();
        if (t.isEmpty()) return null;
        try {
            if (t.length() > 2 && (t.startsWith("0x") || t.startsWith("0X"))) return (double) Long.parseLong(t.substring(2), 16);
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
