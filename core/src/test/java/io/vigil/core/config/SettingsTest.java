package io.vigil.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
    @TempDir Path dir;

    private DataDir data() throws Exception {
        return new DataDir(dir).create();
    }

    @Test
    void theFirstRunWritesEveryKeyCommentedOutAndTheFileParsesAsDefaults() throws Exception {
        DataDir d = data();
        Settings s = Settings.load(d, List.of(), Map.of());
        String yaml = Files.readString(d.configFile());
        for (ConfigKey k : Keys.all().values()) assertThat(yaml).contains("# " + k.name() + ":");
        assertThat(s.port(Keys.SYSLOG_UDP_PORT)).isEqualTo(514);
        assertThat(s.choice(Keys.DURABILITY)).isEqualTo("process");
        assertThat(s.size(Keys.SYSLOG_MAX_MESSAGE_SIZE)).isEqualTo(65536);
    }

    @Test
    void precedenceIsSetThenEnvironmentThenFileThenDefault() throws Exception {
        DataDir d = data();
        Files.writeString(d.configFile(), "syslog:\n  udp:\n    port: 1000\n  tcp.port: 1001\nrelp.port: 1002\ncontent.paths: [/a, /b]\n");
        Settings s = Settings.load(d, List.of("syslog.udp.port=3000"),
                Map.of("VIGIL_SYSLOG_UDP_PORT", "2000", "VIGIL_SYSLOG_TCP_PORT", "2001"));
        assertThat(s.port(Keys.SYSLOG_UDP_PORT)).isEqualTo(3000);
        assertThat(s.port(Keys.SYSLOG_TCP_PORT)).isEqualTo(2001);
        assertThat(s.port(Keys.RELP_PORT)).isEqualTo(1002);
        assertThat(s.port(Keys.API_PORT)).isEqualTo(8443);
        assertThat(s.list(Keys.CONTENT_PATHS)).containsExactly("/a", "/b");
    }

    @Test
    void errorsNameTheKeyTheValueAndWhereItWasSet() throws Exception {
        DataDir d = data();
        assertThatThrownBy(() -> Settings.load(d, List.of("syslog.udp.port=abc"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("syslog.udp.port=abc (from --set)");
        assertThatThrownBy(() -> Settings.load(d, List.of(), Map.of("VIGIL_DURABILITY", "sometimes")))
                .hasMessageContaining("durability=sometimes (from environment VIGIL_DURABILITY)").hasMessageContaining("[process, power]");
        assertThatThrownBy(() -> Settings.load(d, List.of("no.such.key=1"), Map.of())).hasMessageContaining("unknown configuration key 'no.such.key'");
        Files.writeString(d.configFile(), "syslog.udp.prot: 5\n");
        assertThatThrownBy(() -> Settings.load(d, List.of(), Map.of())).hasMessageContaining(d.configFile().toString()).hasMessageContaining("syslog.udp.prot");
        Files.writeString(d.configFile(), "bind: [unclosed\n");
        assertThatThrownBy(() -> Settings.load(d, List.of(), Map.of())).hasMessageContaining("not valid YAML");
    }

    @Test
    void sizesAndDurationsReadAsPeopleWriteThem() {
        Settings s = Settings.of(Map.of("journal.max_size", "2GiB", "syslog.max_message_size", "64k", "store.retention.age", "30d",
                "store.commit_interval", "250ms"));
        assertThat(s.size(Keys.JOURNAL_MAX_SIZE)).isEqualTo(2L << 30);
        assertThat(s.size(Keys.SYSLOG_MAX_MESSAGE_SIZE)).isEqualTo(65536);
        assertThat(s.duration(Keys.STORE_RETENTION_AGE)).isEqualTo(Duration.ofDays(30));
        assertThat(s.duration(Keys.STORE_COMMIT_INTERVAL)).isEqualTo(Duration.ofMillis(250));
        assertThatThrownBy(() -> Settings.of(Map.of("api.port", "70000"))).hasMessageContaining("0-65535");
    }
}
