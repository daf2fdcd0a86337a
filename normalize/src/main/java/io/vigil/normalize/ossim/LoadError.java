package io.vigil.normalize.ossim;

import java.nio.file.Path;

/**
 * A problem with content: the file, the section (null for the file as a whole), the 1-based line
 * (0 when unknown) and what is wrong. {@link #toString()} reads like
 * {@code ssh.cfg:57 [0001 - Invalid user]: cannot translate: ...}.
 */
public record LoadError(Path file, String section, int line, String reason) {

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        Path name = file == null ? null : file.getFileName();
        b.append(name == null ? String.valueOf(file) : name.toString());
        if (line > 0) {
            b.append(':').append(line);
        }
        if (section != null) {
            b.append(" [").append(section).append(']');
        }
        return b.append(": ").append(reason).toString();
    }
}
