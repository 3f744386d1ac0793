#!/usr/bin/env bash
# Capacity of one console (issue 16): the production jar with a 1 GiB heap and its embedded provider, driven over HTTP
# and WebSocket by protocol-level sessions (Vaadin's UIDL and push, Pier's terminal socket) and Chromium for one tab.
# Usage: bench/capacity.sh [phases, default idle,streams,browser,rotation] [runs, default 3] [idle levels, default 50,200,500]
#        [Logs+Shell levels, default 50,100,200]
# CAPACITY_LOAD_MICROS is the load deployment's pause between log lines (3000000000: idle streams).
# CAPACITY_JVM adds options to Pier's JVM (e.g. "-XX:+FlightRecorder ..."); PIER_MVN_OFFLINE=1 builds with -o.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn_args=(-B -q ${PIER_MVN_OFFLINE:+-o})
./mvnw "${mvn_args[@]}" package -DskipTests
./mvnw "${mvn_args[@]}" -Pbench test-compile
./mvnw "${mvn_args[@]}" dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
jar=$(ls target/pier-*.jar | grep -v -- '-plain' | head -1)
java -Xmx2g -Dcapacity.jvm="${CAPACITY_JVM:-}" -Dcapacity.loadMicros="${CAPACITY_LOAD_MICROS:-500000}" \
  -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  dev.pier.capacity.CapacityBenchmark "$jar" "${1:-idle,streams,browser,rotation}" "${2:-3}" "${3:-50,200,500}" "${4:-50,100,200}"
