package io.vigil.app;

/** A failure the user can fix, shown as one line without a stack trace. */
final class UserFacingException extends RuntimeException {
    UserFacingException(String message) {
        super(message);
    }

    UserFacingException(String message, Throwable cause) {
        super(message, cause);
    }
}
