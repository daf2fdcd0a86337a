package io.vigil.core.config;

/** A configuration value that cannot be used; the message names the key and where it was set. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
