package io.vigil.normalize.ossim;

/**
 * A Python regexp that cannot become a Java one: either Python itself rejects it
 * ({@link Kind#PYTHON_ERROR}: the agent could not load that rule either) or it uses something
 * Vigil does not translate ({@link Kind#UNSUPPORTED}).
 */
public final class RegexTranslationException extends Exception {

    public enum Kind {
        /** Python 2's {@code re} refuses the pattern too. */
        PYTHON_ERROR,
        /** Valid for Python, but Vigil has no faithful Java equivalent. */
        UNSUPPORTED
    }

    private final Kind kind;
    private final int index;

    public RegexTranslationException(Kind kind, String message, int index) {
        super(message);
        this.kind = kind;
        this.index = index;
    }

    public Kind kind() {
        return kind;
    }

    /** Character offset in the Python pattern where the problem was found, or -1. */
    public int index() {
        return index;
    }

    /** The message with the kind and position, e.g. {@code python rejects it: unbalanced parenthesis (at 12)}. */
    public String describe() {
        String prefix = kind == Kind.PYTHON_ERROR ? "invalid Python regexp: " : "cannot translate: ";
        return prefix + getMessage() + (index >= 0 ? " (at offset " + index + ")" : "");
    }
}
