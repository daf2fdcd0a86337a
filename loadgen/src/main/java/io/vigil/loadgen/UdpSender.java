package io.vigil.loadgen;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/** Syslog over UDP: one datagram per message. What the network or the receiver drops is lost. */
final class UdpSender implements Sender {
    private final DatagramChannel channel;
    private long sent;

    UdpSender(InetSocketAddress target) throws IOException {
        channel = DatagramChannel.open();
        channel.connect(target);
    }

    @Override
    public void send(byte[] message, int length) throws IOException {
        channel.write(ByteBuffer.wrap(message, 0, length));
        sent++;
    }

    @Override
    public void flush() {}

    @Override
    public long accepted() {
        return sent;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
