package io.vigil.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

final class Logging {
    private Logging() {}

    static void setLevel(String level) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx) {
            ctx.getLogger("io.vigil").setLevel(Level.toLevel(level, Level.INFO));
        }
    }
}
