#!/usr/bin/env bash
# The browser's own floor for a network echo (no Pier, no xterm): keydown -> loopback WebSocket echo -> DOM,
# written at once and on the next animation frame. Explains the keystroke figures of bench/browser.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q test-compile
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
cp="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
echo "written at once:";          java -cp "$cp" dev.pier.e2e.EchoFloorProbe
echo "written on the next frame:"; java -cp "$cp" dev.pier.e2e.EchoFloorProbe raf
