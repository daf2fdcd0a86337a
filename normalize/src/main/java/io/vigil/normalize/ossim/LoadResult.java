package io.vigil.normalize.ossim;

import java.util.List;

/**
 * What {@link PluginLoader#load} read: the plugins that loaded (some of their rules may have been
 * skipped) and every problem found, each naming file, section and line.
 */
public record LoadResult(List<OssimPlugin> plugins, List<LoadError> errors) {

    public LoadResult {
        plugins = List.copyOf(plugins);
        errors = List.copyOf(errors);
    }

    /** The plugin loaded from a file of that name (e.g. {@code ssh.cfg}), or null. */
    public OssimPlugin plugin(String fileName) {
        for (OssimPlugin p : plugins) {
            if (p.file().getFileName().toString().equals(fileName)) {
                return p;
            }
        }
        return null;
    }

    /** The errors about a file of that name. */
    public List<LoadError> errorsFor(String fileName) {
        return errors.stream()
                .filter(e -> e.file() != null && e.file().getFileName().toString().equals(fileName))
                .toList();
    }
}
