#!/usr/bin/env bash
# Pier's own overhead on a cluster: manifest sent -> all replicas ready in the provider's status, and close -> namespace
# gone, on fabric8's mock API server (a stand-in kubelet starts pods at once). Usage: bench/kubernetes-ready.sh [leases,
# default 30]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -Pbench test-compile
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
java -Xmx1g -Dpty4j.tmpdir=target/pty4j -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  dev.pier.providerapp.gateway.KubernetesReadyBenchmark "${1:-30}"
