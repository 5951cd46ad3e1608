#!/usr/bin/env bash
# What validating portal writes against the IG costs, and that reads do not pay for it.
#
#   bench/validation-bench.sh [--threads N] [--warmup SEC] [--duration SEC] [--jar PATH] [--results FILE] [--note TEXT]
#
# Starts the server twice in one run, the same jar with every portal feature on, once with IG validation of
# portal writes off (--portal.ig.validation.enabled=false) and once on (the default), each on a fresh H2 data
# directory, as bin/fhir-portal starts it. Against each: secure messages that declare the IG's PortalMessage
# profile are written by a backend client (system/*.cruds) for the warm-up and the measured time, then read back
# by id. It records throughput, latency and the server's CPU time per request, and puts the table into the
# "Validation cost per write" section of bench/RESULTS.md. The difference in CPU per write is the validation
# cost per resource. See bench/README.md.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

THREADS=4
WARMUP=10
DURATION=30
JAR="$REPO_DIR/hapi-server/target/hapi-server.jar"
RESULTS="$BENCH_DIR/RESULTS.md"
NOTE=""
SERVER_OPTS="${BENCH_SERVER_OPTS:--Xmx2g}"
COMMAND="bench/validation-bench.sh$(printf ' %q' "$@")"
while (( $# )); do
  case "$1" in
    --threads) THREADS="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --jar) JAR="$2"; shift 2 ;;
    --results) RESULTS="$2"; shift 2 ;;
    --note) NOTE="$2"; shift 2 ;;
    *) die "unknown option $1 (see the header of $0)" ;;
  esac
done
[[ -f "$JAR" ]] || die "no server jar at $JAR: build it with mvn -q -B package -DskipTests"

RUN_DIR="$WORK_DIR/validation-runs/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$RUN_DIR"
cp "$JAR" "$RUN_DIR/hapi-server.jar"
SECRET="$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 48)"
SERVER_PID=""
cleanup() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf -- "$RUN_DIR"/data-* "$RUN_DIR/app"
}
trap cleanup EXIT

log "preparing the class-data-sharing archive"
FHIR_PORTAL_JAR="$RUN_DIR/hapi-server.jar" FHIR_PORTAL_APP_DIR="$RUN_DIR/app" "$REPO_DIR/bin/fhir-portal" --prepare
mkdir -p "$WORK_DIR/classes"
javac -nowarn -d "$WORK_DIR/classes" "$BENCH_DIR/src/WriteBench.java"
writebench() { java -cp "$WORK_DIR/classes" WriteBench "$@"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }
prop() { sed -n "s/^$2=//p" "$1"; }
LOAD_START=$(loadavg)

declare -A ROW
for config in off on; do
  PORT=$(free_port)
  enabled=$([[ "$config" == on ]] && echo true || echo false)
  log "validation $config: starting the server on port $PORT"
  SMART_AUTH_ADMIN_CLIENT_SECRET="$SECRET" FHIR_PORTAL_JAR="$RUN_DIR/hapi-server.jar" FHIR_PORTAL_APP_DIR="$RUN_DIR/app" \
    JAVA_OPTS="$SERVER_OPTS" "$REPO_DIR/bin/fhir-portal" --server.port="$PORT" --server.address=127.0.0.1 \
    --portal.data-dir="$RUN_DIR/data-$config" --portal.ig.validation.enabled="$enabled" \
    --smart.auth.access-token-ttl=PT1H > "$RUN_DIR/server-$config.log" 2>&1 &
  SERVER_PID=$!
  deadline=$((SECONDS + ${BENCH_STARTUP_TIMEOUT:-600}))
  wait_healthy "$PORT" "$SERVER_PID" "$RUN_DIR/server-$config.log" "$deadline"
  if [[ "$config" == on ]]; then
    # the validator warms up in the background after start-up; measure the warm validator, as users meet it
    until grep -q "Portal write validation warmed up" "$RUN_DIR/server-$config.log"; do
      (( SECONDS < deadline )) || die "validation did not warm up in time"
      sleep 1
    done
  fi
  TOKEN=$(curl -fs -u "portal-admin:$SECRET" -d grant_type=client_credentials -d 'scope=system/*.cruds' \
    "http://127.0.0.1:$PORT/oauth2/token" | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
  BASE="http://127.0.0.1:$PORT/fhir"
  writebench setup --base "$BASE" --token "$TOKEN" --out "$RUN_DIR/setup-$config.properties"
  c0=$(cpu_ticks)
  writebench write --base "$BASE" --token "$TOKEN" --in "$RUN_DIR/setup-$config.properties" --threads "$THREADS" \
    --warmup "$WARMUP" --duration "$DURATION" --out "$RUN_DIR/write-$config.properties"
  c1=$(cpu_ticks)
  writebench read --base "$BASE" --token "$TOKEN" --in "$RUN_DIR/write-$config.properties" --threads "$THREADS" \
    --warmup 5 --duration "$DURATION" --out "$RUN_DIR/read-$config.properties"
  c2=$(cpu_ticks)
  hz=$(getconf CLK_TCK)
  for phase in write read; do
    f="$RUN_DIR/$phase-$config.properties"
    ticks=$([[ "$phase" == write ]] && echo $((c1 - c0)) || echo $((c2 - c1)))
    ROW[$phase-$config-rate]=$(prop "$f" per_second)
    ROW[$phase-$config-p50]=$(prop "$f" p50_ms)
    ROW[$phase-$config-p99]=$(prop "$f" p99_ms)
    ROW[$phase-$config-cpu]=$(awk -v t="$ticks" -v n="$(prop "$f" all_requests)" -v hz="$hz" 'BEGIN { printf "%.2f", t * 1000 / hz / n }')
  done
  kill -TERM "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
done
LOAD_END=$(loadavg)

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.2f", a / b }'; }
diff_ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.2f", a - b }'; }
TABLE="| | validation off | validation on | on / off | on − off |
| --- | --- | --- | --- | --- |
| portal writes (PortalMessage), per s | ${ROW[write-off-rate]} | ${ROW[write-on-rate]} | $(ratio "${ROW[write-on-rate]}" "${ROW[write-off-rate]}") | |
| write latency p50 (ms) | ${ROW[write-off-p50]} | ${ROW[write-on-p50]} | | $(diff_ms "${ROW[write-on-p50]}" "${ROW[write-off-p50]}") |
| write latency p99 (ms) | ${ROW[write-off-p99]} | ${ROW[write-on-p99]} | | $(diff_ms "${ROW[write-on-p99]}" "${ROW[write-off-p99]}") |
| **server CPU per write (ms)** | ${ROW[write-off-cpu]} | ${ROW[write-on-cpu]} | $(ratio "${ROW[write-on-cpu]}" "${ROW[write-off-cpu]}") | **$(diff_ms "${ROW[write-on-cpu]}" "${ROW[write-off-cpu]}")** |
| reads by id of those messages, per s | ${ROW[read-off-rate]} | ${ROW[read-on-rate]} | $(ratio "${ROW[read-on-rate]}" "${ROW[read-off-rate]}") | |
| read latency p50 / p99 (ms) | ${ROW[read-off-p50]} / ${ROW[read-off-p99]} | ${ROW[read-on-p50]} / ${ROW[read-on-p99]} | | |
| server CPU per read (ms) | ${ROW[read-off-cpu]} | ${ROW[read-on-cpu]} | $(ratio "${ROW[read-on-cpu]}" "${ROW[read-off-cpu]}") | $(diff_ms "${ROW[read-on-cpu]}" "${ROW[read-off-cpu]}") |"
SECTION="## Validation cost per write (bench/validation-bench.sh)

Run of $(date -u '+%Y-%m-%d %H:%M:%S') UTC: \`$COMMAND\`, git commit $(git -C "$REPO_DIR" rev-parse --short HEAD), $(nproc) cores,
H2, every portal feature on in both servers (access control, audit, workflows), $THREADS client threads, warm-up
$WARMUP s, measured $DURATION s per phase, server $SERVER_OPTS started by bin/fhir-portal; load average at start
$LOAD_START, at end $LOAD_END. Server CPU per request covers the warm-up and the measured phase. Note: ${NOTE:-none}.

$TABLE
"
echo "$TABLE"
# Replace the section if RESULTS.md has it, else put it before the first second-level heading.
SECTION="$SECTION" awk '
  BEGIN { done = 0; skipping = 0; section = ENVIRON["SECTION"] }
  /^## Validation cost per write/ { if (!done) { print section; done = 1 } skipping = 1; next }
  /^## / { if (skipping) skipping = 0; if (!done) { print section; done = 1 } }
  !skipping { print }
  END { if (!done) print section }
' "$RESULTS" > "$RESULTS.tmp" && mv "$RESULTS.tmp" "$RESULTS"
log "results in $RESULTS (section 'Validation cost per write'); raw figures in $RUN_DIR"
