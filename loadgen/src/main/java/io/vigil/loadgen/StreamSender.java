package io.vigil.loadgen;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;

/**
 * Syslog over a TCP (or TLS) stream, one message per line (RFC 6587 non-transparent framing,
 * which every receiver reads), written through a 64 KiB buffer.
 */
final class StreamSender implements Sender {
    private final Socket socket;
    private final OutputStream out;
    private long written;
    private long flushed;

    StreamSender(Socket socket) throws IOException {
        this.socket = socket;
        socket.setTcpNoDelay(false);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
    }

    @Override
    public void send(byte[] message, int length) throws IOException {
        out.write(message, 0, length);
        out.write('\n');
        written++;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
        flushed = written;
    }

    @Override
    public long accepted() {
        return flushed;
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
            socket.shutdownOutput();
        } finally {
            socket.close();
        }
    }
}
