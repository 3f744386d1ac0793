package dev.pier.deployment;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Manifests offered in the new-deployment form. They name real public images; an offline provider needs them loaded
 * first (README, "Images"). Each also runs on a provider without containers, where only the command counts.
 */
public final class SampleManifests {

    public static final Map<String, String> ALL = new LinkedHashMap<>();

    static {
        ALL.put("Hello ticker", """
                version: "1"
                services:
                  ticker:
                    image: docker.io/library/busybox:1.36
                    command: ["sh", "-c", "i=0; while true; do echo \\"hello $i\\"; i=$((i+1)); sleep 1; done"]
                """);
        ALL.put("Static web server", """
                version: "1"
                services:
                  web:
                    image: docker.io/library/python:3.12-slim
                    command:
                      - sh
                      - -c
                      - >-
                        cd /tmp && echo '<h1>Hello from Pier</h1>' > index.html
                        && exec python3 -m http.server $PORT_8080
                    expose:
                      - port: 8080
                        as: 80
                    resources:
                      cpu: 0.5
                      memory: 256Mi
                      storage: 256Mi
                """);
        ALL.put("Web and worker", """
                version: "1"
                services:
                  web:
                    image: docker.io/library/python:3.12-slim
                    command: ["sh", "-c", "cd /tmp && exec python3 -m http.server $PORT_8080"]
                    expose:
                      - port: 8080
                  worker:
                    image: docker.io/library/busybox:1.36
                    command:
                      - sh
                      - -c
                      - >-
                        n=0; while true; do n=$((n+1));
                        echo "$SERVICE-$REPLICA working on job $n"; sleep 2; done
                    env:
                      - QUEUE=default
                    count: 2
                """);
    }

    private SampleManifests() {}
}
