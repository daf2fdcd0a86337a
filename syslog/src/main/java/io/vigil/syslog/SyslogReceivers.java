package io.vigil.syslog;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.vigil.core.config.ConfigKey;
import io.vigil.core.config.Keys;
import io.vigil.core.config.Settings;
import io.vigil.core.ingest.EventSink;
import io.vigil.core.metrics.Collectors;
import io.vigil.core.net.PortUnavailableException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The syslog listeners of a Sensor: UDP, TCP, TLS (RFC 5425) and RELP, each started when its
 * {@code *.enabled} key says so, on {@code bind} and its configured port (0 picks a free one;
 * {@link #boundPort} tells which). Everything received goes to the {@link EventSink} as a
 * RawEvent; counters go to {@link Collectors} under the names {@link #UDP}, {@link #TCP},
 * {@link #TLS} and {@link #RELP}.
 *
 * <p>A port that cannot be bound fails the start with {@link PortUnavailableException} (and
 * closes the listeners already started). {@link #close()} stops accepting, lets RELP
 * acknowledgements already due go out and what was read reach the sink, then stops.
 */
public final class SyslogReceivers implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SyslogReceivers.class);

    public static final String UDP = "syslog-udp";
    public static final String TCP = "syslog-tcp";
    public static final String TLS = "syslog-tls";
    public static final String RELP = "relp";

    /** Requested UDP socket receive buffer; the kernel may cap it (net.core.rmem_max). */
    static final int UDP_RCVBUF = 4 << 20;
    /** How long {@link #close()} waits for connections to hand over what they read. */
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);

    private final EventSink sink;
    private final Collectors collectors;
    private final int maxMessageSize;
    private final Duration idleTimeout;
    private final Transport transport;
    private final EventLoopGroup acceptors;
    private final EventLoopGroup workers;
    private final EventLoopGroup datagrams;
    private final ExecutorService blocking;
    private final ChannelGroup connections = new DefaultChannelGroup("syslog-connections", GlobalEventExecutor.INSTANCE);
    private final Map<String, Channel> listeners = new LinkedHashMap<>();
    private boolean closed;

    private SyslogReceivers(EventSink sink, Collectors collectors, int maxMessageSize, Duration idleTimeout) {
        this.sink = sink;
        this.collectors = collectors;
        this.maxMessageSize = maxMessageSize;
        this.idleTimeout = idleTimeout;
        this.transport = Transport.best();
        this.acceptors = transport.group(1, "vigil-syslog-accept");
        this.workers = transport.group(Math.max(2, Runtime.getRuntime().availableProcessors()), "vigil-syslog-io");
        this.datagrams = transport.group(1, "vigil-syslog-udp");
        this.blocking = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("vigil-syslog-append-", 0).factory());
    }

    /**
     * Starts the enabled listeners.
     *
     * @param tls the server context for {@code syslog.tls}; when null the TLS listener is not
     *            started (with a warning if it is enabled)
     * @throws PortUnavailableException when a port cannot be bound
     */
    public static SyslogReceivers start(Settings settings, EventSink sink, Collectors collectors, SslContext tls) {
        int max = maxMessageSize(settings);
        Duration idle = settings.duration(Keys.SYSLOG_IDLE_TIMEOUT);
        String bind = settings.string(Keys.BIND);
        SyslogReceivers r = new SyslogReceivers(sink, collectors, max, idle);
        try {
            if (settings.bool(Keys.SYSLOG_UDP_ENABLED)) {
                r.startUdp(bind, settings.port(Keys.SYSLOG_UDP_PORT));
            }
            if (settings.bool(Keys.SYSLOG_TCP_ENABLED)) {
                r.startStream(TCP, "syslog over TCP", Keys.SYSLOG_TCP_PORT, bind, settings.port(Keys.SYSLOG_TCP_PORT), null);
            }
            if (settings.bool(Keys.SYSLOG_TLS_ENABLED)) {
                if (tls == null) {
                    log.warn("syslog over TLS is enabled but no TLS context was given: not listening on {}", settings.port(Keys.SYSLOG_TLS_PORT));
                } else {
                    r.startStream(TLS, "syslog over TLS", Keys.SYSLOG_TLS_PORT, bind, settings.port(Keys.SYSLOG_TLS_PORT), tls);
                }
            }
            if (settings.bool(Keys.RELP_ENABLED)) {
                r.startRelp(bind, settings.port(Keys.RELP_PORT));
            }
        } catch (RuntimeException e) {
            r.close();
            throw e;
        }
        return r;
    }

    /** {@code syslog.max_message_size}, kept between 1 byte and 256 MiB. */
    static int maxMessageSize(Settings settings) {
        long max = settings.size(Keys.SYSLOG_MAX_MESSAGE_SIZE);
        return (int) Math.max(1, Math.min(max, 256L << 20));
    }

    /** The port a listener is bound to, or -1 when it is not running. */
    public int boundPort(String collector) {
        Channel ch;
        synchronized (this) {
            ch = listeners.get(collector);
        }
        return ch == null ? -1 : ((InetSocketAddress) ch.localAddress()).getPort();
    }

    /** Every running listener's collector name and bound port. */
    public synchronized Map<String, Integer> boundPorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        listeners.forEach((name, ch) -> ports.put(name, ((InetSocketAddress) ch.localAddress()).getPort()));
        return Collections.unmodifiableMap(ports);
    }

    /** The Netty transport in use: {@code epoll} or {@code nio}. */
    public String transport() {
        return transport.name();
    }

    private void startUdp(String bind, int port) {
        UdpJournalingHandler handler = new UdpJournalingHandler(UDP, collectors.of(UDP), sink, maxMessageSize);
        Bootstrap b = new Bootstrap().group(datagrams).channel(transport.datagramChannel())
                .option(ChannelOption.SO_RCVBUF, UDP_RCVBUF)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(UdpJournalingHandler.DATAGRAM_BUFFER))
                .handler(handler);
        Channel ch = bind(b.bind(new InetSocketAddress(bind, port)), "syslog over UDP", Keys.SYSLOG_UDP_PORT, bind, port, "udp");
        Integer rcvbuf = ch.config().getOption(ChannelOption.SO_RCVBUF);
        if (rcvbuf != null && rcvbuf < UDP_RCVBUF) {
            log.info("syslog over UDP: the kernel gave a {} KiB receive buffer instead of {} KiB; raise net.core.rmem_max for bursts",
                    rcvbuf / 1024, UDP_RCVBUF / 1024);
        }
        register(UDP, ch);
    }

    private void startStream(String collector, String listener, ConfigKey key, String bind, int port, SslContext tls) {
        ServerBootstrap b = server().childHandler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                connections.add(ch);
                ChannelPipeline p = ch.pipeline();
                if (tls != null) p.addLast("tls", tls.newHandler(ch.alloc()));
                addIdle(p);
                p.addLast("framing", new OctetCountingOrNewlineFrameDecoder(maxMessageSize));
                p.addLast("journal", new StreamJournalingHandler(collector, collectors.of(collector), sink, blocking));
            }
        });
        register(collector, bind(b.bind(new InetSocketAddress(bind, port)), listener, key, bind, port, "tcp"));
    }

    private void startRelp(String bind, int port) {
        ServerBootstrap b = server().childHandler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                connections.add(ch);
                ChannelPipeline p = ch.pipeline();
                addIdle(p);
                p.addLast("framing", new RelpFrameDecoder(maxMessageSize));
                p.addLast("relp", new RelpSessionHandler(RELP, collectors.of(RELP), sink, blocking));
            }
        });
        register(RELP, bind(b.bind(new InetSocketAddress(bind, port)), "RELP", Keys.RELP_PORT, bind, port, "tcp"));
    }

    private ServerBootstrap server() {
        return new ServerBootstrap().group(acceptors, workers).channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.TCP_NODELAY, true);
    }

    private void addIdle(ChannelPipeline p) {
        if (!idleTimeout.isZero() && !idleTimeout.isNegative()) {
            p.addLast("idle", new IdleStateHandler(idleTimeout.toMillis(), 0, 0, TimeUnit.MILLISECONDS));
        }
    }

    private static Channel bind(ChannelFuture f, String listener, ConfigKey key, String bind, int port, String protocol) {
        f.awaitUninterruptibly();
        if (!f.isSuccess()) {
            throw new PortUnavailableException(listener, key.name(), bind, port, protocol, f.cause());
        }
        return f.channel();
    }

    private synchronized void register(String collector, Channel ch) {
        listeners.put(collector, ch);
        log.info("{}: listening on {} ({})", collector, ch.localAddress(), transport.name());
    }

    /** Stops accepting, lets what was read reach the sink and due RELP answers go out, then stops. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        for (Channel ch : listeners.values()) ch.close().awaitUninterruptibly();
        for (Channel ch : connections) ch.pipeline().fireUserEventTriggered(StreamJournalingHandler.DRAIN);
        if (!connections.newCloseFuture().awaitUninterruptibly(DRAIN_TIMEOUT.toMillis())) {
            log.warn("{} syslog connections did not finish within {}s; closing them", connections.size(), DRAIN_TIMEOUT.toSeconds());
            connections.close().awaitUninterruptibly(1000);
        }
        acceptors.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        datagrams.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        acceptors.terminationFuture().awaitUninterruptibly(5000);
        datagrams.terminationFuture().awaitUninterruptibly(5000);
        workers.terminationFuture().awaitUninterruptibly(5000);
        blocking.shutdown();
        try {
            blocking.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            listeners.clear();
        }
    }
}
