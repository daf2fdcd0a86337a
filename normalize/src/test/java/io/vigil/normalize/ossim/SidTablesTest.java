package io.vigil.normalize.ossim;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.normalize.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-plugin SID tables, as MySQL would load the SQL. */
class SidTablesTest {

    private static SidTables sql(String text) {
        return SidTables.parse(Path.of("test.sql"), text);
    }

    private static void row(SidTables t, int pid, int sid, String name, int priority, int reliability,
            Integer category, Integer subcategory) {
        SidTables.SidInfo i = t.find(pid, sid).orElseThrow(() -> new AssertionError("no row " + pid + "/" + sid));
        assertThat(i.name()).isEqualTo(name);
        assertThat(i.priority()).as("priority").isEqualTo(priority);
        assertThat(i.reliability()).as("reliability").isEqualTo(reliability);
        assertThat(i.categoryId()).as("category").isEqualTo(category);
        assertThat(i.subcategoryId()).as("subcategory").isEqualTo(subcategory);
        assertThat(i.known()).isTrue();
    }

    /** Every column order the fixture files use, one statement each. */
    @Test
    void everyColumnOrder() {
        SidTables t = sql("""
                INSERT IGNORE INTO plugin_sid (plugin_id, sid, category_id, class_id, name, priority, reliability) VALUES (1, 1, 3, NULL, 'a', 2, 3);
                INSERT IGNORE INTO plugin_sid (plugin_id, sid, category_id, class_id, name) VALUES (1, 2, NULL, NULL, 'b');
                INSERT IGNORE INTO plugin_sid (plugin_id, sid, category_id, class_id, reliability, priority, name) VALUES (1, 3, NULL, NULL, 4, 5, 'c');
                INSERT IGNORE INTO `plugin_sid` (`plugin_id`, `sid`, `category_id`, `class_id`, `reliability`, `priority`, `name`) VALUES (1, 4, 2, NULL, 6, 0, 'd');
                INSERT IGNORE INTO plugin_sid (plugin_id, sid, category_id, class_id,reliability,priority, name,aro,subcategory_id) VALUES (1,5,13,NULL,2,2,'e','0.0000',115);
                INSERT INTO plugin_sid (plugin_id, sid, category_id, subcategory_id,class_id, name, priority, reliability) VALUES (1, 6,  2, 24, NULL, 'f', 1 , 3);
                INSERT IGNORE INTO plugin_sid (plugin_id, sid, category_id, subcategory_id, name) VALUES (1, 7, NULL, NULL, 'g');
                INSERT IGNORE INTO plugin_sid (plugin_id, sid, category_id, subcategory_id, class_id, priority, name) VALUES (1, 8, NULL, NULL, NULL, NULL, 'h');
                INSERT IGNORE INTO plugin_sid (plugin_id, sid, reliability, priority, name) VALUES (1, 9, 7, 4, 'i');
                INSERT IGNORE INTO plugin_sid (plugin_id, sid, priority, reliability, name) VALUES (1, 10, 2, 3, 'j');
                INSERT IGNORE INTO plugin_sid(plugin_id,sid,name) VALUES (1, 11, 'k');
                INSERT IGNORE INTO plugin_sid (plugin_id, sid, name, priority, reliability,subcategory_id, category_id) VALUES (1, 12, 'l', 1, 2,171,15);
                INSERT IGNORE INTO plugin_sid (plugin_id, sid, category_id, class_id, name, priority) VALUES (1, 13, NULL, NULL, 'm', 2);
                INSERT IGNORE INTO plugin_sid (plugin_id, sid, category_id, subcategory_id, priority, reliability, name) VALUES (1, 14, NULL, NULL, 1, 1, 'n');
                """);
        assertThat(t.errors()).isEmpty();
        row(t, 1, 1, "a", 2, 3, 3, null);
        row(t, 1, 2, "b", 1, 1, null, null);
        row(t, 1, 3, "c", 5, 4, null, null);
        row(t, 1, 4, "d", 0, 6, 2, null);
        row(t, 1, 5, "e", 2, 2, 13, 115);
        row(t, 1, 6, "f", 1, 3, 2, 24);
        row(t, 1, 7, "g", 1, 1, null, null);
        row(t, 1, 8, "h", 1, 1, null, null);
        row(t, 1, 9, "i", 4, 7, null, null);
        row(t, 1, 10, "j", 2, 3, null, null);
        row(t, 1, 11, "k", 1, 1, null, null);
        row(t, 1, 12, "l", 1, 2, 15, 171);
        row(t, 1, 13, "m", 2, 1, null, null);
        row(t, 1, 14, "n", 1, 1, null, null);
        assertThat(t.size()).isEqualTo(14);
    }

    @Test
    void multiRowValuesQuotesCommentsAndReplace() {
        SidTables t = sql("""
                -- a comment; with a semicolon
                # another
                /* block ; comment */
                INSERT IGNORE INTO plugin (id, type, name, description) VALUES (1636, 1, 'cisco-asa', 'Cisco ASA');
                INSERT IGNORE INTO plugin_sid (plugin_id, sid, category_id, subcategory_id, name) VALUES
                (1636, 999999, NULL, NULL, 'ASA: Non-Matching Log'),
                (1636, 101001, 11, 139, 'it''s a \\'quoted\\' name; with a semicolon'),
                (1636, 101002, 11, 137, "double \\"quoted\\"");
                INSERT IGNORE INTO plugin_sid (plugin_id, sid, name) VALUES (1636, 101002, 'ignored: the row exists');
                REPLACE INTO plugin_sid (plugin_id, sid, name, priority) VALUES (1636, 999999, 'replaced', 4);
                """);
        assertThat(t.errors()).isEmpty();
        assertThat(t.plugin(1636)).hasValueSatisfying(p -> {
            assertThat(p.name()).isEqualTo("cisco-asa");
            assertThat(p.type()).isEqualTo(1);
            assertThat(p.description()).isEqualTo("Cisco ASA");
        });
        row(t, 1636, 101001, "it's a 'quoted' name; with a semicolon", 1, 1, 11, 139);
        row(t, 1636, 101002, "double \"quoted\"", 1, 1, 11, 137);
        row(t, 1636, 999999, "replaced", 4, 1, null, null);
    }

    @Test
    void deletesAsStatementsInOrder() {
        SidTables t = sql("""
                INSERT INTO plugin_sid (plugin_id, sid, name) VALUES (10, 1, 'a'), (11, 1, 'b'), (12, 1, 'c'), (20, 1, 'd');
                DELETE FROM plugin_sid where plugin_id = '10';
                delete from plugin_sid where plugin_id=11;
                DELETE FROM plugin_sid WHERE plugin_id BETWEEN 12 and 19;
                INSERT INTO plugin_sid (plugin_id, sid, name) VALUES (10, 2, 'again');
                """);
        assertThat(t.pluginIds()).containsExactly(10, 20);
        assertThat(t.sids(10)).containsOnlyKeys(2);
    }

    @Test
    void missingSidsGetTheDefaultsAndSaySo() {
        SidTables t = sql("INSERT INTO plugin_sid (plugin_id, sid, name, priority, reliability) VALUES (5, 1, 'x', 9, -1);");
        // out of range values are clamped, with an error naming the line
        row(t, 5, 1, "x", 5, 0, null, null);
        assertThat(t.errors()).hasSize(2).allSatisfy(e -> assertThat(e.line()).isEqualTo(1));
        SidTables.SidInfo missing = t.lookup(5, 2);
        assertThat(missing.known()).isFalse();
        assertThat(missing.priority()).isEqualTo(1);
        assertThat(missing.reliability()).isEqualTo(1);
        assertThat(SidTables.empty().lookup(1, 1).known()).isFalse();
    }

    @Test
    void badStatementsAreErrorsAndTheRestLoads() {
        SidTables t = sql("""
                INSERT INTO plugin_sid (plugin_id, sid, name) VALUES (1, 1, 'a', 'extra');
                INSERT INTO plugin_sid (plugin_id, sid, name) VALUES (1, 2, NOW());
                INSERT INTO plugin_sid VALUES (1, 3, 'no columns');
                INSERT INTO plugin_sid (plugin_id, sid, name) VALUES (1, 4, 'fine');
                INSERT INTO plugin_sid (plugin_id, sid, name) VALUES (1, 5, 'unterminated);
                """);
        assertThat(t.find(1, 4)).isPresent();
        assertThat(t.errors()).extracting(LoadError::line).containsExactly(1, 2, 3, 5);
    }

    @Test
    void productTypesFromThePluginRowOrTheTaxonomysUpdate() {
        SidTables t = sql("""
                INSERT INTO plugin (id, type, name, description, product_type) VALUES (7, 1, 'x', 'X', 13);
                UPDATE plugin SET product_type = 29, vendor = 'Apache' where id = 1501;
                UPDATE plugin SET vendor = 'Nobody' where id = 1502;
                UPDATE plugin SET product_type = 10 WHERE name = 'iptables';
                UPDATE plugin SET product_type = 'x' WHERE id = 9;
                """);
        assertThat(t.productType(7)).hasValue(13);
        assertThat(t.productType(1501)).as("no plugin row needed: content files load in any order").hasValue(29);
        assertThat(t.productType(1502)).isEmpty();
        assertThat(t.productType(9)).isEmpty();
        assertThat(t.errors()).extracting(LoadError::line).containsExactly(4, 5);
    }

    /** The taxonomy package's plugin file gives every fixture plugin its product type. */
    @Test
    void fixtureTaxonomyProductTypes() {
        SidTables t = SidTables.load(List.of(Fixtures.ossim("taxonomy/ossim-taxonomy/alienvault-plugin.sql")));
        assertThat(t.errors()).isEmpty();
        assertThat(t.productType(1501)).hasValue(29); // apache: Web Server
        assertThat(t.productType(1503)).hasValue(10); // iptables: Firewall
        assertThat(t.productType(4003)).hasValue(25); // sshd: Server
        assertThat(t.productType(1001)).hasValue(13); // snort: Intrusion Detection
    }

    /** A row of each column order, read from each fixture file (values as written in the SQL). */
    @Test
    void fixtureFilesEachColumnOrder() throws IOException {
        Path dir = Fixtures.ossim("plugin_sids");
        row(file(dir, "apache.sql"), 1501, 1, "Apache: server error [emerg]", 2, 2, null, null);
        row(file(dir, "apache.sql"), 1501, 201, "Apache: Created", 1, 1, null, null);
        row(file(dir, "bind.sql"), 1577, 1, "DNS (Bind) - Succesful Zone Transfer (AFXR)", 3, 1, null, null);
        row(file(dir, "bluecoat.sql"), 1642, 2000,
                "Blue Coat: SMTP: No gateway configured -- could not send e-mail notification(", 2, 2, 13, 115);
        row(file(dir, "cisco-acs.sql"), 1594, 1, "PassedAuth: Cisco ACS passed authentications.", 1, 3, 2, 24);
        row(file(dir, "cisco-asa.sql"), 1636, 999999, "ASA: Non-Matching Log", 1, 1, null, null);
        row(file(dir, "cisco-asa.sql"), 1636, 101001,
                "ASA: The failover cable is present and functioning correctly", 1, 1, 11, 139);
        row(file(dir, "fortigate.sql"), 1554, 2, "Fortigate: Allowed traffic", 1, 1, null, null);
        row(file(dir, "linuxdhcp.sql"), 1607, 1, "DHCP Request", 1, 1, null, null);
        row(file(dir, "nagios.sql"), 1525, 1, "nagios: host alert - hard down", 2, 3, null, null);
        row(file(dir, "netscreen-firewall.sql"), 1522, 1, "juniper-netscreen-fw: Permit", 1, 1, null, null);
        row(file(dir, "paloalto.sql"), 1615, 1, "PaloAlto: TRAFFIC start", 1, 2, 15, 171);
        row(file(dir, "squid.sql"), 1553, 1, "squid: A valid copy of the requested object was in the cache", 2, 1,
                null, null);
        row(file(dir, "suricata-http.sql"), 8201, 200, "suricata-http: 200", 1, 1, null, null);
        assertThat(file(dir, "snort_preprocessors.sql").find(1116, 408)).hasValueSatisfying(
                i -> assertThat(i.name()).isEqualTo(
                        "snort_snort_decoder: WARNING: IPV4 packet from 'current net' source address"));
    }

    private static SidTables file(Path dir, String name) throws IOException {
        SidTables t = SidTables.load(List.of(dir.resolve(name)));
        assertThat(t.errors()).as(name).isEmpty();
        return t;
    }

    @Test
    void allFixtureFilesLoadWithoutErrors() throws IOException {
        Path dir = Fixtures.ossim("plugin_sids");
        int rows = 0;
        try (var s = Files.list(dir)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".sql")).sorted().toList()) {
                SidTables t = SidTables.load(List.of(f));
                assertThat(t.errors()).as(f.getFileName().toString()).isEmpty();
                assertThat(t.size()).as(f.getFileName().toString()).isPositive();
                rows += t.size();
            }
        }
        SidTables all = SidTables.load(List.of(dir));
        assertThat(all.errors()).isEmpty();
        assertThat(all.plugins()).isNotEmpty();
        System.out.printf("SID tables: %d rows over the fixture files, %d plugin_sids of %d plugins loaded"
                + " together%n", rows, all.size(), all.pluginIds().size());
        assertThat(all.find(4003, 1)).isPresent(); // ssh: Failed password
    }
}
