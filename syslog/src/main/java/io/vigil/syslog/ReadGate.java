package io.vigil.syslog;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * Turns a connection's reading off while any of several reasons holds (the journal pushing back,
 * too many RELP acks outstanding, draining for shutdown) and on again when none does. Event loop
 * only.
 */
final class ReadGate {
    static final int BACKPRESSURE = 1;
    static final int WINDOW = 2;
    static final int DRAINING = 4;

    private static final AttributeKey<ReadGate> KEY = AttributeKey.valueOf(ReadGate.class, "gate");

    private final Channel channel;
    private int closedBy;

    private ReadGate(Channel channel) {
        this.channel = channel;
    }

    static ReadGate of(Channel channel) {
        ReadGate g = channel.attr(KEY).get();
        if (g == null) {
            g = new ReadGate(channel);
            ReadGate prev = channel.attr(KEY).setIfAbsent(g);
            if (prev != null) g = prev;
        }
        return g;
    }

    void close(int reason) {
        int before = closedBy;
        closedBy |= reason;
        if (before == 0 && closedBy != 0) channel.config().setAutoRead(false);
    }

    void open(int reason) {
        int before = closedBy;
        closedBy &= ~reason;
        if (before != 0 && closedBy == 0) {
            channel.config().setAutoRead(true);
        }
    }

    boolean isClosed(int reason) {
        return (closedBy & reason) != 0;
    }
}
