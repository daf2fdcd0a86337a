package io.vigil.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The same contract on a real PostgreSQL server that this test starts (Debian's postgresql; .ci/run installs it). */
class PostgresStateStoreTest extends StateStoreContract {
    static PostgresServer server;
    static int databases;
    private StateStore store;

    @BeforeAll
    static void start() throws Exception {
        Path bin = PostgresServer.findBin();
        assumeTrue(bin != null, "PostgreSQL is not installed here (apt-get install postgresql): the PostgreSQL state store tests are skipped");
        server = PostgresServer.start(bin);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
    }

    @Override
    StateStore store() {
        // a database per test: each starts empty
        String db = "t" + (++databases);
        try (Connection c = DriverManager.getConnection(server.url(), "vigil", ""); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + db);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        store = StateStore.open(server.url().replace("/postgres", "/" + db), "vigil", "");
        return store;
    }

    @AfterEach
    void close() {
        if (store != null) store.close();
    }

    @Test
    void theMigrationsRunOnPostgresql() {
        assertThat(store().product()).isEqualTo("PostgreSQL");
    }
}
