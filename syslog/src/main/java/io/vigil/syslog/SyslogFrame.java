package io.vigil.syslog;

/**
 * One syslog message cut out of a stream or a datagram, before it becomes a RawEvent.
 *
 * @param payload the message bytes, without framing (octet count, trailing LF/CRLF/NUL)
 * @param flags   {@link io.vigil.core.event.RawEvent#TRUNCATED}, {@link io.vigil.core.event.RawEvent#MALFORMED_FRAME}
 */
public record SyslogFrame(byte[] payload, int flags) {
}
