package io.vigil.state;

import io.vigil.core.net.IpLiterals;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.vigil.correlate.directive.Cidr;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** Assets (hosts, their addresses and value) and networks (HOME_NET and named blocks). */
public final class AssetRepository {
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Network(long id, String name, String cidr, boolean home, int value, String description) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Asset(long id, String hostname, List<String> addresses, int value, String location, String os) {}

    private final DataSource ds;
    private volatile AssetModel model;

    AssetRepository(DataSource ds) {
        this.ds = ds;
    }

    // ------------------------------------------------------------ networks

    public Network createNetwork(String name, String cidr, boolean home, int value, String description) {
        check(name, "name");
        if (Cidr.parse(cidr) == null) throw new IllegalArgumentException("cidr '" + cidr + "' is not an address block such as 10.0.0.0/8");
        checkValue(value);
        long id = Jdbc.tx(ds, "creating network " + name, c -> Jdbc.insert(c,
                "INSERT INTO networks (name, cidr, home, asset_value, description) VALUES (?,?,?,?,?)", name, cidr.trim(), home, value, description));
        model = null;
        return new Network(id, name, cidr.trim(), home, value, description);
    }

    public List<Network> networks() {
        return Jdbc.tx(ds, "listing networks", c -> {
            List<Network> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT * FROM networks ORDER BY name"); ResultSet r = s.executeQuery()) {
                while (r.next()) out.add(new Network(r.getLong("id"), r.getString("name"), r.getString("cidr"), r.getBoolean("home"),
                        r.getInt("asset_value"), r.getString("description")));
            }
            return out;
        });
    }

    public boolean updateNetwork(long id, String name, String cidr, boolean home, int value, String description) {
        check(name, "name");
        if (Cidr.parse(cidr) == null) throw new IllegalArgumentException("cidr '" + cidr + "' is not an address block such as 10.0.0.0/8");
        checkValue(value);
        boolean done = Jdbc.tx(ds, "updating network " + id, c -> Jdbc.update(c,
                "UPDATE networks SET name = ?, cidr = ?, home = ?, asset_value = ?, description = ? WHERE id = ?", name, cidr.trim(), home, value, description, id) == 1);
        model = null;
        return done;
    }

    public boolean deleteNetwork(long id) {
        boolean done = Jdbc.tx(ds, "deleting network " + id, c -> Jdbc.update(c, "DELETE FROM networks WHERE id = ?", id) == 1);
        model = null;
        return done;
    }

    // ------------------------------------------------------------ assets

    public Asset createAsset(String hostname, List<String> addresses, int value, String location, String os) {
        checkAddresses(addresses);
        checkValue(value);
        long id = Jdbc.tx(ds, "creating asset", c -> {
            long key = Jdbc.insert(c, "INSERT INTO assets (hostname, asset_value, location, os) VALUES (?,?,?,?)", hostname, value, location, os);
            for (String a : addresses) Jdbc.update(c, "INSERT INTO asset_addresses (asset_id, address) VALUES (?,?)", key, a.trim());
            return key;
        });
        model = null;
        return new Asset(id, hostname, List.copyOf(addresses), value, location, os);
    }

    public List<Asset> assets() {
        return Jdbc.tx(ds, "listing assets", c -> {
            Map<Long, List<String>> addresses = new LinkedHashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT asset_id, address FROM asset_addresses ORDER BY asset_id, address"); ResultSet r = s.executeQuery()) {
                while (r.next()) addresses.computeIfAbsent(r.getLong(1), k -> new ArrayList<>()).add(r.getString(2));
            }
            List<Asset> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT * FROM assets ORDER BY id"); ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    long id = r.getLong("id");
                    out.add(new Asset(id, r.getString("hostname"), List.copyOf(addresses.getOrDefault(id, List.of())), r.getInt("asset_value"),
                            r.getString("location"), r.getString("os")));
                }
            }
            return out;
        });
    }

    public Optional<Asset> asset(long id) {
        return assets().stream().filter(a -> a.id() == id).findFirst();
    }

    public boolean updateAsset(long id, String hostname, List<String> addresses, int value, String location, String os) {
        checkAddresses(addresses);
        checkValue(value);
        boolean done = Jdbc.tx(ds, "updating asset " + id, c -> {
            if (Jdbc.update(c, "UPDATE assets SET hostname = ?, asset_value = ?, location = ?, os = ? WHERE id = ?", hostname, value, location, os, id) == 0) return false;
            Jdbc.update(c, "DELETE FROM asset_addresses WHERE asset_id = ?", id);
            for (String a : addresses) Jdbc.update(c, "INSERT INTO asset_addresses (asset_id, address) VALUES (?,?)", id, a.trim());
            return true;
        });
        model = null;
        return done;
    }

    public boolean deleteAsset(long id) {
        boolean done = Jdbc.tx(ds, "deleting asset " + id, c -> Jdbc.update(c, "DELETE FROM assets WHERE id = ?", id) == 1);
        model = null;
        return done;
    }

    /** What correlation reads: asset values and networks, rebuilt after any change. */
    public AssetModel model() {
        AssetModel m = model;
        if (m == null) {
            m = AssetModel.of(assets(), networks());
            model = m;
        }
        return m;
    }

    private static void check(String v, String what) {
        if (v == null || v.isBlank()) throw new IllegalArgumentException(what + " is required");
    }

    private static void checkValue(int value) {
        if (value < 0 || value > 5) throw new IllegalArgumentException("value must be 0 to 5, not " + value);
    }

    private static void checkAddresses(List<String> addresses) {
        if (addresses == null || addresses.isEmpty()) throw new IllegalArgumentException("an asset needs at least one address");
        for (String a : addresses) {
            if (a == null || IpLiterals.parse(a.trim()) == null) throw new IllegalArgumentException("'" + a + "' is not an IP address");
        }
    }
}
