#!/usr/bin/env bash
# Start-up of the production jar to readiness (GET /actuator/health/readiness answers UP), three ways: the fat jar as
# built, the jar extracted (java -Djarmode=tools ... extract), and extracted with a class-data-sharing archive made by
# one training start (-XX:ArchiveClassesAtExit with spring.context.exit=onRefresh). Each is started N times on a fresh
# data directory (first administrator, migrations, embedded provider); prints min / median / max seconds and the RSS.
# Usage: bench/startup.sh [starts per way, default 3]; PIER_MVN_OFFLINE=1 builds with -o.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
./mvnw -B -q ${PIER_MVN_OFFLINE:+-o} package -DskipTests
jar=$(ls target/pier-*.jar | grep -v -- '-plain' | head -1)
work="$(pwd)/target/startup-bench"
rm -rf "$work" && mkdir -p "$work"
java -Djarmode=tools -jar "$jar" extract --destination "$work/app" >/dev/null
extracted="$work/app/$(basename "$jar")"
port=$((20000 + RANDOM % 20000))
common=(--server.port=$port --pier.provider-port=0 --pier.admin.password=startup-benchmark-password)
java -XX:ArchiveClassesAtExit="$work/app.jsa" -Dspring.context.exit=onRefresh -jar "$extracted" "${common[@]}" \
  --pier.data-dir="$work/training" >"$work/training.log" 2>&1 || true

start_once() { # prints "seconds rss_mib"
  rm -rf "$work/data"
  local t0 pid t1 rss
  t0=$(date +%s%N)
  java -Xmx1g "$@" "${common[@]}" --pier.data-dir="$work/data" >"$work/run.log" 2>&1 &
  pid=$!
  until curl -fs "localhost:$port/actuator/health/readiness" 2>/dev/null | grep -q UP; do
    kill -0 $pid 2>/dev/null || { echo "the console did not start; see $work/run.log" >&2; exit 1; }
    sleep 0.1
  done
  t1=$(date +%s%N)
  sleep 5
  rss=$(awk '/VmRSS/ {print int($2/1024)}' /proc/$pid/status)
  kill $pid && wait $pid 2>/dev/null || true
  echo "$(( (t1 - t0) / 1000000 ))" "$rss"
}

report() { # name, then the java arguments
  local name=$1; shift
  local times=() rsss=()
  for _ in $(seq "$runs"); do
    read -r ms rss < <(start_once "$@")
    times+=("$ms"); rsss+=("$rss")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v name="$name" -v rss="$(printf '%s\n' "${rsss[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")" \
    '{ t[NR] = $1 } END { printf "| %s | %.1f | %.1f | %.1f | %d MiB |\n", name, t[1]/1000, t[int((NR+1)/2)]/1000, t[NR]/1000, rss }'
}

echo "| launch -> readiness UP, s | min | median | max | RSS after 5 s (median) |"
echo "|---|---|---|---|---|"
report "java -jar pier.jar (as built)" -jar "$jar"
report "extracted jar" -jar "$extracted"
report "extracted jar + CDS archive" -XX:SharedArchiveFile="$work/app.jsa" -jar "$extracted"
