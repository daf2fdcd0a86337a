package io.vigil.journal;

import java.io.IOException;

/** A record failed its checksum or had an impossible length where no write could have been torn. */
public final class JournalCorruptException extends IOException {
    public JournalCorruptException(String message) {
        super(message);
    }
}
