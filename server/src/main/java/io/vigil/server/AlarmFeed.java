package io.vigil.server;

import io.javalin.http.sse.SseClient;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tells the console's open alarm pages that alarms changed (server-sent events), so that the
 * list updates at once instead of at its next poll. The correlation thread only sets a flag; a
 * thread of its own sends at most twice a second, so a slow browser never holds correlation up.
 */
public final class AlarmFeed implements AutoCloseable {
    private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean changed = new AtomicBoolean();
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("alarm-feed").unstarted(r));

    public AlarmFeed() {
        sender.scheduleWithFixedDelay(this::send, 500, 500, TimeUnit.MILLISECONDS);
    }

    /** An alarm was raised, updated or changed status. */
    public void changed() {
        changed.set(true);
    }

    void add(SseClient client) {
        clients.add(client);
        client.onClose(() -> clients.remove(client));
    }

    private void send() {
        if (!changed.getAndSet(false)) return;
        for (SseClient c : clients) {
            try {
                c.sendEvent("alarm", "changed");
            } catch (RuntimeException e) {
                clients.remove(c);
            }
        }
    }

    int clients() {
        return clients.size();
    }

    @Override
    public void close() {
        sender.shutdownNow();
        for (SseClient c : clients) c.close();
    }
}
