package io.vigil.correlate.directive;

import java.nio.file.Path;

/**
 * Something in a directive file that could not be loaded, with where it is. A directive with
 * an error is left out; the others of the file still load (a file that is not well-formed
 * XML loses everything after the error).
 *
 * @param file the file the error is in (an included file, not the one that includes it)
 * @param line 1-based line, or 0 when unknown
 * @param directiveId the directive concerned, or null when the error is outside one
 */
public record ContentError(Path file, int line, Integer directiveId, String message) {
    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line : "") + ": " + (directiveId != null ? "directive " + directiveId + ": " : "") + message;
    }
}
