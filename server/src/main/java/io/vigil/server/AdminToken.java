package io.vigil.server;

import io.vigil.core.config.DataDir;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The administrator API token: 256 random bits written on first run to secrets/admin.token
 * (mode 0600). There is no default credential; whoever can read the data directory can
 * administer the instance, which is the same trust as owning its files.
 */
public final class AdminToken {
    private final byte[] token;

    private AdminToken(byte[] token) {
        this.token = token;
    }

    public static AdminToken loadOrCreate(DataDir data) throws IOException {
        if (!Files.exists(data.adminToken())) {
            byte[] raw = new byte[32];
            new SecureRandom().nextBytes(raw);
            String t = "vgl_" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
            DataDir.writeSecret(data.adminToken(), (t + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        String t = Files.readString(data.adminToken()).trim();
        if (t.length() < 32) throw new IOException(data.adminToken() + ": token too short; delete the file to generate a new one");
        return new AdminToken(t.getBytes(StandardCharsets.US_ASCII));
    }

    /** Constant-time comparison, so response timing tells nothing about the token. */
    public boolean matches(String presented) {
        if (presented == null) return false;
        return MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.US_ASCII));
    }
}
