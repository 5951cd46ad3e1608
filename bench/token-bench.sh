#!/usr/bin/env bash
# Token endpoint throughput: client_credentials with a client secret (SMART Backend Services, symmetric).
#
#   bench/token-bench.sh [--threads N] [--warmup SEC] [--duration SEC] [--scope SCOPE] [--jar PATH]
#                        [--db h2|postgres] [--results FILE] [--note TEXT]
#
# Starts the server jar on a fresh H2 data directory (or a throw-away PostgreSQL database) and a free loopback
# port, with a random admin client secret, runs bench/src/TokenBench.java against /oauth2/token, stops the server
# and writes the figures into the "Token endpoint" section of bench/RESULTS.md. See bench/README.md.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

THREADS=8
WARMUP=10
DURATION=20
SCOPE='system/*.rs'
JAR="$REPO_DIR/hapi-server/target/hapi-server.jar"
DB=h2
RESULTS="$BENCH_DIR/RESULTS.md"
NOTE=""
SERVER_OPTS="${BENCH_SERVER_OPTS:--Xmx2g}"
PG_HOST="${BENCH_PG_HOST:-127.0.0.1}"
PG_PORT="${BENCH_PG_PORT:-5432}"
PG_USER="${BENCH_PG_USER:-postgres}"
COMMAND="bench/token-bench.sh$(printf ' %q' "$@")"
while (( $# )); do
  case "$1" in
    --threads) THREADS="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --scope) SCOPE="$2"; shift 2 ;;
    --jar) JAR="$2"; shift 2 ;;
    --db) DB="$2"; shift 2 ;;
    --results) RESULTS="$2"; shift 2 ;;
    --note) NOTE="$2"; shift 2 ;;
    *) die "unknown option $1 (see the header of $0)" ;;
  esac
done
[[ -f "$JAR" ]] || die "no server jar at $JAR: build it with mvn -q -B package -DskipTests"

RUN_DIR="$WORK_DIR/token-runs/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$RUN_DIR"
SECRET="$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 48)"
PORT=$(free_port)
SERVER_PID=""
PG_DB=""
cleanup() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf -- "$RUN_DIR/data"
  if [[ -n "$PG_DB" ]]; then
    psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -qc "drop database if exists $PG_DB with (force)" >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT

# no background validation of the IG examples: it would share the CPU with the token requests
args=(--server.port="$PORT" --server.address=127.0.0.1 --portal.data-dir="$RUN_DIR/data" --portal.ig.validation.warm-up=false)
if [[ "$DB" == postgres ]]; then
  PG_DB="token_bench_$$"
  psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -qc "create database $PG_DB" >/dev/null
  args+=(--spring.profiles.active=postgres --spring.datasource.url="jdbc:postgresql://$PG_HOST:$PG_PORT/$PG_DB" --spring.datasource.username="$PG_USER")
fi
log "starting the server on port $PORT ($DB)"
# shellcheck disable=SC2086
SMART_AUTH_ADMIN_CLIENT_SECRET="$SECRET" java $SERVER_OPTS -jar "$JAR" "${args[@]}" > "$RUN_DIR/server.log" 2>&1 &
SERVER_PID=$!
deadline=$((SECONDS + ${BENCH_STARTUP_TIMEOUT:-600}))
wait_healthy "$PORT" "$SERVER_PID" "$RUN_DIR/server.log" "$deadline"

mkdir -p "$WORK_DIR/classes"
javac -nowarn -d "$WORK_DIR/classes" "$BENCH_DIR/src/TokenBench.java"
LOAD_START=$(loadavg)
CPU0=$(awk '{print $14 + $15}' "/proc/$SERVER_PID/stat")
java -cp "$WORK_DIR/classes" TokenBench --base "http://127.0.0.1:$PORT" --client-id portal-admin --client-secret "$SECRET" \
  --scope "$SCOPE" --threads "$THREADS" --warmup "$WARMUP" --duration "$DURATION" --out "$RUN_DIR/figures.properties"
CPU1=$(awk '{print $14 + $15}' "/proc/$SERVER_PID/stat")
LOAD_END=$(loadavg)
TOKENS=$(sed -n 's/^tokens=//p' "$RUN_DIR/figures.properties")
WARM_TOKENS=$(sed -n 's/^warmup_tokens=//p' "$RUN_DIR/figures.properties")
CPU_MS=$(awk -v t="$((CPU1 - CPU0))" -v n="$((TOKENS + WARM_TOKENS + 1))" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", t * 1000 / hz / n }')
CONTEXT="| | |
| --- | --- |
| command | \`$COMMAND\` |
| git commit | $(git -C "$REPO_DIR" rev-parse --short HEAD) |
| machine | $(nproc) cores, $(awk '/MemTotal/ { printf "%d GiB", $2 / 1048576 }' /proc/meminfo), $(uname -sr) |
| java | $(java -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.runtime.version = //p') |
| database | $DB |
| load average (1/5/15 min) | at start $LOAD_START; at end $LOAD_END |
| server CPU per token (ms) | $CPU_MS (warm-up and measured phase) |
| note | ${NOTE:-none} |"
java -cp "$WORK_DIR/classes" TokenBench --from "$RUN_DIR/figures.properties" --md "$RESULTS" \
  --title "Run of $(date -u '+%Y-%m-%d %H:%M:%S') UTC" --context "$CONTEXT"
