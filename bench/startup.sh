#!/usr/bin/env bash
# Start-up of the production jar to readiness (GET /actuator/health/readiness answers UP), five ways: the fat jar as
# built, the jar extracted (java -Djarmode=tools ... extract), extracted with a class-data-sharing archive made by one
# training start (-XX:ArchiveClassesAtExit with spring.context.exit=onRefresh), then the same with the Spring AOT
# initializers (the jar is built with -Paot; -Dspring.aot.enabled=true, its own archive), and that with C1 only
# (-XX:TieredStopAtLevel=1). The ways are started in turn, N rounds, each on a fresh data directory (first administrator,
# migrations, embedded provider), so that a shared machine's load falls on all alike; prints min / median / max seconds,
# the median CPU-seconds (user + sys) the JVM had used when ready, and the RSS.
# Usage: bench/startup.sh [starts per way, default 3]; PIER_MVN_OFFLINE=1 builds with -o.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
./mvnw -B -q ${PIER_MVN_OFFLINE:+-o} -Paot package -DskipTests
jar=$(ls target/pier-*.jar | grep -v -- '-plain' | head -1)
work="$(pwd)/target/startup-bench"
rm -rf "$work" && mkdir -p "$work"
java -Djarmode=tools -jar "$jar" extract --destination "$work/app" >/dev/null
extracted="$work/app/$(basename "$jar")"
port=$((20000 + RANDOM % 20000))
common=(--server.port=$port --pier.provider-port=0 --pier.admin.password=startup-benchmark-password)
java -XX:ArchiveClassesAtExit="$work/app.jsa" -Dspring.context.exit=onRefresh -jar "$extracted" "${common[@]}" \
  --pier.data-dir="$work/training" >"$work/training.log" 2>&1 || true
rm -rf "$work/training"
java -XX:ArchiveClassesAtExit="$work/app-aot.jsa" -Dspring.aot.enabled=true -Dspring.context.exit=onRefresh \
  -jar "$extracted" "${common[@]}" --pier.data-dir="$work/training" >"$work/training-aot.log" 2>&1 || true

start_once() { # prints "milliseconds cpu_centiseconds rss_mib"
  rm -rf "$work/data"
  local t0 pid t1 rss
  t0=$(date +%s%N)
  java -Xmx1g "$@" "${common[@]}" --pier.data-dir="$work/data" >"$work/run.log" 2>&1 &
  pid=$!
  until curl -fs "localhost:$port/actuator/health/readiness" 2>/dev/null | grep -q UP; do
    if ! kill -0 $pid 2>/dev/null; then
      # Counted as a failed start (not a time); its log is kept.
      cp "$work/run.log" "$work/failed-$(date +%s).log"
      echo "the console did not start; see $work/failed-*.log" >&2
      echo "fail"
      return
    fi
    sleep 0.1
  done
  t1=$(date +%s%N)
  cpu=$(awk '{print $14 + $15}' /proc/$pid/stat)
  sleep 5
  rss=$(awk '/VmRSS/ {print int($2/1024)}' /proc/$pid/status)
  kill $pid && wait $pid 2>/dev/null || true
  echo "$(( (t1 - t0) / 1000000 ))" "$cpu" "$rss"
}

ways=(
  "java -jar pier.jar (as built)|-jar $jar"
  "extracted jar|-jar $extracted"
  "extracted jar + CDS archive|-XX:SharedArchiveFile=$work/app.jsa -jar $extracted"
  "extracted + CDS + Spring AOT|-XX:SharedArchiveFile=$work/app-aot.jsa -Dspring.aot.enabled=true -jar $extracted"
  "extracted + CDS + Spring AOT + C1 only|-XX:TieredStopAtLevel=1 -XX:SharedArchiveFile=$work/app-aot.jsa -Dspring.aot.enabled=true -jar $extracted"
)
: >"$work/results"
for round in $(seq "$runs"); do
  for i in "${!ways[@]}"; do
    read -r -a args <<<"${ways[$i]#*|}"
    echo "$i $(start_once "${args[@]}")" >>"$work/results"
  done
done

echo "| launch -> readiness UP, s | min | median | max | CPU-s when ready (median) | RSS after 5 s (median) |"
echo "|---|---|---|---|---|---|"
for i in "${!ways[@]}"; do
  awk -v i="$i" -v name="${ways[$i]%%|*}" '$1 == i && $2 == "fail" { failed++; next }
    $1 == i { t[++n] = $2; c[n] = $3; r[n] = $4 }
    function median(a,   k, j, x) { for (k = 2; k <= n; k++) { x = a[k]; for (j = k - 1; j > 0 && a[j] > x; j--) a[j + 1] = a[j]; a[j + 1] = x }
      return a[int((n + 1) / 2)] }
    END { if (failed) name = name " (" failed " failed start(s), logs kept)"
      if (!n) { printf "| %s | | | | | |\n", name; exit }
      m = median(c); q = median(r); median(t)
      printf "| %s | %.1f | %.1f | %.1f | %.1f | %d MiB |\n", name, t[1] / 1000, t[int((n + 1) / 2)] / 1000, t[n] / 1000, m / 100, q }' "$work/results"
done
