#!/usr/bin/env bash
# JMH: JSON, ES256K signing and password checks with the default JIT (C1 then C2) and with C1 only
# (-XX:TieredStopAtLevel=1), the price of README's fastest start. Usage: bench/jit-tiers.sh [extra JMH options]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q ${PIER_MVN_OFFLINE:+-o} -Pbench test-compile -Dvaadin.skip=true
./mvnw -B -q ${PIER_MVN_OFFLINE:+-o} dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
cp="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
for jit in "" "-XX:TieredStopAtLevel=1"; do
  echo "== JIT: ${jit:-default (C1 + C2)}"
  java -cp "$cp" org.openjdk.jmh.Main 'dev.pier.capacity.JitTierBenchmark' -f 2 -wi 3 -w 3s -i 5 -r 2s \
    ${jit:+-jvmArgsAppend "$jit"} "$@"
done
