package io.vigil.correlate.directive;

/** A directive or rule that cannot be read: the message says what, the loader adds where. */
public final class DirectiveException extends Exception {
    private static final long serialVersionUID = 1L;

    public DirectiveException(String message) {
        super(message);
    }
}
