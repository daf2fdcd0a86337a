package io.vigil.loadgen;

import java.io.Closeable;
import java.io.IOException;

/** One connection (or socket) to the target, sending syslog messages with its protocol's framing. */
public interface Sender extends Closeable {
    /** Sends one message (without framing). May buffer; blocks while the target pushes back. */
    void send(byte[] message, int length) throws IOException;

    /** Hands everything buffered to the network. */
    void flush() throws IOException;

    /**
     * Messages the target has taken: written to the socket for TCP and TLS, sent for UDP,
     * acknowledged for RELP.
     */
    long accepted();

    /**
     * Waits until every message sent has been taken or the timeout passes (RELP: the last
     * acknowledgements; others: nothing to wait for).
     */
    default void drain(long timeoutMillis) throws IOException {
        flush();
    }
}
