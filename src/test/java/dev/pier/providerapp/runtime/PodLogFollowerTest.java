package dev.pier.providerapp.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.shared.LogLine;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodListBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A pod's log followed into the ring: a follow the API server ends is opened again from the last line's time, and the
 * ring holds every line once, in order (fabric8's mock API server answers the two follows).
 */
@EnableKubernetesMockClient
class PodLogFollowerTest {

    static KubernetesMockServer server;
    static KubernetesClient client;

    @Test
    void a_dropped_follow_resumes_with_no_gap_and_no_duplicate() throws IOException {
        // fabric8 waits for the pod to be ready before following: it lists it first.
        server.expect()
                .get()
                .withPath("/api/v1/namespaces/pier-x/pods?fieldSelector=metadata.name%3Dweb-a")
                .andReturn(
                        200,
                        new PodListBuilder()
                                .addToItems(new PodBuilder()
                                        .withNewMetadata()
                                        .withName("web-a")
                                        .withNamespace("pier-x")
                                        .endMetadata()
                                        .withNewStatus()
                                        .withPhase("Running")
                                        .endStatus()
                                        .build())
                                .build())
                .always();
        // The first follow sends three lines (two in the same nanosecond) and ends, as a dropped connection does.
        server.expect()
                .get()
                .withPath("/api/v1/namespaces/pier-x/pods/web-a/log?pretty=false&container=web&timestamps=true"
                        + "&follow=true")
                .andReturn(
                        200,
                        "2026-12-02T10:00:00.000000001Z one\n"
                                + "2026-12-02T10:00:01.000000002Z tick\n"
                                + "2026-12-02T10:00:01.000000002Z tick\n")
                .once();
        // Opened again from the last line's time, the server repeats that instant's lines, then goes on.
        server.expect()
                .get()
                .withPath("/api/v1/namespaces/pier-x/pods/web-a/log?pretty=false&container=web"
                        + "&sinceTime=2026-12-02T10:00:01.000000002Z&timestamps=true&follow=true")
                .andReturn(
                        200,
                        "2026-12-02T10:00:01.000000002Z tick\n"
                                + "2026-12-02T10:00:01.000000002Z tick\n"
                                + "2026-12-02T10:00:02.000000003Z two\n")
                .once();
        RingLog<LogLine> ring = new RingLog<>(100);
        PodLogFollower follower = new PodLogFollower(client, "pier-x", "web-a", "web", 0, ring, Duration.ofMillis(10));

        follower.followOnce();
        follower.followOnce();

        assertThat(ring.readAfter(0, 100, l -> true))
                .extracting(LogLine::seq, LogLine::message)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1L, "one"),
                        org.assertj.core.groups.Tuple.tuple(2L, "tick"),
                        org.assertj.core.groups.Tuple.tuple(3L, "tick"),
                        org.assertj.core.groups.Tuple.tuple(4L, "two"));
        assertThat(ring.readAfter(2, 100, l -> true))
                .as("after=2 resumes where the reader stopped")
                .extracting(LogLine::message)
                .containsExactly("tick", "two");
    }
}
