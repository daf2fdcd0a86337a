package io.vigil.sensor;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.vigil.core.config.ConfigException;
import io.vigil.core.config.DataDir;
import io.vigil.core.config.Keys;
import io.vigil.core.config.Settings;
import io.vigil.core.event.Normalizer;
import io.vigil.core.ingest.EventSink;
import io.vigil.core.metrics.Collectors;
import io.vigil.core.tls.PemPair;
import io.vigil.core.tls.SelfSignedCertificate;
import io.vigil.syslog.SyslogParser;
import io.vigil.syslog.SyslogReceivers;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

/**
 * A Sensor: its collectors feeding one journal, and the normalizer that turns what they
 * journaled into events. In an All-in-One the Server's store pipeline uses that normalizer
 * directly; in distributed mode the link will.
 */
public final class Sensor implements AutoCloseable {
    /** Every listener a Sensor opens: collector name, the key of its port, its row in the network contract. */
    public record Listener(String collector, io.vigil.core.config.ConfigKey portKey, String flowId, String protocol) {}

    public static final List<Listener> LISTENERS = List.of(
            new Listener(SyslogReceivers.UDP, Keys.SYSLOG_UDP_PORT, "syslog-udp", "udp"),
            new Listener(SyslogReceivers.TCP, Keys.SYSLOG_TCP_PORT, "syslog-tcp", "tcp"),
            new Listener(SyslogReceivers.TLS, Keys.SYSLOG_TLS_PORT, "syslog-tls", "tcp"),
            new Listener(SyslogReceivers.RELP, Keys.RELP_PORT, "relp", "tcp"));

    private final Settings settings;
    private final DataDir data;
    private final EventSink sink;
    private final Collectors metrics;
    private final SyslogParser parser;
    private final Content content;
    private SyslogReceivers receivers;

    public Sensor(Settings settings, DataDir data, EventSink sink, Collectors metrics) {
        this.settings = settings;
        this.data = data;
        this.sink = sink;
        this.metrics = metrics;
        this.parser = new SyslogParser(SyslogParser.zoneOf(settings));
        this.content = new Content(settings, parser.zone(), metrics.registry());
    }

    /**
     * Raw syslog to normalized events: the syslog header parsed (counting parsed and
     * malformed per collector), then the content's plugins and decoders applied.
     */
    public Normalizer normalizer() {
        String sensorName = settings.string(Keys.SENSOR_NAME);
        if (!settings.bool(Keys.NORMALIZE_ENABLED)) return raw -> parser.parse(raw, metrics.of(raw.collector())).sensor(sensorName);
        return raw -> {
            var event = parser.parse(raw, metrics.of(raw.collector())).sensor(sensorName);
            content.engine().normalize(event);
            return event;
        };
    }

    /** The normalization content (plugins, decoders), for status and reload. */
    public Content content() {
        return content;
    }

    /** Opens the listeners; a port that cannot be bound stops here with PortUnavailableException. */
    public Sensor start() throws IOException {
        SslContext tls = settings.bool(Keys.SYSLOG_TLS_ENABLED) ? tlsContext() : null;
        receivers = SyslogReceivers.start(settings, sink, metrics, tls);
        // Every running collector shows in status and /metrics from the start, at zero.
        receivers.boundPorts().keySet().forEach(metrics::of);
        return this;
    }

    private SslContext tlsContext() throws IOException {
        String cert = settings.string(Keys.SYSLOG_TLS_CERT);
        String key = settings.string(Keys.SYSLOG_TLS_KEY);
        PemPair pair;
        if (cert.isEmpty() && key.isEmpty()) {
            pair = SelfSignedCertificate.ensure(data, "syslog");
        } else if (cert.isEmpty() || key.isEmpty()) {
            throw new ConfigException("set both syslog.tls.cert and syslog.tls.key, or neither");
        } else {
            pair = new PemPair(Path.of(cert), Path.of(key));
        }
        return SslContextBuilder.forServer(pair.privateKey(), pair.chain().toArray(X509Certificate[]::new)).build();
    }

    public Map<String, Integer> boundPorts() {
        return receivers == null ? Map.of() : receivers.boundPorts();
    }

    @Override
    public void close() {
        if (receivers != null) receivers.close();
    }

    /** Stops watching the content paths (after the pipeline that uses the content has stopped). */
    public void closeContent() {
        content.close();
    }
}
