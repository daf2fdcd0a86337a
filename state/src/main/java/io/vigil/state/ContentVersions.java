package io.vigil.state;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.sql.DataSource;

/**
 * Which content files were loaded, when, and with what digest: a record of what the
 * detections were at any time. A file is recorded again only when its digest changed.
 */
public final class ContentVersions {
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Version(String kind, String path, String sha256, long loaded) {}

    private final DataSource ds;

    ContentVersions(DataSource ds) {
        this.ds = ds;
    }

    /** Records the files of one kind ("directives", "plugins") as loaded now; returns how many were new or changed. */
    public int record(String kind, List<Path> files, long now) {
        List<Version> digests = new ArrayList<>();
        for (Path f : files) {
            try {
                digests.add(new Version(kind, f.toAbsolutePath().normalize().toString(), sha256(f), now));
            } catch (IOException e) {
                // a file gone since it was loaded: nothing to record
            }
        }
        return Jdbc.tx(ds, "recording content versions", c -> {
            int n = 0;
            for (Version v : digests) {
                String last = null;
                try (PreparedStatement s = Jdbc.prepare(c, "SELECT sha256 FROM content_versions WHERE kind = ? AND path = ? ORDER BY id DESC LIMIT 1", v.kind(), v.path());
                     ResultSet r = s.executeQuery()) {
                    if (r.next()) last = r.getString(1);
                }
                if (!v.sha256().equals(last)) {
                    Jdbc.update(c, "INSERT INTO content_versions (kind, path, sha256, loaded) VALUES (?,?,?,?)", v.kind(), v.path(), v.sha256(), v.loaded());
                    n++;
                }
            }
            return n;
        });
    }

    public List<Version> list() {
        return Jdbc.tx(ds, "listing content versions", c -> {
            List<Version> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT * FROM content_versions ORDER BY id"); ResultSet r = s.executeQuery()) {
                while (r.next()) out.add(new Version(r.getString("kind"), r.getString("path"), r.getString("sha256"), r.getLong("loaded")));
            }
            return out;
        });
    }

    private static String sha256(Path f) throws IOException {
        try (InputStream in = Files.newInputStream(f)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[65536];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
