package io.vigil.journal;

import java.util.Locale;

/** When an append counts as held, and so when a sender may be acknowledged. */
public enum Durability {
    /** Once the write reaches the operating system: survives the process being killed. */
    PROCESS,
    /** Once the write is fsynced (group commit): survives a power cut. */
    POWER;

    public static Durability parse(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }
}
