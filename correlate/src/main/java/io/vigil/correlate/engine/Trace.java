package io.vigil.correlate.engine;

import io.vigil.core.event.Event;
import io.vigil.correlate.directive.Directive;
import io.vigil.correlate.directive.Rule;
import java.util.UUID;

/**
 * What the engine does with each event, step by step, for a content author
 * ({@code vigil directives test}); the running appliance sets none.
 */
public interface Trace {
    /** The event matched a directive's root: a new backlog. */
    default void opened(UUID backlog, Directive d, Event e) {}

    /** A next rule counted the event: {@code count} of its occurrence. */
    default void counted(UUID backlog, Directive d, Rule rule, int count, Event e) {}

    /** The backlog reached {@code rule}'s level. */
    default void reached(UUID backlog, Directive d, Rule rule, int level, int reliability, Risk risk, Event e) {}

    /** A rule the event was offered to did not take it; {@code backlog} is null for a root. */
    default void missed(UUID backlog, Directive d, Rule rule, String why, Event e) {}
}
