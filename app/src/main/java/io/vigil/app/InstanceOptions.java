package io.vigil.app;

import io.vigil.core.config.DataDir;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How a client command finds the instance it talks to: through its data directory (the
 * running instance writes run/instance.json there, next to its token and certificate), or
 * explicitly with --api and --token.
 */
final class InstanceOptions {
    @Mixin DataOption data;

    @Option(names = "--api", paramLabel = "URL", description = "API of a remote instance, e.g. https://vigil.example:8443")
    String api;

    @Option(names = "--token", paramLabel = "TOKEN", description = "API token (default: the data directory's secrets/admin.token).")
    String token;

    @Option(names = "--ca", paramLabel = "FILE", description = "PEM certificate to trust for --api (default: the data directory's, or the system's).")
    Path ca;

    ApiClient client() {
        DataDir dir = new DataDir(data.resolve());
        String url = api;
        if (url == null) {
            if (!Files.exists(dir.instanceFile())) {
                throw new UserFacingException("no running instance found in " + dir.root()
                        + " (no run/instance.json): start one with `vigil all-in-one --data " + dir.root() + "`, or give --api URL --token TOKEN");
            }
            url = ApiClient.readInstanceUrl(dir.instanceFile());
        }
        String t = token;
        if (t == null) {
            if (!Files.isReadable(dir.adminToken())) {
                throw new UserFacingException("no token: " + dir.adminToken() + " is not readable by you; pass --token");
            }
            try {
                t = Files.readString(dir.adminToken()).trim();
            } catch (java.io.IOException e) {
                throw new UserFacingException("cannot read " + dir.adminToken() + ": " + e.getMessage());
            }
        }
        Path trust = ca;
        if (trust == null && api == null) trust = dir.tls().resolve("api.crt");
        return new ApiClient(url, t, trust);
    }
}
