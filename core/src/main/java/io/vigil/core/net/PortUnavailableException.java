package io.vigil.core.net;

import java.io.IOException;
import java.net.BindException;
import java.util.Locale;

/**
 * A listener could not bind its port. The message names the port, the reason and the fix,
 * because this is the first thing a new user meets when 514 needs root.
 */
public final class PortUnavailableException extends RuntimeException {
    private final int port;

    public PortUnavailableException(String listener, String configKey, String bind, int port, String protocol, Throwable cause) {
        super(explain(listener, configKey, bind, port, protocol, cause), cause);
        this.port = port;
    }

    public int port() {
        return port;
    }

    private static String explain(String listener, String key, String bind, int port, String protocol, Throwable cause) {
        String detail = cause == null || cause.getMessage() == null ? "" : cause.getMessage();
        String lower = detail.toLowerCase(Locale.ROOT);
        String reason;
        String fix;
        if (lower.contains("permission denied") || lower.contains("access denied")) {
            reason = "permission denied: ports below 1024 need root or the CAP_NET_BIND_SERVICE capability";
            fix = "run as root, grant the capability (setcap cap_net_bind_service=+ep on the java binary), "
                    + "or pick a port above 1023 with --set " + key + "=N";
        } else if (lower.contains("address already in use") || cause instanceof BindException && lower.contains("in use")) {
            reason = "another process is already listening there";
            fix = "stop that process (see: ss -lnp 'sport = :" + port + "'), or pick another port with --set " + key + "=N";
        } else if (lower.contains("cannot assign requested address")) {
            reason = "the address " + bind + " is not one of this machine's";
            fix = "set bind (or api.bind) to an address of this machine, or 0.0.0.0";
        } else {
            reason = detail.isEmpty() ? String.valueOf(cause) : detail;
            fix = "check " + key + " and bind";
        }
        return "cannot listen for " + listener + " on " + bind + ":" + port + "/" + protocol + ": " + reason + ". Fix: " + fix + ".";
    }

    /** True when a throwable (possibly wrapped) is a bind failure. */
    public static boolean isBindFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof BindException) return true;
            if (c instanceof IOException && c.getMessage() != null) {
                String m = c.getMessage().toLowerCase(Locale.ROOT);
                if (m.contains("bind") || m.contains("address already in use") || m.contains("permission denied")) return true;
            }
        }
        return false;
    }
}
