#!/usr/bin/env bash
# The load harness: portal server vs plain HAPI FHIR baseline, on H2 and/or PostgreSQL, in one run.
#
#   bench/run.sh [--db h2|postgres|both] [--patients N] [--seed S] [--duration SEC] [--warmup SEC]
#                [--threads N] [--configs "baseline portal no-access no-audit no-access-audit h2-write-delay"] [--rounds N] [--rounds-warmup SEC]
#                [--jar PATH] [--header "Name: value"]... [--results FILE] [--note TEXT] [--plain-jar]
#
# For each database and each configuration (baseline first, then portal), on a fresh H2 data directory or a
# fresh PostgreSQL database and a free loopback port: start the server and time it to healthy (empty DB),
# ingest the Synthea bundles, wait until the server is idle, measure read-by-id and patient-scoped search, stop it, start it again and time
# it to healthy (loaded DB), stop it. With --rounds N (N > 1) every configuration of a database is started and
# loaded first, each gets SEC s of read load and SEC/2 s of search load to bring its JIT to its steady state (not
# measured), and read and search are then measured in N interleaved rounds (each round visits every server, in
# a rotating order), so that a slow minute of the shared machine falls on all configurations alike; the table
# gives the medians and the median of the per-round ratios. Then print the table and put it at the top of
# bench/RESULTS.md (the previous runs move down under "History"). See bench/README.md.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

DB=both
PATIENTS=10
SEED=42
DURATION=20
WARMUP=5
THREADS=8
ROUNDS=1
ROUNDS_WARMUP=120
CONFIGS="baseline portal"
JAR=""
RESULTS="$BENCH_DIR/RESULTS.md"
HEADERS=()
NOTE=""
LAUNCH=launcher
SERVER_OPTS="${BENCH_SERVER_OPTS:--Xmx4g}"
STARTUP_TIMEOUT="${BENCH_STARTUP_TIMEOUT:-300}"
PG_HOST="${BENCH_PG_HOST:-127.0.0.1}"
PG_PORT="${BENCH_PG_PORT:-5432}"
PG_USER="${BENCH_PG_USER:-postgres}"
# The command as recorded in RESULTS.md, with header values (tokens) left out.
COMMAND="bench/run.sh"
prev=""
for a in "$@"; do
  if [[ "$prev" == --header ]]; then
    a="${a%%:*}: ..."
  fi
  COMMAND+=" $(printf '%q' "$a")"
  prev="$a"
done

usage() {
  sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
  exit "${1:-0}"
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --db) DB="$2"; shift 2 ;;
    --patients) PATIENTS="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --threads) THREADS="$2"; shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    --rounds-warmup) ROUNDS_WARMUP="$2"; shift 2 ;;
    --configs) CONFIGS="$2"; shift 2 ;;
    --jar) JAR="$2"; shift 2 ;;
    --header) HEADERS+=(--header "$2"); shift 2 ;;
    --results) RESULTS="$2"; shift 2 ;;
    --note) NOTE="$2"; shift 2 ;;
    --plain-jar) LAUNCH=plain; shift ;;
    -h|--help) usage 0 ;;
    *) echo "unknown option $1" >&2; usage 2 ;;
  esac
done

case "$DB" in
  h2) DBS=(h2) ;;
  postgres) DBS=(postgres) ;;
  both) DBS=(h2 postgres) ;;
  *) die "--db wants h2, postgres or both, got '$DB'" ;;
esac
for v in PATIENTS DURATION THREADS ROUNDS; do
  [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || die "--${v,,} wants a positive whole number, got '${!v}'"
done
[[ "$WARMUP" =~ ^[0-9]+$ ]] || die "--warmup wants a whole number, got '$WARMUP'"
[[ "$ROUNDS_WARMUP" =~ ^[0-9]+$ ]] || die "--rounds-warmup wants a whole number, got '$ROUNDS_WARMUP'"
# The server arguments of a configuration: the baseline profile, the full portal, or the portal with access control
# and/or the read audit switched off (issue 4 compares portal with no-access, issue 5 with no-access-audit).
config_args() {
  case "$1" in
    baseline | portal) ;;
    no-access) echo "--portal.access.enabled=false" ;;
    no-audit) echo "--portal.audit.enabled=false" ;;
    no-access-audit) printf '%s\n' --portal.access.enabled=false --portal.audit.enabled=false ;;
    h2-write-delay) echo "--portal.storage.h2-write-delay=500ms" ;;
    *) return 1 ;;
  esac
}
for c in $CONFIGS; do
  config_args "$c" >/dev/null || die "--configs takes baseline, portal, no-access, no-audit, no-access-audit and/or h2-write-delay, got '$c'"
done
for tool in java javac curl; do
  command -v "$tool" >/dev/null || die "$tool not found"
done
if [[ " ${DBS[*]} " == *" postgres "* ]]; then
  command -v psql >/dev/null || die "psql not found (needed for --db postgres)"
  psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -Atqc 'select 1' >/dev/null \
    || die "PostgreSQL does not answer on $PG_HOST:$PG_PORT as $PG_USER"
fi

T_START=$SECONDS
# A throw-away admin client secret for this run's servers (never recorded).
BENCH_ADMIN_SECRET="bench-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
CLK_TCK=$(getconf CLK_TCK 2>/dev/null || echo 100)
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
RUN_DIR="$WORK_DIR/runs/$STAMP"
mkdir -p "$RUN_DIR"
log "run directory $RUN_DIR"

# --------------------------------------------------------------------------------------------- clean-up

SERVER_PID=""
PG_DATABASES=()
STARTED_PIDS=()

# Stops the server SERVER_PID (SIGTERM, graceful; SIGKILL after 60 s).
stop_server() {
  [[ -n "$SERVER_PID" ]] || return 0
  if kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 600); do
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$SERVER_PID" 2>/dev/null; then
      log "server $SERVER_PID did not stop within 60 s: killing it"
      kill -KILL "$SERVER_PID" 2>/dev/null || true
    fi
  fi
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}

drop_pg() {
  psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -qc "drop database if exists $1 with (force)" \
    >/dev/null 2>&1 || log "could not drop PostgreSQL database $1"
}

cleanup() {
  for SERVER_PID in "${STARTED_PIDS[@]}"; do
    stop_server
  done
  if [[ -n "${RUN_DIR:-}" && -d "$RUN_DIR" ]]; then
    rm -rf -- "$RUN_DIR"/*-data
  fi
  for d in "${PG_DATABASES[@]}"; do
    drop_pg "$d"
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --------------------------------------------------------------------------------------------- the jar

copy_server_jar "$JAR" "$WORK_DIR/hapi-server.jar"
RUN_JAR="$WORK_DIR/hapi-server.jar"
# Servers start as the README's run command starts them (bin/fhir-portal: extracted jar and class-data-sharing
# archive), unless --plain-jar asks for `java -jar`. The archive is made here, before any timing.
if [[ "$LAUNCH" == launcher ]]; then
  log "preparing the class-data-sharing archive (bin/fhir-portal --prepare)"
  FHIR_PORTAL_JAR="$RUN_JAR" FHIR_PORTAL_APP_DIR="$WORK_DIR/app" "$REPO_DIR/bin/fhir-portal" --prepare \
    || die "bin/fhir-portal --prepare failed"
fi

# --------------------------------------------------------------------------------------------- data, client

DATA="$WORK_DIR/synthea/p${PATIENTS}-s${SEED}"
"$BENCH_DIR/synthea.sh" generate "$PATIENTS" "$SEED" "$DATA"
compile_client
BUNDLES=$(ls "$DATA"/fhir/*.json | wc -l)
DATA_MB=$(du -sm "$DATA/fhir" | cut -f1)

# --------------------------------------------------------------------------------------------- helpers

# start_server NAME DATA_DIR PROFILES [PG_DB] -> sets SERVER_PID, PORT and STARTUP_S; EXTRA_ARGS go to the server too.
# Start-up time is from the launch of the JVM to the first 200 of /actuator/health (polled every 0.1 s).
start_server() {
  local name="$1" datadir="$2" profiles="$3" pgdb="${4:-}" attempt
  for attempt in 1 2 3; do
    PORT=$(free_port)
    log "$name: starting on port $PORT (profiles: ${profiles:-default})"
    if try_start "$name" "$datadir" "$profiles" "$pgdb"; then
      return
    fi
    log "$name: port $PORT was taken meanwhile, trying another"
  done
  die "server ($name) could not get a free port"
}

try_start() {
  local name="$1" datadir="$2" profiles="$3" pgdb="$4"
  local args=(--server.port="$PORT" --server.address=127.0.0.1 --portal.data-dir="$datadir" --smart.auth.access-token-ttl=PT1H)
  # Synthea's patient bundles are whole histories, some over the default 10 MB and 1,000 entries: every configuration
  # gets the larger request limits that a deployment fed such bundles by its EHR would set.
  args+=(--portal.fhir.limits.max-request-size=256MB --portal.fhir.limits.max-bundle-entries=100000)
  [[ -n "$profiles" ]] && args+=(--spring.profiles.active="$profiles")
  args+=(${EXTRA_ARGS[@]+"${EXTRA_ARGS[@]}"})
  if [[ -n "$pgdb" ]]; then
    args+=(--spring.datasource.url="jdbc:postgresql://$PG_HOST:$PG_PORT/$pgdb" --spring.datasource.username="$PG_USER")
  fi
  local logf="$RUN_DIR/$name.log"
  local t0 t1 mark
  mark=0
  [[ -f "$logf" ]] && mark=$(wc -l < "$logf")
  t0=$(date +%s%N)
  # shellcheck disable=SC2086
  if [[ "$LAUNCH" == launcher ]]; then
    SMART_AUTH_ADMIN_CLIENT_SECRET="$BENCH_ADMIN_SECRET" FHIR_PORTAL_JAR="$RUN_JAR" FHIR_PORTAL_APP_DIR="$WORK_DIR/app" \
      JAVA_OPTS="$SERVER_OPTS" "$REPO_DIR/bin/fhir-portal" "${args[@]}" >>"$logf" 2>&1 &
  else
    SMART_AUTH_ADMIN_CLIENT_SECRET="$BENCH_ADMIN_SECRET" java $SERVER_OPTS -jar "$RUN_JAR" "${args[@]}" >>"$logf" 2>&1 &
  fi
  SERVER_PID=$!
  STARTED_PIDS+=("$SERVER_PID")
  local deadline=$((SECONDS + STARTUP_TIMEOUT))
  while true; do
    if curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:$PORT/actuator/health"; then
      break
    fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      wait "$SERVER_PID" 2>/dev/null || true
      SERVER_PID=""
      if tail -n +"$((mark + 1))" "$logf" | grep -q "Port $PORT was already in use"; then
        return 1
      fi
      tail -30 "$logf" >&2
      die "server ($name) exited during start-up; log: $logf"
    fi
    if (( SECONDS > deadline )); then
      tail -30 "$logf" >&2
      die "server ($name) not healthy after $STARTUP_TIMEOUT s; log: $logf"
    fi
    sleep 0.1
  done
  t1=$(date +%s%N)
  STARTUP_S=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')
  STARTUP_CPU_S=$(server_cpu_s)
}

# A backend-services token of the admin client (the portal configuration requires tokens at /fhir), as an EHR
# pushing data would hold; empty for the baseline, whose FHIR endpoint is open.
bearer_token() {
  local config="$1" token
  [[ "$config" != baseline ]] || return 0
  token=$(curl -fs -u "portal-admin:$BENCH_ADMIN_SECRET" -d grant_type=client_credentials --data-urlencode 'scope=system/*.cruds' \
    "http://127.0.0.1:$PORT/oauth2/token" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
  [[ -n "$token" ]] || die "could not obtain an access token from the portal server"
  printf '%s\n' "$token"
}

# Waits until the server has finished the background work that ingestion leaves (subscription matching of the new
# resources, ValueSet pre-expansion, reindex jobs, validator warm-up): less than 0.1 core over 5 s, or 180 s at most,
# so that read and search measure the steady state of each configuration. Sets IDLE_WAIT_S.
wait_server_idle() {
  local start=$SECONDS a b
  while (( SECONDS - start < 180 )); do
    a=$(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$SERVER_PID/stat")
    sleep 5
    b=$(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$SERVER_PID/stat")
    (( b - a < CLK_TCK / 2 )) && break
  done
  IDLE_WAIT_S=$((SECONDS - start))
}

# CPU seconds (user + system) the server process has used so far.
server_cpu_s() {
  awk -v hz="$CLK_TCK" '{ sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / hz }' "/proc/$SERVER_PID/stat" 2>/dev/null || echo "-"
}

# --------------------------------------------------------------------------------------------- the runs

# One key=value line of a Java properties file (backslashes escaped, one line).
prop() {
  local v="${2//\\/\\\\}"
  printf '%s=%s\n' "$1" "${v//$'\n'/ }"
}

{
  echo "date=$(date -u +'%Y-%m-%d %H:%M:%S UTC')"
  prop command "$COMMAND"
  commit="$(git -C "$REPO_DIR" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  if [[ -n "$(git -C "$REPO_DIR" status --porcelain --untracked-files=no 2>/dev/null)" ]]; then
    commit="$commit (with uncommitted changes)"
  fi
  echo "git_commit=$commit"
  echo "jar=$JAR_INFO"
  echo "machine=$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(free -g | awk '/^Mem:/ { print $2 }') GiB memory, $(uname -sr)"
  echo "java=$(java -version 2>&1 | head -2 | tail -1)"
  echo "loadavg_start=$(loadavg)"
  prop note "$NOTE"
  echo "data=Synthea 3.3.0, $PATIENTS patients, seed $SEED: $BUNDLES bundles, $DATA_MB MB"
  echo "settings=$THREADS client threads, warm-up $WARMUP s, measured $DURATION s (at most 100000 requests) per test$( ((ROUNDS > 1)) && echo ", in $ROUNDS interleaved rounds (medians) after $ROUNDS_WARMUP s of read and $((ROUNDS_WARMUP / 2)) s of search warm-up per server"); server $SERVER_OPTS, started by $([[ "$LAUNCH" == launcher ]] && echo "bin/fhir-portal (AppCDS)" || echo "java -jar"); client and server share the machine"
} > "$RUN_DIR/meta.properties"

# What one configuration of the current database needs, kept while several of its servers run at once.
declare -A PID_OF PORT_OF TOKEN_OF DATADIR_OF PGDB_OF

# The names of configuration CONFIG on database DB: name, props, profiles, EXTRA_ARGS.
config_names() {
  name="$db-$config"
  props="$RUN_DIR/$name.properties"
  profiles=""
  [[ "$db" == postgres ]] && profiles="postgres"
  [[ "$config" == baseline ]] && profiles="${profiles:+$profiles,}baseline"
  mapfile -t EXTRA_ARGS < <(config_args "$config")
}

# Makes the server of $config the current one (SERVER_PID, PORT, AUTH_HEADERS).
use_server() {
  config_names
  SERVER_PID="${PID_OF[$config]}"
  PORT="${PORT_OF[$config]}"
  AUTH_HEADERS=()
  [[ -z "${TOKEN_OF[$config]}" ]] || AUTH_HEADERS=(--header "Authorization: Bearer ${TOKEN_OF[$config]}")
}

# Empty database, start-up, ingestion; the server keeps running.
prepare_config() {
  config_names
  local datadir="$RUN_DIR/$name-data" pgdb=""
  mkdir -p "$datadir"
  if [[ "$db" == postgres ]]; then
    pgdb="bench_${STAMP,,}_${config//-/_}_$$"
    PG_DATABASES+=("$pgdb")
    psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -qc "create database $pgdb" >/dev/null \
      || die "could not create PostgreSQL database $pgdb"
  fi
  echo "loadavg_start=$(loadavg)" >> "$props"
  log "$name: empty database"
  start_server "$name" "$datadir" "$profiles" "$pgdb"
  log "$name: healthy after $STARTUP_S s ($STARTUP_CPU_S CPU s)"
  echo "startup_empty_s=$STARTUP_S" >> "$props"
  echo "startup_empty_cpu_s=$STARTUP_CPU_S" >> "$props"
  PID_OF[$config]=$SERVER_PID
  PORT_OF[$config]=$PORT
  DATADIR_OF[$config]=$datadir
  PGDB_OF[$config]=$pgdb
  TOKEN_OF[$config]=$(bearer_token "$config")
  use_server
  bench_phase ingest "$props"
}

# Waits until the current server is idle and records the wait.
settle_config() {
  use_server
  wait_server_idle
  log "$name: server idle after ingestion ($IDLE_WAIT_S s)"
  echo "idle_wait_s=$IDLE_WAIT_S" >> "$props"
}

# bench_phase PHASE OUT: one fhirbench phase against the current server, its figures into OUT.
bench_phase() {
  fhirbench "$1" --base "http://127.0.0.1:$PORT/fhir" --dir "$DATA/fhir" --out "$2" --label "$name" \
    --server-pid "$SERVER_PID" --clk-tck "$CLK_TCK" \
    --threads "$THREADS" --warmup "$WARMUP" --duration "$DURATION" ${HEADERS[@]+"${HEADERS[@]}"} ${AUTH_HEADERS[@]+"${AUTH_HEADERS[@]}"} \
    || die "$name: $1 failed (server log: $RUN_DIR/$name.log)"
}

# Stops the server, times a start-up on the loaded database, stops it and drops the database.
finish_config() {
  use_server
  stop_server
  log "$name: loaded database"
  start_server "$name" "${DATADIR_OF[$config]}" "$profiles" "${PGDB_OF[$config]}"
  log "$name: healthy after $STARTUP_S s ($STARTUP_CPU_S CPU s)"
  echo "startup_loaded_s=$STARTUP_S" >> "$props"
  echo "startup_loaded_cpu_s=$STARTUP_CPU_S" >> "$props"
  stop_server
  echo "loadavg_end=$(loadavg)" >> "$props"
  rm -rf "${DATADIR_OF[$config]}"
  if [[ -n "${PGDB_OF[$config]}" ]]; then
    drop_pg "${PGDB_OF[$config]}"
  fi
}

read -r -a CONFIG_LIST <<< "$CONFIGS"
for db in "${DBS[@]}"; do
  if (( ROUNDS == 1 )); then
    for config in "${CONFIG_LIST[@]}"; do
      prepare_config
      settle_config
      bench_phase read "$props"
      bench_phase search "$props"
      finish_config
    done
    continue
  fi
  for config in "${CONFIG_LIST[@]}"; do
    prepare_config
  done
  for config in "${CONFIG_LIST[@]}"; do
    settle_config
  done
  mkdir -p "$RUN_DIR/warm-up"
  for config in "${CONFIG_LIST[@]}"; do
    use_server
    log "$name: warming up (read $ROUNDS_WARMUP s, search $((ROUNDS_WARMUP / 2)) s, not measured)"
    WARMUP=$ROUNDS_WARMUP DURATION=1 bench_phase read "$RUN_DIR/warm-up/$name.properties"
    WARMUP=$((ROUNDS_WARMUP / 2)) DURATION=1 bench_phase search "$RUN_DIR/warm-up/$name.properties"
  done
  n=${#CONFIG_LIST[@]}
  for ((round = 1; round <= ROUNDS; round++)); do
    log "$db: round $round of $ROUNDS"
    for ((i = 0; i < n; i++)); do
      config="${CONFIG_LIST[$(((i + round - 1) % n))]}"
      use_server
      bench_phase read "$RUN_DIR/$name-r$round.properties"
      bench_phase search "$RUN_DIR/$name-r$round.properties"
    done
  done
  for config in "${CONFIG_LIST[@]}"; do
    finish_config
  done
done

echo "loadavg_end=$(loadavg)" >> "$RUN_DIR/meta.properties"
echo "wall_seconds=$((SECONDS - T_START))" >> "$RUN_DIR/meta.properties"
fhirbench report --results "$RUN_DIR" --md "$RESULTS"
log "done in $((SECONDS - T_START)) s; figures in $RUN_DIR, table in $RESULTS"
