package io.vigil.sigma.rule;

/**
 * One event as rules read it: field values by slot (see {@link FieldSlots}), each lowered at
 * most once per event, because Sigma compares case-insensitively by default. Slot
 * {@link FieldSlots#KEYWORDS} is the text keyword searches run over (the whole log line).
 */
public interface Record {
    /** The field's value as text, or null when the event does not have it. */
    String value(int slot);

    /** {@link #value} in lower case (Locale.ROOT). */
    String lower(int slot);

    /**
     * Which two-character sequences the lowered value holds, hashed into {@link Bigrams#BITS}
     * bits, for skipping the search of a literal that cannot be there; null when not kept.
     */
    default long[] bigrams(int slot) {
        return null;
    }
}
