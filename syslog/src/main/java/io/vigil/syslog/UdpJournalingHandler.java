package io.vigil.syslog;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.vigil.core.event.RawEvent;
import io.vigil.core.ingest.EventSink;
import io.vigil.core.ingest.RefusalReason;
import io.vigil.core.metrics.CollectorMetrics;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Syslog over UDP: one datagram is one message (trailing LF/CR/NUL trimmed), cut at the maximum
 * size and flagged truncated. Uses {@link EventSink#tryAppend} only, because a UDP sender cannot
 * be slowed: an event the journal does not take is counted as dropped with the journal's reason,
 * never blocking the event loop.
 */
final class UdpJournalingHandler extends SimpleChannelInboundHandler<DatagramPacket> {
    private static final Logger log = LoggerFactory.getLogger(UdpJournalingHandler.class);

    /** The receive buffer for one datagram: larger than any UDP payload, so none is cut short by the kernel. */
    static final int DATAGRAM_BUFFER = 65_536;

    private final String collector;
    private final CollectorMetrics metrics;
    private final EventSink sink;
    private final int max;
    private InetSocketAddress lastSender;
    private String lastPeer = "";

    UdpJournalingHandler(String collector, CollectorMetrics metrics, EventSink sink, int maxMessageSize) {
        this.collector = collector;
        this.metrics = metrics;
        this.sink = sink;
        this.max = maxMessageSize;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        ByteBuf content = packet.content();
        int start = content.readerIndex();
        int len = content.readableBytes();
        int flags = 0;
        // A datagram that filled the whole receive buffer may have been cut by the kernel.
        if (len >= DATAGRAM_BUFFER && len > max) flags |= RawEvent.TRUNCATED;
        while (len > 0) {
            byte b = content.getByte(start + len - 1);
            if (b != '\n' && b != '\r' && b != 0) break;
            len--;
        }
        if (len == 0) return; // nothing in it
        if (len > max) {
            len = max;
            flags |= RawEvent.TRUNCATED;
        }
        byte[] payload = new byte[len];
        content.getBytes(start, payload);
        metrics.received().increment();
        if ((flags & RawEvent.TRUNCATED) != 0) metrics.truncated().increment();
        RawEvent event = RawEvent.received(collector, peer(packet.sender()), flags, payload);
        CompletableFuture<Void> durable;
        try {
            durable = sink.tryAppend(event);
        } catch (RuntimeException e) {
            durable = CompletableFuture.failedFuture(e);
        }
        if (durable == null) {
            RefusalReason reason = sink.refusalReason();
            metrics.dropped(reason == null ? RefusalReason.BUFFER_FULL.tag() : reason.tag());
            return;
        }
        Outcomes.count(durable, metrics);
    }

    private String peer(InetSocketAddress sender) {
        if (!sender.equals(lastSender)) {
            lastSender = sender;
            lastPeer = Peers.format(sender);
        }
        return lastPeer;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A UDP socket error (e.g. ICMP port unreachable echoes) must not close the listener.
        log.debug("{}: {}", collector, cause.toString());
    }
}
