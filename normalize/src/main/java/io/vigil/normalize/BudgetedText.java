package io.vigil.normalize;

/**
 * A line that lets a regexp read it only so many times. Java's regex engine, like Python's,
 * backtracks: some real plugin regexps take milliseconds on a line they do not match, and a
 * hostile line can make one take far longer. Every character read counts against the budget;
 * past it the match is abandoned (as no match) and counted, so one regexp can never stall the
 * pipeline.
 */
final class BudgetedText implements CharSequence {
    /** Thrown, without a stack trace, when the budget runs out. */
    static final class Exhausted extends RuntimeException {
        static final Exhausted INSTANCE = new Exhausted();

        private Exhausted() {
            super("regexp step budget exhausted", null, false, false);
        }
    }

    private final String text;
    private int budget;

    BudgetedText(String text, int budget) {
        this.text = text;
        this.budget = budget;
    }

    /** Reads allowed per line: generous for any sane regexp (dozens of passes), tiny for a runaway one. */
    static int budgetFor(String line) {
        return 4_000 + 16 * line.length();
    }

    @Override
    public char charAt(int index) {
        if (--budget < 0) throw Exhausted.INSTANCE;
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return text.substring(start, end);
    }

    @Override
    public String toString() {
        return text;
    }
}
