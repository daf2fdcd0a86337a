package io.vigil.loadgen;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Syslog over RELP, as rsyslog's omrelp sends it: an {@code open} offer, then {@code syslog}
 * frames numbered by transaction, at most {@code window} of them unacknowledged. A message
 * counts as accepted when its {@code 200 OK} arrives. When the server ends the session
 * ({@code serverclose}, or the connection drops) the unacknowledged messages are sent again on
 * a new session, in order, as omrelp does: none is lost, and the server may see some twice.
 */
final class RelpSender implements Sender {
    private final Callable<Socket> connect;
    private final int window;
    /** Unacknowledged messages by transaction number, in sending order. Guarded by this. */
    private final Map<Long, byte[]> unacked = new LinkedHashMap<>();
    private Socket socket;
    private OutputStream out;
    private long txnr;
    private long acked;
    private long refused;
    private long resent;
    private volatile boolean broken;

    RelpSender(Callable<Socket> connect, int window) throws IOException {
        this.connect = connect;
        this.window = window;
        open();
    }

    private void open() throws IOException {
        try {
            socket = connect.call();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
        out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        txnr = 1;
        frame(txnr, "open", "relp_version=0\nrelp_software=vigil-loadgen\ncommands=syslog".getBytes(StandardCharsets.US_ASCII), -1);
        out.flush();
        Response r = Response.read(in);
        if (!r.command.equals("rsp") || !r.text().startsWith("200")) throw new IOException("RELP open refused: " + r.command + " " + r.text());
        broken = false;
        Socket mine = socket;
        Thread reader = new Thread(() -> readAnswers(in, mine), "relp-answers");
        reader.setDaemon(true);
        reader.start();
    }

    private void readAnswers(InputStream in, Socket mine) {
        try {
            while (true) {
                Response r = Response.read(in);
                if (r.command.equals("serverclose")) break;
                if (!r.command.equals("rsp")) continue;
                synchronized (this) {
                    if (unacked.remove(r.txnr) != null) {
                        if (r.text().startsWith("200")) acked++;
                        else refused++;
                        notifyAll();
                    }
                }
            }
        } catch (IOException e) {
            // the session is over either way; what was not acknowledged is sent again
        } finally {
            synchronized (this) {
                if (socket == mine) broken = true;
                notifyAll();
            }
        }
    }

    @Override
    public void send(byte[] message, int length) throws IOException {
        byte[] copy = java.util.Arrays.copyOf(message, length);
        long n;
        synchronized (this) {
            while (unacked.size() >= window && !broken) {
                flushQuietly();
                waitBriefly();
            }
            if (broken) reconnect();
            n = nextTxnr();
            unacked.put(n, copy);
        }
        frame(n, "syslog", copy, length);
    }

    private long nextTxnr() {
        txnr = txnr >= 999_999_999 ? 1 : txnr + 1;
        return txnr;
    }

    /** A new session, and every unacknowledged message sent again on it, in order. Holds the lock. */
    private void reconnect() throws IOException {
        List<byte[]> pending = new ArrayList<>(unacked.values());
        unacked.clear();
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
        long deadline = System.currentTimeMillis() + 120_000;
        while (true) {
            try {
                open();
                break;
            } catch (IOException e) {
                if (System.currentTimeMillis() > deadline) throw new IOException("RELP: cannot reconnect for 120 s: " + e.getMessage(), e);
                waitFor(200);
            }
        }
        for (byte[] m : pending) {
            long n = nextTxnr();
            unacked.put(n, m);
            frame(n, "syslog", m, m.length);
            resent++;
        }
    }

    private void frame(long n, String command, byte[] data, int length) throws IOException {
        int len = length < 0 ? data.length : length;
        out.write(Long.toString(n).getBytes(StandardCharsets.US_ASCII));
        out.write(' ');
        out.write(command.getBytes(StandardCharsets.US_ASCII));
        out.write(' ');
        out.write(Integer.toString(len).getBytes(StandardCharsets.US_ASCII));
        if (len > 0) {
            out.write(' ');
            out.write(data, 0, len);
        }
        out.write('\n');
    }

    private void flushQuietly() {
        try {
            out.flush();
        } catch (IOException e) {
            broken = true;
        }
    }

    private void waitBriefly() {
        waitFor(5);
    }

    private void waitFor(long millis) {
        try {
            wait(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        try {
            out.flush();
        } catch (IOException e) {
            broken = true;
        }
    }

    @Override
    public synchronized void drain(long timeoutMillis) throws IOException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        flush();
        while (!unacked.isEmpty() && System.currentTimeMillis() < deadline) {
            if (broken) {
                reconnect();
                flush();
            }
            waitFor(20);
        }
    }

    @Override
    public synchronized long accepted() {
        return acked;
    }

    /** Messages the server answered with an error (not 200). */
    synchronized long refused() {
        return refused;
    }

    /** Messages sent again on a new session after the previous one ended unacknowledged. */
    synchronized long resent() {
        return resent;
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            if (!broken) {
                frame(nextTxnr(), "close", new byte[0], 0);
                out.flush();
            }
        } catch (IOException ignored) {
            // closing anyway
        } finally {
            socket.close();
        }
    }

    /** One frame from the server: {@code TXNR COMMAND DATALEN[ DATA]\n}. */
    private record Response(long txnr, String command, byte[] data) {
        String text() {
            return new String(data, StandardCharsets.UTF_8);
        }

        static Response read(InputStream in) throws IOException {
            long txnr = number(in, ' ');
            StringBuilder cmd = new StringBuilder();
            int c;
            while ((c = in.read()) != ' ') {
                if (c < 0) throw new EOFException();
                if (cmd.length() > 32) throw new IOException("RELP: bad command from server");
                cmd.append((char) c);
            }
            long len = 0;
            boolean digits = false;
            while (true) {
                c = in.read();
                if (c < 0) throw new EOFException();
                if (c >= '0' && c <= '9' && len < 100_000_000) {
                    len = len * 10 + (c - '0');
                    digits = true;
                } else {
                    break;
                }
            }
            if (!digits) throw new IOException("RELP: no data length from server");
            byte[] data = new byte[(int) len];
            if (c == ' ') {
                int off = 0;
                while (off < len) {
                    int r = in.read(data, off, (int) len - off);
                    if (r < 0) throw new EOFException();
                    off += r;
                }
                c = in.read();
            }
            if (c != '\n') throw new IOException("RELP: frame from server does not end with a newline");
            return new Response(txnr, cmd.toString(), data);
        }

        private static long number(InputStream in, char end) throws IOException {
            long n = 0;
            int c;
            int digits = 0;
            while ((c = in.read()) != end) {
                if (c < 0) throw new EOFException();
                if (c < '0' || c > '9' || ++digits > 10) throw new IOException("RELP: bad transaction number from server");
                n = n * 10 + (c - '0');
            }
            return n;
        }
    }
}
