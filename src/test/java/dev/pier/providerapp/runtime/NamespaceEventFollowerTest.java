package dev.pier.providerapp.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.shared.LeaseEvent;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.EventListBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.net.HttpURLConnection;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * A namespace's events followed across a 410 Gone: a fresh list and a watch from its version, every event once (on
 * fabric8's mock API server, whose expectations play the list, the watch that goes stale and the one after).
 */
@EnableKubernetesMockClient
class NamespaceEventFollowerTest {

    static KubernetesMockServer server;
    static KubernetesClient client;

    static Event event(String uid, String pod, String reason, String message, int count, String at) {
        return new EventBuilder()
                .withNewMetadata()
                .withName(pod + "." + uid)
                .withUid(uid)
                .withNamespace("pier-x")
                .endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder()
                        .withKind("Pod")
                        .withName(pod)
                        .build())
                .withReason(reason)
                .withMessage(message)
                .withCount(count)
                .withLastTimestamp(at)
                .build();
    }

    @Test
    void a_watch_ended_with_410_starts_again_from_a_fresh_list_and_takes_each_event_once() throws Exception {
        Event scheduled =
                event("a", "web-5d9c7b6f4-abcde", "Scheduled", "assigned to node-1", 1, "2026-12-02T10:00:00Z");
        Event pulled = event("b", "web-5d9c7b6f4-abcde", "Pulled", "image pulled", 1, "2026-12-02T10:00:01Z");
        Event started = event("c", "web-5d9c7b6f4-abcde", "Started", "container started", 1, "2026-12-02T10:00:02Z");
        Event backoff =
                event("d", "web-5d9c7b6f4-abcde", "BackOff", "restarting failed container", 2, "2026-12-02T10:01:00Z");
        WatchEvent gone = new WatchEvent(
                new StatusBuilder()
                        .withCode(HttpURLConnection.HTTP_GONE)
                        .withMessage("too old resource version: 1 (7)")
                        .build(),
                "ERROR");
        server.expect()
                .get()
                .withPath("/api/v1/namespaces/pier-x/events")
                .andReturn(
                        200,
                        new EventListBuilder()
                                .withNewMetadata()
                                .withResourceVersion("1")
                                .endMetadata()
                                .addToItems(scheduled)
                                .build())
                .once();
        server.expect()
                .get()
                .withPath("/api/v1/namespaces/pier-x/events?allowWatchBookmarks=true&resourceVersion=1&watch=true")
                .andUpgradeToWebSocket()
                .open()
                .waitFor(20)
                .andEmit(new WatchEvent(pulled, "ADDED"))
                .waitFor(20)
                .andEmit(gone)
                .done()
                .once();
        // The fresh list holds what the stale watch already gave (taken once) and what it missed.
        server.expect()
                .get()
                .withPath("/api/v1/namespaces/pier-x/events")
                .andReturn(
                        200,
                        new EventListBuilder()
                                .withNewMetadata()
                                .withResourceVersion("7")
                                .endMetadata()
                                .addToItems(scheduled, pulled, started)
                                .build())
                .once();
        server.expect()
                .get()
                .withPath("/api/v1/namespaces/pier-x/events?allowWatchBookmarks=true&resourceVersion=7&watch=true")
                .andUpgradeToWebSocket()
                .open()
                .waitFor(20)
                .andEmit(new WatchEvent(backoff, "ADDED"))
                .done()
                .once();

        RingLog<LeaseEvent> ring = new RingLog<>(100);
        ExecutorService relister = Executors.newSingleThreadExecutor();
        try (NamespaceEventFollower follower = new NamespaceEventFollower(client, "pier-x", ring, relister)) {
            follower.start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (ring.lastSeq() < 4 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(ring.readAfter(0, 100, e -> true))
                    .extracting(LeaseEvent::type)
                    .containsExactly("scheduled", "pulled", "started", "backoff");
            assertThat(ring.readAfter(0, 100, e -> true))
                    .allSatisfy(e -> assertThat(e.service()).isEqualTo("web"));
            assertThat(follower.lists())
                    .as("one list at the start, one after the 410")
                    .isEqualTo(2);
        } finally {
            relister.shutdownNow();
        }
    }
}
