package io.vigil.syslog;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/** The Netty transport the listeners run on (Java NIO). */
record Transport(String name, IoHandlerFactory ioHandlers, Class<? extends ServerChannel> serverChannel,
                 Class<? extends DatagramChannel> datagramChannel) {

    /**
     * The transport to use. NIO for now: the native epoll artifacts for this Netty version are
     * not in the registries the build reaches; this is the one place to add them.
     */
    static Transport best() {
        return nio();
    }

    static Transport nio() {
        return new Transport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class, NioDatagramChannel.class);
    }

    MultiThreadIoEventLoopGroup group(int threads, String name) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), ioHandlers);
    }
}
