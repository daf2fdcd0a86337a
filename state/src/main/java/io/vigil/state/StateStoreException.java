package io.vigil.state;

/** The state store failed (cannot connect, migrate, read or write). */
public final class StateStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StateStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
