#!/usr/bin/env bash
# Browser figures in Debian's Chromium: keystroke-to-echo (Pier's shell and two baselines), time to the first log
# line, and log lines/s rendered during a flood.
# Usage: bench/browser.sh [keystrokes per path, default 200] [seconds of log flood, default 10]
# BENCH_KEYUP=after-echo releases each key only after its echo is seen (as a typist does) instead of at once.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -Pbench test-compile
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
java -Xmx2g -Dpty4j.tmpdir=target/pty4j -Dbench.keyup="${BENCH_KEYUP:-immediate}" -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  dev.pier.e2e.BrowserBenchmark "${1:-200}" "${2:-10}"
