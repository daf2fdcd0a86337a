package io.vigil.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** The line inputs of the content tools: files given on the command line, or standard input ("-" or none). */
final class LineFiles {
    /** One line, with the file it came from and its number there (from 1). */
    @FunctionalInterface
    interface LineHandler {
        void line(String source, int number, String line) throws IOException;
    }

    private LineFiles() {}

    /** @param what what the files hold, for the error when one is missing ("log", "events") */
    static void each(List<String> files, String what, LineHandler handler) throws IOException {
        for (String source : files.isEmpty() ? List.of("-") : files) {
            try (BufferedReader in = source.equals("-") ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                    : Files.newBufferedReader(Path.of(source), StandardCharsets.UTF_8)) {
                String line;
                int n = 0;
                while ((line = in.readLine()) != null) handler.line(source, ++n, line);
            } catch (NoSuchFileException e) {
                throw new UserFacingException("no such " + what + " file: " + source);
            }
        }
    }
}
