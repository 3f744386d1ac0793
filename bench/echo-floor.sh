#!/usr/bin/env bash
# The browser's own floor for a network echo (no Pier, no xterm): keydown -> loopback WebSocket echo -> a div, with
# the socket on the page (written at once, or on the next animation frame as a terminal renderer does), with
# Chromium's deferral of tasks after input switched off (to show it is the cause), and with the socket in a worker
# read through shared memory (what Pier's terminal does). Explains the keystroke figures of bench/browser.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -Pbench test-compile
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
cp="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
java -cp "$cp" dev.pier.e2e.EchoFloorProbe main
java -cp "$cp" dev.pier.e2e.EchoFloorProbe main-frame
java -cp "$cp" dev.pier.e2e.EchoFloorProbe main --disable-features=DeferRendererTasksAfterInput
java -cp "$cp" dev.pier.e2e.EchoFloorProbe worker-shared
