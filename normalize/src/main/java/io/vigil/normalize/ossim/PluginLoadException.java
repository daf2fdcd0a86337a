package io.vigil.normalize.ossim;

/** A plugin file, or one rule of it, that cannot be loaded; carries the {@link LoadError}. */
public final class PluginLoadException extends Exception {

    private final transient LoadError error;

    public PluginLoadException(LoadError error) {
        super(error.toString());
        this.error = error;
    }

    public LoadError error() {
        return error;
    }
}
