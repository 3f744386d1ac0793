#!/usr/bin/env bash
# Provider-side figures: log lines/s over the logs WebSocket on loopback, and shell echo round trip at the provider.
# Also: container start (manifest PUT) to the first log line over the logs WebSocket, on fresh leases.
# Usage: bench/provider.sh [seconds of log flood, default 10]; PIER_BENCH_RUNTIME=process for plain processes
# (default auto: podman containers where podman works).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -Pbench test-compile
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
java -Xmx1g -Dpty4j.tmpdir=target/pty4j -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  dev.pier.providerapp.gateway.ProviderBenchmark "${1:-10}"
