package io.vigil.correlate.directive;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The directives an instance runs: Vigil's default pack (shipped in the jar) and the user's
 * (content.paths). A user directive with the id of a shipped one replaces it.
 */
public final class DirectiveContent {
    static final String SHIPPED = "vigil-directives.xml";
    private static volatile Path extracted;

    private DirectiveContent() {}

    public static DirectiveLoader.Result load(List<Path> userPaths) throws IOException {
        DirectiveLoader.Result shipped = DirectiveLoader.load(List.of(shippedFile()));
        List<Path> existing = userPaths.stream().filter(Files::exists).toList();
        DirectiveLoader.Result user = DirectiveLoader.load(existing);
        Map<Integer, Directive> byId = new LinkedHashMap<>();
        for (Directive d : shipped.directives()) byId.put(d.id(), d);
        for (Directive d : user.directives()) byId.put(d.id(), d);
        List<ContentError> errors = new ArrayList<>(shipped.errors());
        errors.addAll(user.errors());
        List<ContentError> warnings = new ArrayList<>(shipped.warnings());
        warnings.addAll(user.warnings());
        List<Path> files = new ArrayList<>(shipped.files());
        files.addAll(user.files());
        return new DirectiveLoader.Result(List.copyOf(byId.values()), List.copyOf(errors), List.copyOf(warnings), List.copyOf(files));
    }

    /** Whether {@code file} is Vigil's shipped directive file (unpacked anew at each start). */
    public static boolean isShipped(Path file) {
        Path f = extracted;
        return f != null && f.equals(file.toAbsolutePath().normalize());
    }

    /** The default pack as a file (the loader reads files, so that errors name a path a person can open). */
    static Path shippedFile() {
        Path f = extracted;
        if (f != null) return f;
        synchronized (DirectiveContent.class) {
            if (extracted != null) return extracted;
            try (InputStream in = DirectiveContent.class.getResourceAsStream("/io/vigil/correlate/content/" + SHIPPED)) {
                if (in == null) throw new IllegalStateException("the default directives are missing from the jar");
                Path dir = Files.createTempDirectory("vigil-directives-");
                f = dir.resolve(SHIPPED);
                Files.copy(in, f);
                f.toFile().deleteOnExit();
                dir.toFile().deleteOnExit();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot unpack the default directives", e);
            }
            extracted = f;
            return f;
        }
    }
}
