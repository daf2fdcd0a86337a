package io.vigil.server;

import io.vigil.core.event.Event;
import java.util.List;

/** What the correlation stage runs ({@link Correlator} in the product). */
public interface BatchCorrelator {
    /** Takes stored events in journal order; returns the directive events that came of them. */
    List<Event> correlate(List<Event> events);

    /** Called while no events come: returns the directive events that the passing time completed. */
    List<Event> tick();

    /** Called once after the last batch, before the stage stops: writes what it still holds. */
    default void finish() {}
}
