package io.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Syslog over TLS (RFC 5425) from OpenSSL's client, verifying the certificate Vigil generated. */
class TlsIT {
    @TempDir Path tmp;

    @Test
    void anOpensslClientThatVerifiesTheGeneratedCertificateDelivers() throws Exception {
        Peers.require("openssl", "openssl");
        Path data = tmp.resolve("data");
        try (VigilProcess vigil = VigilProcess.start(data, Map.of())) {
            // a time from now: a fixed date would one day fall out of the store's retention
            String msg = "<86>1 " + java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS) + " tlshost tlsapp 42 - - over tls";
            Path in = Files.writeString(tmp.resolve("msg"), msg.length() + " " + msg);
            String out = Peers.run(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + vigil.port("syslog-tls"),
                    "-CAfile", data.resolve("tls/syslog.crt").toString(), "-verify_return_error", "-verify_hostname", "localhost",
                    "-quiet", "-no_ign_eof"), in, 30);
            assertThat(out).contains("verify return:1").doesNotContain("verify error");
            await().atMost(Duration.ofSeconds(30)).until(() -> vigil.count("app:tlsapp AND procid:42") == 1);
            assertThat(vigil.counter("syslog-tls", "received")).isEqualTo(1);
        }
    }
}
