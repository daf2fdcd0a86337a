package io.vigil.core.store;

/** A search query that does not parse; the message says where and why. */
public final class InvalidQueryException extends RuntimeException {
    public InvalidQueryException(String message, Throwable cause) {
        super(message, cause);
    }
}
