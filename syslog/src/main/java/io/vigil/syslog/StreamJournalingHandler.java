package io.vigil.syslog;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.vigil.core.event.RawEvent;
import io.vigil.core.ingest.EventSink;
import io.vigil.core.metrics.CollectorMetrics;
import java.io.IOException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of a syslog TCP or TLS pipeline: each {@link SyslogFrame} becomes a {@link RawEvent}
 * (collector name, the connection's peer) appended to the sink, which slows this sender when the
 * journal pushes back. Counts received, truncated, journaled and dropped(reason). Closes the
 * connection when it has been idle too long, and on {@link Drain} once everything it read is
 * in the sink. One per connection.
 */
final class StreamJournalingHandler extends SimpleChannelInboundHandler<SyslogFrame> {
    private static final Logger log = LoggerFactory.getLogger(StreamJournalingHandler.class);

    /** User event: stop reading and close once what was read has been handed to the sink. */
    static final Object DRAIN = Drain.INSTANCE;

    enum Drain { INSTANCE }

    private final String collector;
    private final CollectorMetrics metrics;
    private final EventSink sink;
    private final Executor blocking;
    private SinkAppender appender;
    private String peer = "";

    StreamJournalingHandler(String collector, CollectorMetrics metrics, EventSink sink, Executor blocking) {
        this.collector = collector;
        this.metrics = metrics;
        this.sink = sink;
        this.blocking = blocking;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        appender = new SinkAppender(ctx.channel(), sink, blocking);
        peer = Peers.format(ctx.channel().remoteAddress());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        peer = Peers.format(ctx.channel().remoteAddress());
        super.channelActive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, SyslogFrame frame) {
        metrics.received().increment();
        if ((frame.flags() & RawEvent.TRUNCATED) != 0) metrics.truncated().increment();
        RawEvent event = RawEvent.received(collector, peer, frame.flags(), frame.payload());
        appender.append(event, (e, durable) -> Outcomes.count(durable, metrics));
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            log.debug("{}: closing idle connection from {}", collector, peer);
            ctx.close();
        } else if (evt == DRAIN) {
            ReadGate.of(ctx.channel()).close(ReadGate.DRAINING);
            appender.whenIdle(ctx::close);
        } else if (evt instanceof SslHandshakeCompletionEvent hs && !hs.isSuccess()) {
            log.warn("{}: TLS handshake with {} failed: {}", collector, peer, hs.cause().toString());
            ctx.close();
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException || cause.getCause() instanceof javax.net.ssl.SSLException) {
            // I/O errors are the peer's business; TLS failures were logged with the handshake event.
            log.debug("{}: connection from {} failed: {}", collector, peer, cause.toString());
        } else {
            log.warn("{}: closing connection from {}: {}", collector, peer, cause.toString());
        }
        ctx.close();
    }
}
