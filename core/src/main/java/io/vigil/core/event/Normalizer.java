package io.vigil.core.event;

/**
 * Turns what a collector journaled into a normalized event. Must not throw on any input:
 * what cannot be parsed becomes an event flagged {@code malformed} holding the raw text.
 */
@FunctionalInterface
public interface Normalizer {
    Event normalize(RawEvent raw);
}
