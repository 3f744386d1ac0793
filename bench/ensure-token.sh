#!/usr/bin/env bash
# JMH: the cached path of ProviderCredentials.ensureToken with 2 threads (the figure in docs/benchmarks.md).
# Usage: bench/ensure-token.sh [extra JMH options]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -Pbench test-compile -Dvaadin.skip=true
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" org.openjdk.jmh.Main \
  'dev.pier.credentials.EnsureTokenBenchmark' -t 2 -f 1 -wi 3 -w 2s -i 5 -r 2s "$@"
