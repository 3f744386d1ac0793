#!/usr/bin/env bash
# Two consoles on one PostgreSQL: a cold single flight of 200 callers across both (one generation under the JDBC lock),
# the same on one console, and a cached ensureToken (the figures in docs/benchmarks.md).
# Usage: PIER_TEST_POSTGRES_URL=jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres bench/cluster-token.sh [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
: "${PIER_TEST_POSTGRES_URL:?set PIER_TEST_POSTGRES_URL to a PostgreSQL the benchmark may make a schema in}"
./mvnw -B -q -Pbench test-compile
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
java -Xmx1g -Dpty4j.tmpdir=target/pty4j -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  dev.pier.cluster.ClusterTokenBenchmark "$PIER_TEST_POSTGRES_URL" "${1:-20}"
