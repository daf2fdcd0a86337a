package io.vigil.sigma.rule;

/** A rule that cannot be used, with the line of the file that says why. */
public final class SigmaException extends RuntimeException {
    private final int line;

    public SigmaException(int line, String message) {
        super(message);
        this.line = line;
    }

    public int line() {
        return line;
    }
}
