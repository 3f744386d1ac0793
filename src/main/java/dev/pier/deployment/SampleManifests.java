package dev.pier.deployment;

import java.util.LinkedHashMap;
import java.util.Map;

/** Manifests offered in the new-deployment form, each one that runs on the local runtime as it is. */
public final class SampleManifests {

    public static final Map<String, String> ALL = new LinkedHashMap<>();

    static {
        ALL.put("Hello ticker", """
                version: "1"
                services:
                  ticker:
                    command: ["sh", "-c", "i=0; while true; do echo \\"hello $i\\"; i=$((i+1)); sleep 1; done"]
                """);
        ALL.put("Static web server", """
                version: "1"
                services:
                  web:
                    image: python:3.12-slim
                    command: ["sh", "-c", "echo '<h1>Hello from Pier</h1>' > index.html && exec python3 -m http.server $PORT_8080"]
                    expose:
                      - port: 8080
                        as: 80
                """);
        ALL.put("Web and worker", """
                version: "1"
                services:
                  web:
                    command: ["sh", "-c", "exec python3 -m http.server $PORT_8080"]
                    expose:
                      - port: 8080
                  worker:
                    command: ["sh", "-c", "n=0; while true; do n=$((n+1)); echo \\"$SERVICE-$REPLICA working on job $n\\"; sleep 2; done"]
                    env:
                      - QUEUE=default
                    count: 2
                """);
    }

    private SampleManifests() {
    }
}
