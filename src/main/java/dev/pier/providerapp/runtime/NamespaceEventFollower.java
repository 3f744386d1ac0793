package dev.pier.providerapp.runtime;

import dev.pier.shared.LeaseEvent;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventList;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lease namespace's Kubernetes events as the lease's events: listed once, then watched from the list's resource
 * version. A watch the API server ends with 410 Gone (the version is too old) is replaced by a fresh list and a new
 * watch from that list's version, never by reconnecting with the stale one (which would loop); events already taken are
 * not taken again.
 */
final class NamespaceEventFollower implements Watcher<Event>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NamespaceEventFollower.class);

    private final KubernetesClient client;
    private final String namespace;
    private final RingLog<LeaseEvent> ring;
    private final Executor relister;
    /** uid and count of each event taken: Kubernetes updates an event's count when it repeats. */
    private final Set<String> taken = ConcurrentHashMap.newKeySet();

    private volatile @Nullable Watch watch;
    private volatile boolean closed;
    private volatile int lists;

    NamespaceEventFollower(KubernetesClient client, String namespace, RingLog<LeaseEvent> ring, Executor relister) {
        this.client = client;
        this.namespace = namespace;
        this.ring = ring;
        this.relister = relister;
    }

    /** Lists what happened so far and watches what comes. */
    synchronized void start() {
        if (closed) {
            return;
        }
        EventList listed = client.v1().events().inNamespace(namespace).list();
        lists++;
        listed.getItems().stream()
                .sorted(Comparator.comparing(NamespaceEventFollower::when))
                .forEach(this::take);
        watch = client.v1()
                .events()
                .inNamespace(namespace)
                .withResourceVersion(listed.getMetadata().getResourceVersion())
                .watch(this);
    }

    /** How many times the namespace's events were listed (once, plus once per watch that had to start over). */
    int lists() {
        return lists;
    }

    @Override
    public void eventReceived(Action action, Event event) {
        if (action == Action.ADDED || action == Action.MODIFIED) {
            take(event);
        }
    }

    @Override
    public void onClose(WatcherException cause) {
        if (closed) {
            return;
        }
        if (!cause.isHttpGone()) {
            log.debug("The event watch of {} ended: {}", namespace, cause.toString());
        }
        // A fresh list gives a version the server still has; off the client's thread, which delivered this close.
        relister.execute(this::start);
    }

    private void take(Event event) {
        String uid = event.getMetadata() == null ? null : event.getMetadata().getUid();
        String key = (uid == null ? event.getMetadata().getName() : uid) + ":" + event.getCount();
        if (!taken.add(key)) {
            return;
        }
        ObjectReference about = event.getInvolvedObject();
        String service = about == null ? "" : serviceOf(about);
        String type = event.getReason() == null ? "event" : event.getReason().toLowerCase(Locale.ROOT);
        String message = event.getMessage() == null ? "" : event.getMessage();
        Instant at = when(event);
        ring.append(seq -> new LeaseEvent(seq, at, service, 0, type, message, null));
    }

    /** The service an event is about: a pod {@code web-5d9c7b6f4-abcde} and its ReplicaSet belong to {@code web}. */
    static String serviceOf(ObjectReference about) {
        String name = about.getName() == null ? "" : about.getName();
        int segments = switch (about.getKind() == null ? "" : about.getKind()) {
            case "Pod" -> 2;
            case "ReplicaSet" -> 1;
            default -> 0;
        };
        for (int i = 0; i < segments && name.lastIndexOf('-') > 0; i++) {
            name = name.substring(0, name.lastIndexOf('-'));
        }
        return name;
    }

    private static Instant when(Event event) {
        for (String text : new String[] {
            event.getLastTimestamp(),
            event.getFirstTimestamp(),
            event.getMetadata() == null ? null : event.getMetadata().getCreationTimestamp()
        }) {
            if (text != null) {
                try {
                    return Instant.parse(text);
                } catch (DateTimeParseException ignored) {
                    // Try the next field.
                }
            }
        }
        return Instant.EPOCH;
    }

    @Override
    public void close() {
        closed = true;
        Watch current = watch;
        if (current != null) {
            current.close();
        }
    }
}
