package io.vigil.normalize.decode;

/**
 * A decoder for a log format that carries its own structure (CEF, LEEF, JSON, key=value):
 * no plugin or regexp is needed to find its fields. Implementations are immutable and safe
 * to share between threads.
 */
public interface StructuredDecoder {

    /** Short name, shown in the event as {@code extra.decoder}: cef, leef, windows-json, windows-xml, json, kv. */
    String name();

    /**
     * A cheap test of the message's shape (a prefix, a brace, a few {@code key=}): true when
     * this decoder should be tried. Never throws; null gives false.
     */
    boolean accepts(String message);

    /**
     * Decodes the message. Never throws, whatever the input: what cannot be read is reported in
     * {@link Decoded#errors()} (and in the event as {@code extra.decode_error}) and the rest is
     * kept.
     */
    Decoded decode(String message);
}
