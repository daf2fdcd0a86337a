package io.vigil.syslog;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.vigil.core.event.RawEvent;
import io.vigil.core.ingest.EventSink;
import io.vigil.core.metrics.CollectorMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of one RELP session (rsyslog's omrelp, librelp), after {@link RelpFrameDecoder}.
 *
 * <ul>
 *   <li>{@code open}: answers {@code 200 OK} with the offers {@code relp_version=0},
 *       {@code relp_software=vigil}, {@code commands=syslog}. Version 0 is what librelp speaks
 *       and accepts (its client refuses a higher version than its own).</li>
 *   <li>{@code syslog}: the data goes to the journal; {@code 200 OK} is sent only when the
 *       journal holds it. When the journal refuses it, the session is ended with
 *       {@code serverclose} and the frame is left unacknowledged, so the client keeps it and
 *       sends it again on its next session: librelp drops a frame answered with {@code 500}
 *       from its resend list, which would lose it.</li>
 *   <li>{@code close}: answers {@code rsp 0} after every earlier answer, then closes.</li>
 *   <li>other commands on an open session: {@code 500}.</li>
 * </ul>
 * Answers go out in transaction-number order whatever order the journal completes in. A broken
 * stream, a transaction number out of sequence, or a command before {@code open} is a protocol
 * violation: counted as malformed, logged with the peer, answered with {@code 0 serverclose 0}
 * (after the answers already due) and the connection is closed. Idle sessions and shutdown end
 * the same way. One per connection.
 */
final class RelpSessionHandler extends SimpleChannelInboundHandler<Object> {
    private static final Logger log = LoggerFactory.getLogger(RelpSessionHandler.class);

    static final String OPEN_OK = "200 OK\nrelp_version=0\nrelp_software=vigil\ncommands=syslog";
    /** Unanswered commands above which this session stops reading, and below which it reads again. */
    static final int WINDOW_HIGH = 1024;
    static final int WINDOW_LOW = 512;
    /** librelp's window is 128 frames by default and omrelp's windowSize can raise it; this covers generous settings. */
    static final int RESEND_WINDOW = 4096;

    private static final class Reply {
        final int txnr;
        byte[] bytes;
        boolean ready;
        boolean closeAfter;
        boolean end; // serverclose and close instead of answering

        Reply(int txnr) {
            this.txnr = txnr;
        }
    }

    private final String collector;
    private long syslogFrames;
    private final CollectorMetrics metrics;
    private final EventSink sink;
    private final Executor blocking;
    private final ArrayDeque<Reply> replies = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private SinkAppender appender;
    private String peer = "";
    private boolean open;
    private boolean ending;     // no more commands are taken
    private boolean terminated; // the last bytes have been written or the connection is gone
    private int expected = 1;

    RelpSessionHandler(String collector, CollectorMetrics metrics, EventSink sink, Executor blocking) {
        this.collector = collector;
        this.metrics = metrics;
        this.sink = sink;
        this.blocking = blocking;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.appender = new SinkAppender(ctx.channel(), sink, blocking);
        this.peer = Peers.format(ctx.channel().remoteAddress());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        peer = Peers.format(ctx.channel().remoteAddress());
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        terminated = true;
        replies.clear();
        super.channelInactive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
        if (ending || terminated) return;
        if (msg instanceof RelpFrame.Violation v) {
            violation(v.reason());
            return;
        }
        RelpFrame f = (RelpFrame) msg;
        if (f.txnr() == 0) {
            log.debug("{}: ignoring hint '{}' from {}", collector, f.command(), peer);
            return;
        }
        if (f.txnr() != expected) {
            violation("transaction number " + f.txnr() + " where " + expected + " was due");
            return;
        }
        expected = RelpFrame.nextTxnr(expected);
        switch (f.command()) {
            case "syslog" -> {
                if (!open) {
                    violation("syslog before open");
                } else {
                    syslog(f);
                }
            }
            case "open" -> {
                if (open) {
                    violation("open on a session that is already open");
                } else {
                    open(f);
                }
            }
            case "close" -> {
                Reply r = answer(f.txnr(), "");
                r.closeAfter = true;
                ending = true;
                ReadGate.of(ctx.channel()).close(ReadGate.DRAINING);
                flush();
            }
            default -> {
                if (!open) {
                    violation("'" + f.command() + "' before open");
                } else {
                    answer(f.txnr(), "500 unknown command " + f.command());
                    flush();
                }
            }
        }
    }

    private void open(RelpFrame f) {
        String offers = new String(f.data(), StandardCharsets.UTF_8);
        boolean syslogOffered = true;
        for (String line : offers.split("\n")) {
            int eq = line.indexOf('=');
            String name = (eq < 0 ? line : line.substring(0, eq)).trim();
            String value = eq < 0 ? "" : line.substring(eq + 1).trim();
            if (name.equals("relp_version") && !value.chars().allMatch(Character::isDigit)) {
                refuseOpen(f.txnr(), "500 invalid relp_version offer: " + value);
                return;
            }
            if (name.equals("commands")) {
                syslogOffered = false;
                for (String c : value.split(",")) syslogOffered |= c.trim().equals("syslog");
            }
        }
        if (!syslogOffered) {
            refuseOpen(f.txnr(), "500 required command not supported by client: syslog");
            return;
        }
        open = true;
        answer(f.txnr(), OPEN_OK);
        flush();
        log.debug("{}: session opened by {} ({})", collector, peer, offers.replace('\n', ' '));
    }

    private void refuseOpen(int txnr, String why) {
        log.warn("{}: refusing RELP session from {}: {}", collector, peer, why);
        Reply r = answer(txnr, why);
        r.closeAfter = true;
        ending = true;
        flush();
    }

    private void syslog(RelpFrame f) {
        metrics.received().increment();
        int flags = 0;
        if (f.truncated()) {
            flags = RawEvent.TRUNCATED;
            metrics.truncated().increment();
        }
        // A client resends what it sent but saw no answer for at the start of its next
        // session; those frames are flagged so that the store can tell a resend of a
        // message it already holds (journaled before a crash, never acknowledged).
        if (syslogFrames++ < RESEND_WINDOW) flags |= RawEvent.RETRANSMIT_CANDIDATE;
        Reply r = new Reply(f.txnr());
        replies.add(r);
        if (replies.size() >= WINDOW_HIGH) ReadGate.of(ctx.channel()).close(ReadGate.WINDOW);
        RawEvent event = RawEvent.received(collector, peer, flags, f.data());
        appender.append(event, (e, durable) -> durable.whenComplete((ok, failure) -> onLoop(() -> {
            if (failure == null) {
                metrics.journaled().increment();
                r.bytes = RelpFrame.response(r.txnr, "200 OK");
            } else {
                metrics.dropped(Outcomes.reason(failure));
                if (!terminated) {
                    log.warn("{}: journal refused an event from {} ({}); ending the session unacknowledged so the client sends it again",
                            collector, peer, Outcomes.unwrap(failure).getMessage());
                }
                r.end = true;
            }
            r.ready = true;
            flush();
        })));
    }

    private Reply answer(int txnr, String data) {
        Reply r = new Reply(txnr);
        r.bytes = RelpFrame.response(txnr, data);
        r.ready = true;
        replies.add(r);
        return r;
    }

    private void violation(String reason) {
        metrics.malformed().increment();
        log.warn("{}: RELP protocol violation by {}: {}; sending serverclose", collector, peer, reason);
        end();
    }

    /** Ends the session with serverclose once the answers already due have been written. */
    private void end() {
        ending = true;
        ReadGate.of(ctx.channel()).close(ReadGate.DRAINING);
        Reply r = new Reply(0);
        r.end = true;
        r.ready = true;
        replies.add(r);
        flush();
    }

    /** Writes the answers that are ready, in transaction order, stopping at the first that is not. */
    private void flush() {
        if (terminated) return;
        boolean wrote = false;
        while (!replies.isEmpty() && replies.peek().ready) {
            Reply r = replies.poll();
            if (r.end) {
                finish(RelpFrame.serverclose());
                return;
            }
            if (r.closeAfter) {
                finish(r.bytes);
                return;
            }
            ctx.write(Unpooled.wrappedBuffer(r.bytes));
            wrote = true;
        }
        if (wrote) ctx.flush();
        if (replies.size() <= WINDOW_LOW) ReadGate.of(ctx.channel()).open(ReadGate.WINDOW);
    }

    private void finish(byte[] last) {
        terminated = true;
        replies.clear();
        ctx.writeAndFlush(Unpooled.wrappedBuffer(last)).addListener(ChannelFutureListener.CLOSE);
    }

    private void onLoop(Runnable r) {
        if (ctx.executor().inEventLoop()) {
            r.run();
        } else {
            try {
                ctx.executor().execute(r);
            } catch (RejectedExecutionException loopGone) {
                terminated = true;
            }
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent || evt == StreamJournalingHandler.DRAIN) {
            if (terminated) return;
            if (ending && evt instanceof IdleStateEvent) {
                // Still waiting for the journal after the end was decided: give up waiting.
                finish(RelpFrame.serverclose());
            } else if (!ending) {
                log.debug("{}: ending session with {} ({})", collector, peer, evt instanceof IdleStateEvent ? "idle" : "shutdown");
                end();
            }
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            log.debug("{}: connection from {} failed: {}", collector, peer, cause.toString());
        } else {
            log.warn("{}: closing RELP connection from {}: {}", collector, peer, cause.toString());
        }
        terminated = true;
        ctx.close();
    }

    /** For tests: answers not yet written. */
    int pendingReplies() {
        return replies.size();
    }
}
