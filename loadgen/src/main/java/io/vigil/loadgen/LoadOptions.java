package io.vigil.loadgen;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A load run's settings.
 *
 * @param host target address
 * @param port target port
 * @param protocol udp, tcp, tls or relp
 * @param connections parallel connections (sockets for UDP)
 * @param rate messages per second over all connections; 0 sends as fast as the target takes
 * @param duration how long to send (null: until {@code count})
 * @param count how many messages to send (0: for {@code duration})
 * @param fixtures the fixture directory the corpus is read from
 * @param attackShare share of messages that are SSH password guesses (0..1)
 * @param run the run's name: hosts are {@code lg<run>-N}
 * @param probesPerSecond latency probes sent per second (0: none)
 * @param tlsTrust PEM certificate to trust for TLS (null with {@code insecure})
 * @param insecure TLS without checking the server's certificate
 * @param relpWindow unacknowledged RELP frames allowed per connection
 * @param settle after sending, how long to wait for the stored count to stop growing
 */
public record LoadOptions(String host, int port, Protocol protocol, int connections, long rate, Duration duration, long count,
                          Path fixtures, double attackShare, String run, int probesPerSecond, Path tlsTrust, boolean insecure,
                          int relpWindow, Duration settle) {
    public LoadOptions {
        if (connections < 1) throw new IllegalArgumentException("connections must be at least 1");
        if (rate < 0) throw new IllegalArgumentException("rate must be 0 (as fast as possible) or more");
        if ((duration == null) == (count <= 0)) throw new IllegalArgumentException("give a duration or a count, not both");
        if (!run.matches("[A-Za-z0-9]{1,24}")) throw new IllegalArgumentException("run name must be 1-24 letters or digits: " + run);
    }
}
