#!/usr/bin/env bash
# Server heap per open Logs tab: Chromium tabs on a flooding deployment's Status tab, then on its Logs tab; the heap
# used after full GCs, before and after, divided by the tabs.
# Usage: bench/log-tab-heap.sh [tabs, default 4] [seconds on the Logs tab, default 20] [lines/s, default 0: a flood]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -Pbench test-compile
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
java -Xmx2g -Dpty4j.tmpdir=target/pty4j -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  dev.pier.e2e.LogTabHeapBenchmark "${1:-4}" "${2:-20}" "${3:-0}"
